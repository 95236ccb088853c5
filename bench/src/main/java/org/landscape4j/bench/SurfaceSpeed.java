package org.landscape4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * W1 and W2: the time per surface point, set against floors measured in the same run. Each round measures, in
 * turn: the bare forward pass of the network on the same data ({@code net.output(features)}, the floor: a point
 * cannot cost less), the loop a DL4J user writes by hand ({@code params().assign(c + αd₁ + βd₂); score(data)}),
 * and landscape4j's evaluator on the whole filter-normalized plane with 1 and with 2 workers. Rounds alternate
 * so that the machine's drift hits every measure alike; medians and spreads are reported as JSON lines with the
 * ratios. Targets (issue 7): 1 worker ≤ 1.0 × the forward pass, 2 workers ≤ 0.6 ×, the hand-written loop ≥ 1.5 ×
 * slower than 1 worker.
 */
final class SurfaceSpeed {

    private final SurfaceWorkload workload;
    private final int rounds;
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();

    SurfaceSpeed(SurfaceWorkload workload, int rounds, PrintStream out) {
        this.workload = workload;
        this.rounds = rounds;
        this.out = out;
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
        List<Double> forward = new ArrayList<>();
        List<Double> hand = new ArrayList<>();
        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        try {
            forwardPass(net, data, 3);                                   // warm-up
            evaluator(factory, slice, grid, 1, scratch, -1);
            for (int r = 0; r < rounds; r++) {
                double f = forwardPass(net, data, Math.max(5, grid.points() / 10));
                double h = handWritten(handNet, data, centre, directions, grid);
                double e1 = evaluator(factory, slice, grid, 1, scratch, r * 2);
                double e2 = evaluator(factory, slice, grid, 2, scratch, r * 2 + 1);
                forward.add(f);
                hand.add(h);
                one.add(e1);
                two.add(e2);
                Map<String, Object> line = base();
                line.put("round", r);
                line.put("forward_ms", f);
                line.put("hand_written_ms_per_point", h);
                line.put("workers_1_ms_per_point", e1);
                line.put("workers_2_ms_per_point", e2);
                emit(line);
            }
            Map<String, Object> summary = base();
            summary.put("summary", true);
            summary.put("rounds", rounds);
            double f = ListenerOverhead.quantile(forward, 0.5);
            double e1 = ListenerOverhead.quantile(one, 0.5);
            double e2 = ListenerOverhead.quantile(two, 0.5);
            double h = ListenerOverhead.quantile(hand, 0.5);
            summary.put("forward_ms_median", f);
            summary.put("workers_1_ms_per_point_median", e1);
            summary.put("workers_2_ms_per_point_median", e2);
            summary.put("hand_written_ms_per_point_median", h);
            summary.put("ratio_workers_1_to_forward", e1 / f);
            summary.put("ratio_workers_2_to_forward", e2 / f);
            summary.put("ratio_hand_written_to_workers_1", h / e1);
            summary.put("forward_ms_iqr", List.of(ListenerOverhead.quantile(forward, 0.25),
                    ListenerOverhead.quantile(forward, 0.75)));
            summary.put("workers_1_iqr", List.of(ListenerOverhead.quantile(one, 0.25), ListenerOverhead.quantile(one, 0.75)));
            summary.put("targets", Map.of("workers_1_to_forward", 1.0, "workers_2_to_forward", 0.6,
                    "hand_written_to_workers_1", 1.5));
            emit(summary);
        } finally {
            try (Stream<Path> paths = Files.walk(scratch)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** @return the median milliseconds of one forward pass over all examples */
    private static double forwardPass(MultiLayerNetwork net, DataSet data, int repeats) {
        List<Double> times = new ArrayList<>();
        for (int k = 0; k < repeats; k++) {
            long start = System.nanoTime();
            net.output(data.getFeatures(), false);
            times.add((System.nanoTime() - start) / 1e6);
        }
        return ListenerOverhead.quantile(times, 0.5);
    }

    /** @return milliseconds per point of the loop a user writes: assign c + αd₁ + βd₂, then score the data */
    private static double handWritten(MultiLayerNetwork net, DataSet data, INDArray c, DirectionSet d, GridSpec grid) {
        INDArray d1 = d.get(0).vector();
        INDArray d2 = d.get(1).vector();
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
        return (System.nanoTime() - start) / 1e6 / grid.points();
    }

    /** @return milliseconds per point of the evaluator on the whole plane */
    private static double evaluator(NetworkObjectiveFactory factory, Slice slice, GridSpec grid, int workers, Path dir,
                                    int index) throws IOException {
        Results results = Results.at(dir);
        Provenance provenance = SliceTable.provenance(slice, grid, factory.provenance(), null, List.of(),
                Map.of(), Map.of("bench_run", index));
        SliceSummary summary;
        try (PendingResult pending = results.startRows("plane-" + (index < 0 ? "warmup" : index), SliceTable.TABLE,
                provenance, SliceTable.ROWS_PER_BATCH)) {
            summary = SliceEvaluator.builder(factory).workers(workers).build().evaluate(slice, grid, pending);
            pending.commit();
        }
        return summary.millisecondsPerPoint();
    }

    private Map<String, Object> base() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("workload", workload.name());
        line.put("network", workload.toString());
        line.put("openblas_coretype", System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset"));
        line.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        return line;
    }

    private void emit(Map<String, Object> line) throws IOException {
        out.println(json.writeValueAsString(line));
        out.flush();
    }
}
