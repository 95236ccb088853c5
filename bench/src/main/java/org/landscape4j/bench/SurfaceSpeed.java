package org.landscape4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionSettings;
import org.landscape4j.direction.Directions;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceEvaluator;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * W1 and W2: the cost of a surface point, set against floors measured in the same run. Each round measures, in
 * turn: the bare forward pass of the network on the same data ({@code net.output(features)}, the floor), the loop
 * a DL4J user writes by hand ({@code params().assign(c + αd₁ + βd₂); score(data)}), and landscape4j's evaluator on
 * the whole filter-normalized plane with 1 worker (with and without the shared first-layer products) and with 2.
 *
 * <p><b>Threads.</b> {@code BenchMain} starts W1 and W2 with {@code OMP_NUM_THREADS=1} unless the user set it: the
 * floor is the single-thread forward pass, and the evaluator's parallelism is its workers, one thread each, as
 * DESIGN.md's speed facts recommend (libnd4j's element-wise parallelism would split a pass over threads whose CPU
 * the calling thread does not see). The JSON lines report the setting.
 *
 * <p><b>What is timed.</b> The CPU time of the thread doing the work (the calling thread for the forward pass and
 * the hand-written loop, the workers' own threads for the evaluator): on a shared, noisy machine it moves far less
 * than wall time, since time the thread spends descheduled is not counted. The 2-worker evaluator is also timed
 * by the wall clock, since its point is to use both cores; it is compared with the forward pass's wall time.
 * Rounds alternate the measures so that drift hits all alike; medians and quartiles are reported as JSON lines.
 * Targets (issue 7): 1 worker ≤ 1.0 × the forward pass (CPU), 2 workers ≤ 0.6 × (wall), the hand-written loop
 * ≥ 1.5 × slower than 1 worker (CPU).
 */
final class SurfaceSpeed {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final SurfaceWorkload workload;
    private final int rounds;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();

    SurfaceSpeed(SurfaceWorkload workload, int rounds, PrintStream out) {
        this.workload = workload;
        this.rounds = rounds;
        this.out = out;
    }

    /** One measurement: milliseconds of CPU (of the working threads) and of wall clock, per point or per pass. */
    private record Timing(double cpu, double wall) {
    }

    void run() throws IOException {
        MultiLayerNetwork net = workload.network(7);
        DataSet data = workload.data(11);
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(net).data(data)
                .batchSize(workload.examples()).build();
        INDArray centre = net.params().dup().reshape(net.numParams());
        DirectionSet directions = DirectionSet.prepare(List.of(
                Directions.random(0, centre.length(), DataType.FLOAT),
                Directions.random(1, centre.length(), DataType.FLOAT)), centre, factory.layout(),
                DirectionSettings.DEFAULT, false);
        Slice slice = Slice.plane(centre, directions.get(0).vector(), directions.get(1).vector());
        GridSpec grid = GridSpec.square(workload.side(), -1, 1);
        MultiLayerNetwork handNet = net.clone();
        Path scratch = Files.createTempDirectory("landscape4j-bench-" + workload.name());
        Map<String, List<Double>> series = new LinkedHashMap<>();
        try {
            forwardPass(net, data, 3);                                   // warm-up
            evaluator(factory, slice, grid, 1, true, scratch, -1);
            evaluator(factory, slice, grid, 1, false, scratch, -2);
            for (int r = 0; r < rounds; r++) {
                Timing f = forwardPass(net, data, Math.max(5, grid.points() / 10));
                Timing h = handWritten(handNet, data, centre, directions, grid);
                Timing e1 = evaluator(factory, slice, grid, 1, true, scratch, r * 3);
                Timing plain = evaluator(factory, slice, grid, 1, false, scratch, r * 3 + 1);
                Timing e2 = evaluator(factory, slice, grid, 2, true, scratch, r * 3 + 2);
                Map<String, Object> line = base();
                line.put("round", r);
                put(series, line, "forward_cpu_ms", f.cpu());
                put(series, line, "forward_wall_ms", f.wall());
                put(series, line, "hand_written_cpu_ms_per_point", h.cpu());
                put(series, line, "workers_1_cpu_ms_per_point", e1.cpu());
                put(series, line, "workers_1_plain_cpu_ms_per_point", plain.cpu());
                put(series, line, "workers_2_wall_ms_per_point", e2.wall());
                put(series, line, "workers_2_cpu_ms_per_point", e2.cpu());
                put(series, line, "ratio_workers_1_to_forward_cpu", e1.cpu() / f.cpu());
                put(series, line, "ratio_workers_2_to_forward_wall", e2.wall() / f.wall());
                put(series, line, "ratio_hand_written_to_workers_1_cpu", h.cpu() / e1.cpu());
                put(series, line, "ratio_plain_to_shared_first_layer_cpu", plain.cpu() / e1.cpu());
                emit(line);
            }
            Map<String, Object> summary = base();
            summary.put("summary", true);
            summary.put("rounds", rounds);
            for (Map.Entry<String, List<Double>> entry : series.entrySet()) {
                List<Double> values = entry.getValue();
                summary.put(entry.getKey() + "_median", ListenerOverhead.quantile(values, 0.5));
                summary.put(entry.getKey() + "_iqr", List.of(ListenerOverhead.quantile(values, 0.25),
                        ListenerOverhead.quantile(values, 0.75)));
            }
            Map<String, Double> targets = new LinkedHashMap<>();
            targets.put("ratio_workers_1_to_forward_cpu", 1.0);
            targets.put("ratio_workers_2_to_forward_wall", 0.6);
            targets.put("ratio_hand_written_to_workers_1_cpu", 1.5);
            summary.put("targets", targets);
            Map<String, Boolean> met = new LinkedHashMap<>();
            met.put("ratio_workers_1_to_forward_cpu",
                    ListenerOverhead.quantile(series.get("ratio_workers_1_to_forward_cpu"), 0.5) <= 1.0);
            met.put("ratio_workers_2_to_forward_wall",
                    ListenerOverhead.quantile(series.get("ratio_workers_2_to_forward_wall"), 0.5) <= 0.6);
            met.put("ratio_hand_written_to_workers_1_cpu",
                    ListenerOverhead.quantile(series.get("ratio_hand_written_to_workers_1_cpu"), 0.5) >= 1.5);
            summary.put("median_meets_target", met);
            emit(summary);
        } finally {
            try (Stream<Path> paths = Files.walk(scratch)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void put(Map<String, List<Double>> series, Map<String, Object> line, String key, double value) {
        series.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        line.put(key, value);
    }

    /** @return the median CPU and wall milliseconds of one forward pass over all examples */
    private static Timing forwardPass(MultiLayerNetwork net, DataSet data, int repeats) {
        List<Double> cpu = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        for (int k = 0; k < repeats; k++) {
            long startCpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            net.output(data.getFeatures(), false);
            wall.add((System.nanoTime() - start) / 1e6);
            cpu.add((THREADS.getCurrentThreadCpuTime() - startCpu) / 1e6);
        }
        return new Timing(ListenerOverhead.quantile(cpu, 0.5), ListenerOverhead.quantile(wall, 0.5));
    }

    /** @return milliseconds per point of the loop a user writes: assign c + αd₁ + βd₂, then score the data */
    private static Timing handWritten(MultiLayerNetwork net, DataSet data, INDArray c, DirectionSet d, GridSpec grid) {
        INDArray d1 = d.get(0).vector();
        INDArray d2 = d.get(1).vector();
        long startCpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        double sink = 0;
        for (int k = 0; k < grid.points(); k++) {
            double a = grid.alpha(grid.i(k));
            double b = grid.beta(grid.j(k));
            net.params().assign(c.add(d1.mul(a)).add(d2.mul(b)));
            sink += net.score(data, false);
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("the hand-written loop's losses are NaN");
        }
        return new Timing((THREADS.getCurrentThreadCpuTime() - startCpu) / 1e6 / grid.points(),
                (System.nanoTime() - start) / 1e6 / grid.points());
    }

    /** @return milliseconds per point of the evaluator on the whole plane: its workers' CPU time, and wall time */
    private static Timing evaluator(NetworkObjectiveFactory factory, Slice slice, GridSpec grid, int workers,
                                    boolean sharedWork, Path dir, int index) throws IOException {
        Results results = Results.at(dir);
        Provenance provenance = SliceTable.provenance(slice, grid, factory.provenance(), null, List.of(),
                Map.of(), Map.of("bench_run", index));
        AtomicLong workerCpu = new AtomicLong();
        AtomicInteger number = new AtomicInteger();
        ThreadFactory timed = task -> new Thread(() -> {
            try {
                task.run();
            } finally {
                workerCpu.addAndGet(THREADS.getCurrentThreadCpuTime());
            }
        }, "bench-slice-" + number.getAndIncrement());
        SliceSummary summary;
        try (PendingResult pending = results.startRows("plane-" + (index < 0 ? "warmup" + index : index),
                SliceTable.TABLE, provenance, SliceTable.ROWS_PER_BATCH)) {
            summary = SliceEvaluator.builder(factory).workers(workers).sharedWork(sharedWork).threadFactory(timed)
                    .build().evaluate(slice, grid, pending);
            pending.commit();
        }
        return new Timing(workerCpu.get() / 1e6 / summary.evaluated(), summary.millisecondsPerPoint());
    }

    private Map<String, Object> base() {
        return base(workload);
    }

    /** @return the fields every surface JSON line starts with: the workload and the BLAS threading it ran under */
    static Map<String, Object> base(SurfaceWorkload workload) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("workload", workload.name());
        line.put("network", workload.toString());
        line.put("openblas_coretype", System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset"));
        line.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        line.put("libnd4j_threads", Nd4j.getEnvironment().maxThreads());
        return line;
    }

    private void emit(Map<String, Object> line) throws IOException {
        out.println(json.writeValueAsString(line));
        out.flush();
    }
}
