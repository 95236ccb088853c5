package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cross-checks the writers with a second, independent Arrow implementation: Apache Arrow JS reads a small run
 * ({@code src/test/node/check-run.mjs}) and compares every value with an expected JSON written here, so that a
 * value only our own reader understands (a validity bit left unset, NaN written as null) cannot pass.
 *
 * <p>Needs {@code node} and {@code npm} on the PATH (CI has them); without them the test fails, unless
 * {@code -Dlandscape4j.skipNode=true} says to skip it. {@code npm ci} runs in {@code target/node-crosscheck}
 * when its {@code node_modules} is missing or the lock file changed.
 */
class NodeArrowCompatibilityTest {

    static final String SKIP_PROPERTY = "landscape4j.skipNode";
    static final int P = 37;

    @TempDir
    Path dir;

    @Test
    void arrowJsReadsExactlyWhatWasWritten() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean(SKIP_PROPERTY), SKIP_PROPERTY + "=true: Node cross-check skipped");
        Path workspace = prepareWorkspace();
        Path run = Files.createDirectories(dir.resolve("run"));
        Map<String, Object> expected = writeRun(run);
        Path expectedJson = dir.resolve("expected.json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(expectedJson.toFile(), expected);
        Result check = run(workspace, 120, "node", "check-run.mjs", run.toString(), expectedJson.toString());
        if (check.exitCode != 0) {
            fail("Arrow JS disagrees with the Java writers (node check-run.mjs exited " + check.exitCode + "):\n"
                    + check.output);
        }
        assertSeesDeliberateMismatches(workspace, run, expected);
    }

    /** Negative control: the checker must notice a changed float, a null taken for NaN and NaN for null. */
    @SuppressWarnings("unchecked")
    private void assertSeesDeliberateMismatches(Path workspace, Path run, Map<String, Object> expected)
            throws Exception {
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) expected.get("metrics")) {
            metrics.add(new LinkedHashMap<>(row));
        }
        metrics.get(0).put("g_hess_g", "NaN");  // written as null (no curvature in row 0)
        metrics.get(1).put("score", null);      // written as NaN
        Map<String, Object> snapshots = (Map<String, Object>) expected.get("snapshots");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) snapshots.get("rows")) {
            rows.add(new LinkedHashMap<>(row));
        }
        List<Object> params = new ArrayList<>((List<Object>) rows.get(1).get("params"));
        params.set(5, Math.nextUp(((Number) params.get(5)).doubleValue())); // off by one ulp of a double
        rows.get(1).put("params", params);
        Map<String, Object> wrong = Map.of("metrics", metrics,
                "snapshots", Map.of("parameter_count", P, "rows", rows));
        Path wrongJson = dir.resolve("wrong.json");
        new ObjectMapper().writeValue(wrongJson.toFile(), wrong);
        Result check = run(workspace, 120, "node", "check-run.mjs", run.toString(), wrongJson.toString());
        assertEquals(1, check.exitCode, check.output);
        for (String phrase : List.of("3 mismatch", "row 0 column g_hess_g", "row 1 column score",
                "row 1 params[5]")) {
            if (!check.output.contains(phrase)) {
                fail("the Node checker did not report \"" + phrase + "\":\n" + check.output);
            }
        }
    }

    /** Writes metrics (null and partial curvature, NaN and ∞, −0) and snapshots; returns what Arrow JS must read. */
    private static Map<String, Object> writeRun(Path run) throws IOException {
        List<MetricRow> rows = Fixtures.metricRows(6);
        List<float[]> thetas = List.of(Fixtures.params(P, 0), Fixtures.params(P, 1), Fixtures.params(P, 2));
        try (RootAllocator allocator = new RootAllocator()) {
            try (MetricsWriter metrics = new MetricsWriter(run.resolve(RunFiles.METRICS), allocator, 4);
                 SnapshotWriter snapshots = new SnapshotWriter(run.resolve(RunFiles.SNAPSHOTS), P, allocator)) {
                for (MetricRow row : rows) {
                    metrics.append(row);
                }
                snapshots.write(0, 0, Double.NaN, thetas.get(0));
                snapshots.write(10, 1, 0.5, Nd4j.createFromArray(thetas.get(1)).reshape(1, P)); // block copy
                snapshots.write(20, 2, -0.0, Nd4j.createFromArray(thetas.get(2)).castTo(
                        org.nd4j.linalg.api.buffer.DataType.DOUBLE)); // element-wise cast
            }
            Fixtures.closeChecked(allocator);
        }
        List<Map<String, Object>> metricRows = new ArrayList<>();
        for (MetricRow row : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("iteration", Long.toString(row.iteration()));
            m.put("epoch", row.epoch());
            m.put("batch_size", row.batchSize());
            m.put("score", number(row.score()));
            m.put("grad_norm", number(row.gradientNorm()));
            m.put("update_norm", number(row.updateNorm()));
            m.put("learning_rate", number(row.learningRate()));
            m.put("wall_time_s", number(row.wallTimeSeconds()));
            Curvature k = row.curvature();
            double[] values = k == null ? null : k.values();
            for (int c = 0; c < MetricsSchema.CURVATURE_DOUBLES.size(); c++) {
                boolean missing = values == null || Double.isNaN(values[c]);
                m.put(MetricsSchema.CURVATURE_DOUBLES.get(c), missing ? null : number(values[c]));
            }
            m.put("ill_conditioned", k == null ? null : k.illConditioned());
            metricRows.add(m);
        }
        double[] scores = {Double.NaN, 0.5, -0.0};
        List<Map<String, Object>> snapshotRows = new ArrayList<>();
        for (int t = 0; t < thetas.size(); t++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("iteration", Long.toString(10L * t));
            s.put("epoch", t);
            s.put("score", number(scores[t]));
            List<Object> params = new ArrayList<>();
            for (float f : thetas.get(t)) {
                params.add(number(f)); // the float widened exactly to double; JSON keeps it exactly
            }
            s.put("params", params);
            snapshotRows.add(s);
        }
        return Map.of("metrics", metricRows, "snapshots", Map.of("parameter_count", P, "rows", snapshotRows));
    }

    /** @return the value as JSON can hold it exactly: a number, or "NaN", "Infinity", "-Infinity" */
    private static Object number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return value;
    }

    /** Copies the Node project to target/node-crosscheck and installs its locked dependencies if needed. */
    private static Path prepareWorkspace() throws Exception {
        Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path source = module.resolve("src/test/node");
        Path workspace = Files.createDirectories(module.resolve("target/node-crosscheck"));
        byte[] lock = Files.readAllBytes(source.resolve("package-lock.json"));
        Path installedLock = workspace.resolve("package-lock.json");
        boolean stale = !Files.isDirectory(workspace.resolve("node_modules/apache-arrow"))
                || !Files.exists(installedLock) || !Arrays.equals(lock, Files.readAllBytes(installedLock));
        for (String name : List.of("package.json", "package-lock.json", "check-run.mjs")) {
            Files.copy(source.resolve(name), workspace.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        requireTool(workspace, "node");
        if (stale) {
            requireTool(workspace, "npm");
            Result install = run(workspace, 600, "npm", "ci", "--no-audit", "--no-fund");
            assertEquals(0, install.exitCode, () -> "npm ci failed in " + workspace + ":\n" + install.output);
        }
        return workspace;
    }

    private static void requireTool(Path workspace, String tool) throws Exception {
        String advice = tool + " is not on the PATH, and the Arrow JS cross-check needs it: install Node.js 18 or"
                + " newer with npm (e.g. apt-get install nodejs npm), or run with -D" + SKIP_PROPERTY
                + "=true to skip this test";
        try {
            Result version = run(workspace, 60, tool, "--version");
            if (version.exitCode != 0) {
                fail(advice + " (" + tool + " --version exited " + version.exitCode + ": " + version.output + ")");
            }
        } catch (IOException e) {
            fail(advice + " (" + e.getMessage() + ")");
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(Path workDir, long timeoutSeconds, String... command) throws Exception {
        Path log = Files.createTempFile(workDir, "process", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
