package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.dl4j.layout.NetworkLayouts;
import org.landscape4j.objective.DataSource;
import org.landscape4j.objective.DataSpec;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.objective.PointResult;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.SnapshotWriter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Factories from a spec and from a live network: the same function from every source, the DOUBLE twin, worker
 * objectives, and the data and model sources with their errors. "Bit-identical" is meant literally: the same
 * network, parameters and batches go through the same DL4J operations, so results are compared with tolerance 0.
 */
class FactoryTest {

    private static final DataSet DATA = Fixtures.classification(61, 12, Fixtures.INPUTS, Fixtures.CLASSES,
            DataType.FLOAT);

    private static DataSource.InMemory inMemory(DataSet data) {
        return new DataSource.InMemory(data.getFeatures().castTo(DataType.FLOAT).data().asFloat(),
                data.getFeatures().shape(), data.getLabels().castTo(DataType.FLOAT).data().asFloat(),
                data.getLabels().shape());
    }

    private static List<INDArray> points(Model network, int count) {
        List<INDArray> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            points.add(Fixtures.perturbed(network.params(), 100 + i, 0.3));
        }
        return points;
    }

    private static void assertSameFunction(ObjectiveFactory a, ObjectiveFactory b, List<INDArray> points) {
        try (Objective x = a.create(); Objective y = b.create()) {
            for (INDArray theta : points) {
                assertEquals(x.evaluate(theta), y.evaluate(theta), "the same point result, bit for bit");
                assertArrayEquals(Fixtures.gradient(x, theta), Fixtures.gradient(y, theta), 0.0);
            }
        }
    }

    /** model.zip + in-memory spec = the live network + the same data, for both kinds, bit for bit. */
    @Test
    void specFromModelFileEqualsLiveNetwork(@TempDir Path dir) throws Exception {
        List<Model> networks = List.of(Fixtures.classifier(DataType.FLOAT), Fixtures.graph(DataType.FLOAT));
        for (Model network : networks) {
            Path file = dir.resolve(network.getClass().getSimpleName() + ".zip");
            ModelSerializer.writeModel(network, file.toFile(), false);
            ObjectiveSpec spec = new ObjectiveSpec(new ModelSource.ModelFile(file.toString()),
                    DataSpec.of(inMemory(DATA), 5), Precision.FLOAT);
            NetworkObjectiveFactory fromSpec = NetworkObjectiveFactory.fromSpec(roundTrip(spec));
            NetworkObjectiveFactory live = NetworkObjectiveFactory.builder(network).data(DATA).batchSize(5).build();
            assertEquals(12, fromSpec.exampleCount());
            assertEquals(spec, fromSpec.spec().orElseThrow());
            assertSameFunction(fromSpec, live, points(network, 3));
            assertSameFunction(fromSpec.withPrecision(Precision.DOUBLE), live.withPrecision(Precision.DOUBLE),
                    points(network, 2));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    /**
     * The DOUBLE twin: same model and data, computed in double. Its parameters are the float θ cast exactly; its
     * loss agrees with the float objective's to float rounding (1e-5 relative).
     */
    @Test
    void doubleTwinThroughTheFactory(@TempDir Path dir) throws IOException {
        MultiLayerNetwork network = Fixtures.classifier(DataType.FLOAT);
        Path file = dir.resolve("model.zip");
        ModelSerializer.writeModel(network, file.toFile(), false);
        NetworkObjectiveFactory floats = NetworkObjectiveFactory.fromSpec(new ObjectiveSpec(
                new ModelSource.ModelFile(file.toString()), DataSpec.of(inMemory(DATA), 4), Precision.FLOAT));
        NetworkObjectiveFactory doubles = floats.withPrecision(Precision.DOUBLE);
        assertEquals(Precision.DOUBLE, doubles.spec().orElseThrow().precision());
        assertEquals("DOUBLE", doubles.provenance().get(ObjectiveSpec.KEY_PRECISION));
        assertTrue(floats.withPrecision(Precision.FLOAT) == floats);
        try (Objective f = floats.create(); Objective d = doubles.create()) {
            assertEquals(DataType.DOUBLE, d.parameters().dataType());
            assertArrayEquals(Fixtures.values(f.parameters()), Fixtures.values(d.parameters()), 0.0);
            assertEquals(0, Fixtures.relative(f.evaluate().loss(), d.evaluate().loss()), 1e-5);
        }
    }

    /**
     * Two workers from one factory evaluate the same points on two threads at once; every result is bit-identical
     * to a single objective's, sequentially. The threads start together on a latch (no sleeps).
     */
    @Test
    void workersOnTwoThreadsGiveTheSingleObjectivesNumbers() throws Exception {
        MultiLayerNetwork network = Fixtures.classifier(DataType.FLOAT);
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(network).data(DATA).batchSize(5).build();
        List<INDArray> points = points(network, 8);
        List<PointResult> expected = new ArrayList<>();
        List<double[]> expectedGradients = new ArrayList<>();
        try (Objective single = factory.create()) {
            for (INDArray theta : points) {
                expected.add(single.evaluate(theta));
                expectedGradients.add(Fixtures.gradient(single, theta));
            }
        }
        factory.prepareForWorkers(2);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Object>>> futures = new ArrayList<>();
            for (int worker = 0; worker < 2; worker++) {
                futures.add(pool.submit(() -> {
                    List<Object> results = new ArrayList<>();
                    try (Objective objective = factory.create()) {
                        start.await();
                        for (int round = 0; round < 3; round++) {
                            for (INDArray theta : points) {
                                results.add(objective.evaluate(theta));
                                results.add(Fixtures.gradient(objective, theta));
                            }
                        }
                    }
                    return results;
                }));
            }
            start.countDown();
            for (Future<List<Object>> future : futures) {
                List<Object> results = future.get();
                for (int i = 0; i < results.size(); i += 2) {
                    int point = (i / 2) % points.size();
                    assertEquals(expected.get(point), results.get(i), "point " + point);
                    assertArrayEquals(expectedGradients.get(point), (double[]) results.get(i + 1), 0.0);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A run recorded with the run writers: the snapshot's θ, from the start or the end, equals the live θ. */
    @Test
    void runSnapshotSource(@TempDir Path dir) throws IOException {
        MultiLayerNetwork network = Fixtures.classifier(DataType.FLOAT);
        List<INDArray> thetas = new ArrayList<>();
        RunManifest manifest = RunManifest.start("test", "1.0.0-M2.1", System.getProperty("java.version"),
                MultiLayerNetwork.class.getName(), network.numParams(), "FLOAT", NetworkLayouts.of(network), Map.of(),
                Map.of(), Instant.parse("2026-01-01T00:00:00Z"));
        manifest.write(dir.resolve(RunFiles.MANIFEST));
        Files.writeString(dir.resolve(RunFiles.NETWORK), network.getLayerWiseConfigurations().toJson(),
                StandardCharsets.UTF_8);
        try (SnapshotWriter writer = new SnapshotWriter(dir.resolve(RunFiles.SNAPSHOTS),
                Math.toIntExact(network.numParams()), manifest.runId(), null)) {
            for (int k = 0; k < 3; k++) {
                thetas.add(network.params().dup());
                writer.write(k, 0, network.score(DATA), network.params());
                network.fit(DATA);
            }
        }
        manifest.finished(Instant.parse("2026-01-01T00:01:00Z"), org.landscape4j.run.RunStatus.COMPLETE, null)
                .write(dir.resolve(RunFiles.MANIFEST));

        for (int index : new int[]{1, -1, -3}) {
            int k = index >= 0 ? index : 3 + index;
            NetworkObjectiveFactory fromRun = NetworkObjectiveFactory.fromSpec(new ObjectiveSpec(
                    new ModelSource.RunSnapshot(dir.toString(), index), DataSpec.of(inMemory(DATA), 12),
                    Precision.FLOAT));
            assertEquals("run " + dir + " snapshot " + index, fromRun.provenance().get(ObjectiveSpec.KEY_MODEL));
            MultiLayerNetwork at = Fixtures.classifier(DataType.FLOAT);
            at.params().assign(thetas.get(k));
            try (Objective objective = fromRun.create();
                 Objective live = NetworkObjectiveFactory.builder(at).data(DATA).build().create()) {
                assertArrayEquals(Fixtures.values(thetas.get(k)), Fixtures.values(objective.parameters()), 0.0,
                        "snapshot " + index + " is θ after " + k + " updates");
                assertEquals(live.evaluate(), objective.evaluate());
            }
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjectiveFactory.fromSpec(new ObjectiveSpec(new ModelSource.RunSnapshot(dir.toString(), 3),
                        DataSpec.of(inMemory(DATA), 12), Precision.FLOAT)));
        assertTrue(missing.getMessage().contains("snapshot 3 does not exist") && missing.getMessage().contains(
                "holds 3 snapshot(s)"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NetworkObjectiveFactory.fromSpec(new ObjectiveSpec(
                new ModelSource.RunSnapshot(dir.toString(), -4), DataSpec.of(inMemory(DATA), 12), Precision.FLOAT)));
    }

    /** Writes DATA as the examples' CSV: header, features, integer class last (floats printed exactly). */
    private static Path writeCsv(Path file, DataSet data) throws IOException {
        StringBuilder text = new StringBuilder("x0,x1,x2,x3,label\n");
        INDArray classes = data.getLabels().argMax(1);
        for (int r = 0; r < data.numExamples(); r++) {
            for (int c = 0; c < Fixtures.INPUTS; c++) {
                text.append(data.getFeatures().getFloat(r, c)).append(',');
            }
            text.append(classes.getInt(r)).append('\n');
        }
        return Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    /** A CSV source equals the same examples in memory; a subsample is the same for the same seed. */
    @Test
    void csvSourceAndSubsamples(@TempDir Path dir) throws IOException {
        MultiLayerNetwork network = Fixtures.classifier(DataType.FLOAT);
        Path model = dir.resolve("model.zip");
        ModelSerializer.writeModel(network, model.toFile(), false);
        Path csv = writeCsv(dir.resolve("train.csv"), DATA);
        ModelSource source = new ModelSource.ModelFile(model.toString());
        NetworkObjectiveFactory fromCsv = NetworkObjectiveFactory.fromSpec(new ObjectiveSpec(source,
                DataSpec.of(new DataSource.CsvFile(csv.toString()), 5), Precision.FLOAT));
        NetworkObjectiveFactory live = NetworkObjectiveFactory.builder(network).data(DATA).batchSize(5).build();
        assertEquals("12", fromCsv.provenance().get(ObjectiveSpec.KEY_EXAMPLES), "counted when read");
        assertSameFunction(fromCsv, live, points(network, 2));

        DataSpec subsample = DataSpec.of(new DataSource.CsvFile(csv.toString()), 4).withSubsample(7, 42);
        NetworkObjectiveFactory a = NetworkObjectiveFactory.fromSpec(new ObjectiveSpec(source, subsample,
                Precision.FLOAT));
        NetworkObjectiveFactory b = NetworkObjectiveFactory.fromSpec(new ObjectiveSpec(source, subsample,
                Precision.FLOAT));
        NetworkObjectiveFactory c = NetworkObjectiveFactory.fromSpec(new ObjectiveSpec(source,
                subsample.withSubsample(7, 43), Precision.FLOAT));
        assertEquals(7, a.exampleCount());
        assertEquals("42", a.provenance().get(ObjectiveSpec.KEY_SUBSAMPLE_SEED));
        assertSameFunction(a, b, points(network, 2));
        try (Objective x = a.create(); Objective z = c.create()) {
            assertNotEquals(x.evaluate().loss(), z.evaluate().loss(), "another seed draws other examples");
        }
        // the selection: a partial Fisher-Yates shuffle with java.util.Random(42), sorted
        int[] rows = SpecData.select(12, subsample);
        assertEquals(7, rows.length);
        for (int i = 1; i < rows.length; i++) {
            assertTrue(rows[i - 1] < rows[i], "distinct rows in source order");
        }
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjectiveFactory.fromSpec(new ObjectiveSpec(source, subsample.withSubsample(13, 1),
                        Precision.FLOAT)));
        assertTrue(tooMany.getMessage().contains("13") && tooMany.getMessage().contains("12 examples"),
                tooMany.getMessage());
    }

    /** Bad CSV input: every error names the line and the value, and what is allowed. */
    @Test
    void badCsvIsNamed(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.csv");
        assertThrows(NoSuchFileException.class, () -> CsvExamples.read(missing, 3));
        assertCsvError(dir, "x0,x1,label\n1,2,0\n3,4\n", "line 3 has 2 columns but the file's first line has 3");
        assertCsvError(dir, "1,2,0\n3,4,3\n", "line 2 column 3 (the label) holds 3", "[0, 3)");
        assertCsvError(dir, "1,2,0\n3,4,-1\n", "holds -1", "[0, 3)");
        assertCsvError(dir, "1,2,1.5\n", "holds 1.5");
        assertCsvError(dir, "1,NaN,0\n", "line 1 column 2 holds NaN", "finite");
        assertCsvError(dir, "1,2,0\n1,abc,0\n", "line 2 column 2 holds \"abc\"");
        assertCsvError(dir, "x0,x1,label\n\n", "no examples");
        assertCsvError(dir, "7\n", "1 column");
        CsvExamples read = CsvExamples.read(Files.writeString(dir.resolve("ok.csv"), "a,b,label\n1.5,-2,2\n\n0,3e1,0\n",
                StandardCharsets.UTF_8), 3);
        assertEquals(2, read.rows());
        assertArrayEquals(new float[]{1.5f, -2f, 0f, 30f}, read.features());
        assertArrayEquals(new int[]{2, 0}, read.labels());
        assertArrayEquals(new float[]{0, 0, 1, 1, 0, 0}, read.oneHot(3));
    }

    private static void assertCsvError(Path dir, String content, String... fragments) throws IOException {
        Path file = Files.writeString(dir.resolve("bad.csv"), content, StandardCharsets.UTF_8);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> CsvExamples.read(file, 3));
        for (String fragment : fragments) {
            assertTrue(error.getMessage().contains(fragment), "\"" + fragment + "\" in: " + error.getMessage());
        }
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
    }

    /** A CSV holds class labels: a graph with two outputs, or a regression, cannot read one. */
    @Test
    void csvNeedsAClassifier(@TempDir Path dir) throws IOException {
        MultiLayerNetwork regression = Fixtures.regression(DataType.FLOAT);
        Path model = dir.resolve("regression.zip");
        ModelSerializer.writeModel(regression, model.toFile(), false);
        Path csv = writeCsv(dir.resolve("train.csv"), DATA);
        ObjectiveSpec spec = new ObjectiveSpec(new ModelSource.ModelFile(model.toString()),
                DataSpec.of(new DataSource.CsvFile(csv.toString()), 4), Precision.FLOAT);
        // MSE with 2 outputs is a FeedForwardLayer with nOut 2: the labels 0..2 exceed it
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjectiveFactory.fromSpec(spec));
        assertTrue(error.getMessage().contains("[0, 2)"), error.getMessage());
    }

    @Test
    void provenanceDescribesTheObjective() {
        ComputationGraph graph = Fixtures.graph(DataType.FLOAT);
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(graph).data(DATA).batchSize(5).build();
        Map<String, String> provenance = factory.provenance();
        assertEquals("in-process ComputationGraph", provenance.get(ObjectiveSpec.KEY_MODEL));
        assertEquals("a DataSet [12, 4] in batches of 5", provenance.get(ObjectiveSpec.KEY_DATA));
        assertEquals("12", provenance.get(ObjectiveSpec.KEY_EXAMPLES));
        assertEquals("5", provenance.get(ObjectiveSpec.KEY_BATCH_SIZE));
        assertEquals("all", provenance.get(ObjectiveSpec.KEY_SUBSAMPLE));
        assertEquals("FLOAT", provenance.get(ObjectiveSpec.KEY_PRECISION));
        assertEquals(Long.toString(graph.numParams()), provenance.get(NetworkObjectiveFactory.KEY_PARAMETERS));
        assertEquals("DOUBLE", factory.withPrecision(Precision.DOUBLE).provenance().get(ObjectiveSpec.KEY_PRECISION));
        assertTrue(factory.spec().isEmpty(), "a live network has no spec");
    }
}
