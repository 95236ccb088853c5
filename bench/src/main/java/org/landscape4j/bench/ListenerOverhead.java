package org.landscape4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.landscape4j.examples.ModularAddition;
import org.landscape4j.listener.CurvatureSettings;
import org.landscape4j.listener.LandscapeListener;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * W3 by whole runs ({@code --whole-runs}; the default is {@link InterleavedOverhead}): the default example is
 * trained from the same seed without and with the listener at the example's settings (snapshot every epoch, metrics
 * every iteration), in pairs whose order alternates (without-with, with-without, ...) so that drifts of the machine
 * hit both alike, after one discarded warm-up of each. Reported: wall times and the training thread's CPU times,
 * their medians and ratios (the target is ≤ 1.03, ≤ 1.10 with curvature), the spread of the paired ratios, and the
 * listener's own time inside its callbacks (split by recorder).
 *
 * <p><b>Verdict.</b> From the median of the paired ratios and its 95 % distribution-free confidence interval
 * ({@link #medianInterval}: order statistics of the binomial sign test, no assumption on the noise's shape):
 * {@code within_target} if the interval's upper end is at most the target, {@code over_target} if its lower end is
 * above, else {@code inconclusive}. Unlike the quartiles of the pairs, which measure the machine's noise and do not
 * shrink with more pairs, the interval narrows as pairs are added ({@code --repeats}): on a noisy machine, more pairs
 * give a verdict. The CPU ratio (the training thread's CPU time) is less noisy than the wall ratio: a machine's other
 * load moves it less (training's own OpenMP threads still spin at barriers while another thread holds a core).
 *
 * <p><b>Accounted overhead.</b> On a machine whose speed itself changes from run to run (this project's 2-core VMs:
 * the same training took 0.9 to 2.4 s of thread CPU time within minutes, so no number of pairs resolves 3 %), the
 * comparison of two whole runs cannot. Every recorded run also accounts for the listener's cost from its parts
 * ({@link Timing#accountedOverhead}): the time of its callbacks on the training thread, the wall time of its
 * {@code close()}, and its background threads' CPU time until {@code close()}, each over the training's own CPU time
 * in the same run. Its median over the recorded runs, with the same interval, gives {@code accounted_verdict}. It
 * assumes that the listener costs training nothing beyond those parts, which the interleaved measure found false
 * (its callbacks disturb training's caches: metrics every update measured 22 µs per update in a warm loop and about
 * three times that inside training), and counts every background CPU second as taken from training.
 * {@code training_thread_overhead} counts the callbacks and close() alone.
 */
final class ListenerOverhead {

    private static final Logger log = LoggerFactory.getLogger(ListenerOverhead.class);
    static final double TARGET_RATIO = 1.03;
    /** Issue 8: with curvature at its default schedule, training may take at most 10 % longer. */
    static final double CURVATURE_TARGET_RATIO = 1.10;

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private final int repeats;
    private final ModularAddition.Config config;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();

    private final boolean curvature;

    ListenerOverhead(int repeats, Integer epochs, PrintStream out) {
        this(repeats, epochs, out, false);
    }

    /** @param curvature whether the recorded runs also measure curvature at the default schedule */
    ListenerOverhead(int repeats, Integer epochs, PrintStream out, boolean curvature) {
        this.curvature = curvature;
        this.repeats = repeats;
        ModularAddition.Config defaults = ModularAddition.Config.defaults();
        this.config = epochs == null ? defaults : defaults.withEpochs(epochs);
        this.out = out;
    }

    /**
     * One training run: wall seconds, the training thread's CPU seconds, and the listener's own (0 without it), with
     * its split by recorder (empty without it).
     */
    record Timing(double wallSeconds, double cpuSeconds, double listenerSeconds, Map<String, Double> recorders,
                  double closeSeconds, double closeCpuSeconds, double backgroundCpuSeconds) {

        /**
         * The listener's cost on the training thread in this run, over the training's own CPU time: the time of its
         * callbacks plus the wall time of {@code close()} (which waits for the writer's last files and fsync), that
         * is {@link LandscapeListener#recordingTime()}.
         */
        double trainingThreadOverhead() {
            return 1 + listenerSeconds / trainingOwnCpu();
        }

        /**
         * The listener's cost in this run, accounted from its parts: {@link #trainingThreadOverhead()} plus its
         * background threads' CPU (writer, curvature worker) while training ran, over the training's own CPU time, as
         * if every background second were taken from training (on a machine whose cores all train). All ratios
         * within one run, so a machine that runs at a different speed from one run to the next moves both sides
         * together.
         */
        double accountedOverhead() {
            return 1 + (listenerSeconds + backgroundCpuSeconds) / trainingOwnCpu();
        }

        /**
         * The training thread's CPU time minus the listener's: its callbacks counted by their wall time (they do not
         * wait; reading the thread's CPU clock around each cost the training thread 6 µs per update) and its close
         * by the CPU time the thread spent in it.
         */
        private double trainingOwnCpu() {
            return Math.max(1e-9, cpuSeconds - (listenerSeconds - closeSeconds) - closeCpuSeconds);
        }
    }

    void run() throws IOException {
        ModularAddition.Data data = ModularAddition.data(config);
        Path scratch = Files.createTempDirectory("landscape4j-bench-w3");
        try {
            log.info("W3: warm-up, then {} pairs of {} epochs", repeats, config.epochs());
            train(data, null);
            train(data, scratch.resolve("warmup"));
            List<Double> without = new ArrayList<>();
            List<Double> with = new ArrayList<>();
            List<Double> self = new ArrayList<>();
            List<Double> pairRatios = new ArrayList<>();
            List<Double> cpuWithout = new ArrayList<>();
            List<Double> cpuWith = new ArrayList<>();
            List<Double> cpuRatios = new ArrayList<>();
            List<Map<String, Double>> recorderTimes = new ArrayList<>();
            List<Double> accounted = new ArrayList<>();
            List<Double> trainingThread = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                Timing bare;
                Timing recorded;
                if (r % 2 == 0) {
                    bare = train(data, null);
                    recorded = train(data, scratch.resolve("run-" + r));
                } else {
                    recorded = train(data, scratch.resolve("run-" + r));
                    bare = train(data, null);
                }
                without.add(bare.wallSeconds());
                with.add(recorded.wallSeconds());
                self.add(recorded.listenerSeconds());
                pairRatios.add(recorded.wallSeconds() / bare.wallSeconds());
                cpuWithout.add(bare.cpuSeconds());
                cpuWith.add(recorded.cpuSeconds());
                cpuRatios.add(recorded.cpuSeconds() / bare.cpuSeconds());
                recorderTimes.add(recorded.recorders());
                accounted.add(recorded.accountedOverhead());
                trainingThread.add(recorded.trainingThreadOverhead());
                Map<String, Object> line = base();
                line.put("pair", r);
                line.put("order", r % 2 == 0 ? "without,with" : "with,without");
                line.put("without_listener_s", bare.wallSeconds());
                line.put("with_listener_s", recorded.wallSeconds());
                line.put("listener_self_s", recorded.listenerSeconds());
                line.put("ratio", pairRatios.get(r));
                line.put("training_thread_cpu_without_s", bare.cpuSeconds());
                line.put("training_thread_cpu_with_s", recorded.cpuSeconds());
                line.put("cpu_ratio", cpuRatios.get(r));
                line.put("recorder_self_s", recorded.recorders());
                line.put("background_cpu_s", recorded.backgroundCpuSeconds());
                line.put("close_s", recorded.closeSeconds());
                line.put("training_thread_overhead", recorded.trainingThreadOverhead());
                line.put("accounted_overhead", recorded.accountedOverhead());
                emit(line);
            }
            Map<String, Object> summary = summary(without, with, self, pairRatios);
            // the training thread's CPU time: what the listener takes from training, without the machine's
            // scheduling noise that wall time carries (the writer and curvature threads run on the other core)
            summary.put("cpu_ratio", quantile(cpuWith, 0.5) / quantile(cpuWithout, 0.5));
            summary.put("cpu_pair_ratio_p25", quantile(cpuRatios, 0.25));
            summary.put("cpu_pair_ratio_median", quantile(cpuRatios, 0.5));
            summary.put("cpu_pair_ratio_p75", quantile(cpuRatios, 0.75));
            double target = curvature ? CURVATURE_TARGET_RATIO : TARGET_RATIO;
            double[] cpuInterval = medianInterval(cpuRatios, 0.95);
            summary.put("cpu_pair_ratio_median_ci95", List.of(cpuInterval[0], cpuInterval[1]));
            summary.put("cpu_target_ratio", target);
            summary.put("cpu_verdict", verdict(cpuRatios, target));
            summary.put("recorder_self_s_median", recorderMedians(recorderTimes));
            double[] accountedInterval = medianInterval(accounted, 0.95);
            summary.put("accounted_overhead_median", quantile(accounted, 0.5));
            summary.put("accounted_overhead_median_ci95", List.of(accountedInterval[0], accountedInterval[1]));
            summary.put("accounted_verdict", verdict(accounted, target));
            double[] threadInterval = medianInterval(trainingThread, 0.95);
            summary.put("training_thread_overhead_median", quantile(trainingThread, 0.5));
            summary.put("training_thread_overhead_median_ci95", List.of(threadInterval[0], threadInterval[1]));
            emit(summary);
        } finally {
            deleteRecursively(scratch);
        }
    }

    private Map<String, Object> summary(List<Double> without, List<Double> with, List<Double> self,
                                        List<Double> pairRatios) {
        double medianWithout = quantile(without, 0.5);
        double medianWith = quantile(with, 0.5);
        double ratio = medianWith / medianWithout;
        double ratioLow = quantile(pairRatios, 0.25);
        double ratioHigh = quantile(pairRatios, 0.75);
        double noise = (quantile(without, 0.75) - quantile(without, 0.25)) / medianWithout;
        double selfFraction = quantile(self, 0.5) / medianWith;
        double target = curvature ? CURVATURE_TARGET_RATIO : TARGET_RATIO;
        double[] interval = medianInterval(pairRatios, 0.95);
        Map<String, Object> summary = base();
        summary.put("summary", true);
        summary.put("pairs", without.size());
        summary.put("without_listener_s", without);
        summary.put("with_listener_s", with);
        summary.put("listener_self_s", self);
        summary.put("median_without_s", medianWithout);
        summary.put("median_with_s", medianWith);
        summary.put("ratio", ratio);
        summary.put("pair_ratio_p25", ratioLow);
        summary.put("pair_ratio_median", quantile(pairRatios, 0.5));
        summary.put("pair_ratio_p75", ratioHigh);
        summary.put("pair_ratio_median_ci95", List.of(interval[0], interval[1]));
        summary.put("baseline_iqr_fraction", noise);
        summary.put("listener_self_fraction", selfFraction);
        summary.put("target_ratio", target);
        summary.put("verdict", verdict(pairRatios, target));
        return summary;
    }

    /** @return the seconds spent in fit (and, with a listener, in closing the run) and the listener's own */
    private Timing train(ModularAddition.Data data, Path runDir) {
        MultiLayerNetwork net = ModularAddition.network(config);
        DataSetIterator iterator = data.trainIterator(config.batchSize());
        LandscapeListener listener = runDir == null ? null : listener(runDir, curvature);
        long startCpu = CPU.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        if (listener != null) {
            net.addListeners(listener);
        }
        net.fit(iterator, config.epochs());
        double backgroundBeforeClose = listener == null ? 0 : backgroundCpuSeconds(listener);
        long closing = System.nanoTime();
        long closingCpu = CPU.getCurrentThreadCpuTime();
        if (listener != null) {
            listener.close();
        }
        double close = (System.nanoTime() - closing) / 1e9;
        double closeCpu = (CPU.getCurrentThreadCpuTime() - closingCpu) / 1e9;
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (CPU.getCurrentThreadCpuTime() - startCpu) / 1e9;
        Map<String, Double> recorders = new LinkedHashMap<>();
        if (listener != null) {
            listener.recorderTimes().forEach((name, time) -> recorders.put(name, time.toNanos() / 1e9));
        }
        if (listener == null) {
            return new Timing(wall, cpu, 0, recorders, 0, 0, 0);
        }
        return new Timing(wall, cpu, listener.recordingTime().toNanos() / 1e9, recorders, close, closeCpu,
                backgroundBeforeClose);
    }

    /**
     * @return the CPU time of the listener's background threads so far (writer, curvature worker): read before
     *         {@code close()}, so that what they do while close() waits for them is not counted twice (it is in
     *         close()'s wall time already)
     */
    static double backgroundCpuSeconds(LandscapeListener listener) {
        return listener.writerCpuTime().map(d -> d.toNanos() / 1e9).orElse(Double.NaN)
                + listener.workerCpuTime().toNanos() / 1e9;
    }

    /**
     * @return the listener at the example's settings: a snapshot every epoch, metrics (and per-layer norms) every
     *         update, and with {@code curvature} the curvature recorder at its defaults
     */
    static LandscapeListener listener(Path runDir, boolean curvature) {
        LandscapeListener.Builder builder = LandscapeListener.builder(runDir).snapshotEveryEpoch()
                .metricsEveryIteration();
        if (curvature) {
            builder.curvature(CurvatureSettings.builder().build());
        }
        return builder.build();
    }

    private static Map<String, Double> recorderMedians(List<Map<String, Double>> runs) {
        Map<String, Double> medians = new LinkedHashMap<>();
        if (!runs.isEmpty()) {
            for (String name : runs.get(0).keySet()) {
                medians.put(name, quantile(runs.stream().map(run -> run.getOrDefault(name, 0.0)).toList(), 0.5));
            }
        }
        return medians;
    }

    private Map<String, Object> base() {
        Map<String, Object> line = w3Line(curvature, config);
        line.put("method", "whole_runs");
        return line;
    }

    /** @return the fields every W3 JSON line starts with: the workload, its settings and the BLAS environment */
    static Map<String, Object> w3Line(boolean curvature, ModularAddition.Config config) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("workload", "W3");
        line.put("curvature", curvature);
        line.put("example", "modular-addition");
        line.put("epochs", config.epochs());
        line.put("batch_size", config.batchSize());
        line.put("openblas_coretype", System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset"));
        line.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        return line;
    }

    private void emit(Map<String, Object> line) throws IOException {
        emit(out, json, line);
    }

    /** Prints one JSON line and flushes, so that a long benchmark shows its lines as they come. */
    static void emit(PrintStream out, ObjectMapper json, Map<String, Object> line) throws IOException {
        out.println(json.writeValueAsString(line));
        out.flush();
    }

    /**
     * The distribution-free confidence interval of a median from n independent samples: [x<sub>(k)</sub>,
     * x<sub>(n+1−k)</sub>] of the sorted samples, with the largest k such that P(Bin(n, ½) &lt; k) ≤ (1 − level)/2
     * (the sign test inverted; e.g. n = 20 at 95 %: k = 6, coverage 95.9 %). Conover, "Practical Nonparametric
     * Statistics", 3rd ed., §3.2.
     *
     * @return {lower, upper}; the whole range when n is too small for the level (n &lt; 6 at 95 %)
     */
    static double[] medianInterval(List<Double> values, double level) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        double tail = (1 - level) / 2;
        int k = 0;                                   // P(Bin(n, ½) ≤ k − 1) ≤ tail, k as large as possible
        double below = 0;                            // P(Bin(n, ½) ≤ k − 1)
        double term = Math.pow(0.5, n);              // P(Bin(n, ½) = k)
        while (k < n / 2 && below + term <= tail) {
            below += term;
            term = term * (n - k) / (k + 1);
            k++;
        }
        if (k == 0) {
            return new double[] {sorted.get(0), sorted.get(n - 1)};
        }
        return new double[] {sorted.get(k - 1), sorted.get(n - k)};
    }

    /** The fewest samples whose extremes cover their median with 95 %: 1 − 2·2⁻ⁿ ≥ 0.95 from n = 6. */
    static final int MIN_SAMPLES_95 = 6;

    /**
     * @return the verdict from the samples' median interval at 95 % ({@link #medianInterval}), or
     *         {@code too_few_samples} below {@value #MIN_SAMPLES_95} samples, where no interval reaches 95 %
     */
    static String verdict(List<Double> values, double target) {
        if (values.size() < MIN_SAMPLES_95) {
            return "too_few_samples";
        }
        return verdict(medianInterval(values, 0.95), target);
    }

    /** @return the verdict on ratios whose median lies in [lower, upper] at 95 % */
    static String verdict(double[] interval, double target) {
        return interval[1] <= target ? "within_target" : interval[0] > target ? "over_target" : "inconclusive";
    }

    /** @return the q-quantile by linear interpolation between order statistics (q = 0.5: the median) */
    static double quantile(List<Double> values, double q) {
        List<Double> sorted = values.stream().sorted().toList();
        double position = q * (sorted.size() - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.size() - 1);
        return sorted.get(below) + (position - below) * (sorted.get(above) - sorted.get(below));
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
