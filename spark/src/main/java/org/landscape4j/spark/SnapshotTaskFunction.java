package org.landscape4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.landscape4j.dl4j.network.Dl4jNetwork;
import org.landscape4j.dl4j.objective.ModelSources;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.slice.GridEvaluator;
import org.landscape4j.slice.GridPoint;
import org.landscape4j.slice.PointWork;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.VectorSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task of one snapshot's grid, on an executor: rebuilds the snapshot's network from the broadcast configuration
 * and the task's θ ({@link ModelSources#fromConfiguration}, as a local run rebuilds a snapshot from the run), builds
 * the objective factory on the broadcast data, makes the slice exactly as the driver did (its centre is a fresh
 * objective's θ in the slices' precision, its directions the driver's), checks it against the driver's fingerprints,
 * and evaluates the missing points with the local workers' pool (one worker: one objective for the whole grid).
 */
final class SnapshotTaskFunction implements FlatMapFunction<Iterator<SnapshotTask>, PartitionResult<?>> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTaskFunction.class);

    private final Broadcast<SnapshotShipment> shipment;
    private final TaskHook hook;

    SnapshotTaskFunction(Broadcast<SnapshotShipment> shipment, TaskHook hook) {
        this.shipment = shipment;
        this.hook = hook;
    }

    @Override
    public Iterator<PartitionResult<?>> call(Iterator<SnapshotTask> tasks) throws Exception {
        TaskContext context = TaskContext.get();
        hook.beforeTask(context.partitionId(), context.attemptNumber());
        SnapshotShipment shared = shipment.value();
        String blas = ExecutorState.blasSettings(shared.workerThreads());
        List<PartitionResult<?>> results = new ArrayList<>();
        while (tasks.hasNext()) {
            SnapshotTask task = tasks.next();
            long prepareStart = System.nanoTime();
            ObjectiveFactory factory;
            Slice slice;
            Path dir = Files.createTempDirectory("landscape4j-snapshot-");
            try (Dl4jNetwork network = ModelSources.fromConfiguration(shared.configurationJson(), task.parameters(),
                    task.iteration(), task.epoch())) {
                ObjectiveSpec spec = new ObjectiveSpec(shared.spec().model(),
                        ExecutorState.localData(shared.spec().data(), shared.data(), dir), shared.spec().precision());
                NetworkObjectiveFactory sliceFactory = NetworkObjectiveFactory.fromSpec(spec, network);
                slice = slice(shared, task, sliceFactory);
                factory = sliceFactory.withPrecision(task.precision());
            } finally {
                ExecutorState.deleteQuietly(dir);
            }
            long prepareNanos = System.nanoTime() - prepareStart;
            long start = System.nanoTime();
            List<?> done = evaluate(factory, task.work(), slice, shared, task.points(), context);
            long nanos = System.nanoTime() - start;
            LOG.info("landscape4j executor: {}: {} points of its {} in {} ms (prepared in {} ms)", task.label(),
                    done.size(), task.work().description(), nanos / 1_000_000, prepareNanos / 1_000_000);
            results.add(new PartitionResult<>(context.partitionId(), context.attemptNumber(), GridTask.executor(),
                    blas, nanos, prepareNanos, serializable(done)));
        }
        return results.iterator();
    }

    /**
     * The slice as the driver made it: centre c = θ as a fresh objective of the slices' precision holds it, then the
     * shipped directions.
     *
     * @throws IllegalStateException if its settings (vectors' fingerprints) are not the driver's
     */
    private static Slice slice(SnapshotShipment shared, SnapshotTask task, ObjectiveFactory sliceFactory)
            throws IOException {
        List<INDArray> vectors = new ArrayList<>();
        try (Objective probe = sliceFactory.create()) {
            vectors.add(probe.parameters().dup());
        }
        for (VectorSource direction : task.directions()) {
            vectors.add(direction.load());
        }
        Slice slice = shared.kind().create(vectors);
        if (!slice.settings().equals(task.sliceSettings())) {
            throw new IllegalStateException(task.label() + ": the slice rebuilt on this executor is not the driver's"
                    + " (settings " + slice.settings() + ", the driver's " + task.sliceSettings() + "): the run's"
                    + " configuration or θ did not arrive intact");
        }
        return slice;
    }

    private static <R extends GridPoint & Serializable> List<R> evaluate(ObjectiveFactory factory,
                                                                       PointWork<R> work, Slice slice,
                                                                       SnapshotShipment shared, int[] points,
                                                                       TaskContext context) throws IOException {
        List<R> done = new ArrayList<>(points.length);
        GridEvaluator.builder(factory, work).workers(1).build()
                .evaluate(slice, shared.grid(), points, done::add, context::isInterrupted);
        return done;
    }

    @SuppressWarnings("unchecked")
    private static List<Serializable> serializable(List<?> points) {
        return (List<Serializable>) points;  // the results of a PointWork are Serializable by its type bound
    }
}
