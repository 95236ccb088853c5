package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.examples.ModularAddition;
import org.landscape4j.listener.LandscapeListener;
import org.landscape4j.objective.Objective;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code landscape4j surface} and {@code interpolate} on a recorded run, as a user runs them: the numbers they write
 * are checked against the objective evaluated independently at the same parameters, post hoc from a snapshot
 * equals post hoc from the same parameters saved as a model file, 1 and 2 workers agree bit for bit, and bad
 * input ends with one line and exit code 1.
 */
class SurfaceCliIT {

    @TempDir
    static Path tmp;

    static Path run;
    static DataSet evaluation;

    /** A 4-5-3 classifier trained 3 epochs with snapshots; its evaluation data beside the run as eval.csv. */
    @BeforeAll
    static void recordARun() throws IOException {
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 3);
        DataSet train = TinyNetworks.data(24, DataType.FLOAT, 5);
        evaluation = TinyNetworks.data(30, DataType.FLOAT, 6);
        run = tmp.resolve("run");
        try (LandscapeListener listener = LandscapeListener.builder(run).snapshotEveryEpoch().metricsEveryIteration()
                .build()) {
            net.addListeners(listener);
            net.fit(new ListDataSetIterator<>(train.asList(), 8), 3);
        }
        ModularAddition.writeCsv(evaluation, run.resolve("eval.csv"));
    }

    private static CliOutput cli(String... args) {
        return CliOutput.run(args);
    }

    private static List<SlicePoint> sortedPoints(Path file) throws IOException {
        return SliceTable.read(file).stream().sorted(Comparator.comparingInt(SlicePoint::j)
                .thenComparingInt(SlicePoint::i)).toList();
    }

    /** The loss of the objective at a snapshot's θ, evaluated here on the same CSV data (FLOAT, as the CLI). */
    private static double lossAtSnapshot(int index) throws IOException {
        float[] theta;
        try (SnapshotReader reader = RunDirectory.open(run).openSnapshots(null)) {
            theta = reader.read(index).params();
        }
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 3);
        net.params().assign(Nd4j.createFromArray(theta));
        try (Objective objective = NetworkObjectiveFactory.builder(net).data(evaluation).build().create()) {
            return objective.evaluate().loss();
        }
    }

    @Test
    void aPlaneAroundASnapshotHoldsTheSnapshotsLossAtItsCentre() throws IOException {
        CliOutput output = cli("surface", run.toString(), "--snapshot", "1", "--grid", "5", "--range", "-0.5,0.5",
                "--workers", "2", "--json");
        assertEquals(0, output.exitCode(), output.err());
        JsonNode summary = new ObjectMapper().readTree(output.out());
        Path file = Path.of(summary.get("file").asText());
        assertTrue(file.startsWith(run.resolve("results")), file.toString());
        assertEquals(25, summary.get("points").asInt());
        List<SlicePoint> points = sortedPoints(file);
        assertEquals(25, points.size());
        SlicePoint centre = points.get(12);
        assertEquals(0.0, centre.alpha(), 0.0);
        assertEquals(0.0, centre.beta(), 0.0);
        // the same FLOAT objective on the same data at the same θ: bit-identical
        assertEquals(lossAtSnapshot(1), centre.loss(), 0.0);
        assertEquals(30, centre.examples());
        assertTrue(Files.isRegularFile(Path.of(summary.get("directions_file").asText())));
        assertEquals(summary.get("centre_loss").get("loss").asDouble(), centre.loss(), 0.0);
    }

    /** Post hoc from a snapshot equals post hoc from the same parameters saved as model.zip; 1 and 2 workers agree. */
    @Test
    void aSnapshotAndTheSameParametersAsAModelFileGiveTheSameSurface() throws IOException {
        float[] theta;
        long iteration;
        try (SnapshotReader reader = RunDirectory.open(run).openSnapshots(null)) {
            Snapshot snapshot = reader.read(2);
            theta = snapshot.params();
            iteration = snapshot.iteration();
        }
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 3);
        net.params().assign(Nd4j.createFromArray(theta));
        Path model = tmp.resolve("snapshot-2.zip");
        ModularAddition.writeModel(net, model);

        CliOutput fromRun = cli("surface", run.toString(), "--snapshot", "2", "--grid", "4x3", "--range", "-1,1,-0.5,0.5",
                "--seed", "7", "--workers", "1", "--out", tmp.resolve("from-run.arrows").toString(), "--json");
        assertEquals(0, fromRun.exitCode(), fromRun.err());
        CliOutput fromModel = cli("surface", "--model", model.toString(), "--data", run.resolve("eval.csv").toString(),
                "--grid", "4x3", "--range", "-1,1,-0.5,0.5", "--seed", "7", "--workers", "2", "--out",
                tmp.resolve("from-model.arrows").toString(), "--json");
        assertEquals(0, fromModel.exitCode(), fromModel.err());
        List<SlicePoint> a = sortedPoints(tmp.resolve("from-run.arrows"));
        List<SlicePoint> b = sortedPoints(tmp.resolve("from-model.arrows"));
        assertEquals(12, a.size());
        assertEquals(a, b, "the same θ, directions, data and grid: bit-identical, whatever the worker count");
        assertTrue(iteration > 0);
    }

    @Test
    void aLinearInterpolationBetweenTwoSnapshotsEndsAtTheirLosses() throws IOException {
        CliOutput output = cli("interpolate", run + "@0", run + "@-1", "--points", "5", "--range", "0,1", "--json");
        assertEquals(0, output.exitCode(), output.err());
        Path file = Path.of(new ObjectMapper().readTree(output.out()).get("file").asText());
        List<SlicePoint> points = sortedPoints(file);
        assertEquals(5, points.size());
        assertEquals(lossAtSnapshot(0), points.get(0).loss(), 0.0, "α = 0 is the first snapshot");
        assertEquals(lossAtSnapshot(-1), points.get(4).loss(), 0.0, "α = 1 is the last");
    }

    @Test
    void badInputEndsWithOneLineAndExitCodeOne() throws IOException {
        Path csv = Files.writeString(tmp.resolve("bad.csv"), "a,b,label\n1,2,0\n");
        String[][] cases = {
            {"surface", run.toString(), "--grid", "0"},
            {"surface", run.toString(), "--range", "1,-1"},
            {"surface", run.toString(), "--snapshot", "99"},
            {"surface", run.toString(), "--norm", "sideways"},
            {"surface", run.toString(), "--data", csv.toString()},
            {"surface", run.toString(), "--line", "--grid", "5x5"},
            {"surface", tmp.resolve("no-such-run").toString()},
            {"interpolate", run + "@0", run + "@nope"},
        };
        for (String[] args : cases) {
            CliOutput output = cli(args);
            assertEquals(1, output.exitCode(), String.join(" ", args) + "\n" + output.err());
            assertEquals(1, output.err().lines().count(), String.join(" ", args) + "\n" + output.err());
            assertTrue(output.err().startsWith("landscape4j "), output.err());
        }
    }
}
