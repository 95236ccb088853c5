package org.landscape4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
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
import org.landscape4j.objective.Precision;
import org.landscape4j.run.PendingResult;
import org.landscape4j.slice.GridEvaluator;
import org.landscape4j.slice.GridPoint;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.PointWork;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceKind;
import org.landscape4j.slice.VectorSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * Slices around many snapshots of one run on a Spark cluster, one task per snapshot: each task evaluates that
 * snapshot's whole grid (the points its result misses) with one objective, by the local workers' pool.
 *
 * <pre>{@code
 * SparkSnapshotEvaluator evaluator = SparkSnapshotEvaluator.builder(cluster).build();
 * evaluator.evaluate(spec, networkJson, SliceKind.PLANE, grid, grids, () -> false);   // grids: prepared lazily
 * }</pre>
 *
 * <p><b>What travels.</b> Once, by broadcast ({@link SnapshotShipment}): the run's network configuration, the data (its
 * bytes up to the broadcast limit, or the path every executor reads, checked first), the batching, the slices' kind
 * and the grid. Per task, in its one element ({@link SnapshotTask}): that snapshot's θ and counters, its slice's
 * directions (normalized against that θ on the driver, so that the executor does not recompute them), the work, and
 * the missing points. An executor rebuilds the network as a local run rebuilds a snapshot, makes the slice exactly
 * as the driver did (the centre is a fresh objective's θ) and checks it against the driver's fingerprints.
 *
 * <p><b>Flow.</b> The snapshots' grids come from an iterator, prepared by the caller one at a time when a task slot
 * is free (at most {@link Builder#inFlight} jobs, default: the cluster's task slots, so that the driver holds that
 * many snapshots' vectors, not all of them). Each is a one-task job; when it completes, its points are appended to
 * its {@link PendingResult} and flushed, and the caller's {@link SnapshotGrid#completed} commits it. The first grid
 * is prepared, and the data checked, before any task runs: bad input fails before any work. A grid whose partial
 * result already holds every point completes without a task.
 *
 * <p><b>Failures.</b> A failed task is retried by Spark; a job that fails anyway stops the submission of further
 * snapshots, the jobs in flight complete and are written, and {@link SparkGridException} names the snapshot. A
 * killed driver loses the snapshots in flight only (their tasks return their points when they end): the completed
 * snapshots are committed, and running the same computation again skips them (the caller's business) and resumes a
 * partial one from its rows.
 */
public final class SparkSnapshotEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(SparkSnapshotEvaluator.class);

    private final GridCluster cluster;
    private final DataShipping shipping;
    private final long broadcastLimit;
    private final TaskHook hook;
    private final int inFlight;

    private SparkSnapshotEvaluator(Builder builder) {
        this.cluster = builder.cluster;
        this.shipping = builder.shipping;
        this.broadcastLimit = builder.broadcastLimit;
        this.hook = builder.hook;
        this.inFlight = builder.inFlight > 0 ? builder.inFlight : Math.max(1, builder.cluster.taskSlots());
    }

    /** @return a builder of an evaluator on {@code cluster} */
    public static Builder builder(GridCluster cluster) {
        return new Builder(cluster);
    }

    /**
     * @return the provenance setting {@value SparkGridEvaluator#SETTING} of every snapshot's result: {"master": URL,
     *         "tasks": 1} (its grid was one task)
     */
    public Map<String, Object> provenanceSettings() {
        Map<String, Object> spark = new LinkedHashMap<>();
        spark.put("master", cluster.master());
        spark.put("tasks", 1);
        return Map.of(SparkGridEvaluator.SETTING, spark);
    }

    /**
     * θ of one snapshot and its counters, as {@code snapshots.arrows} holds them.
     *
     * @param parameters θ (float32, as recorded)
     * @param iteration  the snapshot's iteration
     * @param epoch      the snapshot's epoch
     */
    public record SnapshotModel(float[] parameters, long iteration, long epoch) {
        public SnapshotModel {
            Objects.requireNonNull(parameters, "parameters");
        }
    }

    /** What the caller does with a completed grid: commit its result, report it. */
    @FunctionalInterface
    public interface Completion {
        /** @param outcome the grid's points (resumed and evaluated) and how its task ran */
        void completed(SparkOutcome outcome) throws IOException;
    }

    /**
     * One snapshot's grid.
     *
     * @param label     the snapshot, for messages and the job's description
     * @param model     the snapshot's θ and counters
     * @param slice     the slice the driver made around the snapshot: its centre is θ (in the spec's precision), its
     *                  other vectors the directions; its settings go to the task for the executor's check
     * @param work      what to compute at each point
     * @param precision the precision of the work's objectives (the spec's for the loss, DOUBLE for an eigenvalue map)
     * @param result    the pending result, started with the snapshot's provenance and {@link #provenanceSettings};
     *                  its rows are checked and skipped. The evaluator appends and flushes, and closes it (keeping the
     *                  partial file) if the grid does not complete
     * @param seen      told every point, resumed ones first, on the calling thread
     * @param completion called on the calling thread once every point is in {@code result}
     * @param <R>       the result of one point
     */
    public record SnapshotGrid<R extends GridPoint & Serializable>(String label, SnapshotModel model, Slice slice,
                                                                    PointWork<R> work, Precision precision,
                                                                    PendingResult result, Consumer<? super R> seen,
                                                                    Completion completion) {
        public SnapshotGrid {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(slice, "slice");
            Objects.requireNonNull(work, "work");
            Objects.requireNonNull(precision, "precision");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(seen, "seen");
            Objects.requireNonNull(completion, "completion");
        }
    }

    /**
     * Evaluates every grid the iterator gives, one task per grid.
     *
     * @param spec              the objective: data, batching, subsample and the slices' precision (its model source
     *                          is each grid's snapshot, shipped with the grid)
     * @param configurationJson the run's network configuration ({@code network.json})
     * @param kind              the slices' kind: {@link SliceKind#LINE} or {@link SliceKind#PLANE}
     * @param grid              the grid of every slice
     * @param grids             the snapshots' grids, in the order to submit them; {@code next()} is called when a task
     *                          slot is free (it may prepare the grid then: load the snapshot, make its directions) and
     *                          may throw to stop the run (the jobs in flight complete first)
     * @param cancelled         polled on the driver about every 100 ms
     * @throws IllegalArgumentException if a slice's P is not its snapshot's, or a slice is not of {@code kind}
     * @throws SparkGridException       if the executors cannot read the data (before any task), or a snapshot's job
     *                                  failed after Spark's retries
     * @throws CancellationException    if cancelled (the jobs in flight are cancelled; their partial results stay)
     */
    public void evaluate(ObjectiveSpec spec, String configurationJson, SliceKind kind, GridSpec grid,
                         Iterator<? extends SnapshotGrid<?>> grids, BooleanSupplier cancelled) throws IOException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(configurationJson, "configurationJson");
        Objects.requireNonNull(grids, "grids");
        Objects.requireNonNull(cancelled, "cancelled");
        if (kind != SliceKind.LINE && kind != SliceKind.PLANE) {
            throw new IllegalArgumentException("slices of snapshots are lines or planes around them, not a "
                    + kind.id());
        }
        if (!grids.hasNext()) {
            return;
        }
        SnapshotGrid<?> first = grids.next();          // prepared (and checked) before anything is shipped
        JavaSparkContext context = cluster.context();
        byte[] data = Shipments.dataBytes(context, spec, shipping, broadcastLimit);
        Broadcast<SnapshotShipment> broadcast = context.broadcast(new SnapshotShipment(spec, configurationJson, data,
                kind, grid, cluster.threadsPerExecutor()));
        Run run = new Run(context, broadcast, kind, grid, cancelled);
        try {
            run.execute(first, grids);
        } finally {
            broadcast.destroy();
        }
    }

    /** The driver's side: grids in flight, their arrivals, the first failure. */
    private final class Run {
        final JavaSparkContext context;
        final Broadcast<SnapshotShipment> broadcast;
        final SliceKind kind;
        final GridSpec grid;
        final BooleanSupplier cancelled;
        final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        final Map<Integer, Flight<?>> flights = new LinkedHashMap<>();
        int submitted;
        IOException failure;
        RuntimeException preparation;
        boolean stopped;

        Run(JavaSparkContext context, Broadcast<SnapshotShipment> broadcast, SliceKind kind, GridSpec grid,
            BooleanSupplier cancelled) {
            this.context = context;
            this.broadcast = broadcast;
            this.kind = kind;
            this.grid = grid;
            this.cancelled = cancelled;
        }

        void execute(SnapshotGrid<?> first, Iterator<? extends SnapshotGrid<?>> grids) throws IOException {
            SnapshotGrid<?> next = first;
            try {
                while (true) {
                    while (next != null && flights.size() < inFlight && failure == null && preparation == null
                            && !stopped) {
                        SnapshotGrid<?> unit = next;
                        next = null;
                        try {
                            start(unit);
                        } catch (IOException | RuntimeException e) {
                            unit.result().close();
                            throw e;
                        }
                        try {
                            next = grids.hasNext() ? grids.next() : null;
                        } catch (RuntimeException e) {
                            preparation = e;
                        }
                    }
                    if (flights.isEmpty()) {
                        break;
                    }
                    Arrival arrival = poll();
                    if (arrival != null) {
                        land(arrival);
                    }
                    collectFailures();
                    if (!stopped && (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted())) {
                        stopped = true;
                        for (Flight<?> flight : flights.values()) {
                            flight.future.cancel();
                        }
                    }
                }
            } finally {
                for (Flight<?> flight : flights.values()) {
                    flight.future.cancel();
                    flight.grid.result().close();
                }
                if (next != null) {
                    next.result().close();                  // prepared, never started
                }
            }
            if (preparation != null) {
                throw preparation;
            }
            if (failure != null) {
                throw failure;
            }
            if (stopped) {
                throw new CancellationException("the slices of the snapshots were cancelled after " + submitted
                        + " were started; the completed ones are committed, and running the same computation again"
                        + " resumes the others");
            }
        }

        private Arrival poll() {
            try {
                return arrivals.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** Submits one grid as a one-task job, or completes it at once when its result holds every point. */
        private <R extends GridPoint & Serializable> void start(SnapshotGrid<R> unit) throws IOException {
            Slice slice = unit.slice();
            if (slice.kind() != kind) {
                throw new IllegalArgumentException(unit.label() + ": a " + slice.kind().id() + " among slices of kind "
                        + kind.id());
            }
            if (unit.model().parameters().length != slice.parameterCount()) {
                throw new IllegalArgumentException(unit.label() + ": θ has " + unit.model().parameters().length
                        + " parameters but the slice's vectors have " + slice.parameterCount()
                        + ": the directions were made for another model");
            }
            slice.checkGrid(grid);
            long start = System.nanoTime();
            int[] domain = slice.domainPoints(grid);
            BitSet done = new BitSet(grid.points());
            for (R point : GridEvaluator.resumed(unit.result(), unit.work(), slice, grid)) {
                done.set(grid.index(point.i(), point.j()));
                unit.seen().accept(point);
            }
            int resumed = done.cardinality();
            List<Integer> todo = new ArrayList<>();
            for (int k : domain) {
                if (!done.get(k)) {
                    todo.add(k);
                }
            }
            Flight<R> flight = new Flight<>(unit, done, domain.length, resumed, start);
            if (todo.isEmpty()) {
                flight.complete(0, 0, 0, Map.of());
                return;
            }
            List<VectorSource> directions = new ArrayList<>();
            List<INDArray> vectors = slice.vectors();
            for (int v = 1; v < vectors.size(); v++) {
                directions.add(VectorSource.inline(vectors.get(v)));
            }
            SnapshotTask task = new SnapshotTask(unit.label(), unit.model().parameters(), unit.model().iteration(),
                    unit.model().epoch(), directions, unit.work(), unit.precision(),
                    todo.stream().mapToInt(Integer::intValue).toArray(), slice.settings());
            int id = submitted++;
            context.setJobDescription("landscape4j " + unit.work().description() + " of " + unit.label() + ": "
                    + todo.size() + " points in one task");
            try {
                JavaRDD<PartitionResult<?>> rdd = context.parallelize(List.of(task), 1)
                        .mapPartitions(new SnapshotTaskFunction(broadcast, hook));
                flight.future = context.sc().submitJob(rdd.rdd(), new SparkGridEvaluator.First(),
                        scala.jdk.javaapi.CollectionConverters.asScala(List.<Object>of(0)).toSeq(),
                        new Handler(id, arrivals), new SparkGridEvaluator.Done());
            } finally {
                context.setJobDescription(null);
            }
            flights.put(id, flight);
            LOG.info("landscape4j: {} ({}): {} points in one task on {}", unit.label(), unit.work().description(),
                    todo.size(), cluster.master());
        }

        private void land(Arrival arrival) throws IOException {
            Flight<?> flight = flights.remove(arrival.id());
            if (flight == null) {
                return;
            }
            try {
                flight.land(arrival.result());
            } catch (IOException | RuntimeException e) {
                flight.grid.result().close();
                if (failure == null) {
                    failure = e instanceof IOException io ? io : new IOException(flight.grid.label() + ": " + e, e);
                }
            }
        }

        /** Jobs that ended without a result: failed after Spark's retries, or cancelled. */
        private void collectFailures() {
            List<Integer> ended = new ArrayList<>();
            for (Map.Entry<Integer, Flight<?>> entry : flights.entrySet()) {
                SimpleFutureAction<BoxedUnit> future = entry.getValue().future;
                if (future.isCompleted() && arrivals.stream().noneMatch(a -> a.id() == entry.getKey())) {
                    ended.add(entry.getKey());
                }
            }
            for (int id : ended) {
                Flight<?> flight = flights.remove(id);
                flight.grid.result().close();
                try {
                    flight.future.get();
                } catch (Exception e) {
                    if (!stopped && failure == null) {
                        failure = new SparkGridException("the Spark job of " + flight.grid.label() + " failed: "
                                + SparkGridEvaluator.reason(e) + ". The snapshots completed before are committed;"
                                + " running the same computation again skips them and resumes the others", e);
                    }
                }
            }
        }
    }

    /** A grid in flight: its unit, what its result already holds, its job. */
    private static final class Flight<R extends GridPoint & Serializable> {
        final SnapshotGrid<R> grid;
        final BitSet done;
        final int total;
        final int resumed;
        final long start;
        SimpleFutureAction<BoxedUnit> future;

        Flight(SnapshotGrid<R> grid, BitSet done, int total, int resumed, long start) {
            this.grid = grid;
            this.done = done;
            this.total = total;
            this.resumed = resumed;
            this.start = start;
        }

        @SuppressWarnings("unchecked")
        void land(PartitionResult<?> arrived) throws IOException {
            PendingResult result = grid.result();
            int evaluated = 0;
            for (Object element : arrived.points()) {
                R point = (R) element;                     // the task ran this grid's work
                result.append(grid.work().cells(point));
                grid.seen().accept(point);
                evaluated++;
            }
            result.flush();
            if (arrived.attempt() > 0) {
                LOG.info("landscape4j: {} succeeded at attempt {}", grid.label(), arrived.attempt() + 1);
            }
            if (resumed + evaluated != total) {
                throw new IllegalStateException(grid.label() + ": its task returned " + evaluated + " points, "
                        + (total - resumed) + " were missing");
            }
            complete(evaluated, arrived.evaluateNanos(), arrived.prepareNanos(),
                    Map.of(arrived.executor(), arrived.blas()));
        }

        void complete(int evaluated, long taskNanos, long prepareNanos, Map<String, String> executors)
                throws IOException {
            double seconds = (System.nanoTime() - start) / 1e9;
            SparkOutcome outcome = new SparkOutcome(new GridEvaluator.Outcome(total, evaluated, resumed, seconds,
                    evaluated == 0 ? 0 : 1), evaluated == 0 ? 0 : 1, 0,
                    evaluated == 0 ? Double.NaN : taskNanos / 1e6 / evaluated, prepareNanos / 1e6, executors);
            grid.completion().completed(outcome);
        }
    }

    private record Arrival(int id, PartitionResult<?> result) {
    }

    /** Hands a snapshot's task result to the driver's loop (called on Spark's scheduler thread). */
    private static final class Handler extends AbstractFunction2<Object, PartitionResult<?>, BoxedUnit> {
        private final int id;
        private final BlockingQueue<Arrival> arrivals;

        Handler(int id, BlockingQueue<Arrival> arrivals) {
            this.id = id;
            this.arrivals = arrivals;
        }

        @Override
        public BoxedUnit apply(Object partition, PartitionResult<?> result) {
            arrivals.add(new Arrival(id, result));
            return BoxedUnit.UNIT;
        }
    }

    /** Collects the settings of an evaluator. */
    public static final class Builder extends ClusterWorkBuilder<Builder> {
        private int inFlight;

        private Builder(GridCluster cluster) {
            super(cluster);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The most snapshots in flight at once (default: the cluster's task slots): the driver holds that many
         * snapshots' θ and directions.
         */
        public Builder inFlight(int grids) {
            if (grids < 1) {
                throw new IllegalArgumentException("in flight = " + grids + ": give at least 1");
            }
            this.inFlight = grids;
            return this;
        }

        /** @return the evaluator */
        public SparkSnapshotEvaluator build() {
            return new SparkSnapshotEvaluator(this);
        }
    }
}
