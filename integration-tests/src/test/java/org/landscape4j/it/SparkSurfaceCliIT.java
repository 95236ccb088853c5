package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.cli.Landscape4jCommand;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.examples.ModularAddition;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code landscape4j surface --spark local[2]} as a user runs it: the packaged jar started with plain
 * {@code java -jar} (its lib/ carries Spark, its manifest the JVM flags Spark needs) writes the local workers' numbers
 * bit for bit; a Spark surface killed with SIGKILL half-way is resumed by the same command, which evaluates only the
 * missing points; a master that cannot be reached ends with one line and exit code 1.
 */
class SparkSurfaceCliIT {

    @TempDir
    static Path tmp;

    static Path model;
    static Path data;

    /** W2's network (≈1M parameters: a few tens of ms per point, so that a kill lands half-way) and 500 examples. */
    @BeforeAll
    static void inputs() throws IOException {
        model = tmp.resolve("w2.zip");
        ModularAddition.writeModel(Fixtures.w2(DataType.FLOAT), model);
        data = tmp.resolve("data.csv");
        ModularAddition.writeCsv(Fixtures.classification(5, 500, 100, 10, DataType.FLOAT), data);
    }

    private static List<String> surface(Path out, String grid, String... more) {
        List<String> args = new ArrayList<>(List.of("surface", "--model", model.toString(), "--data", data.toString(),
                "--grid", grid, "--seed", "3", "--out", out.toString(), "--json"));
        args.addAll(List.of(more));
        return args;
    }

    private static ProcessBuilder jar(List<String> args) {
        Path cli = ChildJvm.root().resolve("cli/target/landscape4j-cli.jar");
        return ChildJvm.plainJar(ChildJvm.currentJava(), cli, args.toArray(new String[0]));
    }

    private static int inProcess(List<String> args, StringWriter err) {
        return Landscape4jCommand.commandLine().setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err)).execute(args.toArray(new String[0]));
    }

    private static List<SlicePoint> sorted(Path file) throws IOException {
        return SliceTable.read(file).stream().sorted(Comparator.comparingInt(SlicePoint::j)
                .thenComparingInt(SlicePoint::i)).toList();
    }

    private static JsonNode lastJson(String output) throws IOException {
        int start = output.lastIndexOf("\n{");
        return new ObjectMapper().readTree(output.substring(start < 0 ? output.indexOf('{') : start + 1));
    }

    @Test
    void embeddedSparkFromPlainJavaJarWritesTheLocalWorkersNumbers() throws Exception {
        Path local = tmp.resolve("local.arrows");
        StringWriter err = new StringWriter();
        assertEquals(0, inProcess(surface(local, "4", "--workers", "2"), err), err.toString());
        Path spark = tmp.resolve("spark.arrows");
        String output = ChildJvm.run(jar(surface(spark, "4", "--spark", "local[2]")), tmp.resolve("spark.log"));
        assertTrue(output.contains("Spark 4."), output);
        assertEquals(16, lastJson(output).get("evaluated").asInt());
        assertEquals(sorted(local), sorted(spark), "bit-identical");
    }

    @Test
    void aKilledSparkSurfaceIsResumedByTheSameCommand() throws Exception {
        Path out = tmp.resolve("killed.arrows");
        Path partial = out.resolveSibling("." + out.getFileName() + ".partial");
        List<String> args = surface(out, "12", "--spark", "local[2]", "--spark-tasks", "24");
        Process first = jar(args).redirectErrorStream(true).redirectOutput(tmp.resolve("first.log").toFile()).start();
        long initial = -1;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (first.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(partial)) {
                long size = Files.size(partial);
                if (initial < 0) {
                    initial = size;
                } else if (size > initial + 2000) {
                    break;                                   // a few tasks' record batches are in
                }
            }
            Thread.sleep(20);
        }
        assertTrue(first.isAlive(), "the first run ended before it could be killed:\n"
                + Files.readString(tmp.resolve("first.log")));
        first.destroyForcibly().waitFor();                   // SIGKILL: no shutdown hook, no commit
        assertTrue(Files.exists(partial) && !Files.exists(out));

        String output = ChildJvm.run(jar(args), tmp.resolve("second.log"));
        JsonNode summary = lastJson(output);
        int resumed = summary.get("resumed").asInt();
        assertEquals(144, summary.get("points").asInt());
        assertTrue(resumed > 0 && resumed < 144, "resumed " + resumed);
        assertEquals(144 - resumed, summary.get("evaluated").asInt(), "only the missing points");

        Path local = tmp.resolve("killed-local.arrows");
        StringWriter err = new StringWriter();
        assertEquals(0, inProcess(surface(local, "12", "--workers", "2"), err), err.toString());
        assertEquals(sorted(local), sorted(out), "the resumed grid equals a local evaluation");
    }

    @Test
    void anUnreachableMasterEndsWithOneLine() {
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = inProcess(surface(tmp.resolve("never.arrows"), "3", "--spark", "spark://127.0.0.1:1",
                "--spark-timeout", "5"), err);
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains("the Spark master spark://127.0.0.1:1 cannot be reached"), err.toString());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60));
    }
}
