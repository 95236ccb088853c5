package org.landscape4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.curvature.CurvatureMap;
import org.landscape4j.curvature.EigenWork;
import org.landscape4j.curvature.LanczosSettings;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionSettings;
import org.landscape4j.direction.Directions;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.listener.LandscapeListener;
import org.landscape4j.objective.DataSource;
import org.landscape4j.objective.DataSpec;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.LossWork;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceEvaluator;
import org.landscape4j.slice.SliceKind;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Slices around several snapshots of a recorded run, one Spark task per snapshot: each snapshot's plane (and its
 * |λmin/λmax| map) equals the local evaluation around the same snapshot bit for bit; a snapshot whose partial result
 * holds some points has only the missing ones evaluated; a snapshot whose job fails is named and the others are
 * written.
 */
class SparkSnapshotEvaluatorTest {

    /** Task attempts started (a local master runs them in this JVM). */
    static final AtomicInteger TASKS = new AtomicInteger();

    @TempDir
    static Path dir;

    static Path run;
    static ObjectiveSpec spec;
    static String configuration;
    static final GridSpec GRID = GridSpec.square(3, -1, 1);

    /** A 4-5-3 tanh classifier trained 3 epochs, a snapshot each epoch and at the start: 4 snapshots. */
    @BeforeAll
    static void record() throws IOException {
        MultiLayerNetwork network = Fixtures.classifier(DataType.FLOAT);
        DataSet train = Fixtures.classification(5, 24, Fixtures.INPUTS, Fixtures.CLASSES, DataType.FLOAT);
        run = dir.resolve("run");
        try (LandscapeListener listener = LandscapeListener.builder(run).snapshotEveryEpoch().build()) {
            network.addListeners(listener);
            network.fit(new ListDataSetIterator<>(train.asList(), 8), 3);
        }
        Path csv = dir.resolve("eval.csv");
        SparkFixtures.writeCsv(csv, Fixtures.classification(6, 60, Fixtures.INPUTS, Fixtures.CLASSES, DataType.FLOAT));
        spec = new ObjectiveSpec(new ModelSource.RunSnapshot(run.toString(), -1),
                DataSpec.of(new DataSource.CsvFile(csv.toString()), 32), Precision.FLOAT);
        configuration = Files.readString(run.resolve(RunFiles.NETWORK), StandardCharsets.UTF_8);
    }

    /** Snapshot {@code index}'s slice, made as {@code surface --snapshot index} makes it. */
    private record Around(int index, Snapshot snapshot, NetworkObjectiveFactory factory, Slice slice) {

        static Around snapshot(int index) throws IOException {
            Snapshot snapshot;
            try (SnapshotReader reader = RunDirectory.open(run).openSnapshots(null)) {
                snapshot = reader.read(index);
            }
            NetworkObjectiveFactory factory = NetworkObjectiveFactory.fromSpec(new ObjectiveSpec(
                    new ModelSource.RunSnapshot(run.toString(), index), spec.data(), spec.precision()));
            try (Objective probe = factory.create()) {
                INDArray centre = probe.parameters().dup();
                DirectionSet directions = DirectionSet.prepare(List.of(
                        Directions.random(0, centre.length(), DataType.FLOAT),
                        Directions.random(1, centre.length(), DataType.FLOAT)), centre, factory.layout(),
                        DirectionSettings.DEFAULT, false);
                return new Around(index, snapshot, factory, Slice.plane(centre, directions.get(0).vector(),
                        directions.get(1).vector()));
            }
        }

        SparkSnapshotEvaluator.SnapshotModel model() {
            return new SparkSnapshotEvaluator.SnapshotModel(snapshot.params(), snapshot.iteration(), snapshot.epoch());
        }

        Provenance provenance() {
            return SliceTable.provenance(slice, GRID, factory.provenance(), null, List.of(snapshot.iteration()),
                    Map.of(), Map.of());
        }

        List<SlicePoint> local(Results results) throws IOException {
            String name = "local-" + index;
            try (PendingResult pending = results.startRows(name, SliceTable.TABLE, provenance(),
                    SliceTable.ROWS_PER_BATCH)) {
                SliceEvaluator.builder(factory).workers(2).build().evaluate(slice, GRID, pending);
                pending.commit();
            }
            return SliceTable.read(results.file(name));
        }

        SparkSnapshotEvaluator.SnapshotGrid<SlicePoint> grid(Results results, String name, List<String> completed)
                throws IOException {
            PendingResult pending = results.startRows(name, SliceTable.TABLE, provenance(), SliceTable.ROWS_PER_BATCH);
            return new SparkSnapshotEvaluator.SnapshotGrid<>("snapshot " + index, model(), slice, new LossWork(true),
                    Precision.FLOAT, pending, point -> { }, outcome -> {
                        pending.commit();
                        completed.add(name + ":" + outcome.grid().resumed() + "+" + outcome.grid().evaluated());
                    });
        }
    }

    @Test
    void eachSnapshotsPlaneAndEigenvalueMapEqualTheLocalOnes() throws IOException {
        Results results = Results.at(dir.resolve("planes"));
        List<Around> snapshots = List.of(Around.snapshot(0), Around.snapshot(2), Around.snapshot(3));
        List<String> completed = new ArrayList<>();
        List<SparkSnapshotEvaluator.SnapshotGrid<?>> grids = new ArrayList<>();
        for (Around around : snapshots) {
            grids.add(around.grid(results, "spark-" + around.index(), completed));
        }
        // the eigenvalue map of snapshot 2, on the DOUBLE twin as surface --eigen computes it
        Around two = snapshots.get(1);
        LanczosSettings lanczos = LanczosSettings.defaults().withMaxSteps(20);
        ObjectiveFactory doubles = two.factory().withPrecision(Precision.DOUBLE);
        Provenance eigenProvenance = Provenance.of(null, List.of(), doubles.provenance(), Map.of("eigen", true),
                Map.of());
        PendingResult eigen = results.startRows("spark-eigen", CurvatureMap.TABLE, eigenProvenance, 64);
        grids.add(new SparkSnapshotEvaluator.SnapshotGrid<>("snapshot 2", two.model(), two.slice(),
                new EigenWork(lanczos), Precision.DOUBLE, eigen, point -> { }, outcome -> {
                    eigen.commit();
                    completed.add("eigen:" + outcome.grid().evaluated());
                }));

        SparkSnapshotEvaluator.builder(SparkFixtures.cluster()).build()
                .evaluate(spec, configuration, SliceKind.PLANE, GRID, grids.iterator(), () -> false);

        assertEquals(Set.of("spark-0:0+9", "spark-2:0+9", "spark-3:0+9", "eigen:9"), Set.copyOf(completed));
        for (Around around : snapshots) {
            SparkFixtures.assertSamePoints(around.local(results), SliceTable.read(results.file("spark-" + around.index())));
        }
        try (PendingResult pending = results.startRows("local-eigen", CurvatureMap.TABLE, eigenProvenance, 64)) {
            CurvatureMap.evaluate(two.slice(), GRID, doubles, lanczos, 2, pending, (done, total) -> { });
            pending.commit();
        }
        assertEquals(Set.copyOf(CurvatureMap.read(results.file("local-eigen"))),
                Set.copyOf(CurvatureMap.read(results.file("spark-eigen"))), "the map bit for bit");
    }

    @Test
    void aPartialSnapshotResumesAndAFailedOneIsNamed() throws IOException {
        Results results = Results.at(dir.resolve("resume"));
        Around one = Around.snapshot(1);
        Around last = Around.snapshot(3);
        List<SlicePoint> reference = one.local(results);
        try (PendingResult pending = results.startRows("spark-1", SliceTable.TABLE, one.provenance(),
                SliceTable.ROWS_PER_BATCH)) {
            for (SlicePoint point : reference.subList(0, 4)) {
                pending.append(SliceTable.cells(point));
            }
            pending.flush();                                 // "killed" with 4 of 9 points written
        }
        List<String> completed = new ArrayList<>();
        AtomicInteger prepared = new AtomicInteger();
        List<SparkSnapshotEvaluator.SnapshotGrid<?>> grids = List.of(one.grid(results, "spark-1", completed),
                last.grid(results, "spark-3", completed));
        Iterator<SparkSnapshotEvaluator.SnapshotGrid<?>> counted = new Iterator<>() {
            final Iterator<SparkSnapshotEvaluator.SnapshotGrid<?>> inner = grids.iterator();

            @Override
            public boolean hasNext() {
                return inner.hasNext();
            }

            @Override
            public SparkSnapshotEvaluator.SnapshotGrid<?> next() {
                prepared.incrementAndGet();
                return inner.next();
            }
        };
        // the task of the second snapshot (its job's only partition, in the second job) fails at every attempt;
        // the count is static: a local master's tasks run in this JVM, but each gets its own copy of the hook
        TASKS.set(0);
        SparkSnapshotEvaluator failing = SparkSnapshotEvaluator.builder(SparkFixtures.cluster()).inFlight(1)
                .taskHook((partition, attempt) -> {
                    if (TASKS.getAndIncrement() > 0) {
                        throw new IllegalStateException("injected failure, attempt " + attempt);
                    }
                }).build();
        SparkGridException e = assertThrows(SparkGridException.class, () -> failing.evaluate(spec, configuration,
                SliceKind.PLANE, GRID, counted, () -> false));
        assertTrue(e.getMessage().contains("snapshot 3") && e.getMessage().contains("injected failure"),
                e.getMessage());
        assertEquals(List.of("spark-1:4+5"), completed, "the partial snapshot resumed: only its 5 missing points");
        assertEquals(2, prepared.get());
        SparkFixtures.assertSamePoints(reference, SliceTable.read(results.file("spark-1")));
        assertFalse(Files.exists(results.file("spark-3")), "the failed snapshot is not committed");
    }
}
