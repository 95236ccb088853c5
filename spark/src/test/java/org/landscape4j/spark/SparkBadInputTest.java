package org.landscape4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.landscape4j.objective.DataSource;
import org.landscape4j.objective.DataSpec;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bad input is named before any grid task runs: a master that cannot be reached (within a bounded time), a master
 * URL of no known form, a data path the executors cannot read, a model and directions that disagree on P.
 */
class SparkBadInputTest {

    /** Task attempts started in this JVM (a local master's executors run here). */
    static final AtomicInteger TASKS = new AtomicInteger();

    @TempDir
    static Path dir;

    static SparkFixtures.Inputs inputs;

    @BeforeAll
    static void setUp() throws IOException {
        inputs = SparkFixtures.inputs(dir, 50);
    }

    private static SparkGridEvaluator counting(DataShipping shipping) throws SparkGridException {
        return SparkGridEvaluator.builder(SparkFixtures.cluster()).dataShipping(shipping)
                .taskHook((partition, attempt) -> TASKS.incrementAndGet()).build();
    }

    @Test
    void anUnreachableMasterFailsFastWithItsAddress() {
        long start = System.nanoTime();
        // port 1 on the loopback interface: nothing listens, the connection is refused at once
        GridCluster.Settings settings = new GridCluster.Settings(Duration.ofSeconds(3), Duration.ofSeconds(3),
                Map.of());
        SparkGridException e = assertThrows(SparkGridException.class,
                () -> GridCluster.start("spark://127.0.0.1:1", settings));
        assertTrue(e.getMessage().contains("spark://127.0.0.1:1 cannot be reached"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "bounded by the connect timeout");
    }

    @Test
    void aMasterOfNoKnownFormIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GridCluster.start("lokal[2]", GridCluster.Settings.defaults()));
        assertTrue(e.getMessage().contains("\"lokal[2]\"") && e.getMessage().contains("spark://HOST:PORT"),
                e.getMessage());
    }

    @Test
    void masterForms() {
        assertTrue(new SparkMaster("local[2,2]").isLocal());
        assertEquals(2, new SparkMaster("local[2,2]").localThreads(8).getAsInt());
        assertEquals(8, new SparkMaster("local[*]").localThreads(8).getAsInt());
        assertEquals(1, new SparkMaster("local").localThreads(8).getAsInt());
        assertEquals(2, new SparkMaster("spark://a:7077,b:7077").addresses().size());
        assertEquals(443, new SparkMaster("k8s://https://api.example:443").addresses().get(0).getPort());
        assertEquals(6443, new SparkMaster("k8s://api.example:6443").addresses().get(0).getPort());
        assertTrue(new SparkMaster("yarn").addresses().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new SparkMaster("local[0]"));
        assertThrows(IllegalArgumentException.class, () -> new SparkMaster("spark://nohost"));
    }

    /**
     * The executors get the driver's OpenBLAS kernel and OpenMP thread count (both change the last bits of the
     * numbers), one BLAS thread, and the executor's cores as OpenMP threads only when the driver has no setting;
     * what the configuration sets wins.
     */
    @Test
    void theExecutorsGetTheDriversNativeSettingsUnlessConfigured() {
        org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf(false).set("spark.executor.cores", "4");
        Map<String, String> chosen = GridCluster.executorEnvironment(conf, Map.of("OPENBLAS_CORETYPE", "Haswell",
                "OMP_NUM_THREADS", "2"));
        assertEquals(Map.of("OPENBLAS_NUM_THREADS", "1", "ND4J_SKIP_BLAS_THREADS", "1", "OMP_NUM_THREADS", "2",
                "OPENBLAS_CORETYPE", "Haswell"), chosen);
        assertEquals("2", conf.get("spark.executorEnv.OMP_NUM_THREADS"));

        org.apache.spark.SparkConf bare = new org.apache.spark.SparkConf(false).set("spark.executor.cores", "4")
                .set("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
        Map<String, String> fallback = GridCluster.executorEnvironment(bare, Map.of());
        assertEquals("4", fallback.get("OMP_NUM_THREADS"), "no driver setting: the executor's cores");
        assertTrue(!fallback.containsKey("OPENBLAS_NUM_THREADS") && !fallback.containsKey("OPENBLAS_CORETYPE"),
                "set by the configuration, or unknown: left alone " + fallback);
    }

    @Test
    void aModelAndDirectionsThatDisagreeOnPFailBeforeAnyTask() throws IOException {
        long p = inputs.centre().length();
        Slice wrong = Slice.plane(Nd4j.zeros(DataType.FLOAT, p + 3), Nd4j.ones(DataType.FLOAT, p + 3),
                Nd4j.ones(DataType.FLOAT, p + 3));
        GridSpec grid = GridSpec.square(3, -1, 1);
        int before = TASKS.get();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> counting(DataShipping.AUTO).evaluate(inputs.spec(), wrong, grid, Results.at(dir.resolve("p")),
                        "wrong", SparkFixtures.provenance(wrong, grid, inputs.factory())));
        assertTrue(e.getMessage().contains(p + " parameters but the slice's vectors have " + (p + 3)),
                e.getMessage());
        assertTrue(e.getMessage().contains(inputs.model().toString()), e.getMessage());
        assertEquals(before, TASKS.get(), "no task ran");
    }

    @Test
    void aDataPathTheExecutorsCannotReadFailsBeforeAnyTask() throws IOException {
        String missing = dir.resolve("nowhere/data.csv").toString();
        ObjectiveSpec spec = new ObjectiveSpec(inputs.spec().model(),
                DataSpec.of(new DataSource.CsvFile(missing), 64), inputs.spec().precision());
        Slice plane = inputs.plane();
        GridSpec grid = GridSpec.square(3, -1, 1);
        int before = TASKS.get();
        for (DataShipping shipping : DataShipping.values()) {
            NoSuchFileException e = assertThrows(NoSuchFileException.class,
                    () -> counting(shipping).evaluate(spec, plane, grid, Results.at(dir.resolve("d-" + shipping)),
                            "missing", SparkFixtures.provenance(plane, grid, inputs.factory())));
            assertEquals(missing, e.getFile(), shipping.name());
        }
        assertEquals(before, TASKS.get(), "no task ran");
    }

    @Test
    void theExecutorsCheckJobNamesTheExecutorThatCannotRead() throws IOException {
        String missing = dir.resolve("elsewhere/data.csv").toString();
        SparkGridException e = assertThrows(SparkGridException.class,
                () -> Shipments.checkExecutorsRead(SparkFixtures.cluster().context(), missing, true));
        assertTrue(e.getMessage().contains("cannot be read by every executor: executor driver on "), e.getMessage());
        assertTrue(e.getMessage().contains("no file there"), e.getMessage());
        Shipments.checkExecutorsRead(SparkFixtures.cluster().context(), inputs.csv().toString(), true);
    }
}
