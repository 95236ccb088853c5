package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.curvature.HessianOperator;
import org.landscape4j.curvature.Hutchinson;
import org.landscape4j.curvature.Progress;
import org.landscape4j.curvature.TraceEstimate;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionTable;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.examples.ModularAddition;
import org.landscape4j.listener.LandscapeListener;
import org.landscape4j.objective.DataSource;
import org.landscape4j.objective.DataSpec;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.RowStreamReader;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.curvature.CriticalPoint;
import org.landscape4j.curvature.CurvatureMap;
import org.landscape4j.curvature.DensityTables;
import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code landscape4j curvature} on a small recorded run (the 4-5-3 classifier, P = 43), against the analysis API
 * recomputed here on the same objective (snapshot 1, the run's eval.csv, DOUBLE):
 * <ul>
 *   <li>λmax, λmin, the top-2 eigenvalues: against the eigen-decomposition of the explicit 43×43 matrix of the
 *       operator's products H·e_j (symmetrized). With --steps ≥ 43 the Krylov space is the whole domain, so the
 *       Ritz values are the eigenvalues of the same operator up to the products' asymmetry (≈ 1e-10): 1e-8
 *       absolute is asserted;</li>
 *   <li>the trace: bit-identical to {@link Hutchinson} run here with the same seed on the same objective, and within
 *       4 of its standard errors of the explicit matrix's trace;</li>
 *   <li>the density: its curve integrates to 1 (trapezoid rule on 401 points over ±5σ beyond the nodes: 1e-3), each
 *       run's weights sum to 1 (1e-12), and with 43 steps its largest node is λmax (1e-8);</li>
 *   <li>the saved eigenvectors: unit vectors (float32 storage: 1e-6) with Rayleigh quotients equal to their
 *       eigenvalues to float32 rounding (1e-5·‖H‖), usable by {@code surface --directions};</li>
 *   <li>bad input: one line and exit code 1 (2 for a usage error).</li>
 * </ul>
 */
class CurvatureCliIT {

    @TempDir
    static Path tmp;

    static Path run;

    @BeforeAll
    static void recordARun() throws IOException {
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 3);
        DataSet train = TinyNetworks.data(24, DataType.FLOAT, 5);
        DataSet evaluation = TinyNetworks.data(30, DataType.FLOAT, 6);
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

    private static Objective objectiveAtSnapshot(int index) throws IOException {
        ObjectiveSpec spec = new ObjectiveSpec(new ModelSource.RunSnapshot(run.toString(), index),
                DataSpec.of(new DataSource.CsvFile(run.resolve("eval.csv").toString()), 1000), Precision.DOUBLE);
        return NetworkObjectiveFactory.fromSpec(spec).create();
    }

    /** The symmetrized matrix of the operator's products H·e_j over the given indices (a principal sub-block). */
    private static double[][] explicit(HessianOperator hessian, int[] indices) {
        int p = (int) hessian.dimension();
        int n = indices.length;
        double[][] columns = new double[n][];
        INDArray e = Nd4j.create(DataType.DOUBLE, p);
        INDArray out = Nd4j.create(DataType.DOUBLE, p);
        for (int j = 0; j < n; j++) {
            e.assign(0.0);
            e.putScalar(indices[j], 1.0);
            hessian.apply(e, out);
            columns[j] = new double[n];
            for (int i = 0; i < n; i++) {
                columns[j][i] = out.getDouble(indices[i]);
            }
        }
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] = 0.5 * (columns[j][i] + columns[i][j]);
            }
        }
        return h;
    }

    private static double[] eigenvalues(double[][] h) {
        double[] values = new EigenDecomposition(new Array2DRowRealMatrix(h)).getRealEigenvalues();
        Arrays.sort(values);
        return values;
    }

    @Test
    void spectrumTraceDensityAndEigenvectorsMatchTheAnalysisApi() throws IOException {
        CliOutput output = cli("curvature", run.toString(), "--snapshot", "1", "--top", "2", "--trace", "--density",
                "--steps", "60", "--probes", "30", "--density-runs", "2", "--json");
        assertEquals(0, output.exitCode(), output.err());
        JsonNode json = new ObjectMapper().readTree(output.out());
        double[] expected;
        double exactTrace = 0;
        TraceEstimate trace;
        double normH;
        try (Objective objective = objectiveAtSnapshot(1);
             HessianOperator hessian = HessianOperator.builder(objective).build()) {
            int[] all = new int[TinyNetworks.PARAMS];
            Arrays.setAll(all, i -> i);
            double[][] h = explicit(hessian, all);
            expected = eigenvalues(h);
            for (int i = 0; i < h.length; i++) {
                exactTrace += h[i][i];
            }
            normH = Math.max(Math.abs(expected[0]), Math.abs(expected[expected.length - 1]));
            trace = Hutchinson.trace(hessian, 30, 1, Progress.NONE);            // --seed 0: the trace uses seed + 1
            assertEquals(objective.parameterCount(), json.get("parameters").asLong());
            assertEquals(30, json.get("examples").asLong());
        }
        double max = expected[expected.length - 1];
        double min = expected[0];
        assertEquals(max, json.get("lambda_max").asDouble(), 1e-8);
        assertEquals(min, json.get("lambda_min").asDouble(), 1e-8);
        assertEquals(Math.abs(min / max), json.get("ratio").asDouble(), 1e-7);
        assertTrue(json.get("lambda_max_residual").asDouble() < 1e-6, json.toString());
        // the classification of the point: a trained tiny network's gradient is not below 1e-3, so not critical
        // unless it is; either way the verdict follows CriticalPoint's rules from the reported numbers
        JsonNode critical = json.get("critical_point");
        assertEquals(CriticalPoint.classify(json.get("gradient_norm").asDouble(), max, min,
                json.get("lambda_max_residual").asDouble(), json.get("lambda_min_residual").asDouble(), 1e-3, 0.01)
                .kind().name().toLowerCase(java.util.Locale.ROOT), critical.get("kind").asText(), critical.toString());
        CliOutput alias = cli("hessian", run.toString(), "--snapshot", "1", "--steps", "60", "--gradient-tolerance", "1e9",
                "--json");
        assertEquals(0, alias.exitCode(), alias.err());
        JsonNode aliased = new ObjectMapper().readTree(alias.out());
        assertEquals(min < -0.01 * Math.max(Math.abs(max), Math.abs(min)) ? "saddle" : "minimum",
                aliased.get("critical_point").get("kind").asText(), "with every gradient counted as small");
        assertTrue(json.get("lambda_min_residual").asDouble() < 1e-6, json.toString());
        assertEquals("DOUBLE", json.get("precision").asText());
        assertEquals(2, json.get("top").size());
        assertEquals(max, json.get("top").get(0).get("value").asDouble(), 1e-8);
        assertEquals(expected[expected.length - 2], json.get("top").get(1).get("value").asDouble(), 1e-8);

        assertEquals(trace.trace(), json.get("trace").get("estimate").asDouble(), 0.0, "the same products, bit for bit");
        assertEquals(trace.standardError(), json.get("trace").get("standard_error").asDouble(), 0.0);
        assertTrue(Math.abs(trace.trace() - exactTrace) <= 4 * trace.standardError(),
                trace + " against tr(H) = " + exactTrace);

        Path curve = Path.of(json.get("density").get("curve_file").asText());
        Path nodes = Path.of(json.get("density").get("nodes_file").asText());
        assertTrue(curve.startsWith(run.resolve("results")), curve.toString());
        List<ScalarRow> points = RowStreamReader.read(curve, DensityTables.CURVE, null, true).rows();
        assertEquals(401, points.size());
        double integral = 0;
        for (int i = 1; i < points.size(); i++) {
            double dt = points.get(i).getDouble("eigenvalue") - points.get(i - 1).getDouble("eigenvalue");
            integral += 0.5 * dt * (points.get(i).getDouble("density") + points.get(i - 1).getDouble("density"));
        }
        assertEquals(1.0, integral, 1e-3, "a density");
        List<ScalarRow> rules = RowStreamReader.read(nodes, DensityTables.NODES, null, true).rows();
        double[] weightSums = new double[2];
        double maxNode = Double.NEGATIVE_INFINITY;
        for (ScalarRow row : rules) {
            weightSums[row.getInt("run")] += row.getDouble("weight");
            maxNode = Math.max(maxNode, row.getDouble("node"));
        }
        assertEquals(1.0, weightSums[0], 1e-12);
        assertEquals(1.0, weightSums[1], 1e-12);
        assertEquals(max, maxNode, 1e-8, "43 steps: the nodes are the eigenvalues");

        Path directions = Path.of(json.get("directions_file").asText());
        DirectionSet set = DirectionTable.load(directions, TinyNetworks.PARAMS).directions();
        assertEquals(2, set.size());
        try (Objective objective = objectiveAtSnapshot(1);
             HessianOperator hessian = HessianOperator.builder(objective).build()) {
            for (int k = 0; k < 2; k++) {
                INDArray v = set.get(k).vector().castTo(DataType.DOUBLE);
                assertEquals(1.0, v.norm2Number().doubleValue(), 1e-6);
                INDArray hv = Nd4j.create(DataType.DOUBLE, v.length());
                hessian.apply(v, hv);
                double rayleigh = v.mul(hv).sumNumber().doubleValue() / v.mul(v).sumNumber().doubleValue();
                assertEquals(expected[expected.length - 1 - k], rayleigh, 1e-5 * normH);
            }
        }
        CliOutput surface = cli("surface", run.toString(), "--snapshot", "1", "--line", "--grid", "5", "--directions",
                directions.toString(), "--out", tmp.resolve("along-top.arrows").toString(), "--workers", "1");
        assertEquals(0, surface.exitCode(), surface.err());
    }

    @Test
    void layersRestrictTheHessianToTheirBlock() throws IOException {
        CliOutput output = cli("curvature", run.toString(), "--layers", "1", "--steps", "60", "--json");
        assertEquals(0, output.exitCode(), output.err());
        JsonNode json = new ObjectMapper().readTree(output.out());
        try (Objective objective = objectiveAtSnapshot(-1);
             HessianOperator hessian = HessianOperator.builder(objective).build()) {
            int[] block = objective.layout().arrays().stream().filter(a -> a.layer().equals("1"))
                    .flatMapToInt(a -> java.util.stream.IntStream.range((int) a.offset(), (int) a.end())).toArray();
            assertEquals(5 * 3 + 3, block.length, "layer 1: W 5×3 and b 3");
            assertEquals(block.length, json.get("domain_size").asLong());
            double[] expected = eigenvalues(explicit(hessian, block));
            assertEquals(expected[expected.length - 1], json.get("lambda_max").asDouble(), 1e-8);
            assertEquals(expected[0], json.get("lambda_min").asDouble(), 1e-8);
        }
    }

    /**
     * {@code --trace} alone runs no Lanczos (the extremes are asked for with {@code --extremes} then), and
     * {@code --probe N} measures on N examples of the data, the same subsample as {@code --subsample N}.
     */
    @Test
    void traceAloneSkipsLanczosAndProbeChoosesTheExamples() throws IOException {
        CliOutput traceOnly = cli("hessian", run.toString(), "--snapshot", "1", "--trace", "--probes", "4", "--probe",
                "20", "--json");
        assertEquals(0, traceOnly.exitCode(), traceOnly.err());
        JsonNode json = new ObjectMapper().readTree(traceOnly.out());
        assertFalse(json.has("lambda_max"), json.toString());
        assertFalse(json.has("critical_point"), json.toString());
        assertEquals(20, json.get("examples").asLong());
        assertEquals(4, json.get("products").asLong(), "one product per Rademacher probe, no Lanczos");
        CliOutput both = cli("hessian", run.toString(), "--snapshot", "1", "--trace", "--probes", "4", "--extremes",
                "--probe", "20", "--steps", "60", "--json");
        assertEquals(0, both.exitCode(), both.err());
        JsonNode withExtremes = new ObjectMapper().readTree(both.out());
        assertTrue(withExtremes.get("lambda_max").isNumber(), withExtremes.toString());
        assertEquals(json.get("trace").get("estimate").asDouble(), withExtremes.get("trace").get("estimate").asDouble(),
                0.0, "the same probes on the same 20 examples");
        CliOutput subsample = cli("hessian", run.toString(), "--snapshot", "1", "--trace", "--probes", "4",
                "--subsample", "20", "--json");
        assertEquals(json.get("trace").get("estimate").asDouble(),
                new ObjectMapper().readTree(subsample.out()).get("trace").get("estimate").asDouble(), 0.0,
                "--probe N is --subsample N");
        CliOutput text = cli("hessian", run.toString(), "--snapshot", "1", "--trace", "--probes", "4");
        assertEquals(0, text.exitCode(), text.err());
        assertFalse(text.out().contains("λmax"), text.out());
        assertTrue(text.out().contains("trace"), text.out());
    }

    @Test
    void badInputEndsWithOneLineAndExitCodeOne() {
        String[][] cases = {
            {"curvature", run.toString(), "--layers", "nope"},
            {"curvature", run.toString(), "--snapshot", "99"},
            {"curvature", run.toString(), "--steps", "0"},
            {"curvature", run.toString(), "--top", "-1"},
            {"curvature", run.toString(), "--density", "--sigma", "-1"},
            {"curvature", run.toString(), "--probe", "0"},
            {"curvature", run.toString(), "--probe", "5", "--subsample", "6"},
            {"curvature", tmp.resolve("no-such-run").toString()},
            {"curvature", "--model", run.resolve("nothing.zip").toString(), "--data", run.resolve("eval.csv").toString()},
        };
        for (String[] args : cases) {
            CliOutput output = cli(args);
            assertEquals(1, output.exitCode(), String.join(" ", args) + "\n" + output.err());
            assertEquals(1, output.err().lines().count(), String.join(" ", args) + "\n" + output.err());
            assertTrue(output.err().startsWith("landscape4j curvature: "), output.err());
        }
        assertEquals(2, cli("curvature", run.toString(), "--no-such-option").exitCode());
    }

    /**
     * {@code surface --eigen}: the |λmin/λmax| map of the plane. At the centre (the snapshot) and at a corner
     * θ = c + ½d₁ + ½d₂ (rebuilt here from the snapshot and the saved directions, in double), the map's λmax and
     * λmin equal the extreme eigenvalues of the explicit 43×43 Hessian there: Lanczos with 60 steps on a
     * 43-dimensional operator is exact up to rounding, and the explicit matrix is built from the same
     * finite-difference products (1e-8 as in the spectrum test above).
     */
    @Test
    void eigenMapOfAPlaneMatchesTheExplicitHessianAtItsPoints() throws IOException {
        CliOutput output = cli("surface", run.toString(), "--snapshot", "1", "--grid", "3", "--range", "-0.5,0.5",
                "--eigen", "--eigen-steps", "60", "--json");
        assertEquals(0, output.exitCode(), output.err());
        JsonNode json = new ObjectMapper().readTree(output.out());
        Path slice = Path.of(json.get("file").asText());
        Path eigenFile = slice.resolveSibling(slice.getFileName().toString().replace(".arrows", ".eigen.arrows"));
        List<CurvatureMap.Point> points = CurvatureMap.read(eigenFile);
        assertEquals(9, points.size());
        Path png = tmp.resolve("eigen.png");
        CliOutput plot = cli("plot", eigenFile.toString(), "--out", png.toString());
        assertEquals(0, plot.exitCode(), plot.err());
        assertTrue(java.nio.file.Files.size(png) > 5_000, "a drawn |λmin/λmax| map");
        DirectionSet directions = DirectionTable.load(Path.of(json.get("directions_file").asText()),
                TinyNetworks.PARAMS).directions();
        int[] all = new int[TinyNetworks.PARAMS];
        Arrays.setAll(all, i -> i);
        for (double[] ab : new double[][] {{0, 0}, {0.5, 0.5}}) {
            CurvatureMap.Point point = points.stream().filter(q -> q.alpha() == ab[0] && q.beta() == ab[1])
                    .findFirst().orElseThrow();
            try (Objective objective = objectiveAtSnapshot(1)) {
                INDArray theta = objective.parameters().dup();
                Blas.combine(theta.dup(), ab[0], directions.get(0).vector().castTo(DataType.DOUBLE), ab[1],
                        directions.get(1).vector().castTo(DataType.DOUBLE), theta);
                objective.parameters().assign(theta);
                try (HessianOperator hessian = HessianOperator.builder(objective).build()) {
                    double[] expected = eigenvalues(explicit(hessian, all));
                    assertEquals(expected[expected.length - 1], point.lambdaMax(), 1e-8, "λmax at " + ab[0]);
                    assertEquals(expected[0], point.lambdaMin(), 1e-8, "λmin at " + ab[0]);
                    assertTrue(point.lambdaMaxResidual() < 1e-6, point.toString());
                }
            }
        }
    }
}
