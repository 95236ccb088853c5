package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.curvature.CurvatureMap;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.examples.ModularAddition;
import org.landscape4j.listener.LandscapeListener;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@code landscape4j surface RUN --snapshots A:B:STRIDE} as a user runs it, on a run of W1's shape with 5 snapshots:
 * one result per selected snapshot, named after its iteration, each equal bit for bit to {@code --snapshot K} of the
 * same slice; run again, every snapshot is skipped; on Spark ({@code local[2]}, one task per snapshot, with the
 * |λmin/λmax| maps) the same numbers; killed with SIGKILL half-way, the same command skips the completed snapshots,
 * resumes the partial one and evaluates the others; an empty selection and the options it excludes end with one line
 * and exit codes 1 and 2.
 */
class SnapshotSurfacesCliIT {

    @TempDir
    static Path tmp;

    static Path run;

    /** W1's shape (64-128-128-10, tanh), trained 4 epochs with a snapshot at the start and after each: 5 snapshots. */
    @BeforeAll
    static void recordARun() throws IOException {
        MultiLayerNetwork network = Fixtures.w1(DataType.FLOAT);
        DataSet train = Fixtures.classification(11, 200, 64, 10, DataType.FLOAT);
        run = tmp.resolve("run");
        try (LandscapeListener listener = LandscapeListener.builder(run).snapshotEveryEpoch().build()) {
            network.addListeners(listener);
            network.fit(new ListDataSetIterator<>(train.asList(), 50), 4);
        }
        ModularAddition.writeCsv(Fixtures.classification(12, 400, 64, 10, DataType.FLOAT), run.resolve("eval.csv"));
    }

    private static CliOutput cli(String... args) {
        return CliOutput.run(args);
    }

    private static Path copyOfRun(String name) throws IOException {
        Path copy = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(run)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(run.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.startsWith(run.resolve("results"))) {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    private static List<SlicePoint> sorted(Path file) throws IOException {
        return SliceTable.read(file).stream().sorted(Comparator.comparingInt(SlicePoint::j)
                .thenComparingInt(SlicePoint::i)).toList();
    }

    private static JsonNode json(String out) throws IOException {
        return new ObjectMapper().readTree(out.substring(out.indexOf('[')));
    }

    @Test
    void oneResultPerSnapshotEqualToSnapshotKAndSkippedWhenRunAgain() throws IOException {
        Path local = copyOfRun("run-local");
        CliOutput first = cli("surface", local.toString(), "--snapshots", "0:5:2", "--grid", "5", "--seed", "3",
                "--json");
        assertEquals(0, first.exitCode(), first.err());
        JsonNode entries = json(first.out());
        assertEquals(3, entries.size());
        List<Long> iterations = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            JsonNode entry = entries.get(n);
            assertEquals(2 * n, entry.get("snapshot").asInt());
            assertFalse(entry.get("skipped").asBoolean());
            assertEquals(25, entry.get("evaluated").asInt());
            long iteration = entry.get("iteration").asLong();
            iterations.add(iteration);
            Path file = Path.of(entry.get("file").asText());
            assertEquals("surface-it" + iteration + "-filter-s3.arrows", file.getFileName().toString());
            assertTrue(Files.exists(file.resolveSibling("surface-it" + iteration + "-filter-s3.directions.arrows")));
            Path single = tmp.resolve("single-" + n + ".arrows");
            CliOutput alone = cli("surface", local.toString(), "--snapshot", Integer.toString(2 * n), "--grid", "5",
                    "--seed", "3", "--out", single.toString());
            assertEquals(0, alone.exitCode(), alone.err());
            assertEquals(sorted(single), sorted(file), "snapshot " + 2 * n + " as --snapshot " + 2 * n + " slices it");
        }
        assertEquals(3, new HashSet<>(iterations).size(), "named after distinct iterations: " + iterations);

        CliOutput again = cli("surface", local.toString(), "--snapshots", "0:5:2", "--grid", "5", "--seed", "3",
                "--json");
        assertEquals(0, again.exitCode(), again.err());
        for (JsonNode entry : json(again.out())) {
            assertTrue(entry.get("skipped").asBoolean(), "complete, skipped: " + entry);
        }
        CliOutput other = cli("surface", local.toString(), "--snapshots", "4:", "--grid", "4", "--seed", "3", "--json");
        assertEquals(0, other.exitCode(), other.err());
        assertFalse(json(other.out()).get(0).get("skipped").asBoolean(), "another grid is another computation");
    }

    @Test
    void onSparkOneTaskPerSnapshotWritesTheLocalNumbersAndMaps() throws IOException {
        Path local = copyOfRun("run-eigen-local");
        Path spark = copyOfRun("run-eigen-spark");
        String[] common = {"--snapshots", "1:5:3", "--grid", "3", "--seed", "5", "--eigen", "--eigen-steps", "8"};
        CliOutput here = cli(concat(new String[] {"surface", local.toString()}, common));
        assertEquals(0, here.exitCode(), here.err());
        CliOutput there = cli(concat(new String[] {"surface", spark.toString(), "--spark", "local[2]", "--json"},
                common));
        assertEquals(0, there.exitCode(), there.err());
        JsonNode entries = json(there.out());
        assertEquals(2, entries.size());
        for (JsonNode entry : entries) {
            Path file = Path.of(entry.get("file").asText());
            Path eigen = Path.of(entry.get("eigen_file").asText());
            assertEquals(9, entry.get("points").asInt());
            assertEquals(sorted(local.resolve("results").resolve(file.getFileName())), sorted(file), file.toString());
            assertEquals(new HashSet<>(CurvatureMap.read(local.resolve("results").resolve(eigen.getFileName()))),
                    new HashSet<>(CurvatureMap.read(eigen)), eigen.toString());
        }
    }

    /**
     * Killed with SIGKILL while the second of three snapshots is being evaluated (the first committed, the second's
     * partial file holding some points), the same command skips the first, resumes the second and evaluates the
     * third; the results equal an uninterrupted run's.
     */
    @Test
    void aKilledRunSkipsTheCompletedSnapshotsAndResumesThePartialOne() throws Exception {
        Path killed = copyOfRun("run-killed");
        List<String> args = List.of("surface", killed.toString(), "--snapshots", "0:5:2", "--grid", "60", "--seed",
                "7", "--workers", "2", "--json");
        Path cli = ChildJvm.root().resolve("cli/target/landscape4j-cli.jar");
        Process first = ChildJvm.plainJar(ChildJvm.currentJava(), cli, args.toArray(new String[0]))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("killed-first.log").toFile()).start();
        Path results = killed.resolve("results");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        boolean ready = false;
        while (first.isAlive() && System.nanoTime() < deadline && !ready) {
            ready = committed(results) == 1 && partialBytes(results) > 6000;   // a few flushed batches of the 2nd
            Thread.sleep(20);
        }
        assertTrue(first.isAlive() && ready, "the first run was not caught half-way through its second snapshot:\n"
                + Files.readString(tmp.resolve("killed-first.log")));
        first.destroyForcibly().waitFor();                   // SIGKILL: no shutdown hook, no commit

        String output = ChildJvm.run(ChildJvm.plainJar(ChildJvm.currentJava(), cli, args.toArray(new String[0])),
                tmp.resolve("killed-second.log"));
        JsonNode entries = json(output.substring(output.lastIndexOf("\n[") + 1));
        assertEquals(3, entries.size());
        assertTrue(entries.get(0).get("skipped").asBoolean(), "the committed snapshot is skipped");
        int resumed = entries.get(1).get("resumed").asInt();
        assertTrue(resumed > 0 && resumed < 3600, "the partial snapshot resumed after " + resumed + " points");
        assertEquals(3600 - resumed, entries.get(1).get("evaluated").asInt(), "only its missing points");
        assertEquals(0, entries.get(2).get("resumed").asInt());
        assertEquals(3600, entries.get(2).get("evaluated").asInt());

        Path whole = copyOfRun("run-whole");
        CliOutput reference = cli(concat(new String[] {"surface", whole.toString()}, args.subList(2, args.size())
                .toArray(new String[0])));
        assertEquals(0, reference.exitCode(), reference.err());
        for (JsonNode entry : json(reference.out())) {
            Path file = Path.of(entry.get("file").asText());
            assertEquals(sorted(file), sorted(results.resolve(file.getFileName())), "bit for bit: " + file);
        }
    }

    private static long committed(Path results) throws IOException {
        if (!Files.isDirectory(results)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(results)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("surface-it") && n.endsWith(".arrows") && !n.contains(".directions"))
                    .count();
        }
    }

    private static long partialBytes(Path results) throws IOException {
        if (!Files.isDirectory(results)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(results)) {
            long size = 0;
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".partial")
                    && !p.getFileName().toString().contains(".directions")).toList()) {
                size = Math.max(size, Files.size(p));
            }
            return size;
        }
    }

    @Test
    void badSelectionsAndExcludedOptionsEndWithOneLine() {
        CliOutput empty = cli("surface", run.toString(), "--snapshots", "9:", "--grid", "3");
        assertEquals(1, empty.exitCode(), empty.err());
        assertTrue(empty.err().startsWith("landscape4j surface: --snapshots 9::1 selects no snapshot of the 5"),
                empty.err());
        assertEquals(1, empty.err().strip().lines().count(), empty.err());

        CliOutput both = cli("surface", run.toString(), "--snapshots", "0:2", "--snapshot", "1");
        assertEquals(2, both.exitCode(), both.err());
        assertTrue(both.err().startsWith("--snapshots and --snapshot are mutually exclusive"), both.err());
        CliOutput out = cli("surface", run.toString(), "--snapshots", "0:2", "--out", tmp.resolve("x.arrows").toString());
        assertEquals(2, out.exitCode(), out.err());
        assertTrue(out.err().startsWith("--snapshots and --out are mutually exclusive"), out.err());
        CliOutput unreachable = cli("surface", run.toString(), "--snapshots", "0:2", "--grid", "3", "--spark",
                "spark://127.0.0.1:1", "--spark-timeout", "3");
        assertEquals(1, unreachable.exitCode(), unreachable.err());
        assertTrue(unreachable.err().contains("the Spark master spark://127.0.0.1:1 cannot be reached"),
                unreachable.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
