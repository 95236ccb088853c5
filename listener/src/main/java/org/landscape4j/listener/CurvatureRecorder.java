package org.landscape4j.listener;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.landscape4j.curvature.LanczosResult;
import org.landscape4j.curvature.StepCurvature;
import org.landscape4j.curvature.StepMeasurement;
import org.landscape4j.dl4j.network.Dl4jNetwork;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.linalg.Blas;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.CurvatureRow;
import org.landscape4j.run.RowStreamWriter;
import org.landscape4j.run.RunFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures curvature along training into {@link RunFiles#CURVATURE} (see {@link CurvatureSettings} for what and
 * when, {@link StepCurvature} for the maths).
 *
 * <p><b>Threads.</b> On the training thread it only copies θ: into its own θ<sub>t</sub> buffer in
 * {@code onGradientCalculation} of a measured update, into its θ<sub>t+1</sub> buffer in {@code iterationDone} of
 * the same update, and reads the learning rate; then it hands the pair to its own worker thread, which computes
 * everything on a private DOUBLE copy of the network over the probe set and hands the row to the writer thread.
 * Its own copies, not the run's shared float32 θ copies: u = θ<sub>t+1</sub> − θ<sub>t</sub> of a DOUBLE network
 * would lose its low bits in float32, and the worker holds its buffers for a whole measurement, which would starve
 * the other recorders' pool. At most one measurement is in flight: a due measurement while the previous one still
 * runs is skipped (counted, logged once), or waits for it with {@code waitIfBusy}. Alerts raised by the worker are
 * delivered to the {@link CurvatureAlertListener} on the training thread, at the next callback.
 *
 * <p><b>One OpenMP thread.</b> The worker runs its ND4J operations on one OpenMP thread
 * ({@link org.landscape4j.dl4j.runtime.WorkerThreads}): with its own team beside training's, the two teams spun
 * against each other, and a worker busy 5 % of the time slowed the default example's training by 40 %.
 *
 * <p><b>Pacing.</b> Unless {@code waitIfBusy} or {@code maxOverhead(1)}, the worker's objective is a
 * {@link PacedObjective} on a {@link WorkBudget} started with recording: before each pass over the probe set the
 * worker waits while its busy time exceeds {@code maxOverhead} of the time elapsed, so a measurement is stretched
 * rather than cut. {@code onClose} lifts the pacing before waiting for the measurement in flight.
 *
 * <p><b>Memory</b>: θ<sub>t</sub> and θ<sub>t+1</sub> (two DOUBLE P-vectors), the probe-set objective (a DOUBLE
 * network copy and the factory's prototype, plus the probe data), and {@link StepCurvature}'s seven DOUBLE
 * P-vectors (operator: 3; g, u, Hv; the warm-start Ritz vector); a Lanczos run adds (m + 1) P-vectors while it
 * runs (m = the Lanczos steps, 30 by default). For P = 10⁶: about 72 MB plus 250 MB during a Lanczos run.
 *
 * <p><b>Failures</b> of the worker (a measurement that throws) stop this recorder alone, like any recorder; a
 * non-finite loss or gradient is a measured NaN, not a failure.
 */
final class CurvatureRecorder extends StreamRecorder<RowStreamWriter> {

    private static final Logger log = LoggerFactory.getLogger(CurvatureRecorder.class);

    private final CurvatureSettings settings;
    private final Queue<CurvatureAlert> alerts = new ConcurrentLinkedQueue<>();
    private final AtomicInteger measured = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong busyNanos = new java.util.concurrent.atomic.AtomicLong();
    /** The CPU time of worker threads that have ended (the executor's one thread, or a replacement after a crash). */
    private final java.util.concurrent.atomic.AtomicLong endedWorkerCpuNanos =
            new java.util.concurrent.atomic.AtomicLong();
    private volatile Thread workerThread;
    private WorkBudget budget;                                   // null: unpaced
    private final CurvatureAlerts alertPolicy;
    private ExecutorService executor;
    private Future<?> inFlight;
    private BiConsumer<String, Throwable> failures;
    private Consumer<RunWriter.Task> writer;
    private ProbeSample sample;
    private NetworkObjectiveFactory factory;
    private long probeExamples;
    private INDArray before;
    private INDArray after;
    private long armedUpdate = -1;
    private long capturedUpdate = -1;
    private int capturedEpoch;
    private boolean warnedSkip;

    // worker thread only
    private Objective objective;
    private StepCurvature meter;
    private int measurements;

    CurvatureRecorder(CurvatureSettings settings) {
        this.settings = settings;
        this.alertPolicy = new CurvatureAlerts(settings.growthFactor(), settings.alertWindow());
    }

    @Override
    public String name() {
        return "curvature";
    }

    @Override
    public Schedule schedule() {
        return settings.schedule();
    }

    @Override
    @SuppressWarnings("try") // the workspace scope is used for its effect, not referenced
    public void onStart(TrainingEvent event) {
        Dl4jNetwork network = event.network();
        failures = event.failureReporter(this);
        budget = settings.waitIfBusy() || settings.maxOverhead() >= 1 ? null : new WorkBudget(settings.maxOverhead());
        writer = event.submitter(this);
        long p = network.parameterCount();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            before = Nd4j.create(DataType.DOUBLE, p);
            after = Nd4j.create(DataType.DOUBLE, p);
        }
        if (settings.probe() != null) {
            useProbe(network, settings.probe());
        } else if (!(network.model() instanceof org.deeplearning4j.nn.multilayer.MultiLayerNetwork)) {
            throw new IllegalStateException("the default curvature probe set samples a MultiLayerNetwork's"
                    + " minibatches; for a " + network.model().getClass().getSimpleName() + " give one:"
                    + " CurvatureSettings.builder().probe(data)");
        } else {
            sample = new ProbeSample(settings.probeSize());
        }
        executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(() -> {
                // one OpenMP thread for the worker's own operations: its team would spin against training's
                org.landscape4j.dl4j.runtime.WorkerThreads.runNativeOpsOnOneThread();
                try {
                    task.run();
                } finally {
                    long used = Math.max(0, CpuClock.currentThread());
                    workerThread = null;                 // never counted twice: live, then ended
                    endedWorkerCpuNanos.addAndGet(used);
                }
            }, "landscape4j-curvature");
            workerThread = thread;
            thread.setDaemon(true);
            return thread;
        });
        if (settings.schedule().atStart()) {
            armedUpdate = event.updates() + 1;
        }
    }

    /** Builds the probe-set factory: copies the network once (training thread; θ itself is written per measurement). */
    private void useProbe(Dl4jNetwork network, DataSet probe) {
        factory = NetworkObjectiveFactory.builder(network.model()).data(probe).precision(Precision.DOUBLE).build();
        probeExamples = factory.exampleCount();
        onlyClass(probe).ifPresent(k -> log.warn("landscape4j: the curvature probe set ({} examples) holds class {}"
                + " only: its curvature is that of one class's loss, not of the training loss; give a probe set with"
                + " every class (CurvatureSettings.builder().probe(data))", probeExamples, k));
    }

    /**
     * @return the class every example of a one-hot labelled probe set belongs to, if they all share one (labels of
     *     rank 2 with at least two columns, each row's largest entry); empty for other labels
     */
    static OptionalLong onlyClass(DataSet probe) {
        INDArray labels = probe.getLabels();
        if (labels == null || labels.rank() != 2 || labels.columns() < 2 || labels.rows() < 2) {
            return OptionalLong.empty();
        }
        INDArray classes = labels.argMax(1);
        long first = classes.getLong(0);
        for (long i = 1; i < classes.length(); i++) {
            if (classes.getLong(i) != first) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(first);
    }

    @Override
    public void onGradient(TrainingEvent event) {
        deliverAlerts(event);
        long update = event.updates() + 1;
        boolean due = settings.schedule().isDueAfterUpdate(update) || update == armedUpdate;
        if (sample != null && (sample.wantsMore() || due)) {
            if (sample.wantsMore()) {
                sample.add(event.network().model());
            }
            if (due) {
                useProbe(event.network(), sample.take());
                sample = null;
            }
        }
        if (!due) {
            return;
        }
        armedUpdate = -1;
        if (inFlight != null && !inFlight.isDone()) {
            if (settings.waitIfBusy()) {
                waitForInFlight(Long.MAX_VALUE);
            } else {
                skip(update);
                return;
            }
        }
        Blas.copy(event.network().params(), before);
        capturedUpdate = update;
        capturedEpoch = event.epoch();
    }

    private void skip(long update) {
        skipped.incrementAndGet();
        if (!warnedSkip) {
            warnedSkip = true;
            log.info("landscape4j: the curvature measurement of update {} is skipped: the previous one is still"
                    + " running (at most one is in flight; CurvatureSettings.waitIfBusy(true) waits instead, or"
                    + " measure less often); later skips are only counted", update);
        }
    }

    @Override
    public void onUpdate(TrainingEvent event) {
        if (capturedUpdate == event.updates()) {
            Dl4jNetwork network = event.network();
            Blas.copy(network.params(), after);
            double rate = network.learningRate();
            Job job = new Job(capturedUpdate - 1, capturedEpoch, Double.isFinite(rate) ? rate : null,
                    StabilityThreshold.of(network));
            capturedUpdate = -1;
            inFlight = executor.submit(() -> measure(job));
        }
        deliverAlerts(event);
    }

    @Override
    public void onEpochEnd(TrainingEvent event) {
        if (settings.schedule().isDueAfterEpoch(event.completedEpochs())) {
            armedUpdate = event.updates() + 1;
        }
        deliverAlerts(event);
    }

    @Override
    public void onClose(TrainingEvent event) {
        if (executor == null) {
            return;
        }
        if (budget != null) {
            budget.lift();                               // training is over: the measurement in flight may finish now
        }
        if (event.atShutdown()) {
            if (inFlight != null) {
                inFlight.cancel(true);
            }
            waitForInFlight(10);
        } else {
            waitForInFlight(Long.MAX_VALUE);
        }
        executor.submit(this::release);
        executor.shutdown();
        boolean terminated = false;
        try {
            terminated = executor.awaitTermination(event.atShutdown() ? 10 : Long.MAX_VALUE / 4, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deliverAlerts(event);
        if (terminated) {                                // never free what a still-running worker reads
            for (INDArray buffer : new INDArray[]{before, after}) {
                if (buffer != null && buffer.closeable()) {
                    buffer.close();
                }
            }
        }
    }

    /** The measurement of one update, on the worker thread. */
    private record Job(long iteration, int epoch, Double learningRate, Double stabilityThreshold) {
    }

    private void measure(Job job) {
        long start = System.nanoTime();
        if (budget != null) {
            budget.begin();
        }
        try {
            if (meter == null) {
                long creating = System.nanoTime();
                Objective created = factory.create();
                log.debug("landscape4j: the curvature worker's DOUBLE objective was built in {} ms",
                        (System.nanoTime() - creating) / 1_000_000);
                objective = budget == null ? created : new PacedObjective(created, budget);
                factory = null;                          // its prototype network is no longer needed
                meter = new StepCurvature(objective, settings.lanczos(), settings.regularization());
            }
            measurements++;                                  // the k-th, 2k-th, ... measurement runs Lanczos
            boolean spectrum = settings.spectrumEvery() > 0 && measurements % settings.spectrumEvery() == 0;
            StepMeasurement m = meter.measure(before, after, spectrum);
            CurvatureRow row = row(job, m);
            long since = alertPolicy.smallestAt();
            CurvatureRow flagged = withGrowth(row, alertPolicy.gradientGrowth(row.iteration(),
                    m.gradNormSquared(), m.loss()));
            measured.incrementAndGet();
            writer.accept(() -> {
                stream.append(flagged.toCells());
                stream.flush();
            });
            Optional<CurvatureAlert> alert = alertPolicy.alert(flagged, since);
            alert.ifPresent(a -> {
                log.warn("{}; within {} updates further alerts are only flagged in {}", a.message(),
                        settings.alertWindow(), RunFiles.CURVATURE);
                if (settings.alertListener() != null) {
                    alerts.add(a);
                }
            });
        } catch (CancellationException e) {
            log.info("landscape4j: the curvature measurement of update {} was cancelled", job.iteration() + 1);
        } catch (RuntimeException | Error e) {
            failures.accept("measure the curvature of update " + (job.iteration() + 1), e);
            release();                                       // a failed recorder gets no onClose: free its copies now
            executor.shutdown();
        } finally {
            if (budget != null) {
                budget.end();
            }
            long waited = budget == null ? 0 : budget.waitedNanos();
            busyNanos.set(budget == null ? busyNanos.get() + System.nanoTime() - start : budget.busyNanos());
            log.debug("landscape4j: curvature of update {} measured in {} ms ({} ms waiting for the time budget in"
                    + " all so far)", job.iteration() + 1, (System.nanoTime() - start) / 1_000_000, waited / 1_000_000);
        }
    }

    /** The row of a measurement, with the ill-conditioning and edge-of-stability flags (growth is added after). */
    private CurvatureRow row(Job job, StepMeasurement m) {
        Optional<StepMeasurement.Step> step = m.step();
        Optional<LanczosResult> eigen = m.spectrum();
        Double lambdaMax = eigen.map(LanczosResult::lambdaMax).orElse(null);
        Boolean edge = lambdaMax == null || job.stabilityThreshold() == null ? null
                : lambdaMax > job.stabilityThreshold();
        return new CurvatureRow(job.iteration(), job.epoch(), probeExamples, m.loss(), m.gradNormSquared(),
                m.gradHessGrad(), m.curvatureGrad(),
                step.map(StepMeasurement.Step::normSquared).orElse(null),
                step.map(StepMeasurement.Step::gradDotStep).orElse(null),
                step.map(StepMeasurement.Step::stepHessStep).orElse(null),
                step.map(StepMeasurement.Step::curvature).orElse(null),
                step.map(StepMeasurement.Step::predictedChange).orElse(null),
                step.map(StepMeasurement.Step::observedChange).orElse(null),
                lambdaMax, eigen.map(LanczosResult::lambdaMin).orElse(null),
                eigen.map(r -> r.largest().get(0).bestResidual()).orElse(null),
                eigen.map(r -> r.smallest().get(0).bestResidual()).orElse(null),
                job.learningRate(), job.stabilityThreshold(), m.products(),
                step.map(StepMeasurement.Step::illConditioned).orElse(null), edge, null);
    }

    private static CurvatureRow withGrowth(CurvatureRow r, boolean growth) {
        return new CurvatureRow(r.iteration(), r.epoch(), r.probeExamples(), r.loss(), r.gradNormSquared(),
                r.gradHessGrad(), r.curvatureGrad(), r.stepNormSquared(), r.gradDotStep(), r.stepHessStep(),
                r.curvatureStep(), r.predictedChange(), r.observedChange(), r.lambdaMax(), r.lambdaMin(),
                r.lambdaMaxResidual(), r.lambdaMinResidual(), r.learningRate(), r.stabilityThreshold(),
                r.hessianProducts(), r.illConditioned(), r.edgeOfStability(), growth);
    }

    /** Calls the alert listener for each pending alert, on the training thread. */
    private void deliverAlerts(TrainingEvent event) {
        if (alerts.isEmpty() || event.network() == null) {
            return;
        }
        CurvatureAlert alert;
        while ((alert = alerts.poll()) != null) {
            try {
                settings.alertListener().onAlert(alert, event.network().model());
            } catch (RuntimeException e) {
                log.warn("landscape4j: the curvature alert listener threw {}; ignored", e.toString());
            }
        }
    }

    /** Frees the worker's copies (worker thread). Idempotent. */
    private void release() {
        if (meter != null) {
            meter.close();
            meter = null;
        }
        if (objective != null) {
            objective.close();
            objective = null;
        }
    }

    private void waitForInFlight(long seconds) {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get(Math.min(seconds, Long.MAX_VALUE / 4), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            log.debug("landscape4j: waiting for the curvature measurement in flight", e);
        }
    }

    @Override
    protected RowStreamWriter createStream(RunContext run) throws IOException {
        String runId = run.manifest().runId();
        return new RowStreamWriter(run.file(RunFiles.CURVATURE), CurvatureRow.TABLE,
                runId == null ? Map.of() : Map.of(RunFiles.RUN_ID_KEY, runId), 1, null);
    }

    /**
     * @return the worker thread's CPU time so far: read live while it runs (the measurement in flight included),
     *         exact once it has ended; 0 if the JVM cannot measure thread CPU time
     */
    @Override
    public long workerCpuNanos() {
        Thread running = workerThread;
        long live = running != null && running.isAlive() ? CpuClock.of(running) : -1;
        return endedWorkerCpuNanos.get() + Math.max(0, live);
    }

    @Override
    public String summary() {
        String skips = skipped.get() == 0 ? "" : skipped.get() + " skipped while one ran";
        String busy = String.format(java.util.Locale.ROOT, "worker busy %.3f s", busyNanos.get() / 1e9)
                + (budget == null ? "" : String.format(java.util.Locale.ROOT, " (paced to %.3g %% of the time)",
                100 * budget.share()));
        return measured.get() + " curvature rows (" + busy + (skips.isEmpty() ? "" : ", " + skips) + ")";
    }
}
