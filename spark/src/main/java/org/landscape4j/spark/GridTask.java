package org.landscape4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.landscape4j.slice.SliceEvaluator;
import org.landscape4j.slice.SlicePoint;

/**
 * The work of one task, run on an executor: takes the executor's prepared grid (built from the broadcast once per
 * executor, see {@link ExecutorState}) and evaluates the task's points through the local evaluator's own code
 * ({@link SliceEvaluator#evaluate(org.landscape4j.slice.Slice, org.landscape4j.slice.GridSpec, int[],
 * SliceEvaluator.Sink, java.util.function.BooleanSupplier)}, one worker: one objective for the partition), so that a
 * point's numbers are those of a local evaluation. A task killed by Spark (job cancelled) stops between points.
 */
final class GridTask implements FlatMapFunction<Iterator<Integer>, PartitionResult> {

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
    public Iterator<PartitionResult> call(Iterator<Integer> points) throws Exception {
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
        List<SlicePoint> done = new ArrayList<>(ks.length);
        long start = System.nanoTime();
        if (ks.length > 0) {
            SliceEvaluator.builder(prepared.factory()).workers(1).build()
                    .evaluate(prepared.slice(), shipment.value().grid(), ks, done::add, context::isInterrupted);
        }
        long nanos = System.nanoTime() - start;
        SparkEnv env = SparkEnv.get();
        String executor = (env == null ? "?" : env.executorId()) + "@" + hostName();
        return List.of(PartitionResult.of(partition, attempt, executor, blas, nanos, prepareNanos, done)).iterator();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
