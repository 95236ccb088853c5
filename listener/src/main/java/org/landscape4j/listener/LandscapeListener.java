package org.landscape4j.listener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.landscape4j.dl4j.layout.NetworkLayouts;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.run.ExistingRunPolicy;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.RunFormatException;
import org.landscape4j.run.RunManifest;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a DL4J training run into a run directory: parameter snapshots and per-iteration metrics as Arrow
 * streams, and a manifest (see {@code docs/FORMAT.md}). Attach it with one line:
 *
 * <pre>{@code
 * try (LandscapeListener listener = LandscapeListener.builder(Path.of("runs/mlp")).snapshotEveryEpoch()
 *         .metricsEveryIteration().build()) {
 *     net.addListeners(listener);
 *     net.fit(trainIterator, 50);
 * }
 * }</pre>
 *
 * <p>Recording starts at the first training event (the files are created then) and ends at {@link #close()}, or
 * at JVM shutdown through a hook if the program never closes it. A snapshot {@code k} holds θ after
 * {@code iteration} parameter updates; with {@link Builder#snapshotAtStart(boolean)} (the default) the first
 * holds the parameters before the first recorded update, and {@code close()} appends a final snapshot if the
 * parameters changed since the last one.
 *
 * <p>Metrics are those of the minibatch the update used: ‖g‖ is the norm of the mean data-loss gradient (DL4J
 * holds the batch sum, divided here by the batch size), ‖u‖ the norm of the update actually applied, the score
 * DL4J's (mean minibatch loss plus regularization, before the update).
 *
 * <p>Training never dies because of this listener: an I/O failure (disk full, directory removed) or an internal
 * error is logged once with its reason, recording stops, training goes on; {@link Builder#failFast(boolean)}
 * turns that into a {@link LandscapeRecordingException} thrown into {@code fit}. Thread-safe: DL4J calls it
 * from the training thread, the shutdown hook from another.
 */
public final class LandscapeListener extends BaseTrainingListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LandscapeListener.class);

    private enum State { WAITING, RECORDING, STOPPED, CLOSED }

    private final Path requestedDirectory;
    private final Path directory;
    private final Schedule snapshotSchedule;
    private final boolean snapshotAtStart;
    private final int metricsEvery;
    private final int metricsBatchRows;
    private final boolean failFast;
    private final ExistingRunPolicy existingRunPolicy;
    private final Map<String, Long> seeds;

    private State state = State.WAITING;
    private NetworkAccess network;
    private AsyncRecorder recorder;
    private Thread shutdownHook;
    private long startNanos;
    private boolean warnedSecondModel;

    /** The mean-loss gradient norm measured in onGradientCalculation, waiting for its iterationDone. */
    private double pendingGradientNorm = Double.NaN;
    private long pendingGradientIteration = -1;
    private int pendingBatchSize;
    /** The DL4J iteration count (updates applied) at the last snapshot, -1 before the first. */
    private long lastSnapshotUpdates = -1;
    private double lastScore = Double.NaN;
    /** Nanoseconds spent inside recording steps (callbacks and close), on whichever thread ran them. */
    private long recordingNanos;
    /** The parts of recordingNanos spent opening the run (first event) and closing it. */
    private long openingNanos;
    private long closingNanos;

    private LandscapeListener(Builder builder, Path directory) {
        this.requestedDirectory = builder.runDirectory;
        this.directory = directory;
        this.snapshotSchedule = builder.snapshots;
        this.snapshotAtStart = builder.snapshotAtStart;
        this.metricsEvery = builder.metricsEvery;
        this.metricsBatchRows = builder.metricsBatchRows;
        this.failFast = builder.failFast;
        this.existingRunPolicy = builder.existingRunPolicy;
        this.seeds = Map.copyOf(builder.seeds);
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

    /** @return true while recording goes on (false before the first event, after a failure and after close) */
    public synchronized boolean isRecording() {
        return state == State.RECORDING;
    }

    /**
     * @return the time spent recording on the training thread so far: inside this listener's callbacks and its
     *         {@code close()}, i.e. the listener's own cost to training (the W3 benchmark reports it)
     */
    public synchronized java.time.Duration recordingTime() {
        return java.time.Duration.ofNanos(recordingNanos);
    }

    /**
     * @return the CPU time of the background thread that serializes and writes the files, once the run is closed;
     *         empty before (or where the JVM cannot measure thread CPU time)
     */
    public synchronized java.util.Optional<java.time.Duration> writerCpuTime() {
        long nanos = recorder == null ? -1 : recorder.writerCpuNanos();
        return nanos < 0 ? java.util.Optional.empty() : java.util.Optional.of(java.time.Duration.ofNanos(nanos));
    }

    /** @return the number of snapshots written so far */
    public synchronized long snapshotsWritten() {
        return recorder == null ? 0 : recorder.snapshotsWritten();
    }

    /** The first event of {@code fit(iterator)}: recording (and the initial snapshot) starts here. */
    @Override
    public synchronized void onEpochStart(Model model) {
        accept(model);
    }

    @Override
    public synchronized void onGradientCalculation(Model model) {
        if (!accept(model)) {
            return;
        }
        guard("measure the gradient", () -> {
            long iteration = network.iterationCount();
            if (metricsEvery > 0 && iteration % metricsEvery == 0) {
                // DL4J's raw gradient: the SUM over the minibatch of per-example data-loss gradients.
                int batchSize = model.batchSize();
                INDArray sum = model.gradient().gradient();
                pendingGradientNorm = VectorNorms.l2(sum) / Math.max(1, batchSize);
                pendingGradientIteration = iteration;
                pendingBatchSize = batchSize;
            }
        });
    }

    @Override
    public synchronized void iterationDone(Model model, int iteration, int epoch) {
        if (!accept(model)) {
            return;
        }
        guard("record an iteration", () -> {
            lastScore = model.score();
            if (metricsEvery > 0 && iteration % metricsEvery == 0) {
                // The gradient view now holds the update actually applied: θ_before − θ_after.
                double updateNorm = VectorNorms.l2(model.gradient().gradient());
                boolean measured = pendingGradientIteration == iteration;
                recorder.appendMetrics(new MetricRow(iteration, epoch,
                        measured ? pendingBatchSize : model.batchSize(), lastScore,
                        measured ? pendingGradientNorm : Double.NaN, updateNorm, network.learningRate(),
                        elapsedSeconds(), null));
            }
            long updates = (long) iteration + 1;
            if (snapshotSchedule != null && snapshotSchedule.unit() == ScheduleUnit.ITERATIONS
                    && snapshotSchedule.isDue(updates)) {
                snapshot(model, updates, epoch);
            }
        });
    }

    @Override
    public synchronized void onEpochEnd(Model model) {
        if (!accept(model)) {
            return;
        }
        guard("finish an epoch", () -> {
            recorder.flushMetrics();
            if (snapshotSchedule != null && snapshotSchedule.unit() == ScheduleUnit.EPOCHS) {
                // DL4J increments its epoch count after onEpochEnd: the epoch that just ended is epochCount().
                long completed = network.epochCount() + 1;
                if (snapshotSchedule.isDue(completed)) {
                    snapshot(model, network.iterationCount(), Math.toIntExact(completed));
                }
            }
        });
    }

    /**
     * Ends recording: flushes the metrics, appends a final snapshot if the parameters changed since the last
     * one, closes the streams and marks the manifest complete. Idempotent.
     */
    @Override
    public synchronized void close() {
        State before = state;
        state = State.CLOSED;
        if (before != State.RECORDING) {
            removeShutdownHook();
            return;
        }
        long closing = System.nanoTime();
        try {
            if (snapshotSchedule != null && network.iterationCount() != lastSnapshotUpdates) {
                long completedEpochs = network.epochCount();
                recorder.writeSnapshot(network.iterationCount(), Math.toIntExact(completedEpochs), lastScore,
                        network.model.params());
            }
            recorder.finish(RunManifest.STATUS_COMPLETE);
            closingNanos = System.nanoTime() - closing;
            recordingNanos += closingNanos;
            double elapsed = elapsedSeconds();
            log.info("landscape4j: run {} closed: {} snapshots, {} metric rows; recording took {} s of {} s on the "
                    + "training thread ({}%: opening {} s, callbacks {} s, closing {} s) and {} s CPU on the writer "
                    + "thread", directory, recorder.snapshotsWritten(), recorder.metricRowsWritten(),
                    seconds(recordingNanos), String.format("%.1f", elapsed),
                    String.format("%.1f", 100 * recordingNanos / 1e9 / Math.max(elapsed, 1e-9)),
                    seconds(openingNanos), seconds(recordingNanos - openingNanos - closingNanos),
                    seconds(closingNanos), seconds(recorder.writerCpuNanos()));
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            recorder.abandon(RunManifest.STATUS_FAILED);
            report("close the run", e);
        } finally {
            removeShutdownHook();
        }
    }

    /** Called by the JVM shutdown hook: flush and close what is open, without touching the network. */
    private synchronized void closeAtShutdown() {
        if (state != State.RECORDING) {
            return;
        }
        state = State.CLOSED;
        shutdownHook = null;
        try {
            recorder.finish(RunManifest.STATUS_INTERRUPTED);
            log.warn("landscape4j: run {} was not closed by the program; closed at JVM shutdown", directory);
        } catch (IOException | InterruptedException | RuntimeException e) {
            recorder.abandon(RunManifest.STATUS_FAILED);
            log.error("landscape4j: could not close run {} at JVM shutdown: {}", directory, e.toString());
        }
    }

    private void snapshot(Model model, long updates, int epoch) throws InterruptedException {
        recorder.writeSnapshot(updates, epoch, lastScore, model.params());
        lastSnapshotUpdates = updates;
    }

    /** Starts recording at the first event from a network; ignores (once, with a warning) any other network. */
    private boolean accept(Model model) {
        if (state == State.WAITING) {
            start(model);
        }
        if (state != State.RECORDING) {
            return false;
        }
        if (model != network.model) {
            if (!warnedSecondModel) {
                warnedSecondModel = true;
                log.warn("landscape4j: listener for {} is attached to a second network ({}); it records only the "
                        + "first", directory, model.getClass().getSimpleName());
            }
            return false;
        }
        return true;
    }

    private void start(Model model) {
        state = State.RECORDING;
        long opening = System.nanoTime();
        guard("start recording", () -> {
            network = NetworkAccess.of(model);
            startNanos = System.nanoTime();
            ParameterLayout layout = NetworkLayouts.of(model);
            Map<String, Long> allSeeds = new LinkedHashMap<>();
            allSeeds.put("network", network.seed());
            allSeeds.putAll(seeds);
            RunManifest manifest = new RunManifest(RunFiles.FORMAT_VERSION, Versions.landscape4j(), Versions.dl4j(),
                    Versions.java(), model.getClass().getName(), model.numParams(),
                    model.params().dataType().name(), layout, settings(), allSeeds, Instant.now(), null,
                    RunManifest.STATUS_RUNNING);
            recorder = new AsyncRecorder(RunRecorder.start(directory, manifest, network.configurationJson(),
                    snapshotSchedule != null, metricsBatchRows), Math.toIntExact(model.numParams()),
                    metricsBatchRows);
            shutdownHook = new Thread(this::closeAtShutdown, "landscape4j-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            if (!network.isMiniBatch()) {
                log.warn("landscape4j: the network uses miniBatch(false); gradient norms are still divided by the "
                        + "batch size (mean-loss gradient)");
            }
            if (snapshotSchedule != null && snapshotAtStart) {
                snapshot(model, network.iterationCount(), Math.toIntExact(network.epochCount()));
            }
        });
        openingNanos = System.nanoTime() - opening;
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("snapshot_every", snapshotSchedule == null ? null : snapshotSchedule.every());
        settings.put("snapshot_unit", snapshotSchedule == null ? null
                : snapshotSchedule.unit().name().toLowerCase());
        settings.put("snapshot_at_start", snapshotAtStart);
        settings.put("metrics_every_iterations", metricsEvery);
        settings.put("metrics_batch_rows", metricsBatchRows);
        settings.put("fail_fast", failFast);
        settings.put("existing_run_policy", existingRunPolicy.name().toLowerCase());
        settings.put("requested_directory", requestedDirectory.toString());
        return settings;
    }

    private static String seconds(long nanos) {
        return String.format("%.3f", nanos / 1e9);
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private interface Step {
        void run() throws IOException, InterruptedException;
    }

    /** Runs one recording step; a failure stops recording (logged once) or, with fail-fast, is thrown. */
    private void guard(String what, Step step) {
        if (state != State.RECORDING) {
            return;
        }
        long start = System.nanoTime();
        try {
            step.run();
            recordingNanos += System.nanoTime() - start;
            Exception failed = recorder == null ? null : recorder.failure();
            if (failed != null) {
                throw new IOException("writing the run failed: " + failed, failed);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            state = State.STOPPED;
            if (recorder != null) {
                recorder.abandon(RunManifest.STATUS_FAILED);
            }
            removeShutdownHook();
            report(what, e);
        }
    }

    private void report(String what, Exception e) {
        String message = "landscape4j: could not " + what + " in " + directory + ": " + e
                + (failFast ? "" : "; recording stopped, training continues");
        if (failFast) {
            throw new LandscapeRecordingException(message, e);
        }
        log.error(message, e);
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
        private int metricsEvery;
        private int metricsBatchRows = 256;
        private boolean failFast;
        private ExistingRunPolicy existingRunPolicy = ExistingRunPolicy.FAIL;
        private final Map<String, Long> seeds = new LinkedHashMap<>();

        private Builder(Path runDirectory) {
            this.runDirectory = Objects.requireNonNull(runDirectory, "the run directory must not be null");
        }

        /** Snapshot θ at the end of every epoch. */
        public Builder snapshotEveryEpoch() {
            return snapshotEvery(1, ScheduleUnit.EPOCHS);
        }

        /** Snapshot θ every {@code n} iterations (parameter updates) or every {@code n} completed epochs. */
        public Builder snapshotEvery(int n, ScheduleUnit unit) {
            this.snapshots = new Schedule(n, unit);
            return this;
        }

        /** Whether to snapshot θ when recording starts, before the first recorded update; default true. */
        public Builder snapshotAtStart(boolean enabled) {
            this.snapshotAtStart = enabled;
            return this;
        }

        /** Record metrics at every iteration. */
        public Builder metricsEveryIteration() {
            return metricsEvery(1);
        }

        /** Record metrics every {@code n} iterations (those whose 0-based index is a multiple of n). */
        public Builder metricsEvery(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("metricsEvery needs n >= 1 iterations, got " + n
                        + "; to record no metrics, do not call it");
            }
            this.metricsEvery = n;
            return this;
        }

        /** Metric rows buffered per Arrow record batch (also flushed at each epoch end and on close); default 256. */
        public Builder metricsBatchRows(int rows) {
            if (rows < 1) {
                throw new IllegalArgumentException("metricsBatchRows needs at least 1 row, got " + rows);
            }
            this.metricsBatchRows = rows;
            return this;
        }

        /** Replace the run files if the directory already holds a run (other files there are left alone). */
        public Builder overwriteExisting() {
            return ifRunExists(ExistingRunPolicy.OVERWRITE);
        }

        /** Record into a fresh sibling directory {@code NAME-2}, {@code NAME-3}, ... if the directory holds a run. */
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
         * @return the listener, with its run directory prepared
         * @throws IllegalStateException if nothing would be recorded, or the directory already holds a run and
         *                               neither overwriting nor a numbered run was asked for
         * @throws UncheckedIOException  if the directory cannot be prepared
         */
        public LandscapeListener build() {
            if (snapshots == null && metricsEvery == 0) {
                throw new IllegalStateException("this LandscapeListener would record nothing: call "
                        + "snapshotEveryEpoch(), snapshotEvery(n, unit), metricsEveryIteration() or metricsEvery(n)");
            }
            Path directory;
            try {
                directory = RunDirectory.prepare(runDirectory, existingRunPolicy);
            } catch (RunFormatException e) {
                throw new IllegalStateException(e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("landscape4j: cannot prepare the run directory " + runDirectory
                        + ": " + e.getMessage(), e);
            }
            return new LandscapeListener(this, directory);
        }
    }
}
