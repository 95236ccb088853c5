package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.cli.Landscape4jCommand;
import org.landscape4j.examples.ExamplesMain;
import org.landscape4j.examples.ModularAddition;
import org.landscape4j.run.Snapshot;
import picocli.CommandLine;

/** The default example end to end, then {@code landscape4j inspect} on what it wrote, in process and as jars. */
class ExampleAndCliIT {

    private static final int EPOCHS = 3;

    @TempDir
    Path tmp;

    @Test
    void theDefaultExampleWritesARunAModelAndItsDataThatInspectDescribes() throws Exception {
        Path out = tmp.resolve("demo");
        assertEquals(0, new CommandLine(new ExamplesMain()).execute("--out", out.toString(),
                "--epochs", Integer.toString(EPOCHS)));

        ModularAddition.Config config = ModularAddition.Config.defaults();
        int p = config.modulus();
        int trainPairs = (int) Math.round(config.trainFraction() * p * p);
        int iterationsPerEpoch = (trainPairs + config.batchSize() - 1) / config.batchSize();

        List<Snapshot> snapshots = ListenerRecordingIT.readSnapshots(out);
        assertEquals(EPOCHS + 1, snapshots.size(), "the start and every epoch");
        MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(out.resolve("model.zip").toFile());
        assertArrayEquals(model.params().toFloatVector(), snapshots.get(EPOCHS).params(),
                "model.zip holds the parameters of the last snapshot");

        List<String> eval = Files.readAllLines(out.resolve("eval.csv"), StandardCharsets.UTF_8);
        assertEquals(p * p - trainPairs + 1, eval.size(), "a header and one line per held-out pair");
        String[] header = eval.get(0).split(",");
        assertEquals(2 * p + 1, header.length);
        assertEquals("label", header[2 * p]);
        for (String line : eval.subList(1, eval.size())) {
            String[] cells = line.split(",");
            int a = indexOfOne(cells, 0, p);
            int b = indexOfOne(cells, p, p);
            assertEquals((a + b) % p, Integer.parseInt(cells[2 * p]), "label of " + line);
        }
        assertEquals(trainPairs + 1, Files.readAllLines(out.resolve("train.csv")).size());

        StringWriter json = new StringWriter();
        CommandLine cli = Landscape4jCommand.commandLine().setOut(new PrintWriter(json));
        assertEquals(0, cli.execute("inspect", out.toString(), "--json"));
        JsonNode summary = new ObjectMapper().readTree(json.toString());
        assertEquals(model.numParams(), summary.get("params").asLong());
        assertEquals(EPOCHS + 1, summary.get("snapshots").asInt());
        assertEquals(EPOCHS, summary.get("epochs_completed").asInt());
        assertEquals(EPOCHS * iterationsPerEpoch, summary.get("updates").asInt());
        assertEquals(EPOCHS * iterationsPerEpoch, summary.get("metric_rows").asInt());
        assertEquals(0, summary.get("problems").size(), summary.toString());
        assertEquals("complete", summary.get("status").asText());
        List<String> files = new ArrayList<>();
        summary.get("files").forEach(f -> files.add(f.asText()));
        assertTrue(files.containsAll(List.of("manifest.json", "metrics.arrows", "snapshots.arrows", "network.json",
                "model.zip", "eval.csv", "train.csv")), files.toString());

        StringWriter text = new StringWriter();
        assertEquals(0, Landscape4jCommand.commandLine().setOut(new PrintWriter(text)).execute("inspect",
                out.toString()));
        assertTrue(text.toString().contains("0_W"), "the layout is listed:\n" + text);
        assertTrue(text.toString().contains(EPOCHS + " epochs completed at the last snapshot"),
                "the epoch count says where it comes from:\n" + text);
    }

    @Test
    void inspectExplainsADirectoryThatIsNotARun() {
        StringWriter err = new StringWriter();
        CommandLine cli = Landscape4jCommand.commandLine().setErr(new PrintWriter(err));
        assertEquals(1, cli.execute("inspect", tmp.toString()));
        assertTrue(err.toString().contains("manifest.json"), err.toString());
        assertEquals(1, Landscape4jCommand.commandLine().setErr(new PrintWriter(new StringWriter()))
                .execute("inspect", tmp.resolve("missing").toString()));
    }

    /** Plain {@code java -jar}, no flags: the manifests' Add-Opens must be enough, on JDK 17 and on JDK 25. */
    @Test
    void theRunnableJarsWorkWithPlainJavaJar() throws Exception {
        Path root = ChildJvm.root();
        Path examples = root.resolve("examples/target/landscape4j-examples.jar");
        Path cli = root.resolve("cli/target/landscape4j-cli.jar");
        Path out = tmp.resolve("jar-run");
        List<String> javas = new ArrayList<>(List.of(ChildJvm.currentJava()));
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        if (Files.isExecutable(jdk25.resolve("bin/java"))) {
            javas.add(ChildJvm.javaOf(jdk25));
        }
        for (String java : javas) {
            ChildJvm.run(ChildJvm.plainJar(java, examples, "--out", out.toString(), "--epochs", "1"),
                    tmp.resolve("examples.log"));
            String json = ChildJvm.run(ChildJvm.plainJar(java, cli, "inspect", out.toString(), "--json"),
                    tmp.resolve("cli.log"));
            assertTrue(json.contains("\"snapshots\" : 2"), java + " printed:\n" + json);
        }
    }

    private static int indexOfOne(String[] cells, int from, int count) {
        int found = -1;
        for (int i = from; i < from + count; i++) {
            if (cells[i].equals("1")) {
                assertEquals(-1, found, "exactly one hot column");
                found = i - from;
            } else {
                assertEquals("0", cells[i]);
            }
        }
        assertTrue(found >= 0, "one hot column");
        return found;
    }
}
