package org.landscape4j.listener;

import org.landscape4j.dl4j.network.Dl4jNetwork;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.landscape4j.run.ArrowMemory;
import org.landscape4j.run.ExistingRunPolicy;
import org.landscape4j.run.RunClaim;
import org.landscape4j.run.RunExistsException;
import org.landscape4j.run.RunFormatException;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.RunStatus;
import org.landscape4j.run.Versions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a DL4J training run into a run directory: per-iteration metrics and parameter snapshots as Arrow
 * streams, the network's configuration and a manifest (see {@code docs/FORMAT.md}). Attach it with one line:
 *
 * <pre>{@code
 * try (LandscapeListener listener = LandscapeListener.builder(Path.of("runs/mlp")).snapshotEveryEpoch()
 *         .metricsEveryIteration().build()) {
 *     net.addListeners(listener);
 *     net.fit(trainIterator, 50);
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> {@code build()} claims the run directory (an OS lock, held until {@link #close()}: a second
 * listener or process asking for the same directory is refused, or gets the next numbered one) and starts a
 * background writer thread. Recording starts at the first training event; every file is written by the writer
 * thread, in order, so the training thread only measures norms and copies θ. {@link #close()} finishes every
 * file and the manifest; a JVM shutdown hook does it (status {@code interrupted}) if the program never closes
 * the listener.
 *
 * <p><b>Recorders.</b> Each recording concern is a recorder with its own {@link Schedule}: metrics (per
 * scheduled update: score, ‖g‖ of the mean-loss gradient, ‖u‖ of the applied update, both over the trainable
 * parameters, learning rate), per-array norms with the metrics ({@code layers.arrows}), snapshots (θ at start,
 * on schedule, at the end), and optionally slices ({@link SliceSettings}) and curvature along training
 * ({@link CurvatureSettings}, with alerts that may change the training). A θ copy taken for an event
 * is shared by every recorder that needs it; at most 2 to 16 are in flight (as many as fit in 64 MiB, so memory
 * is O(P) and the writer's start-up does not hold training back on small networks).
 *
 * <p><b>Failures.</b> Training never dies because of this listener: a recorder that fails (disk full, an
 * internal error) stops alone with one log line, the others and training go on, and the run ends
 * {@code failed} with the reason in its manifest; {@link Builder#failFast(boolean)} throws a
 * {@link LandscapeRecordingException} into training instead. Thread-safe: DL4J calls it from the training
 * thread, the shutdown hook from another.
 */
public final class LandscapeListener extends BaseTrainingListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LandscapeListener.class);

    /** θ copies that may be in flight at once, at least (memory O(P · buffers)). */
    static final int MIN_THETA_BUFFERS = 2;

    /** θ copies that may be in flight at once, at most. */
    static final int MAX_THETA_BUFFERS = 16;

    /** Memory the θ copies may take beyond the minimum: small networks get more slack while the writer starts. */
    static final long THETA_BUFFER_BYTES = 64L << 20;

    /**
     * @param p the parameter count
     * @return how many θ copies may be in flight: 2 to 16, as many as fit in 64 MiB (2 for P ≥ 8M)
     */
    static int thetaBuffers(long p) {
        long fit = THETA_BUFFER_BYTES / Math.max(1, p * Float.BYTES);
        return (int) Math.max(MIN_THETA_BUFFERS, Math.min(MAX_THETA_BUFFERS, fit));
    }

    /** How long the shutdown hook waits for the writer before the JVM exits anyway. */
    private static final long SHUTDOWN_WAIT_MILLIS = 20_000;

    private enum State { CLAIMED, RECORDING, STOPPED, CLOSED }

    private final ListenerSettings settings;
    private final Map<String, Long> seeds;
    private final Path directory;
    private final List<Recorder> recorders;
    private final MetricsRecorder metrics;
    private final SnapshotRecorder snapshots;
    private final RunWriter writer;

    private State state = State.CLAIMED;
    private Dl4jNetwork network;
    private org.landscape4j.layout.ParameterLayout layout;
    private ArrayNorms norms;
    private ThetaPool pool;
    private Thread shutdownHook;
    private double lastScore = Double.NaN;
    private boolean sawEpochEvent;
    private boolean warnedSecondModel;
    private boolean warnedAfterClose;
    private boolean warnedNoEpochs;
    private boolean reportedFailure;
    private long openingNanos;
    private long callbackNanos;
    private long closingNanos;
    private final long[] recorderNanos;

    private LandscapeListener(Builder builder, RunClaim claim) {
        this.settings = builder.settings();
        this.seeds = Map.copyOf(builder.seeds);
        this.directory = claim.directory();
        List<Recorder> all = new ArrayList<>();
        this.metrics = settings.metrics() == null ? null : new MetricsRecorder(settings.metrics(),
                settings.metricsBatchRows());
        this.snapshots = settings.snapshots() == null ? null : new SnapshotRecorder(settings.snapshots());
        if (metrics != null) {
            all.add(metrics);
        }
        if (snapshots != null) {
            all.add(snapshots);
        }
        if (settings.metrics() != null && settings.layerNorms()) {
            all.add(new LayerNormRecorder(settings.metrics(), settings.metricsBatchRows()));
        }
        if (settings.slices() != null) {
            all.add(new SliceRecorder(settings.slices()));
        }
        if (settings.trajectoryPca() != null) {
            all.add(new TrajectoryPcaRecorder(settings.trajectoryPca()));
        }
        if (settings.curvature() != null) {
            all.add(new CurvatureRecorder(settings.curvature()));
        }
        all.addAll(builder.extraRecorders);
        this.recorders = List.copyOf(all);
        this.recorderNanos = new long[recorders.size()];
        this.writer = new RunWriter(claim, recorders, settings.failFast());
    }

    /**
     * @param runDirectory where the run is written; created if missing
     * @return a builder; {@code build()} refuses a listener that would record nothing
     */
    public static Builder builder(Path runDirectory) {
        return new Builder(runDirectory);
    }

    /** @return the directory this listener records into (differs from the requested one for numbered runs) */
    public Path runDirectory() {
        return directory;
    }

    /** @return the settings, as the manifest records them */
    public ListenerSettings settings() {
        return settings;
    }

    /** @return true while recording goes on (false before the first event, after every recorder failed, after close) */
    public synchronized boolean isRecording() {
        return state == State.RECORDING;
    }

    /**
     * @return the time spent recording on the training thread so far: inside this listener's callbacks (the
     *         first one, which starts recording, included) and its {@code close()}
     */
    public synchronized Duration recordingTime() {
        return Duration.ofNanos(openingNanos + callbackNanos + closingNanos);
    }

    /**
     * @return the time each recorder spent in its callbacks on the training thread so far, by recorder name
     *         ({@code metrics}, {@code layers}, {@code snapshots}, ...), in the order they are called; the rest of
     *         {@link #recordingTime()} is the listener's own (event set-up, θ copies shared by several recorders are
     *         charged to the first that asked)
     */
    public synchronized Map<String, Duration> recorderTimes() {
        Map<String, Duration> times = new LinkedHashMap<>();
        for (int i = 0; i < recorders.size(); i++) {
            times.merge(recorders.get(i).name(), Duration.ofNanos(recorderNanos[i]), Duration::plus);
        }
        return times;
    }

    /**
     * @return the CPU time the curvature recorder's worker has used so far (apart from the writer thread,
     *         {@link #writerCpuTime()}; the slice recorder's evaluator threads are not counted); exact once the run is
     *         closed
     */
    public synchronized Duration workerCpuTime() {
        long nanos = 0;
        for (Recorder recorder : recorders) {
            nanos += recorder.workerCpuNanos();
        }
        return Duration.ofNanos(nanos);
    }

    /**
     * @return the CPU time the writer thread has used so far (read live while the run records, exact once it is
     *         closed); empty if the JVM cannot measure thread CPU time
     */
    public synchronized Optional<Duration> writerCpuTime() {
        long nanos = writer.writerCpuNanos();
        return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    /** @return the number of snapshots written so far */
    public synchronized long snapshotsWritten() {
        return snapshots == null ? 0 : snapshots.snapshotsWritten();
    }

    /** The first event of {@code fit(iterator)}: recording (and the initial snapshot) starts here. */
    @Override
    public synchronized void onEpochStart(Model model) {
        sawEpochEvent = true;
        accept(model);
    }

    @Override
    public synchronized void onGradientCalculation(Model model) {
        if (accept(model)) {
            dispatch("measure the gradient", Recorder::onGradient, event(network.iterationCount(),
                    Math.toIntExact(network.epochCount()), network.epochCount(), false));
        }
    }

    @Override
    public synchronized void iterationDone(Model model, int iteration, int epoch) {
        if (!accept(model)) {
            return;
        }
        lastScore = model.score();
        if (!sawEpochEvent && !warnedNoEpochs) {
            warnAboutEpochSchedules();
        }
        dispatch("record an update", Recorder::onUpdate, event((long) iteration + 1, epoch, network.epochCount(), false));
    }

    @Override
    public synchronized void onEpochEnd(Model model) {
        if (accept(model)) {
            // DL4J increments its epoch count after onEpochEnd: the epoch that just ended is epochCount().
            long completed = network.epochCount() + 1;
            dispatch("finish an epoch", Recorder::onEpochEnd, event(network.iterationCount(),
                    Math.toIntExact(network.epochCount()), completed, false));
        }
    }

    /**
     * Ends recording: every recorder completes its files (a final snapshot if θ changed since the last), the
     * manifest is finished ({@code complete}, or {@code failed} with the first failure's reason), the directory
     * is released. Waits for the writer thread. Then, if asked for, evaluates the PCA-plane landscape of the finished
     * run, outside the listener's lock and with the shutdown hook already removed, so that Ctrl-C during it ends the
     * program at once (a partial result file stays; {@code landscape4j trajectory RUN_DIR} draws the plane post
     * hoc). Idempotent.
     */
    @Override
    public void close() {
        if (closeRecording() && settings.pcaPlane() != null) {
            pcaPlaneAtEnd();
        }
    }

    /** @return true if this call closed a run that recorded and finished its files */
    private synchronized boolean closeRecording() {
        State before = state;
        if (before == State.CLOSED) {
            return false;
        }
        state = State.CLOSED;
        long start = System.nanoTime();
        long callbacksBefore = callbackNanos;
        try {
            if (before == State.RECORDING) {
                dispatch("close the run", Recorder::onClose, event(network.iterationCount(),
                        Math.toIntExact(network.epochCount()), network.epochCount(), false));
            }
            boolean done = writer.finish(RunStatus.COMPLETE, 0);
            // the recorders' onClose is counted among the callbacks already
            closingNanos = System.nanoTime() - start - (callbackNanos - callbacksBefore);
            if (done && before != State.CLAIMED) {
                logClosing();
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("landscape4j: interrupted while closing {}; the writer finishes in the background", directory);
            return false;
        } finally {
            removeShutdownHook();
        }
    }

    /** The PCA-plane landscape of the finished run; a failure is logged (and thrown with failFast). */
    private void pcaPlaneAtEnd() {
        try {
            PcaPlaneAtEnd.run(directory, network.model(), settings.pcaPlane());
        } catch (IOException | RuntimeException e) {
            log.error("landscape4j: the PCA-plane landscape of {} failed: {}", directory, e.toString(), e);
            if (settings.failFast()) {
                throw new LandscapeRecordingException("landscape4j: the PCA-plane landscape of " + directory
                        + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Called by the JVM shutdown hook: closes what is open without touching the network (it may be mid-update). */
    private synchronized void closeAtShutdown() {
        if (state != State.RECORDING && state != State.STOPPED) {
            return;
        }
        state = State.CLOSED;
        shutdownHook = null;
        try {
            dispatch("close the run at JVM shutdown", Recorder::onClose, event(0, 0, 0, true));
            if (writer.finish(RunStatus.INTERRUPTED, SHUTDOWN_WAIT_MILLIS)) {
                log.warn("landscape4j: run {} was not closed by the program; closed at JVM shutdown", directory);
            } else {
                log.error("landscape4j: run {} could not be finished within {} s of JVM shutdown; its files hold what"
                        + " was written", directory, SHUTDOWN_WAIT_MILLIS / 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Callback {
        void call(Recorder recorder, TrainingEvent event) throws IOException;
    }

    private TrainingEvent event(long updates, int epoch, long completedEpochs, boolean atShutdown) {
        return new TrainingEvent(network, layout, norms, writer, pool, updates, epoch, completedEpochs, lastScore,
                atShutdown);
    }

    /** Hands one event to every live recorder; a recorder that throws stops alone. */
    private void dispatch(String what, Callback callback, TrainingEvent event) {
        long start = System.nanoTime();
        try {
            for (int i = 0; i < recorders.size(); i++) {
                Recorder recorder = recorders.get(i);
                if (writer.hasFailed(recorder)) {
                    continue;
                }
                long called = System.nanoTime();
                try {
                    callback.call(recorder, event);
                } catch (IOException | RuntimeException e) {
                    writer.recorderFailed(recorder, what, e);
                    if (settings.failFast()) {
                        reportedFailure = true;
                        throw new LandscapeRecordingException("landscape4j: " + writer.firstFailure() + " in "
                                + directory, e);
                    }
                } finally {
                    recorderNanos[i] += System.nanoTime() - called;
                }
            }
        } finally {
            event.finish();
            callbackNanos += System.nanoTime() - start;
        }
        afterEvent();
    }

    /** Surfaces a writer-side failure (fail-fast) and stops dispatching once every recorder has failed. */
    private void afterEvent() {
        String failure = writer.firstFailure();
        if (failure != null && settings.failFast() && !reportedFailure) {
            reportedFailure = true;
            throw new LandscapeRecordingException("landscape4j: " + failure + " in " + directory, null);
        }
        if (state == State.RECORDING && writer.allFailed()) {
            state = State.STOPPED;
        }
    }

    /** Starts recording at the first event from a network; ignores (once, with a warning) anything else. */
    private boolean accept(Model model) {
        if (state == State.CLAIMED) {
            start(model);
        }
        if (state == State.CLOSED && !warnedAfterClose) {
            warnedAfterClose = true;
            log.warn("landscape4j: the listener of {} is closed, but training goes on with it attached: nothing more is"
                    + " recorded; build a new listener to record a new run", directory);
        }
        if (state != State.RECORDING) {
            return false;
        }
        if (model != network.model()) {
            if (!warnedSecondModel) {
                warnedSecondModel = true;
                log.warn("landscape4j: the listener of {} is attached to a second network ({}); it records only the"
                        + " first", directory, model.getClass().getSimpleName());
            }
            return false;
        }
        return true;
    }

    private void start(Model model) {
        long start = System.nanoTime();
        state = State.RECORDING;
        try {
            network = Dl4jNetwork.of(model);
            layout = org.landscape4j.dl4j.layout.NetworkLayouts.of(model);
            norms = new ArrayNorms(layout);
            long p = model.numParams();
            if (snapshots != null && p > Integer.MAX_VALUE / Float.BYTES) {
                throw new IllegalArgumentException("the network has " + p + " parameters; snapshots hold at most "
                        + Integer.MAX_VALUE / Float.BYTES + " (an Arrow buffer holds 2 GiB)");
            }
            Map<String, Long> allSeeds = new LinkedHashMap<>();
            allSeeds.put("network", network.seed());
            allSeeds.putAll(seeds);
            RunManifest manifest = RunManifest.start(Versions.landscape4j(), Versions.dl4j(), Versions.java(),
                    model.getClass().getName(), p, model.params().dataType().name(), layout,
                    settings.toManifest(), allSeeds, Instant.now());
            pool = new ThetaPool(Math.toIntExact(Math.min(p, Integer.MAX_VALUE)), thetaBuffers(p));
            writer.start(manifest, network.configurationJsonLater(), pool.capacity());
            shutdownHook = new Thread(this::closeAtShutdown, "landscape4j-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            if (!network.isMiniBatch()) {
                log.warn("landscape4j: the network uses miniBatch(false); gradient norms are still divided by the"
                        + " batch size (the mean-loss gradient)");
            }
        } catch (RuntimeException e) {
            state = State.STOPPED;
            log.error("landscape4j: could not start recording into {}: {}; training continues", directory,
                    RunWriter.reason(e));
            log.debug("landscape4j: the start failure", e);
            if (settings.failFast()) {
                throw new LandscapeRecordingException("landscape4j: could not start recording into " + directory
                        + ": " + RunWriter.reason(e), e);
            }
            return;
        } finally {
            openingNanos += System.nanoTime() - start;
        }
        dispatch("start recording", Recorder::onStart, event(network.iterationCount(),
                Math.toIntExact(network.epochCount()), network.epochCount(), false));
    }

    private void warnAboutEpochSchedules() {
        warnedNoEpochs = true;
        for (Recorder recorder : recorders) {
            if (recorder.schedule().unit() == ScheduleUnit.EPOCHS && recorder.schedule().firesDuringTraining()) {
                log.warn("landscape4j: the {} recorder of {} is scheduled in epochs ({}), but training runs without"
                        + " epoch events (a fit(DataSet) loop?): it records only at start and end; schedule it in"
                        + " iterations, e.g. snapshotEvery(n, ScheduleUnit.ITERATIONS)", recorder.name(), directory,
                        recorder.schedule());
            }
        }
    }

    private void logClosing() {
        List<String> parts = new ArrayList<>();
        for (Recorder recorder : recorders) {
            parts.add(recorder.summary() + (writer.hasFailed(recorder) ? " (stopped on a failure)" : ""));
        }
        double elapsed = writer.elapsedSeconds();
        long total = openingNanos + callbackNanos + closingNanos;
        List<String> split = new ArrayList<>();
        recorderTimes().forEach((name, time) -> split.add(name + " " + seconds(time.toNanos())));
        log.info("landscape4j: run {} closed{}: {}; recording took {} s of {} s on the training thread ({}%: opening"
                + " {} s, callbacks {} s ({}), closing {} s) and {} s CPU on the writer thread", directory,
                writer.firstFailure() == null ? "" : " as failed", String.join(", ", parts), seconds(total),
                String.format(java.util.Locale.ROOT, "%.1f", elapsed),
                String.format(java.util.Locale.ROOT, "%.1f", 100 * total / 1e9 / Math.max(elapsed, 1e-9)),
                seconds(openingNanos), seconds(callbackNanos), String.join(", ", split), seconds(closingNanos),
                seconds(Math.max(0, writer.writerCpuNanos())));
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private void removeShutdownHook() {
        if (shutdownHook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to; nothing to undo
        }
        shutdownHook = null;
    }

    /**
     * Configures a {@link LandscapeListener}, in the style of DL4J's {@code CheckpointListener.Builder}: choose what
     * to record and how often; {@link #build()} refuses a configuration that records nothing.
     */
    public static final class Builder {

        private final Path runDirectory;
        private Schedule snapshots;
        private boolean snapshotAtStart = true;
        private Schedule metrics;
        private int metricsBatchRows = 256;
        private boolean layerNorms = true;
        private boolean failFast;
        private ExistingRunPolicy existingRunPolicy = ExistingRunPolicy.FAIL;
        private final Map<String, Long> seeds = new LinkedHashMap<>();
        private final List<Recorder> extraRecorders = new ArrayList<>();
        private SliceSettings slices;
        private TrajectoryPcaSettings trajectoryPca;
        private PcaPlaneSettings pcaPlane;
        private CurvatureSettings curvature;

        private Builder(Path runDirectory) {
            this.runDirectory = Objects.requireNonNull(runDirectory, "the run directory must not be null");
        }

        /** Snapshot θ at the end of every epoch. */
        public Builder snapshotEveryEpoch() {
            return snapshotEvery(1, ScheduleUnit.EPOCHS);
        }

        /**
         * Snapshot θ after every {@code n} parameter updates or every {@code n} completed epochs (and, by default,
         * at start and at the end).
         */
        public Builder snapshotEvery(int n, ScheduleUnit unit) {
            this.snapshots = Schedule.every(n, unit);
            return this;
        }

        /** Snapshot θ after exactly these counts of {@code unit} (and, by default, at start and at the end). */
        public Builder snapshotAt(ScheduleUnit unit, long... counts) {
            this.snapshots = Schedule.at(unit, counts);
            return this;
        }

        /** Whether to snapshot θ when recording starts, before the first recorded update; default true. */
        public Builder snapshotAtStart(boolean enabled) {
            this.snapshotAtStart = enabled;
            return this;
        }

        /** Record metrics after every update. */
        public Builder metricsEveryIteration() {
            return metricsEvery(1);
        }

        /** Record metrics after every {@code n}-th update (updates n, 2n, ...: iteration indices n−1, 2n−1, ...). */
        public Builder metricsEvery(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("metricsEvery needs n >= 1 iterations, got " + n
                        + "; to record no metrics, do not call it");
            }
            this.metrics = Schedule.every(n, ScheduleUnit.ITERATIONS);
            return this;
        }

        /**
         * Metric rows buffered per Arrow record batch (also written at an epoch end a second or more after the last
         * batch, and on close); default 256.
         */
        public Builder metricsBatchRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("metricsBatchRows needs at least 1 row, got " + rows);
            }
            this.metricsBatchRows = rows;
            return this;
        }

        /**
         * Whether to record, on the metrics schedule, the norms of each trainable parameter array's parameters, raw
         * gradient and update into {@code layers.arrows} (default true: three BLAS norms per array and recorded
         * update on the training thread).
         */
        public Builder layerNorms(boolean enabled) {
            this.layerNorms = enabled;
            return this;
        }

        /** Replace the run (its files and results) if the directory already holds one; other files stay. */
        public Builder overwriteExisting() {
            return ifRunExists(ExistingRunPolicy.OVERWRITE);
        }

        /** Record into a fresh sibling directory {@code NAME-2}, {@code NAME-3}, ... if the directory is taken. */
        public Builder newNumberedRunIfExists() {
            return ifRunExists(ExistingRunPolicy.NEW_NUMBERED);
        }

        /** What to do if the directory already holds a run; default {@link ExistingRunPolicy#FAIL}. */
        public Builder ifRunExists(ExistingRunPolicy policy) {
            this.existingRunPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Throw recording failures into training instead of logging them and going on; default false. */
        public Builder failFast(boolean enabled) {
            this.failFast = enabled;
            return this;
        }

        /** Record a seed the program used (data order, initialization, ...) in the manifest. */
        public Builder seed(String name, long value) {
            Objects.requireNonNull(name, "seed name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a seed needs a name");
            }
            seeds.put(name, value);
            return this;
        }

        /**
         * Takes loss-landscape slices through θ during training, on a fixed evaluation set, written to the run's
         * {@code results/} (see {@link SliceSettings}).
         */
        public Builder slices(SliceSettings settings) {
            this.slices = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Computes the trajectory's principal components online (incremental PCA, O(kP) memory), written to the
         * run's {@code results/ipca.arrows} at intervals and at the end (see {@link TrajectoryPcaSettings}).
         */
        public Builder trajectoryPca(TrajectoryPcaSettings settings) {
            this.trajectoryPca = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * When the listener closes, evaluates the loss on the plane of the trajectory's top two principal
         * directions through the final snapshot, over a grid that holds the whole path (Li et al. 2018, Fig. 9),
         * written to the run's {@code results/pca-plane.arrows} with its directions and path (see
         * {@link PcaPlaneSettings}). Needs snapshots.
         */
        public Builder pcaPlaneAtEnd(PcaPlaneSettings settings) {
            this.pcaPlane = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Measures curvature along training on a fixed probe set (‖g‖², gᵀHg, the step's uᵀHu and predicted vs
         * observed loss change, λmax/λmin, ill-conditioning alerts), written to {@code curvature.arrows} (see
         * {@link CurvatureSettings}).
         */
        public Builder curvature(CurvatureSettings settings) {
            this.curvature = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Adds a recorder of this package's own (the seam slices, curvature and PCA plug into). */
        Builder recorder(Recorder recorder) {
            extraRecorders.add(Objects.requireNonNull(recorder, "recorder"));
            return this;
        }

        ListenerSettings settings() {
            Schedule snapshotSchedule = snapshots == null ? null : snapshots.andAtStart(snapshotAtStart).andAtEnd(true);
            return new ListenerSettings(snapshotSchedule, metrics, metricsBatchRows, layerNorms, slices, trajectoryPca,
                    pcaPlane, curvature, failFast,
                    existingRunPolicy, runDirectory.toString());
        }

        /**
         * Checks the configuration and the JVM, and claims the run directory (held until {@code close()}).
         *
         * @return the listener
         * @throws IllegalStateException if nothing would be recorded, the JVM lacks a flag Arrow needs, the
         *                               directory holds a run (and neither {@code overwriteExisting()} nor
         *                               {@code newNumberedRunIfExists()} was asked for), another recorder holds it,
         *                               or it cannot be created or written; the message says which, in one line
         */
        public LandscapeListener build() {
            if (snapshots == null && metrics == null && slices == null && trajectoryPca == null && curvature == null
                    && extraRecorders.isEmpty()) {
                throw new IllegalStateException("this LandscapeListener would record nothing: call "
                        + "snapshotEveryEpoch(), snapshotEvery(n, unit), metricsEveryIteration() or metricsEvery(n)");
            }
            if (pcaPlane != null && snapshots == null) {
                throw new IllegalStateException("pcaPlaneAtEnd(...) draws the plane of the recorded snapshots: call"
                        + " snapshotEveryEpoch() or snapshotEvery(n, unit) too");
            }
            Optional<String> jvmProblem = ArrowMemory.jvmSetupProblem();
            if (jvmProblem.isPresent()) {
                throw new IllegalStateException("landscape4j: " + jvmProblem.get());
            }
            RunClaim claim;
            try {
                claim = RunClaim.claim(runDirectory, existingRunPolicy);
            } catch (RunExistsException e) {
                throw new IllegalStateException("landscape4j: " + e.getMessage() + (e.claimedByLiveRecorder()
                        ? "; or call newNumberedRunIfExists() to record into the next free NAME-2, NAME-3, ..."
                        : "; call overwriteExisting() to replace it, newNumberedRunIfExists() to record into the next"
                        + " free NAME-2, NAME-3, ..., or give another directory"), e);
            } catch (RunFormatException e) {
                throw new IllegalStateException("landscape4j: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new IllegalStateException("landscape4j: cannot claim the run directory " + runDirectory + ": "
                        + RunWriter.reason(e), e);
            }
            try {
                return new LandscapeListener(this, claim);
            } catch (RuntimeException e) {
                claim.close();
                throw e;
            }
        }
    }
}
