package org.landscape4j.dl4j.slice;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.linalg.Blas;
import org.landscape4j.objective.Objective;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceEvaluator;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measures (prints, asserts nothing about time) the cost of a surface point on DESIGN.md's W1 (MLP 64-128-128-10,
 * tanh, softmax + cross-entropy, 2000 samples, a 21 × 21 plane) next to the floor, one bare DL4J forward pass
 * {@code net.output(features)} of the same network on the same data, all in one JVM run:
 * <ul>
 *   <li>forward: {@code net.output(features)}, 10 warm-up calls, then the mean of 50;</li>
 *   <li>objective: one objective, {@code Blas.combine} + {@code evaluate()} per point, no evaluator;</li>
 *   <li>evaluator, 1 and 2 workers: the wall time of {@link SliceEvaluator#evaluate} over the 441 points into a
 *       pending result (objective creation included) divided by 441; each twice, the first warming up.</li>
 * </ul>
 * The directions are seeded Gaussians scaled to 0.1 per entry (the cost of a point does not depend on how the
 * directions were normalized). Speed belongs in benchmarks, not in the unit tests: this class is outside Surefire's
 * default includes and runs only when named:
 * {@code mvn -B -o -pl listener -am test -Dtest=SliceSpeedMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SliceSpeedMeasurement {

    @TempDir
    Path dir;

    @Test
    void w1SurfacePointVersusBareForwardPass() throws Exception {
        MultiLayerNetwork network = Fixtures.w1(DataType.FLOAT);
        long p = network.numParams();
        DataSet data = Fixtures.classification(11, 2000, 64, 10, DataType.FLOAT);
        INDArray features = data.getFeatures();

        for (int i = 0; i < 10; i++) {
            network.output(features);
        }
        int calls = 50;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            network.output(features);
        }
        double forward = (System.nanoTime() - start) / 1e6 / calls;

        NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(network).data(data).build();
        INDArray c = network.params().dup().reshape(p);
        INDArray d1 = Fixtures.gaussian(12, 1, (int) p, DataType.FLOAT).reshape(p).muli(0.1);
        INDArray d2 = Fixtures.gaussian(13, 1, (int) p, DataType.FLOAT).reshape(p).muli(0.1);
        Slice slice = Slice.plane(c, d1, d2);
        GridSpec grid = GridSpec.square(21, -1, 1);

        double direct;
        try (Objective objective = factory.create()) {
            for (int i = 0; i < 10; i++) {
                Blas.combine(c, 0.01 * i, d1, 0.0, d2, objective.parameters());
                objective.evaluate();
            }
            start = System.nanoTime();
            for (int j = 0; j < grid.ny(); j++) {
                for (int i = 0; i < grid.nx(); i++) {
                    slice.point(grid.alpha(i), grid.beta(j), objective.parameters());
                    objective.evaluate();
                }
            }
            direct = (System.nanoTime() - start) / 1e6 / grid.points();
        }

        double[][] evaluator = new double[3][2];
        Results results = Results.at(dir);
        int run = 0;
        for (int round = 0; round < 2; round++) {
            for (int workers = 1; workers <= 2; workers++) {
                String name = "w1-" + workers + "-" + round;
                try (PendingResult pending = results.startRows(name, SliceTable.TABLE, SliceTable.provenance(slice,
                        grid, factory.provenance(), null, List.of(), Map.of(), Map.of()), SliceTable.ROWS_PER_BATCH)) {
                    SliceSummary summary = SliceEvaluator.builder(factory).workers(workers).build()
                            .evaluate(slice, grid, pending);
                    pending.commit();
                    assertEquals(441, summary.evaluated());
                    evaluator[workers][round] = summary.millisecondsPerPoint();
                }
                run++;
            }
        }
        assertEquals(4, run);
        System.out.printf(Locale.ROOT, "{\"workload\":\"W1 slice\",\"parameters\":%d,\"examples\":2000,"
                        + "\"grid\":\"21x21\",\"load_average\":%.2f,\"forward_ms\":%.2f,"
                        + "\"objective_ms_per_point\":%.2f,\"evaluator_1_worker_ms_per_point\":[%.2f,%.2f],"
                        + "\"evaluator_2_workers_ms_per_point\":[%.2f,%.2f],"
                        + "\"ratio_objective\":%.2f,\"ratio_1_worker\":%.2f,\"ratio_2_workers\":%.2f}%n", p,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), forward, direct,
                evaluator[1][0], evaluator[1][1], evaluator[2][0], evaluator[2][1], direct / forward,
                evaluator[1][1] / forward, evaluator[2][1] / forward);
    }
}
