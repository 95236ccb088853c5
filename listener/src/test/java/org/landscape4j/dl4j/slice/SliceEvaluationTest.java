package org.landscape4j.dl4j.slice;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.objective.DataSource;
import org.landscape4j.objective.DataSpec;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Results;
import org.landscape4j.run.RowStreamReader;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.LineSlice;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceEvaluator;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.slice.SliceTask;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slices of real DL4J networks through the evaluator. Every comparison is bit for bit (records of doubles compare
 * with {@code Double.compare}): the evaluator's promise is that a point's value does not depend on which worker
 * computed it, how many there were, whether the run was interrupted and resumed, or which process evaluated it.
 * <ul>
 *   <li>1 and 2 workers give identical grids (the Fixtures classifier, FLOAT, a 9×9 plane);</li>
 *   <li>resume: cancelled after 30 of 81 points and restarted with 2 workers, only the 51 missing points are
 *       evaluated and the grid equals the uninterrupted one;</li>
 *   <li>divergence: a linear regression pushed to θ ≈ 1e160 has an infinite loss (the squares overflow), at
 *       1e308 NaN (θ itself overflows to ±∞ and X·W meets ∞ − ∞); both are rows, no exception;</li>
 *   <li>tasks: a grid cut into serialized {@link SliceTask}s, each evaluated by a factory built from the spec (as a
 *       cluster executor would), equals the local evaluation through a factory of the same spec.</li>
 * </ul>
 */
class SliceEvaluationTest {

    @TempDir
    Path dir;

    private static final DataSet DATA = Fixtures.classification(31, 64, Fixtures.INPUTS, Fixtures.CLASSES,
            DataType.FLOAT);

    private static Slice plane(MultiLayerNetwork network) {
        long p = network.numParams();
        INDArray c = network.params().dup().reshape(p);
        INDArray d1 = Fixtures.gaussian(41, 1, (int) p, DataType.FLOAT).reshape(p).muli(0.5);
        INDArray d2 = Fixtures.gaussian(42, 1, (int) p, DataType.FLOAT).reshape(p).muli(0.5);
        return Slice.plane(c, d1, d2);
    }

    private TreeMap<Integer, SlicePoint> evaluate(String name, ObjectiveFactory factory, Slice slice, GridSpec grid,
                                                  int workers) throws IOException {
        Results results = Results.at(dir);
        try (PendingResult pending = results.startRows(name, SliceTable.TABLE, SliceTable.provenance(slice, grid,
                factory.provenance(), null, List.of(), Map.of(), Map.of()), SliceTable.ROWS_PER_BATCH)) {
            SliceEvaluator.builder(factory).workers(workers).build().evaluate(slice, grid, pending);
            pending.commit();
        }
        return byIndex(SliceTable.read(results.file(name)), grid);
    }

    private static TreeMap<Integer, SlicePoint> byIndex(List<SlicePoint> points, GridSpec grid) {
        TreeMap<Integer, SlicePoint> map = new TreeMap<>();
        for (SlicePoint point : points) {
            assertNull(map.put(grid.index(point.i(), point.j()), point), "each point once");
        }
        return map;
    }

    @Test
    void oneAndTwoWorkersGiveBitIdenticalGridsAndResumeChangesNothing() throws IOException {
        MultiLayerNetwork network = Fixtures.classifier(DataType.FLOAT);
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(network).data(DATA).batchSize(16).build();
        Slice slice = plane(network);
        GridSpec grid = GridSpec.square(9, -1, 1);

        TreeMap<Integer, SlicePoint> one = evaluate("one", factory, slice, grid, 1);
        TreeMap<Integer, SlicePoint> two = evaluate("two", factory, slice, grid, 2);
        assertEquals(81, one.size());
        assertEquals(one, two, "1 and 2 workers: bit-identical");
        for (SlicePoint point : one.values()) {
            assertTrue(point.hasAccuracy(), "a classifier has an accuracy");
            assertEquals(64, point.examples());
            assertTrue(point.isFinite());
        }

        // resume: one worker cancelled after exactly 30 points, then two workers to the end
        Results results = Results.at(dir);
        CountingFactory first = new CountingFactory(factory);
        try (PendingResult pending = results.startRows("resumed", SliceTable.TABLE, SliceTable.provenance(slice,
                grid, factory.provenance(), null, List.of(), Map.of(), Map.of()), SliceTable.ROWS_PER_BATCH)) {
            assertThrows(CancellationException.class, () -> SliceEvaluator.builder(first).build()
                    .evaluate(slice, grid, pending, () -> first.evaluations.get() >= 30));
        }
        assertEquals(30, first.evaluations.get());
        CountingFactory second = new CountingFactory(factory);
        try (PendingResult pending = results.startRows("resumed", SliceTable.TABLE, SliceTable.provenance(slice,
                grid, factory.provenance(), null, List.of(), Map.of(), Map.of()), SliceTable.ROWS_PER_BATCH)) {
            assertEquals(30, pending.resumedRows().size());
            SliceSummary summary = SliceEvaluator.builder(second).workers(2).build().evaluate(slice, grid, pending);
            pending.commit();
            assertEquals(51, summary.evaluated());
            assertEquals(30, summary.resumed());
        }
        assertEquals(51, second.evaluations.get(), "only the missing points were evaluated");
        assertEquals(one, byIndex(SliceTable.read(results.file("resumed")), grid),
                "the resumed grid equals the uninterrupted one, bit for bit");
    }

    /**
     * The shared first-layer products (on by default) against every point evaluated from scratch: equal to float
     * rounding. FLOAT network, 64 examples: the two differ by the rounding of the first layer's sums (a few u =
     * 6e-8 per pre-activation), so 1e-5 relative on losses of order 1 leaves margin while any wrong product or
     * weight would show at order 1e-2 or more.
     */
    @Test
    void sharedFirstLayerProductsEqualThePlainEvaluation() throws IOException {
        MultiLayerNetwork network = Fixtures.classifier(DataType.FLOAT);
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(network).data(DATA).batchSize(16).build();
        Slice slice = plane(network);
        GridSpec grid = GridSpec.square(5, -1, 1);
        TreeMap<Integer, SlicePoint> shared = evaluate("shared", factory, slice, grid, 1);
        Results results = Results.at(dir);
        try (PendingResult pending = results.startRows("plain", SliceTable.TABLE, SliceTable.provenance(slice, grid,
                factory.provenance(), null, List.of(), Map.of(), Map.of()), SliceTable.ROWS_PER_BATCH)) {
            SliceEvaluator.builder(factory).sharedWork(false).build().evaluate(slice, grid, pending);
            pending.commit();
        }
        TreeMap<Integer, SlicePoint> plain = byIndex(SliceTable.read(results.file("plain")), grid);
        assertEquals(plain.keySet(), shared.keySet());
        for (Integer k : plain.keySet()) {
            assertEquals(plain.get(k).loss(), shared.get(k).loss(), 1e-5 * plain.get(k).loss(), "point " + k);
            assertEquals(plain.get(k).accuracy(), shared.get(k).accuracy(), 0.0, "point " + k);
        }
    }

    @Test
    void overflowingLossesAreRecordedAsInfinityAndNaN() throws IOException {
        MultiLayerNetwork network = Fixtures.linearRegression(DataType.DOUBLE, 3, 2);
        DataSet data = Fixtures.regression(73, 30, 3, 2, DataType.DOUBLE);
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(network).data(data).build();
        long p = network.numParams(); // W [3, 2] ('f': W[r][k] at r + 3k), then b [2]
        INDArray c = network.params().dup().reshape(p);

        // squares overflow: ŷ ≈ 1e160 gives (ŷ − y)² ≈ 1e320 > 1.8e308, an infinite mean
        LineSlice large = Slice.line(c, Fixtures.gaussian(74, 1, (int) p, DataType.DOUBLE).reshape(p));
        GridSpec toLarge = GridSpec.line(3, 0, 1e160);
        TreeMap<Integer, SlicePoint> far = evaluate("large", factory, large, toLarge, 2);
        assertTrue(Double.isFinite(far.get(0).loss()), "finite at c");
        assertEquals(Double.POSITIVE_INFINITY, far.get(1).loss(), "α = 5e159");
        assertEquals(Double.POSITIVE_INFINITY, far.get(2).loss(), "α = 1e160");

        // θ overflows: W[0][0] → +∞, W[1][0] → −∞, so x₀·∞ + x₁·(−∞) is NaN for every example with x₀, x₁ of one sign
        INDArray opposite = c.mul(0);
        opposite.putScalar(0, 10.0);
        opposite.putScalar(1, -10.0);
        LineSlice infinite = Slice.line(c, opposite);
        GridSpec toInfinity = GridSpec.line(2, 0, 1e308);
        Results results = Results.at(dir);
        SliceSummary summary;
        try (PendingResult pending = results.startRows("infinite", SliceTable.TABLE, SliceTable.provenance(infinite,
                toInfinity, factory.provenance(), null, List.of(), Map.of(), Map.of()), SliceTable.ROWS_PER_BATCH)) {
            summary = SliceEvaluator.builder(factory).build().evaluate(infinite, toInfinity, pending);
            pending.commit();
        }
        List<ScalarRow> rows = RowStreamReader.read(results.file("infinite"), SliceTable.TABLE, null, true).rows();
        assertEquals(2, rows.size(), "no gap");
        ScalarRow diverged = rows.get(0).getInt(SliceTable.I) == 1 ? rows.get(0) : rows.get(1);
        assertFalse(diverged.isNull(SliceTable.LOSS), "a value, not a missing cell");
        assertTrue(Double.isNaN(diverged.getDouble(SliceTable.LOSS)), "NaN: " + diverged);
        assertTrue(diverged.isNull(SliceTable.ACCURACY));
        assertEquals(1, summary.nonFinite());
        assertEquals(0.0, summary.minimum().alpha(), "the NaN point is no extreme");
    }

    @Test
    void serializedTasksEvaluatedFromTheSpecEqualTheLocalEvaluation() throws Exception {
        MultiLayerNetwork network = Fixtures.classifier(DataType.FLOAT);
        Path file = dir.resolve("model.zip");
        ModelSerializer.writeModel(network, file.toFile(), false);
        DataSource.InMemory data = new DataSource.InMemory(DATA.getFeatures().data().asFloat(),
                DATA.getFeatures().shape(), DATA.getLabels().data().asFloat(), DATA.getLabels().shape());
        ObjectiveSpec spec = new ObjectiveSpec(new ModelSource.ModelFile(file.toString()), DataSpec.of(data, 16),
                Precision.FLOAT);
        Slice slice = plane(network);
        GridSpec grid = GridSpec.plane(7, 6, -1, 1, -0.5, 0.5);
        TreeMap<Integer, SlicePoint> local = evaluate("local", NetworkObjectiveFactory.fromSpec(spec), slice, grid, 2);

        List<SliceTask> tasks = SliceTask.split(spec, slice, grid, null, 10);
        assertEquals(5, tasks.size());
        List<SlicePoint> gathered = new ArrayList<>();
        for (SliceTask task : tasks) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(task);
            }
            SliceTask received;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                received = (SliceTask) in.readObject();
            }
            // an executor: its own factory from the task's spec, one worker
            gathered.addAll(received.evaluate(NetworkObjectiveFactory.fromSpec(received.objective())));
        }
        assertEquals(local, byIndex(gathered, grid), "the tasks' points equal the local ones, bit for bit");
        assertTrue(Files.exists(file));
    }
}
