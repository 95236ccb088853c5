package org.landscape4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.landscape4j.slice.GridEvaluator;
import org.landscape4j.slice.GridPoint;
import org.landscape4j.slice.PointWork;

/**
 * The work of one task, run on an executor: takes the executor's prepared grid (built from the broadcast once per
 * executor, see {@link ExecutorState}) and evaluates the task's points with the local workers' own pool
 * ({@link GridEvaluator} with one worker: one objective for the partition) and the shipped
 * {@link PointWork}, so that a point's numbers are those of a local evaluation. A task killed by Spark (job
 * cancelled) stops between points (a long point, such as an eigenvalue map's, between two Hessian-vector products).
 */
final class GridTask implements FlatMapFunction<Iterator<Integer>, PartitionResult<?>> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<Shipment> shipment;
    private final TaskHook hook;
    private final int workerThreads;

    GridTask(Broadcast<Shipment> shipment, TaskHook hook, int workerThreads) {
        this.shipment = shipment;
        this.hook = hook;
        this.workerThreads = workerThreads;
    }

    @Override
    public Iterator<PartitionResult<?>> call(Iterator<Integer> points) throws Exception {
        TaskContext context = TaskContext.get();
        int partition = context.partitionId();
        int attempt = context.attemptNumber();
        hook.beforeTask(partition, attempt);
        List<Integer> list = new ArrayList<>();
        points.forEachRemaining(list::add);
        int[] ks = list.stream().mapToInt(Integer::intValue).toArray();
        String blas = ExecutorState.blasSettings(workerThreads);
        long prepareStart = System.nanoTime();
        ExecutorState.Prepared prepared = ExecutorState.prepared(shipment.id(), shipment::value);
        long prepareNanos = System.nanoTime() - prepareStart;
        long start = System.nanoTime();
        List<?> done = evaluate(prepared, shipment.value().work(), ks, context);
        long nanos = System.nanoTime() - start;
        return List.<PartitionResult<?>>of(new PartitionResult<>(partition, attempt, executor(), blas, nanos,
                prepareNanos, serializable(done))).iterator();
    }

    private <R extends GridPoint & Serializable> List<R> evaluate(ExecutorState.Prepared prepared,
                                                                  PointWork<R> work, int[] ks, TaskContext context)
            throws java.io.IOException {
        List<R> done = new ArrayList<>(ks.length);
        if (ks.length > 0) {
            GridEvaluator.builder(prepared.factory(), work).workers(1).build()
                    .evaluate(prepared.slice(), shipment.value().grid(), ks, done::add, context::isInterrupted);
        }
        return done;
    }

    @SuppressWarnings("unchecked")
    private static List<Serializable> serializable(List<?> points) {
        return (List<Serializable>) points;  // the results of a PointWork are Serializable by its type bound
    }

    /** @return this executor's id and host, for the driver's log */
    static String executor() {
        SparkEnv env = SparkEnv.get();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return (env == null ? "?" : env.executorId()) + "@" + host;
    }
}
