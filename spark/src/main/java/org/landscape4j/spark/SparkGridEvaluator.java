package org.landscape4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridEvaluator;
import org.landscape4j.slice.GridPoint;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.LossWork;
import org.landscape4j.slice.PointWork;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceProgress;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Evaluates a slice on a grid with a Spark cluster, into the same result table as the local
 * {@link org.landscape4j.slice.SliceEvaluator}, with the same numbers.
 *
 * <pre>{@code
 * try (GridCluster cluster = GridCluster.start("local[2]", GridCluster.Settings.defaults())) {
 *     SparkGridEvaluator evaluator = SparkGridEvaluator.builder(cluster).build();
 *     Map<String, Object> extra = new LinkedHashMap<>(callerSettings);
 *     extra.putAll(evaluator.provenanceSettings(slice, grid));       // "spark": master and task count
 *     Provenance provenance = SliceTable.provenance(slice, grid, factory.provenance(), runId, iterations, seeds, extra);
 *     SparkSummary summary = evaluator.evaluate(spec, slice, grid, Results.of(run), "surface", provenance);
 * }
 * }</pre>
 *
 * <p><b>How.</b> On the driver: the points of the slice's domain that the partial result does not hold yet are cut,
 * in point order, into contiguous tasks (default: two per task slot); the model's bytes, the data (broadcast or read
 * by the executors from a shared path, see {@link DataShipping}) and the slice's vectors are checked
 * ({@link Shipments}: parameter counts agree, data readable) and broadcast once. On each executor, the first task of
 * the grid builds the objective factory and the slice from the broadcast (once per executor), and every task creates
 * one objective and evaluates its points by the local evaluator's code with one worker. Each task's points return to
 * the driver when the task succeeds, and the driver appends them to the result and flushes one record batch: a job
 * killed half-way leaves every completed task's points in the partial file, and running the same computation again
 * evaluates only the missing points.
 *
 * <p><b>Failures.</b> Spark retries a failed task (up to {@code spark.task.maxFailures}; {@code local[N,F]} for a
 * local master); a retried task recomputes its points from the same inputs, so its numbers are those of a first
 * attempt. A job that fails anyway throws {@link SparkGridException} with Spark's reason and leaves the partial result.
 * Cancellation (the supplier, polled by the driver about every 100 ms, or an interrupt of the calling thread) cancels
 * the job and throws {@link CancellationException}.
 */
public final class SparkGridEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(SparkGridEvaluator.class);

    /** The provenance setting with the Spark master and the task count. */
    public static final String SETTING = "spark";

    private final GridCluster cluster;
    private final int tasks;
    private final int tasksPerSlot;
    private final DataShipping shipping;
    private final long broadcastLimit;
    private final TaskHook hook;
    private final SliceProgress progress;

    private SparkGridEvaluator(Builder builder) {
        this.cluster = builder.cluster;
        this.tasks = builder.tasks;
        this.tasksPerSlot = builder.tasksPerSlot;
        this.shipping = builder.shipping;
        this.broadcastLimit = builder.broadcastLimit;
        this.hook = builder.hook;
        this.progress = builder.progress;
    }

    /** @return a builder of an evaluator on {@code cluster} */
    public static Builder builder(GridCluster cluster) {
        return new Builder(cluster);
    }

    /**
     * @return the number of tasks the whole domain of the slice on the grid is cut into: the count given to the
     *         builder, else {@code tasksPerSlot} per task slot; never more than the points
     */
    public int plannedTasks(Slice slice, GridSpec grid) {
        int points = slice.domainPoints(grid).length;
        int wanted = tasks > 0 ? tasks : tasksPerSlot * Math.max(1, cluster.taskSlots());
        return Math.max(1, Math.min(points, wanted));
    }

    /**
     * @return the provenance setting {@value #SETTING}: {"master": URL, "tasks": the planned task count}; add it to
     *         the result's settings (a partial result resumes only under the same master and task count)
     */
    public Map<String, Object> provenanceSettings(Slice slice, GridSpec grid) {
        Map<String, Object> spark = new LinkedHashMap<>();
        spark.put("master", cluster.master());
        spark.put("tasks", plannedTasks(slice, grid));
        return Map.of(SETTING, spark);
    }

    /**
     * Starts (or resumes) the result {@code name} in {@code results} with {@code provenance} plus
     * {@link #provenanceSettings}, evaluates the loss at every point, and commits it.
     *
     * @param provenance the slice's provenance as a local evaluation would have it ({@link SliceTable#provenance})
     */
    public SparkSummary evaluate(ObjectiveSpec spec, Slice slice, GridSpec grid, Results results, String name,
                                 Provenance provenance) throws IOException {
        try (PendingResult pending = results.startRows(name, SliceTable.TABLE, withSpark(provenance, slice, grid),
                SliceTable.ROWS_PER_BATCH)) {
            SparkSummary summary = evaluate(spec, slice, grid, pending, () -> false);
            pending.commit();
            return summary;
        }
    }

    /**
     * Evaluates the loss ({@link LossWork}, as the local {@link org.landscape4j.slice.SliceEvaluator}) at every point
     * of the slice's domain that {@code result} does not hold yet, appending one row of {@link SliceTable#TABLE} per
     * point (a record batch per completed task). The caller commits.
     *
     * @param spec      the objective; its model must have the slice's parameter count
     * @param result    a pending slice result, started with the slice's provenance and {@link #provenanceSettings}
     * @param cancelled polled on the driver about every 100 ms
     * @return the summary over every point of the grid (resumed ones included) and how the job ran
     * @throws IllegalArgumentException if the grid does not fit the slice, or the model's parameter count is not
     *                                  the slice's (before any task runs)
     * @throws SparkGridException       if an executor cannot read the data (before any grid task runs), or the
     *                                  job failed after Spark's retries
     * @throws CancellationException    if cancelled
     */
    public SparkSummary evaluate(ObjectiveSpec spec, Slice slice, GridSpec grid, PendingResult result,
                                 BooleanSupplier cancelled) throws IOException {
        SliceSummary.Builder summary = new SliceSummary.Builder(grid);
        SparkOutcome outcome = evaluate(spec, new LossWork(true), slice, grid, result, summary::add, cancelled);
        GridEvaluator.Outcome counts = outcome.grid();
        return new SparkSummary(summary.build(counts.points(), counts.evaluated(), counts.resumed(), counts.seconds(),
                counts.workers()), outcome.tasks(), outcome.retried(), outcome.taskMillisPerPoint(),
                outcome.prepareMillis(), outcome.executors());
    }

    /**
     * Starts (or resumes) the result {@code name} in {@code results}, of {@code work}'s table, with
     * {@code provenance} plus {@link #provenanceSettings}, evaluates {@code work} at every point, and commits it.
     *
     * @param provenance the result's provenance as a local evaluation would have it
     * @param seen       told every point of the grid (resumed ones first), on the calling thread
     */
    public <R extends GridPoint & Serializable> SparkOutcome evaluate(ObjectiveSpec spec, PointWork<R> work,
                                                                     Slice slice, GridSpec grid, Results results,
                                                                     String name, Provenance provenance,
                                                                     Consumer<? super R> seen) throws IOException {
        try (PendingResult pending = results.startRows(name, work.table(), withSpark(provenance, slice, grid),
                SliceTable.ROWS_PER_BATCH)) {
            SparkOutcome outcome = evaluate(spec, work, slice, grid, pending, seen, () -> false);
            pending.commit();
            return outcome;
        }
    }

    /**
     * Evaluates {@code work} at every point of the slice's domain that {@code result} does not hold yet, appending
     * one row of the work's table per point (a record batch per completed task). The grid's points are cut, in
     * point order, into contiguous tasks; each task evaluates its points with one objective built from {@code spec}
     * (in {@code spec}'s precision: give {@code spec.withPrecision(DOUBLE)} for an eigenvalue map, as the local map
     * uses the DOUBLE twin) by the local workers' own pool. The caller commits.
     *
     * @param result    a pending result of {@code work.table()}, started with the provenance and
     *                  {@link #provenanceSettings}; its rows are checked and skipped
     * @param seen      told every point of the grid, the resumed ones first, then each task's as it arrives
     * @param cancelled polled on the driver about every 100 ms
     * @return how the job ran
     * @throws IllegalArgumentException if the grid does not fit the slice, or the model's parameter count is not
     *                                  the slice's (before any task runs)
     * @throws SparkGridException       if an executor cannot read the data (before any grid task runs), or the
     *                                  job failed after Spark's retries
     * @throws CancellationException    if cancelled
     */
    public <R extends GridPoint & Serializable> SparkOutcome evaluate(ObjectiveSpec spec, PointWork<R> work,
                                                                     Slice slice, GridSpec grid,
                                                                     PendingResult result, Consumer<? super R> seen,
                                                                     BooleanSupplier cancelled) throws IOException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(seen, "seen");
        Objects.requireNonNull(cancelled, "cancelled");
        long start = System.nanoTime();
        slice.checkGrid(grid);
        int[] domain = slice.domainPoints(grid);
        BitSet done = new BitSet(grid.points());
        for (R point : GridEvaluator.resumed(result, work, slice, grid)) {
            done.set(grid.index(point.i(), point.j()));
            seen.accept(point);
        }
        int resumed = done.cardinality();
        List<Integer> todo = new ArrayList<>();
        for (int k : domain) {
            if (!done.get(k)) {
                todo.add(k);
            }
        }
        Job<R> job = new Job<>(work, result, grid, done, seen, domain.length, resumed, start, progress);
        int taskCount = Math.min(plannedTasks(slice, grid), todo.size());
        if (!todo.isEmpty()) {
            run(spec, work, slice, grid, todo, taskCount, job, cancelled);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        job.report(seconds);
        return new SparkOutcome(new GridEvaluator.Outcome(domain.length, todo.size(), resumed, seconds, taskCount),
                todo.isEmpty() ? 0 : taskCount, job.retried,
                job.evaluated == 0 ? Double.NaN : job.taskNanos / 1e6 / job.evaluated, job.prepareNanos / 1e6,
                job.executors);
    }

    /** @return {@code provenance} with {@link #provenanceSettings} added to its settings */
    public Provenance withSpark(Provenance provenance, Slice slice, GridSpec grid) {
        Map<String, Object> settings = new LinkedHashMap<>(provenance.settings());
        settings.putAll(provenanceSettings(slice, grid));
        return new Provenance(provenance.runId(), provenance.sourceIterations(), provenance.objective(), settings,
                provenance.seeds(), provenance.version());
    }

    private <R extends GridPoint & Serializable> void run(ObjectiveSpec spec, PointWork<R> work, Slice slice,
                                                          GridSpec grid, List<Integer> todo, int taskCount, Job<R> job,
                                                          BooleanSupplier cancelled) throws IOException {
        JavaSparkContext context = cluster.context();
        Shipment shipment = Shipments.make(context, spec, slice, grid, work, shipping, broadcastLimit,
                cluster.threadsPerExecutor());
        Broadcast<Shipment> broadcast = context.broadcast(shipment);
        String note = " The points of the completed tasks are kept in " + job.result.partialFile()
                + "; running the same computation again resumes it.";
        try {
            context.setJobDescription("landscape4j " + work.description() + " of a " + slice.kind().id() + " "
                    + grid.nx() + "x" + grid.ny() + ": " + todo.size() + " points in " + taskCount + " tasks");
            JavaRDD<PartitionResult<?>> rdd = context.parallelize(todo, taskCount)
                    .mapPartitions(new GridTask(broadcast, hook, cluster.threadsPerExecutor()));
            List<Object> partitions = new ArrayList<>();
            for (int p = 0; p < taskCount; p++) {
                partitions.add(p);
            }
            BlockingQueue<PartitionResult<?>> arrivals = new LinkedBlockingQueue<>();
            SimpleFutureAction<BoxedUnit> future = context.sc().submitJob(rdd.rdd(), new First(),
                    scala.jdk.javaapi.CollectionConverters.asScala(partitions).toSeq(), new Handler(arrivals),
                    new Done());
            LOG.info("landscape4j: {} points of a {} {}x{} ({}) in {} tasks on {}", todo.size(), slice.kind().id(),
                    grid.nx(), grid.ny(), work.description(), taskCount, cluster.master());
            boolean stopped = false;
            long nextProgress = 0;
            while (!future.isCompleted() || !arrivals.isEmpty()) {
                PartitionResult<?> arrived;
                try {
                    arrived = arrivals.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    arrived = null;
                }
                if (arrived != null) {
                    job.write(arrived);
                }
                if (!stopped && (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted())) {
                    stopped = true;
                    future.cancel();
                }
                if (System.nanoTime() >= nextProgress) {
                    job.report((System.nanoTime() - job.start) / 1e9);
                    nextProgress = System.nanoTime() + 250_000_000L;
                }
            }
            try {
                future.get();
            } catch (Exception e) {
                if (stopped) {
                    throw new CancellationException("the Spark job was cancelled after " + job.done.cardinality()
                            + " of " + job.total + " points." + note);
                }
                throw new SparkGridException("the Spark job failed after " + job.done.cardinality() + " of "
                        + job.total + " points: " + reason(e) + "." + note, e);
            }
            if (stopped) {
                throw new CancellationException("cancelled after the last task completed");
            }
        } finally {
            context.setJobDescription(null);
            long id = broadcast.id();
            broadcast.destroy();
            ExecutorState.release(id);
        }
    }

    /**
     * @return Spark's reason for a failed job, one line: the "Job aborted ..." message if there is one (it names the
     *         task, its attempts and its last error), with the root cause's message when that does not already hold it
     */
    static String reason(Throwable e) {
        String aborted = null;
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (aborted == null && t.getMessage() != null && t.getMessage().startsWith("Job aborted")) {
                aborted = firstLine(t.getMessage());
            }
            root = t;
        }
        String rootMessage = firstLine(root.getMessage() == null ? root.toString() : root.toString());
        if (aborted == null) {
            return rootMessage;
        }
        return aborted.contains(firstLine(String.valueOf(root.getMessage()))) ? aborted
                : aborted + " (cause: " + rootMessage + ")";
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The driver's side of one job: what arrived, written in arrival order. */
    private static final class Job<R extends GridPoint & Serializable> {
        final PointWork<R> work;
        final PendingResult result;
        final GridSpec grid;
        final BitSet done;
        final Consumer<? super R> seen;
        final int total;
        final int resumed;
        final long start;
        final Map<String, String> executors = new LinkedHashMap<>();
        final SliceProgress progress;
        int retried;
        long evaluated;
        long taskNanos;
        long prepareNanos;

        Job(PointWork<R> work, PendingResult result, GridSpec grid, BitSet done, Consumer<? super R> seen, int total,
            int resumed, long start, SliceProgress progress) {
            this.work = work;
            this.result = result;
            this.grid = grid;
            this.done = done;
            this.seen = seen;
            this.total = total;
            this.resumed = resumed;
            this.start = start;
            this.progress = progress;
        }

        @SuppressWarnings("unchecked")
        void write(PartitionResult<?> arrived) throws IOException {
            if (executors.putIfAbsent(arrived.executor(), arrived.blas()) == null) {
                LOG.info("landscape4j: executor {}: {}", arrived.executor(), arrived.blas());
            }
            if (arrived.attempt() > 0) {
                retried++;
                LOG.info("landscape4j: task {} succeeded at attempt {}", arrived.partition(), arrived.attempt() + 1);
            }
            for (Object element : arrived.points()) {
                R point = (R) element;                     // the task ran this job's work
                int k = grid.index(point.i(), point.j());
                if (done.get(k)) {
                    continue;
                }
                result.append(work.cells(point));
                done.set(k);
                seen.accept(point);
                evaluated++;
            }
            result.flush();
            taskNanos += arrived.evaluateNanos();
            prepareNanos = Math.max(prepareNanos, arrived.prepareNanos());
            LOG.debug("landscape4j: task {} ({} points) from {} in {} ms", arrived.partition(), arrived.size(),
                    arrived.executor(), arrived.evaluateNanos() / 1_000_000);
        }

        void report(double seconds) {
            if (progress == null) {
                return;
            }
            try {
                progress.update(new SliceProgress.Progress(done.cardinality(), total, resumed, seconds));
            } catch (RuntimeException e) {
                LOG.warn("landscape4j: the progress callback threw", e);
            }
        }
    }

    /** The one element a task returns. */
    static final class First extends AbstractFunction1<scala.collection.Iterator<PartitionResult<?>>,
            PartitionResult<?>> implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public PartitionResult<?> apply(scala.collection.Iterator<PartitionResult<?>> results) {
            return results.next();
        }
    }

    /** Hands each successful task's result to the driver's writing loop (called on Spark's scheduler thread). */
    static final class Handler extends AbstractFunction2<Object, PartitionResult<?>, BoxedUnit> {
        private final BlockingQueue<PartitionResult<?>> arrivals;

        Handler(BlockingQueue<PartitionResult<?>> arrivals) {
            this.arrivals = arrivals;
        }

        @Override
        public BoxedUnit apply(Object partition, PartitionResult<?> result) {
            arrivals.add(result);
            return BoxedUnit.UNIT;
        }
    }

    static final class Done extends AbstractFunction0<BoxedUnit> {
        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }

    /** Collects the settings of an evaluator. */
    public static final class Builder extends ClusterWorkBuilder<Builder> {
        private int tasks;
        private int tasksPerSlot = 2;
        private SliceProgress progress;

        private Builder(GridCluster cluster) {
            super(cluster);
        }

        @Override
        Builder self() {
            return this;
        }

        /** The number of tasks the grid's domain is cut into (default: {@link #tasksPerSlot} per task slot). */
        public Builder tasks(int tasks) {
            if (tasks < 1) {
                throw new IllegalArgumentException("tasks = " + tasks + ": give at least 1");
            }
            this.tasks = tasks;
            return this;
        }

        /**
         * Tasks per task slot of the cluster when no task count is given (default 2): more tasks balance uneven
         * executors and lose less to a failure, each costs a task launch and an objective creation.
         */
        public Builder tasksPerSlot(int tasksPerSlot) {
            if (tasksPerSlot < 1) {
                throw new IllegalArgumentException("tasks per slot = " + tasksPerSlot + ": give at least 1");
            }
            this.tasksPerSlot = tasksPerSlot;
            return this;
        }

        /** Progress reports on the calling thread, about every 250 ms and at the end. */
        public Builder progress(SliceProgress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** @return the evaluator */
        public SparkGridEvaluator build() {
            return new SparkGridEvaluator(this);
        }
    }
}
