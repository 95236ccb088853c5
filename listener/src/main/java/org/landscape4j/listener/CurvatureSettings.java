package org.landscape4j.listener;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.landscape4j.curvature.LanczosSettings;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What the listener's curvature recorder measures, and when (written to {@code curvature.arrows}, see
 * docs/FORMAT.md):
 *
 * <pre>{@code
 * LandscapeListener.builder(dir).metricsEveryIteration()
 *         .curvature(CurvatureSettings.builder().every(10, ScheduleUnit.ITERATIONS).spectrumEvery(10)
 *                 .onAlert((alert, model) -> ((MultiLayerNetwork) model).setLearningRate(0.5 * lr)).build())
 *         .build();
 * }</pre>
 *
 * <p><b>When.</b> The schedule picks the update whose step u = θ<sub>t+1</sub> − θ<sub>t</sub> is measured: with an
 * iterations schedule, update n for every due count n (the row's {@code iteration} is n − 1, as in the metrics);
 * with an epochs schedule, the first update after each due epoch; {@code atStart()} adds the first update. λmax and
 * λmin (Lanczos) are computed at every {@code spectrumEvery}-th measurement (the k-th, 2k-th, ...: the first rows
 * come quickly, a Lanczos run costs about ten plain measurements). A due measurement is skipped (counted, logged
 * once) while the previous one still runs.
 *
 * <p><b>Cost.</b> A measurement costs about seven passes of the network over the probe set (in DOUBLE), and a
 * Lanczos run about two more per step; on a network whose updates take milliseconds that is dozens of updates'
 * worth of work, and the worker competes with training for the cores. So by default the worker is paced
 * : it is busy at most {@code maxOverhead} = {@value #DEFAULT_MAX_OVERHEAD} of the time
 * elapsed since recording started, counted from the start and pass by pass, the first measurement and its Lanczos
 * run included; a measurement over its share is stretched in time (and the due ones meanwhile skipped), never
 * estimated or cut. When the listener closes, the measurement in flight finishes unpaced. {@code maxOverhead(1)}
 * measures whenever a due update finds the worker idle; {@code waitIfBusy(true)} measures every due update, unpaced,
 * and makes training wait for it.
 *
 * <p><b>Probe set.</b> H, g and L are of the mean loss on one fixed probe set: the data given to
 * {@link Builder#probe(DataSet)}, or by default the first {@code probeSize} examples of the first minibatches
 * training sees (MultiLayerNetwork only; a ComputationGraph needs {@code probe(...)}), fixed at the first
 * measurement (with fewer examples if training has not yet seen {@code probeSize}: every row's
 * {@code probe_examples} says how many).
 *
 * <p><b>Alerts.</b> A row is flagged {@code ill_conditioned} (½uᵀHu &gt; |gᵀu|), {@code edge_of_stability}
 * (λmax &gt; 2/η, plain SGD only) or {@code gradient_growth} (‖g‖ at least {@code growthFactor} times the smallest
 * ‖g‖ measured before, while the probe loss did not fall by more than 1 % since that measurement). A flagged row
 * logs one WARN line with the numbers and calls the {@link CurvatureAlertListener}, at most once per
 * {@code alertWindow} updates (later flagged rows in the window are only flagged in the file).
 *
 * @param schedule       which updates are measured
 * @param probe          the probe set, or null for a sample of the first minibatches
 * @param probeSize      the size of the default probe sample (ignored with a given probe set)
 * @param spectrumEvery  λmax/λmin at every k-th measurement (the k-th, 2k-th, ...); 0 = never
 * @param lanczos        the Lanczos settings (max steps, tolerance, seed, warm-start noise)
 * @param regularization whether L, g and H include the regularization penalty R (default: the data loss alone,
 *                       as DL4J's raw gradient and the metrics' {@code grad_norm})
 * @param waitIfBusy     whether a due measurement waits for the previous one (true: every scheduled row appears,
 *                       whatever {@code maxOverhead} says; false, the default: it is skipped, so training never
 *                       waits for curvature)
 * @param maxOverhead    the largest share of the time since recording started that the curvature worker may be
 *                       busy (default {@value #DEFAULT_MAX_OVERHEAD}; 1: no limit): its passes wait while it is over
 *                       its share (ignored with {@code waitIfBusy})
 * @param growthFactor   the ratio of ‖g‖ to its smallest earlier value that flags {@code gradient_growth}
 * @param alertWindow    updates within which at most one alert is logged and called back
 * @param alertListener  called back on the training thread for each alert, or null
 */
public record CurvatureSettings(Schedule schedule, DataSet probe, int probeSize, int spectrumEvery,
                                LanczosSettings lanczos, boolean regularization, boolean waitIfBusy,
                                double maxOverhead, double growthFactor, long alertWindow, CurvatureAlertListener alertListener) {

    /** The default number of examples of the probe sample drawn from the first minibatches. */
    public static final int DEFAULT_PROBE_SIZE = 256;

    public CurvatureSettings {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(lanczos, "lanczos");
        if (!schedule.firesDuringTraining() && !schedule.atStart()) {
            throw new IllegalArgumentException("this curvature schedule never fires: give every(n, unit), at(unit,"
                    + " ...) or atStart()");
        }
        if (probe != null && probe.numExamples() == 0) {
            throw new IllegalArgumentException("the probe set has no examples");
        }
        if (probeSize < 1) {
            throw new IllegalArgumentException("probe size " + probeSize + " must be at least 1 (default "
                    + DEFAULT_PROBE_SIZE + ")");
        }
        if (spectrumEvery < 0) {
            throw new IllegalArgumentException("spectrumEvery " + spectrumEvery + " must be ≥ 0 (0: no λmax/λmin)");
        }
        if (!(maxOverhead > 0 && maxOverhead <= 1)) {
            throw new IllegalArgumentException("maxOverhead " + maxOverhead + " must be in (0, 1] (0.05: the"
                    + " curvature worker busy at most 5 % of the time; 1: no limit)");
        }
        if (!(growthFactor > 1) || Double.isInfinite(growthFactor)) {
            throw new IllegalArgumentException("the gradient growth factor " + growthFactor + " must be a finite"
                    + " number above 1 (10: an order of magnitude)");
        }
        if (alertWindow < 1) {
            throw new IllegalArgumentException("the alert window " + alertWindow + " must be at least 1 update");
        }
    }

    /**
     * The default {@code maxOverhead}: the worker busy at most 5 % of the time. On a 2-core machine whose other core
     * trains too, a busy worker costs training about as much time as it takes (W3 in the README).
     */
    public static final double DEFAULT_MAX_OVERHEAD = 0.05;

    /**
     * @return a builder with the defaults (every 10 updates, λ every 10th measurement, probe of 256 examples, the
     *     worker busy at most 5 % of the time)
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the settings as the manifest records them */
    Map<String, Object> toManifest() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("schedule", schedule.toSettings());
        settings.put("probe_source", probe == null ? "first_batches" : "given");
        settings.put("probe_examples", probe == null ? probeSize : probe.numExamples());
        settings.put("spectrum_every", spectrumEvery);
        settings.put("lanczos_max_steps", lanczos.maxSteps());
        settings.put("lanczos_tolerance", lanczos.tolerance());
        settings.put("lanczos_seed", lanczos.seed());
        settings.put("regularization", regularization);
        settings.put("precision", "DOUBLE");
        settings.put("wait_if_busy", waitIfBusy);
        settings.put("max_overhead", maxOverhead);
        settings.put("growth_factor", growthFactor);
        settings.put("alert_window", alertWindow);
        settings.put("alert_listener", alertListener != null);
        return settings;
    }

    /** Configures {@link CurvatureSettings}; {@link #build()} refuses a schedule that never fires. */
    public static final class Builder {
        private Schedule schedule = Schedule.every(10, ScheduleUnit.ITERATIONS);
        private boolean atStart;
        private DataSet probe;
        private int probeSize = DEFAULT_PROBE_SIZE;
        private int spectrumEvery = 10;
        private LanczosSettings lanczos = LanczosSettings.defaults().withMaxSteps(30).withTolerance(1e-4);
        private boolean regularization;
        private boolean waitIfBusy;
        private double maxOverhead = DEFAULT_MAX_OVERHEAD;
        private double growthFactor = 10;
        private long alertWindow = 100;
        private CurvatureAlertListener alertListener;

        private Builder() {
        }

        /** Measure every {@code n} updates, or the first update after every {@code n} epochs (default 10 updates). */
        public Builder every(int n, ScheduleUnit unit) {
            this.schedule = Schedule.every(n, unit);
            return this;
        }

        /** Measure at exactly these counts of {@code unit}. */
        public Builder at(ScheduleUnit unit, long... counts) {
            this.schedule = Schedule.at(unit, counts);
            return this;
        }

        /** Also measure the first update. */
        public Builder atStart() {
            this.atStart = true;
            return this;
        }

        /** The probe set the curvature is measured on (in memory; default: a sample of the first minibatches). */
        public Builder probe(DataSet data) {
            this.probe = Objects.requireNonNull(data, "the probe data must not be null");
            return this;
        }

        /** The size of the default probe sample (default {@value CurvatureSettings#DEFAULT_PROBE_SIZE}). */
        public Builder probeSize(int examples) {
            this.probeSize = examples;
            return this;
        }

        /** λmax/λmin at every {@code k}-th measurement (the k-th, 2k-th, ...; default 10); 0 for never. */
        public Builder spectrumEvery(int k) {
            this.spectrumEvery = k;
            return this;
        }

        /** The Lanczos settings (default: 30 steps at most, tolerance 1e-4 relative to ‖T‖, seed 0). */
        public Builder lanczos(LanczosSettings settings) {
            this.lanczos = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Measure L + R (the training objective with its penalty) instead of the data loss L (default false). */
        public Builder includeRegularization(boolean include) {
            this.regularization = include;
            return this;
        }

        /** Let a due measurement wait for the previous one instead of being skipped (default false). */
        public Builder waitIfBusy(boolean wait) {
            this.waitIfBusy = wait;
            return this;
        }

        /**
         * The largest share of the time since recording started that the curvature worker may be busy (default
         * {@value CurvatureSettings#DEFAULT_MAX_OVERHEAD}): its passes over the probe set wait while it is over its
         * share, so a measurement is stretched in time and the due ones meanwhile are skipped and counted. 1: no
         * pacing (measure at every due update the previous measurement has finished by).
         */
        public Builder maxOverhead(double share) {
            this.maxOverhead = share;
            return this;
        }

        /** The growth of ‖g‖ over its smallest earlier value that flags {@code gradient_growth} (default 10). */
        public Builder gradientGrowthFactor(double factor) {
            this.growthFactor = factor;
            return this;
        }

        /** At most one alert (log line and callback) per this many updates (default 100). */
        public Builder alertWindow(long updates) {
            this.alertWindow = updates;
            return this;
        }

        /** Called on the training thread for each (rate-limited) alert; see {@link CurvatureAlertListener}. */
        public Builder onAlert(CurvatureAlertListener listener) {
            this.alertListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public CurvatureSettings build() {
            return new CurvatureSettings(schedule.andAtStart(atStart), probe, probeSize, spectrumEvery, lanczos,
                    regularization, waitIfBusy, maxOverhead, growthFactor, alertWindow, alertListener);
        }
    }
}
