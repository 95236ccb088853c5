package org.landscape4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.landscape4j.curvature.CurvatureMap;
import org.landscape4j.curvature.EigenWork;
import org.landscape4j.curvature.LanczosSettings;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.LossWork;
import org.landscape4j.slice.SliceKind;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A real Spark standalone cluster, not {@code local[N]}: a Master and a Worker JVM started by the test
 * ({@link StandaloneCluster}, free loopback ports, logs and executor output under
 * {@code target/standalone-cluster/}), the worker launching an executor JVM of its own whose class path has Spark (and
 * DL4J) but not landscape4j, which reaches it only as the application's {@code spark.jars}. Checked against it:
 * <ul>
 *   <li>a context without the application's jars ends at start with the message that names the fix (one check job,
 *       no grid task);</li>
 *   <li>with them, a W1-shaped plane with an L2 penalty (5×5), the |λmin/λmax| map of a 4-5-3 tanh classifier (3×3) and that plane
 *       around a model shipped as a configuration plus θ (one task per snapshot) equal the local evaluation in this
 *       JVM bit for bit: the executor computes in another process with the driver's OpenBLAS kernel and OpenMP thread
 *       count, which {@link GridCluster} passes to it.</li>
 * </ul>
 * About a minute (JVM starts, one executor, small grids). {@code -Dlandscape4j.cluster=false} skips it.
 */
class StandaloneClusterIT {

    static final Path DIR = Path.of("target", "standalone-cluster").toAbsolutePath();
    static StandaloneCluster cluster;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        assumeFalse("false".equals(System.getProperty("landscape4j.cluster")), "-Dlandscape4j.cluster=false");
        deleteTree(DIR);
        cluster = StandaloneCluster.start(DIR, 2, "2g", Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static GridCluster.Settings settings(boolean withJars) throws IOException {
        GridCluster.Settings settings = new GridCluster.Settings(Duration.ofSeconds(10), Duration.ofSeconds(90),
                Map.of()).with("spark.driver.host", "127.0.0.1").with("spark.driver.bindAddress", "127.0.0.1")
                .with("spark.executor.memory", "1g").with("spark.executor.cores", "2");
        if (withJars) {
            settings = settings.with("spark.jars", cluster.applicationJars().stream().map(Path::toString)
                    .collect(Collectors.joining(",")));
        }
        return settings;
    }

    @Test
    void gridsOnAStandaloneClusterEqualTheLocalEvaluation() throws Exception {
        SparkGridException missing = assertThrows(SparkGridException.class,
                () -> GridCluster.start(cluster.master(), settings(false)));
        assertTrue(missing.getMessage().contains("cannot load landscape4j's classes")
                && missing.getMessage().contains("spark.jars"), missing.getMessage());

        Path dir = DIR.resolve("inputs");
        Files.createDirectories(dir.resolve("w1"));
        Files.createDirectories(dir.resolve("tiny"));
        SparkFixtures.Inputs w1 = SparkFixtures.inputs(dir.resolve("w1"), regularizedW1(),
                Fixtures.classification(3, 200, 64, 10, DataType.FLOAT));
        SparkFixtures.Inputs tiny = SparkFixtures.tiny(dir.resolve("tiny"), 120);
        Results results = Results.at(DIR.resolve("results"));
        try (GridCluster spark = GridCluster.start(cluster.master(), settings(true))) {
            assertTrue(spark.master().startsWith("spark://127.0.0.1:"));

            // 1. a plane of the W1-shaped classifier, cut into tasks
            GridSpec grid = GridSpec.square(5, -1, 1);
            SparkSummary plane = SparkGridEvaluator.builder(spark).build().evaluate(w1.spec(), w1.plane(), grid,
                    results, "plane-cluster", SparkFixtures.provenance(w1.plane(), grid, w1.factory()));
            SparkFixtures.assertSamePoints(SparkFixtures.local(w1, w1.plane(), grid, results, "plane-local"),
                    SliceTable.read(results.file("plane-cluster")));
            assertEquals(25, plane.slice().evaluated());
            assertTrue(plane.slice().centre().regularization() > 0, "an L2 term is compared too");
            assertFalse(plane.executors().isEmpty());
            String executor = plane.executors().values().iterator().next();
            assertTrue(executor.contains("OMP_NUM_THREADS=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "2")),
                    "the executor has the driver's OpenMP threads: " + executor);

            // 2. the eigenvalue map of the tiny classifier, DOUBLE, as surface --eigen computes it
            GridSpec small = GridSpec.square(3, -1, 1);
            LanczosSettings lanczos = LanczosSettings.defaults().withMaxSteps(20);
            ObjectiveFactory doubles = tiny.factory().withPrecision(Precision.DOUBLE);
            Provenance eigen = Provenance.of(null, List.of(), doubles.provenance(), Map.of("eigen", true), Map.of());
            SparkGridEvaluator.builder(spark).build().evaluate(tiny.spec().withPrecision(Precision.DOUBLE),
                    new EigenWork(lanczos), tiny.plane(), small, results, "eigen-cluster", eigen, point -> { });
            try (PendingResult pending = results.startRows("eigen-local", CurvatureMap.TABLE, eigen, 64)) {
                CurvatureMap.evaluate(tiny.plane(), small, doubles, lanczos, 2, pending, (done, total) -> { });
                pending.commit();
            }
            assertEquals(Set.copyOf(CurvatureMap.read(results.file("eigen-local"))),
                    Set.copyOf(CurvatureMap.read(results.file("eigen-cluster"))), "the map bit for bit");

            // 3. one task per snapshot: the tiny classifier shipped as its configuration and θ
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(tiny.model().toFile(), false);
            List<String> completed = new ArrayList<>();
            PendingResult pending = results.startRows("snapshot-cluster", SliceTable.TABLE,
                    SparkFixtures.provenance(tiny.plane(), small, tiny.factory()), SliceTable.ROWS_PER_BATCH);
            try (pending) {
                SparkSnapshotEvaluator.SnapshotGrid<?> unit = new SparkSnapshotEvaluator.SnapshotGrid<>("the model",
                        new SparkSnapshotEvaluator.SnapshotModel(network.params().toFloatVector(), 0, 0),
                        tiny.plane(), new LossWork(true), Precision.FLOAT, pending, point -> { }, outcome -> {
                            pending.commit();
                            completed.add("evaluated " + outcome.grid().evaluated());
                        });
                SparkSnapshotEvaluator.builder(spark).build().evaluate(tiny.spec(),
                        network.getLayerWiseConfigurations().toJson(), SliceKind.PLANE, small, List.of(unit)
                                .iterator(), () -> false);
            }
            assertEquals(List.of("evaluated 9"), completed);
            SparkFixtures.assertSamePoints(SparkFixtures.local(tiny, tiny.plane(), small, results, "snapshot-local"),
                    SliceTable.read(results.file("snapshot-cluster")));
        }
        try (var apps = Files.list(DIR.resolve("work"))) {
            assertTrue(apps.findAny().isPresent(), "executors ran in the worker's own JVMs (see work/app-*/)");
        }
    }

    /**
     * W1's shape with an L2 penalty: its regularization term is a libnd4j reduction over each weight array, whose
     * rounding depends on the OpenMP thread count (an executor with another OMP_NUM_THREADS computes it otherwise).
     */
    private static MultiLayerNetwork regularizedW1() {
        MultiLayerNetwork network = new MultiLayerNetwork(Fixtures.base(DataType.FLOAT).l2(1e-3).list()
                .layer(new DenseLayer.Builder().nIn(64).nOut(128).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(128).nOut(128).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        network.init();
        return network;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
