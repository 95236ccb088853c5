package org.landscape4j.slice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.landscape4j.slice.GridSpecTest.assertMessage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleUnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.objective.DataSource;
import org.landscape4j.objective.DataSpec;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.ArrowMemory;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.ReadResult;
import org.landscape4j.run.Results;
import org.landscape4j.run.RowStreamReader;
import org.landscape4j.run.ScalarRow;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The evaluator's bookkeeping, on objectives without a framework ({@link FakeFactory}: θ(α, β) = (α, β, 0, …) and
 * loss g(α + β), computed exactly, so expected values are asserted bit for bit): every point of the domain exactly
 * once whatever the order of completion; resume after a cancellation evaluates exactly the missing points and
 * ends bit-identical to an uninterrupted run; a point that throws stops the slice naming the point and leaves a
 * resumable result; NaN and ∞ are recorded as values; the barycentric triangle; progress; interruption; a damaged
 * partial result; a failing sink; and the serializable task, which evaluates shares of the grid to the same bits.
 * No Arrow memory is left allocated.
 */
class SliceEvaluatorTest {

    private static final int P = 6;
    private static final DoubleUnaryOperator BOWL = u -> (u - 0.3) * (u - 0.3);

    @TempDir
    Path dir;

    private Results results;
    private BufferAllocator probe;
    private long rootBefore;

    @BeforeEach
    void setUp() {
        results = Results.at(dir.resolve("results"));
        probe = ArrowMemory.child(null, "slice-test", Long.MAX_VALUE);
        rootBefore = probe.getParentAllocator().getAllocatedMemory();
    }

    @AfterEach
    void noLeak() {
        assertEquals(rootBefore, probe.getParentAllocator().getAllocatedMemory(), "Arrow memory left allocated");
        probe.close();
    }

    private static Provenance provenance(Slice slice, GridSpec grid, FakeFactory factory) {
        return SliceTable.provenance(slice, grid, factory.provenance(), null, List.of(), Map.of("directions", 3L),
                Map.of("normalization", "none"));
    }

    /** Evaluates and commits; returns the committed points keyed by point number. */
    private TreeMap<Integer, SlicePoint> evaluateAndCommit(String name, FakeFactory factory, Slice slice,
                                                           GridSpec grid, int workers) throws IOException {
        try (PendingResult pending = results.startRows(name, SliceTable.TABLE, provenance(slice, grid, factory),
                SliceTable.ROWS_PER_BATCH)) {
            SliceEvaluator.builder(factory).workers(workers).build().evaluate(slice, grid, pending);
            pending.commit();
        }
        return byIndex(SliceTable.read(results.file(name)), grid);
    }

    private static TreeMap<Integer, SlicePoint> byIndex(List<SlicePoint> points, GridSpec grid) {
        TreeMap<Integer, SlicePoint> map = new TreeMap<>();
        for (SlicePoint point : points) {
            SlicePoint previous = map.put(grid.index(point.i(), point.j()), point);
            assertNull(previous, "point (" + point.i() + ", " + point.j() + ") appears once");
        }
        return map;
    }

    @Test
    void everyPointOnceWithItsValuesAndASummary() throws IOException {
        FakeFactory factory = new FakeFactory(P, BOWL, true);
        PlaneSlice slice = FakeFactory.plane(P);
        GridSpec grid = GridSpec.plane(7, 5, -1, 1, -0.5, 0.5);
        List<SliceProgress.Progress> reports = Collections.synchronizedList(new ArrayList<>());
        SliceSummary summary;
        try (PendingResult pending = results.startRows("surface", SliceTable.TABLE,
                provenance(slice, grid, factory), SliceTable.ROWS_PER_BATCH)) {
            summary = SliceEvaluator.builder(factory).workers(2).progress(reports::add, Duration.ofMillis(1)).build()
                    .evaluate(slice, grid, pending);
            pending.commit();
        }
        TreeMap<Integer, SlicePoint> points = byIndex(SliceTable.read(results.file("surface")), grid);
        assertEquals(35, points.size());
        SlicePoint best = null;
        SlicePoint worst = null;
        for (int j = 0; j < 5; j++) {
            for (int i = 0; i < 7; i++) {
                double alpha = grid.alpha(i);
                double beta = grid.beta(j);
                SlicePoint expected = new SlicePoint(i, j, alpha, beta, BOWL.applyAsDouble(alpha + beta), 0.25, 0.5,
                        FakeFactory.EXAMPLES);
                assertEquals(expected, points.get(grid.index(i, j)), "point " + i + ", " + j + ", bit for bit");
                if (best == null || expected.loss() < best.loss()) {
                    best = expected;
                }
                if (worst == null || expected.loss() > worst.loss()) {
                    worst = expected;
                }
            }
        }
        assertEquals(35, factory.evaluations.get(), "no point evaluated twice");
        assertEquals(2, factory.created.get(), "one objective per worker");
        assertEquals(2, factory.preparedWorkers, "prepareForWorkers(2) before starting");
        assertEquals(new SliceSummary(35, 35, 0, 0, best, worst, points.get(grid.index(3, 2)), summary.seconds(), 2),
                summary);
        assertEquals(0.0, summary.centre().alpha());
        assertEquals(0.0, summary.centre().beta());
        assertEquals(new SliceProgress.Progress(35, 35, 0, summary.seconds()), reports.get(reports.size() - 1),
                "the last report is complete");
        for (int r = 1; r < reports.size(); r++) {
            assertTrue(reports.get(r).done() >= reports.get(r - 1).done(), "done never decreases");
        }

        ReadResult<ScalarRow> read = RowStreamReader.read(results.file("surface"), SliceTable.TABLE, null, true);
        Map<String, Object> settings = Provenance.fromMetadata(read.metadata()).settings();
        assertEquals("plane", settings.get("slice"));
        assertEquals((long) P, settings.get("parameters"));
        assertEquals("grid", settings.get("domain"));
        assertEquals("none", settings.get("normalization"));
        assertEquals(Map.of("nx", 7L, "ny", 5L, "x_min", -1.0, "x_max", 1.0, "y_min", -0.5, "y_max", 0.5),
                settings.get("grid"));
        assertEquals(Map.of("directions", 3L), Provenance.fromMetadata(read.metadata()).seeds());
    }

    @Test
    void aModelThatIsNotAClassifierHasNullAccuracy() throws IOException {
        FakeFactory factory = new FakeFactory(P, BOWL, false);
        PlaneSlice slice = FakeFactory.plane(P);
        GridSpec grid = GridSpec.line(5, -1, 1);
        evaluateAndCommit("line", factory, slice, grid, 1);
        List<ScalarRow> rows = RowStreamReader.read(results.file("line"), SliceTable.TABLE, null, true).rows();
        assertEquals(5, rows.size());
        for (ScalarRow row : rows) {
            assertTrue(row.isNull(SliceTable.ACCURACY), "null, not NaN: not measured");
            assertFalse(row.isNull(SliceTable.LOSS));
        }
    }

    @Test
    void nanAndInfinityAreRecordedAsValues() throws IOException {
        DoubleUnaryOperator diverging = u -> u > 1 ? Double.POSITIVE_INFINITY : u < -1 ? Double.NaN : u;
        FakeFactory factory = new FakeFactory(P, diverging, false);
        PlaneSlice slice = FakeFactory.plane(P);
        GridSpec grid = GridSpec.line(9, -2, 2);
        SliceSummary summary;
        try (PendingResult pending = results.startRows("diverging", SliceTable.TABLE,
                provenance(slice, grid, factory), SliceTable.ROWS_PER_BATCH)) {
            summary = SliceEvaluator.builder(factory).build().evaluate(slice, grid, pending);
            pending.commit();
        }
        TreeMap<Integer, SlicePoint> points = byIndex(SliceTable.read(results.file("diverging")), grid);
        assertEquals(9, points.size(), "no gap");
        assertTrue(Double.isNaN(points.get(0).loss()), "α = −2");
        assertTrue(Double.isNaN(points.get(1).loss()), "α = −1.5");
        assertEquals(-1.0, points.get(2).loss());
        assertEquals(1.0, points.get(6).loss());
        assertEquals(Double.POSITIVE_INFINITY, points.get(7).loss(), "α = 1.5");
        assertEquals(Double.POSITIVE_INFINITY, points.get(8).loss(), "α = 2");
        assertEquals(4, summary.nonFinite());
        assertEquals(points.get(2), summary.minimum(), "NaN is ignored by the minimum");
        assertEquals(points.get(7), summary.maximum(), "+∞ is the maximum (the first reached, with one worker)");
    }

    @Test
    void resumeEvaluatesOnlyTheMissingPointsAndEndsBitIdentical() throws IOException {
        PlaneSlice slice = FakeFactory.plane(P);
        GridSpec grid = GridSpec.plane(9, 7, -1, 1, -1, 1);
        TreeMap<Integer, SlicePoint> reference = evaluateAndCommit("reference", new FakeFactory(P, BOWL, true),
                slice, grid, 1);

        // run 1: one worker, cancelled after exactly 20 points
        FakeFactory first = new FakeFactory(P, BOWL, true);
        BooleanSupplier afterTwenty = () -> first.evaluations.get() >= 20;
        Path partial;
        try (PendingResult pending = results.startRows("surface", SliceTable.TABLE, provenance(slice, grid, first),
                SliceTable.ROWS_PER_BATCH)) {
            partial = pending.partialFile();
            CancellationException e = assertThrows(CancellationException.class, () -> SliceEvaluator
                    .builder(first).build().evaluate(slice, grid, pending, afterTwenty));
            assertTrue(e.getMessage().contains("after 20 of 63 points"), e.getMessage());
            assertTrue(e.getMessage().contains(partial.toString()), e.getMessage());
        } // closed without commit, as a killed or failed command leaves it
        assertTrue(Files.exists(partial));
        assertFalse(Files.exists(results.file("surface")));

        // run 2: two workers, cancelled again after some more points (how many in flight depends on timing)
        FakeFactory second = new FakeFactory(P, BOWL, true);
        try (PendingResult pending = results.startRows("surface", SliceTable.TABLE, provenance(slice, grid, second),
                SliceTable.ROWS_PER_BATCH)) {
            assertEquals(20, pending.resumedRows().size());
            assertThrows(CancellationException.class, () -> SliceEvaluator.builder(second).workers(2).build()
                    .evaluate(slice, grid, pending, () -> second.evaluations.get() >= 15));
        }

        // run 3: to the end
        FakeFactory third = new FakeFactory(P, BOWL, true);
        SliceSummary summary;
        try (PendingResult pending = results.startRows("surface", SliceTable.TABLE, provenance(slice, grid, third),
                SliceTable.ROWS_PER_BATCH)) {
            long resumed = pending.resumedRows().size();
            assertEquals(20 + second.evaluations.get(), resumed, "every point evaluated in run 2 was kept");
            summary = SliceEvaluator.builder(third).workers(2).build().evaluate(slice, grid, pending);
            pending.commit();
            assertEquals(resumed, summary.resumed());
            assertEquals(63 - resumed, summary.evaluated());
            assertEquals(63 - resumed, third.evaluations.get(), "only the missing points are evaluated");
        }
        assertEquals(63, first.evaluations.get() + second.evaluations.get() + third.evaluations.get(),
                "across the three runs every point was evaluated exactly once");
        assertEquals(reference, byIndex(SliceTable.read(results.file("surface")), grid),
                "the resumed grid equals the uninterrupted one bit for bit");
        assertFalse(Files.exists(partial));
        assertEquals(63, summary.points());
        assertEquals(reference.get(grid.index(4, 3)), summary.centre(), "the summary covers the resumed points");
    }

    @Test
    void aPointThatThrowsStopsTheSliceNamingItAndLeavesItResumable() throws IOException {
        PlaneSlice slice = FakeFactory.plane(P);
        GridSpec grid = GridSpec.square(5, -1, 1);
        FakeFactory failing = new FakeFactory(P, u -> {
            if (u == 1.5) {
                throw new IllegalStateException("boom: the data batch is gone");
            }
            return BOWL.applyAsDouble(u);
        }, true);
        try (PendingResult pending = results.startRows("surface", SliceTable.TABLE,
                provenance(slice, grid, failing), SliceTable.ROWS_PER_BATCH)) {
            SliceEvaluationException e = assertThrows(SliceEvaluationException.class,
                    () -> SliceEvaluator.builder(failing).build().evaluate(slice, grid, pending));
            // points in order k = j·5 + i: the first with α + β = 1.5 is (i = 4, j = 3), k = 19
            assertEquals(4, e.i());
            assertEquals(3, e.j());
            assertEquals(1.0, e.alpha());
            assertEquals(0.5, e.beta());
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertTrue(e.getMessage().contains("evaluating point (i = 4, j = 3; α = 1.0, β = 0.5) failed"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("boom: the data batch is gone"), e.getMessage());
            assertTrue(e.getMessage().contains("19 points of this run completed"), e.getMessage());
            assertTrue(e.getMessage().contains(pending.partialFile().toString()), e.getMessage());
        }
        FakeFactory fixed = new FakeFactory(P, BOWL, true);
        try (PendingResult pending = results.startRows("surface", SliceTable.TABLE, provenance(slice, grid, fixed),
                SliceTable.ROWS_PER_BATCH)) {
            assertEquals(19, pending.resumedRows().size());
            SliceSummary summary = SliceEvaluator.builder(fixed).build().evaluate(slice, grid, pending);
            assertEquals(6, summary.evaluated());
            assertEquals(6, fixed.evaluations.get());
            pending.commit();
        }
        assertEquals(25, SliceTable.read(results.file("surface")).size());
    }

    @Test
    void workersThatCannotStartFailTheSlice() throws IOException {
        PlaneSlice slice = FakeFactory.plane(P);
        GridSpec grid = GridSpec.square(3, -1, 1);
        FakeFactory noMemory = new FakeFactory(P, BOWL, true);
        noMemory.createFailure = new IllegalStateException("no memory for a network copy");
        FakeFactory smaller = new FakeFactory(P - 1, BOWL, true);
        for (FakeFactory factory : List.of(noMemory, smaller)) {
            try (PendingResult pending = results.startRows("surface", SliceTable.TABLE,
                    provenance(slice, grid, factory), SliceTable.ROWS_PER_BATCH)) {
                SliceEvaluationException e = assertThrows(SliceEvaluationException.class,
                        () -> SliceEvaluator.builder(factory).build().evaluate(slice, grid, pending));
                assertEquals(-1, e.i(), "no point was being evaluated");
                assertTrue(e.getMessage().contains(factory == noMemory
                        ? "worker 0 could not create its objective: java.lang.IllegalStateException: no memory"
                        : "the objective's model has 5 parameters but the slice's vectors have 6"), e.getMessage());
            }
        }
    }

    @Test
    void interruptingTheCallingThreadCancels() throws IOException {
        PlaneSlice slice = FakeFactory.plane(P);
        GridSpec grid = GridSpec.square(10, -1, 1);
        FakeFactory factory = new FakeFactory(P, BOWL, true);
        Thread caller = Thread.currentThread();
        AtomicBoolean waiting = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        factory.beforeEvaluate = () -> {
            if (factory.evaluations.get() == 1) {
                // the second point waits until the caller was interrupted and has seen it (its flag cleared)
                waiting.set(true);
                while (!interrupted.get() || caller.isInterrupted()) {
                    Thread.onSpinWait();
                }
            }
        };
        SliceProgress interruptOnce = progress -> {
            if (waiting.get() && !interrupted.get()) {
                Thread.currentThread().interrupt();
                interrupted.set(true);
            }
        };
        try (PendingResult pending = results.startRows("surface", SliceTable.TABLE,
                provenance(slice, grid, factory), SliceTable.ROWS_PER_BATCH)) {
            CancellationException e = assertThrows(CancellationException.class, () -> SliceEvaluator.builder(factory)
                    .progress(interruptOnce, Duration.ofMillis(1)).build().evaluate(slice, grid, pending));
            assertTrue(Thread.interrupted(), "the interrupt is passed on to the caller");
            assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        }
        long evaluated = factory.evaluations.get();
        assertTrue(evaluated >= 2 && evaluated < 100, "stopped early: " + evaluated);
        try (PendingResult pending = results.startRows("surface", SliceTable.TABLE,
                provenance(slice, grid, factory), SliceTable.ROWS_PER_BATCH)) {
            assertEquals(evaluated, pending.resumedRows().size(), "the points in flight were finished and written");
        }
    }

    @Test
    void progressArithmetic() {
        SliceProgress.Progress progress = new SliceProgress.Progress(30, 100, 10, 4.0);
        assertEquals(0.3, progress.fraction());
        assertEquals(14.0, progress.secondsRemaining(), 1e-12, "20 points in 4 s: 70 more in 14 s");
        assertTrue(Double.isNaN(new SliceProgress.Progress(10, 100, 10, 1.0).secondsRemaining()));
        assertEquals(1.0, new SliceProgress.Progress(0, 0, 0, 0).fraction());
    }

    @Test
    void barycentricPointsOutsideTheTriangleHaveNoRow() throws IOException {
        FakeFactory factory = new FakeFactory(P, BOWL, true);
        BarycentricInterpolation slice = Slice.barycentric(FakeFactory.unit(P, 2), FakeFactory.unit(P, 0),
                FakeFactory.unit(P, 1)); // θ(α, β) = (α, β, 1 − α − β, 0, …): u = α + β again
        GridSpec grid = GridSpec.square(11, 0, 1);
        TreeMap<Integer, SlicePoint> points = evaluateAndCommit("triangle", factory, slice, grid, 2);
        assertEquals(66, points.size());
        assertEquals(66, factory.evaluations.get(), "points outside are not evaluated");
        for (SlicePoint point : points.values()) {
            assertTrue(point.i() + point.j() <= 10, "inside: " + point);
            assertEquals(BOWL.applyAsDouble(point.alpha() + point.beta()), point.loss());
        }
    }

    @Test
    void aPartialResultOfAnotherGridIsRefused() throws IOException {
        FakeFactory factory = new FakeFactory(P, BOWL, true);
        PlaneSlice slice = FakeFactory.plane(P);
        GridSpec grid = GridSpec.plane(9, 7, -1, 1, -1, 1);
        try (PendingResult pending = results.startRows("surface", SliceTable.TABLE,
                provenance(slice, grid, factory), SliceTable.ROWS_PER_BATCH)) {
            pending.append(SliceTable.cells(new SlicePoint(50, 0, 1.0, -1.0, 0.5, 0.25, 0.5, 7)));
        }
        try (PendingResult pending = results.startRows("surface", SliceTable.TABLE,
                provenance(slice, grid, factory), SliceTable.ROWS_PER_BATCH)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SliceEvaluator.builder(factory).build().evaluate(slice, grid, pending));
            assertTrue(e.getMessage().contains("holds the point (i = 50, j = 0") && e.getMessage().contains(
                    "outside the grid") && e.getMessage().contains("delete it to start afresh"), e.getMessage());
        }
        assertEquals(0, factory.evaluations.get());
    }

    @Test
    void aSinkThatCannotWriteFailsWithAnIOException() {
        FakeFactory factory = new FakeFactory(P, BOWL, true);
        PlaneSlice slice = FakeFactory.plane(P);
        GridSpec grid = GridSpec.square(4, -1, 1);
        List<SlicePoint> taken = new ArrayList<>();
        SliceEvaluator.Sink full = point -> {
            if (taken.size() == 3) {
                throw new IOException("no space left on device");
            }
            taken.add(point);
        };
        IOException e = assertThrows(IOException.class, () -> SliceEvaluator.builder(factory).build()
                .evaluate(slice, grid, slice.domainPoints(grid), full, () -> false));
        assertTrue(e.getMessage().contains("writing point (i = 3, j = 0) failed")
                && e.getMessage().contains("no space left on device"), e.getMessage());
        assertEquals(3, taken.size());
        assertMessage(() -> SliceEvaluator.builder(factory).build().evaluate(slice, grid, new int[] {3, 3},
                taken::add, () -> false), "point 3 is asked for twice");
        assertMessage(() -> SliceEvaluator.builder(factory).build().evaluate(slice, grid, new int[] {16},
                taken::add, () -> false), "point 16 is outside the grid");
        assertMessage(() -> SliceEvaluator.builder(factory).workers(0), "workers = 0");
    }

    @Test
    void tasksCrossProcessesAndEvaluateSharesToTheSameBits() throws Exception {
        PlaneSlice slice = FakeFactory.plane(P);
        GridSpec grid = GridSpec.plane(9, 7, -1, 1, -1, 1);
        TreeMap<Integer, SlicePoint> local = evaluateAndCommit("local", new FakeFactory(P, BOWL, true), slice, grid,
                2);
        ObjectiveSpec spec = new ObjectiveSpec(new ModelSource.ModelFile("/models/fake.zip"),
                DataSpec.of(new DataSource.CsvFile("/data/fake.csv"), 100), Precision.DOUBLE);
        List<SliceTask> tasks = SliceTask.split(spec, slice, grid, null, 10);
        assertEquals(7, tasks.size(), "63 points in shares of at most 10");
        FakeFactory remote = new FakeFactory(P, BOWL, true);
        List<SlicePoint> gathered = new ArrayList<>();
        for (SliceTask task : tasks) {
            SliceTask received = roundTrip(task);
            assertEquals(task, received);
            assertEquals(slice.settings(), received.slice().settings(), "the same slice, fingerprints and all");
            gathered.addAll(received.evaluate(remote));
        }
        assertEquals(local, byIndex(gathered, grid));
        assertEquals(63, remote.evaluations.get());

        assertMessage(() -> new SliceTask(spec, SliceKind.PLANE, tasks.get(0).vectors().subList(0, 2), grid,
                new int[] {0}), "takes 3 vectors", "the task has 2");
        assertMessage(() -> new SliceTask(spec, SliceKind.PLANE, tasks.get(0).vectors(), grid, new int[] {63}),
                "point 63 is outside the grid");
        assertMessage(() -> new SliceTask(spec, SliceKind.LINE, tasks.get(0).vectors().subList(0, 2), grid,
                new int[] {0}), "one-dimensional");
        SliceTask floatTask = new SliceTask(spec.withPrecision(Precision.FLOAT), SliceKind.PLANE,
                tasks.get(0).vectors(), grid, new int[] {0});
        assertMessage(() -> floatTask.evaluate(remote), "the factory computes in DOUBLE but the task's objective in"
                + " FLOAT");
        VectorSource floats = VectorSource.inline(Nd4j.createFromArray(1f, 2f, 3f));
        assertEquals(new VectorSource.Floats(new float[] {1, 2, 3}), floats);
        assertEquals(DataType.FLOAT, floats.load().dataType());
        assertEquals("run /runs/a snapshot -1", new VectorSource.RunSnapshot("/runs/a", -1).describe());
    }

    private static SliceTask roundTrip(SliceTask task) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(task);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            SliceTask read = (SliceTask) in.readObject();
            assertNotNull(read);
            return read;
        }
    }
}
