package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.direction.DirectionTable;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.examples.ModularAddition;
import org.landscape4j.listener.LandscapeListener;
import org.landscape4j.listener.TrajectoryPcaSettings;
import org.landscape4j.objective.Objective;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.trajectory.PcaTable;
import org.landscape4j.trajectory.TrajectoryPath;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code landscape4j pca}, {@code trajectory} and {@code embed} on a run recorded by the listener (the 4-5-3
 * classifier, 7 snapshots): their JSON fields, the path's coordinates recomputed here from {@code snapshots.arrows}
 * and the saved directions, the grid holding every path point, the plane's loss against the objective evaluated
 * independently, the listener's incremental PCA against the exact one, and bad input with its exit codes.
 */
class TrajectoryCliIT {

    @TempDir
    static Path tmp;

    static Path run;
    static Path shortRun;
    static Path metricsOnly;
    static DataSet evaluation;
    static List<Snapshot> snapshots;

    @BeforeAll
    static void recordRuns() throws IOException {
        DataSet train = TinyNetworks.data(24, DataType.FLOAT, 5);
        evaluation = TinyNetworks.data(30, DataType.FLOAT, 6);
        run = tmp.resolve("run");
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 3);
        try (LandscapeListener listener = LandscapeListener.builder(run).snapshotEveryEpoch().metricsEveryIteration()
                .trajectoryPca(TrajectoryPcaSettings.builder().components(8).writeEvery(3).build()).build()) {
            net.addListeners(listener);
            net.fit(new ListDataSetIterator<>(train.asList(), 8), 6);          // 18 updates, 7 snapshots
        }
        ModularAddition.writeCsv(evaluation, run.resolve("eval.csv"));
        snapshots = new ArrayList<>();
        try (SnapshotReader reader = RunDirectory.open(run).openSnapshots(null)) {
            for (Snapshot snapshot : reader) {
                snapshots.add(snapshot);
            }
        }

        shortRun = tmp.resolve("short");                                      // 2 snapshots: no plane
        MultiLayerNetwork other = TinyNetworks.mlp(DataType.FLOAT, 4);
        try (LandscapeListener listener = LandscapeListener.builder(shortRun).snapshotEveryEpoch().build()) {
            other.addListeners(listener);
            other.fit(new ListDataSetIterator<>(train.asList(), 8), 1);
        }
        ModularAddition.writeCsv(evaluation, shortRun.resolve("eval.csv"));

        metricsOnly = tmp.resolve("metrics-only");
        MultiLayerNetwork third = TinyNetworks.mlp(DataType.FLOAT, 5);
        try (LandscapeListener listener = LandscapeListener.builder(metricsOnly).metricsEveryIteration().build()) {
            third.addListeners(listener);
            third.fit(new ListDataSetIterator<>(train.asList(), 8), 1);
        }
    }

    private static CliOutput cli(String... args) {
        return CliOutput.run(args);
    }

    private static JsonNode json(String... args) throws IOException {
        CliOutput output = cli(args);
        assertEquals(0, output.exitCode(), String.join(" ", args) + "\n" + output.err());
        return new ObjectMapper().readTree(output.out());
    }

    /** (θ − c)·d, every term formed and summed in double, recomputed here. */
    private static double dot(float[] theta, float[] c, float[] d) {
        double s = 0;
        for (int p = 0; p < theta.length; p++) {
            s += ((double) theta[p] - c[p]) * d[p];
        }
        return s;
    }

    private static double[] values(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }

    @Test
    void pcaWritesTheComponentsAndPrintsRatiosAndEachSnapshotsCoordinates() throws IOException {
        JsonNode summary = json("pca", run.toString(), "--components", "3", "--json");
        assertEquals(7, summary.get("snapshots").asInt());
        assertEquals(TinyNetworks.PARAMS, summary.get("parameters").asInt());
        assertEquals("final", summary.get("reference").asText());
        double[] ratio = values(summary.get("explained_variance_ratio"));
        assertEquals(3, ratio.length);
        assertTrue(ratio[0] >= ratio[1] && ratio[1] >= ratio[2] && ratio[2] > 0, summary.toString());
        assertTrue(ratio[0] + ratio[1] + ratio[2] <= 1 + 1e-12);
        assertEquals(ratio[0] + ratio[1], summary.get("first_two_ratio").asDouble(), 1e-15);

        Path file = Path.of(summary.get("file").asText());
        assertTrue(file.startsWith(run.resolve("results")), file.toString());
        assertTrue(Files.isRegularFile(Path.of(summary.get("coordinates_file").asText())));
        PcaTable.StoredPca stored = PcaTable.read(file);
        assertArrayEquals(snapshots.get(6).params(), stored.center(), "the final snapshot is c");
        JsonNode rows = summary.get("coordinates");
        assertEquals(7, rows.size());
        double scale = values(summary.get("singular_values"))[0];
        for (int t = 0; t < 7; t++) {
            JsonNode row = rows.get(t);
            assertEquals(t, row.get("snapshot").asInt());
            assertEquals(snapshots.get(t).iteration(), row.get("iteration").asLong());
            assertEquals(snapshots.get(t).epoch(), row.get("epoch").asInt());
            double[] z = values(row.get("coordinates"));
            for (int i = 0; i < 3; i++) {
                double expected = dot(snapshots.get(t).params(), stored.center(), stored.components()[i]);
                assertEquals(expected, z[i], 1e-6 * scale, "snapshot " + t + ", component " + i);
            }
        }
        assertArrayEquals(new double[3], values(rows.get(6).get("coordinates")), 1e-12 * scale,
                "the final snapshot at the origin");

        JsonNode selected = json("pca", run.toString(), "--components", "2", "--snapshots", "1::2", "--reference",
                "mean", "--standardize", "--json");
        assertEquals(3, selected.get("snapshots").asInt());
        assertEquals(List.of(1, 3, 5), List.of(selected.get("coordinates").get(0).get("snapshot").asInt(),
                selected.get("coordinates").get(1).get("snapshot").asInt(),
                selected.get("coordinates").get(2).get("snapshot").asInt()));
        assertTrue(selected.get("standardized").asBoolean());
    }

    /** k above the rank: the listener's incremental PCA is the exact PCA about the mean. */
    @Test
    void theListenersIncrementalPcaAgreesWithTheExactPcaAboutTheMean() throws IOException {
        JsonNode exact = json("pca", run.toString(), "--components", "6", "--reference", "mean", "--json");
        PcaTable.StoredPca online = PcaTable.read(run.resolve("results/ipca.arrows"));
        double[] ratio = values(exact.get("explained_variance_ratio"));
        assertEquals(ratio.length, online.explainedVarianceRatio().length);
        for (int i = 0; i < 3; i++) {
            assertEquals(ratio[i], online.explainedVarianceRatio()[i], 1e-9, "ratio " + i);
        }
        PcaTable.StoredPca stored = PcaTable.read(Path.of(exact.get("file").asText()));
        for (int i = 0; i < 2; i++) {
            for (int p = 0; p < TinyNetworks.PARAMS; p++) {
                assertEquals(stored.components()[i][p], online.components()[i][p], 1e-4, "component " + i);
            }
        }
        assertEquals(snapshots.stream().map(Snapshot::iteration).toList(), online.provenance().sourceIterations());
    }

    @Test
    void trajectoryEvaluatesThePcaPlaneOverAGridThatHoldsThePath() throws IOException {
        JsonNode summary = json("trajectory", run.toString(), "--grid", "5", "--margin", "0.25", "--workers", "2",
                "--json");
        assertEquals(25, summary.get("points").asInt());
        assertEquals(2, summary.get("explained_variance_ratio").size());
        Path sliceFile = Path.of(summary.get("file").asText());
        Path directionsFile = Path.of(summary.get("directions_file").asText());
        Path pathFile = Path.of(summary.get("path_file").asText());
        assertTrue(sliceFile.startsWith(run.resolve("results")), sliceFile.toString());

        var directions = DirectionTable.load(directionsFile, TinyNetworks.PARAMS).directions();
        float[] d1 = directions.get(0).vector().toFloatVector();
        float[] d2 = directions.get(1).vector().toFloatVector();
        assertEquals(1.0, Math.sqrt(dot(d1, new float[d1.length], d1)), 1e-6, "unit principal directions");
        assertEquals(0.0, dot(d1, new float[d1.length], d2), 1e-6, "orthogonal");
        float[] c = snapshots.get(6).params();

        List<TrajectoryPath.Point> path = TrajectoryPath.read(pathFile);
        JsonNode jsonPath = summary.get("path");
        assertEquals(7, path.size());
        assertEquals(7, jsonPath.size());
        JsonNode grid = summary.get("grid");
        double xMin = grid.get("x_min").asDouble();
        double xMax = grid.get("x_max").asDouble();
        double yMin = grid.get("y_min").asDouble();
        double yMax = grid.get("y_max").asDouble();
        double aLo = Double.POSITIVE_INFINITY;
        double aHi = Double.NEGATIVE_INFINITY;
        double bLo = Double.POSITIVE_INFINITY;
        double bHi = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < 7; t++) {
            float[] theta = snapshots.get(t).params();
            double alpha = dot(theta, c, d1);
            double beta = dot(theta, c, d2);
            TrajectoryPath.Point point = path.get(t);
            assertEquals(t, point.snapshot());
            assertEquals(snapshots.get(t).iteration(), point.iteration());
            assertEquals(alpha, point.alpha(), 1e-12 * (1 + Math.abs(alpha)), "α of snapshot " + t);
            assertEquals(beta, point.beta(), 1e-12 * (1 + Math.abs(beta)), "β of snapshot " + t);
            assertEquals(point.alpha(), jsonPath.get(t).get("alpha").asDouble(), 0);
            assertEquals(point.beta(), jsonPath.get(t).get("beta").asDouble(), 0);
            assertTrue(xMin <= alpha && alpha <= xMax && yMin <= beta && beta <= yMax,
                    "snapshot " + t + " at (" + alpha + ", " + beta + ") lies outside the grid " + grid);
            aLo = Math.min(aLo, alpha);
            aHi = Math.max(aHi, alpha);
            bLo = Math.min(bLo, beta);
            bHi = Math.max(bHi, beta);
        }
        assertEquals(0.0, path.get(6).alpha(), 0, "the final snapshot is the centre");
        assertEquals(aLo - 0.25 * (aHi - aLo), xMin, 1e-9 * (aHi - aLo), "the margin is a quarter of the extent");
        assertEquals(bHi + 0.25 * (bHi - bLo), yMax, 1e-9 * (bHi - bLo));

        // the plane's points are c + α·d₁ + β·d₂ with c the final snapshot: evaluate two of them independently
        List<SlicePoint> points = SliceTable.read(sliceFile);
        assertEquals(25, points.size());
        for (SlicePoint point : List.of(points.get(0), points.get(17))) {
            float[] theta = new float[c.length];
            for (int p = 0; p < c.length; p++) {
                theta[p] = (float) (c[p] + point.alpha() * d1[p] + point.beta() * d2[p]);
            }
            MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 3);
            net.params().assign(Nd4j.createFromArray(theta));
            try (Objective objective = NetworkObjectiveFactory.builder(net).data(evaluation).build().create()) {
                double expected = objective.evaluate().loss();
                assertEquals(expected, point.loss(), 1e-5 * Math.abs(expected), "loss at " + point);
            }
        }
    }

    /** Classical MDS of the snapshots is their PCA about the mean, up to the sign of each axis. */
    @Test
    void embedPrintsEachSnapshotsCoordinates() throws IOException {
        JsonNode mds = json("embed", run.toString(), "--json");
        assertEquals("classical_mds", mds.get("method").asText());
        JsonNode pca = json("pca", run.toString(), "--components", "2", "--reference", "mean", "--json");
        double scale = values(pca.get("singular_values"))[0];
        for (int t = 0; t < 7; t++) {
            JsonNode row = mds.get("coordinates").get(t);
            assertEquals(snapshots.get(t).iteration(), row.get("iteration").asLong());
            double[] x = values(row.get("coordinates"));
            double[] z = values(pca.get("coordinates").get(t).get("coordinates"));
            assertEquals(2, x.length);
            for (int j = 0; j < 2; j++) {
                assertEquals(Math.abs(z[j]), Math.abs(x[j]), 1e-5 * scale, "snapshot " + t + ", axis " + j);
            }
        }
        JsonNode isomap = json("embed", run.toString(), "--method", "isomap", "--neighbours", "3", "--snapshots",
                "1:", "--json");
        assertEquals("isomap", isomap.get("method").asText());
        assertEquals(3, isomap.get("neighbours").asInt());
        assertEquals(6, isomap.get("coordinates").size());
        assertEquals(1, isomap.get("coordinates").get(0).get("snapshot").asInt());
        CliOutput text = cli("embed", run.toString(), "--dimensions", "3");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("x3"), text.out());
    }

    /** PHATE: phate's defaults for 7 snapshots (k = 5, α = 40, t automatic), or t given; the same JSON plus t. */
    @Test
    void embedByPhate() throws IOException {
        JsonNode auto = json("embed", run.toString(), "--method", "phate", "--json");
        assertEquals("phate", auto.get("method").asText());
        assertEquals(5, auto.get("neighbours").asInt());
        assertEquals(40, auto.get("alpha").asDouble());
        assertTrue(auto.get("diffusion_time_automatic").asBoolean());
        int t = auto.get("diffusion_time").asInt();
        assertTrue(t >= 1 && t < 100, auto.toString());
        assertEquals(7, auto.get("coordinates").size());
        assertEquals(2, auto.get("eigenvalues").size());
        double sum = 0;
        for (int s = 0; s < 7; s++) {
            JsonNode row = auto.get("coordinates").get(s);
            assertEquals(snapshots.get(s).iteration(), row.get("iteration").asLong());
            double[] x = values(row.get("coordinates"));
            assertEquals(2, x.length);
            assertTrue(Double.isFinite(x[0]) && Double.isFinite(x[1]), auto.toString());
            sum += x[0];
        }
        assertEquals(0, sum, 1e-6 * Math.sqrt(auto.get("eigenvalues").get(0).asDouble()), "centred");
        JsonNode fixed = json("embed", run.toString(), "--method", "phate", "--neighbours", "3", "--alpha", "10",
                "--diffusion-time", "4", "--snapshots", "1:", "--json");
        assertEquals(4, fixed.get("diffusion_time").asInt());
        assertFalse(fixed.get("diffusion_time_automatic").asBoolean());
        assertEquals(3, fixed.get("neighbours").asInt());
        assertEquals(10, fixed.get("alpha").asDouble());
        assertEquals(6, fixed.get("coordinates").size());
        CliOutput text = cli("embed", run.toString(), "--method", "phate");
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().contains("t = " + t + " chosen by the entropy's knee"), text.out());
        assertTrue(text.out().contains("SMACOF iterations"), text.out());
    }

    @Test
    void badInputEndsWithOneLineAndExitCodeOne() {
        String r = run.toString();
        String[][] cases = {
            {"pca", tmp.resolve("no-such-run").toString()},
            {"pca", metricsOnly.toString()},
            {"pca", r, "--components", "0"},
            {"pca", r, "--components", "8"},
            {"pca", r, "--snapshots", "5:5"},
            {"pca", r, "--snapshots", "a:b"},
            {"pca", r, "--snapshots", "0:1"},
            {"pca", r, "--snapshots", "::0"},
            {"pca", r, "--reference", "median"},
            {"pca", r, "--out", tmp.resolve("pca.csv").toString()},
            {"trajectory", r, "--margin", "-1"},
            {"trajectory", r, "--grid", "1"},
            {"trajectory", r, "--grid", "5x0"},
            {"trajectory", r, "--model", tmp.resolve("m.zip").toString()},
            {"trajectory", r, "--snapshot", "2"},
            {"trajectory", r, "--data", tmp.resolve("missing.csv").toString()},
            {"trajectory", shortRun.toString()},
            {"embed", r, "--method", "tsne"},
            {"embed", r, "--method", "phate", "--neighbours", "7"},
            {"embed", r, "--method", "phate", "--diffusion-time", "0"},
            {"embed", r, "--method", "phate", "--diffusion-time", "soon"},
            {"embed", r, "--method", "phate", "--alpha", "-1"},
            {"embed", r, "--method", "phate", "--snapshots", "5:"},
            {"embed", r, "--alpha", "10"},
            {"embed", r, "--method", "isomap", "--diffusion-time", "3"},
            {"embed", r, "--neighbours", "3"},
            {"embed", r, "--method", "isomap", "--neighbours", "7"},
            {"embed", r, "--dimensions", "0"},
            {"embed", shortRun.toString(), "--snapshots", "1:"},
        };
        for (String[] args : cases) {
            CliOutput output = cli(args);
            assertEquals(1, output.exitCode(), String.join(" ", args) + "\n" + output.err());
            assertEquals(1, output.err().lines().count(), String.join(" ", args) + "\n" + output.err());
            assertTrue(output.err().startsWith("landscape4j " + args[0] + ": "), output.err());
        }
        assertTrue(cli("embed", r, "--method", "phate", "--snapshots", "5:").err().contains("at least 3 snapshots"));
        assertTrue(cli("embed", r, "--method", "phate", "--diffusion-time", "soon").err().contains("\"soon\""));
        assertTrue(cli("embed", r, "--method", "phate", "--neighbours", "7").err().contains("give 1 to 6"));
        assertTrue(cli("pca", r, "--components", "8").err().contains("give 1 to 7"));
        assertTrue(cli("trajectory", shortRun.toString()).err().contains("no PCA plane"));

        assertEquals(2, cli("pca").exitCode(), "RUN_DIR is required: a usage error");
        assertEquals(2, cli("pca", r, "--components", "many").exitCode());
        assertEquals(2, cli("embed", r, "--dimensions").exitCode());
        CliOutput help = cli("embed", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--diffusion-time"), help.out());
        assertTrue(cli("trajectory", "--help").out().contains("Examples:"));
        assertTrue(cli("pca", "--help").out().contains("Examples:"));
    }
}
