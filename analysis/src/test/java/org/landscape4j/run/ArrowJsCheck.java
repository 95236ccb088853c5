package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
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
import org.junit.jupiter.api.Assumptions;

/**
 * Reads a run directory with a second, independent Arrow implementation, Apache Arrow JS under Node
 * ({@code check-run.mjs}, shipped as a test resource with its locked {@code package.json}), and compares every
 * value with what the Java side expects. Shared by the format's own test and the integration tests (through the
 * analysis test-jar).
 *
 * <p>Needs {@code node} and {@code npm} on the PATH (CI installs them); without them a check fails, unless
 * {@code -Dlandscape4j.skipNode=true} says to skip it. {@code npm ci} runs in the calling module's
 * {@code target/node-crosscheck} when its {@code node_modules} is missing or the lock file changed.
 */
public final class ArrowJsCheck {

    public static final String SKIP_PROPERTY = "landscape4j.skipNode";
    private static final String RESOURCES = "/org/landscape4j/run/node/";
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "check-run.mjs");

    /** What {@code node check-run.mjs} printed and how it exited. */
    public record Result(int exitCode, String output) {
    }

    private ArrowJsCheck() {
    }

    /** Skips the calling test if the user asked to skip the Node cross-check. */
    public static void assumeEnabled() {
        Assumptions.assumeFalse(Boolean.getBoolean(SKIP_PROPERTY), SKIP_PROPERTY + "=true: Node cross-check skipped");
    }

    /** Runs the checker on {@code run} against {@code expected} (see {@link #expected}). */
    public static Result check(Path run, Map<String, Object> expected, Path scratch) throws Exception {
        Path workspace = prepareWorkspace();
        Path expectedJson = scratch.resolve("expected-" + System.nanoTime() + ".json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(expectedJson.toFile(), expected);
        return run(workspace, 120, "node", "check-run.mjs", run.toString(), expectedJson.toString());
    }

    /** Like {@link #check}, failing the test with the checker's report unless Arrow JS agrees on every value. */
    public static void assertAgrees(Path run, Map<String, Object> expected, Path scratch) throws Exception {
        Result result = check(run, expected, scratch);
        if (result.exitCode() != 0) {
            fail("Arrow JS disagrees with the Java side (node check-run.mjs exited " + result.exitCode() + "):\n"
                    + result.output());
        }
    }

    /** @return the expected JSON {@code check-run.mjs} compares a run's metrics and snapshots with */
    public static Map<String, Object> expected(List<MetricRow> rows, List<Snapshot> snapshots, int parameterCount) {
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
        List<Map<String, Object>> snapshotRows = new ArrayList<>();
        for (Snapshot snapshot : snapshots) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("iteration", Long.toString(snapshot.iteration()));
            s.put("epoch", snapshot.epoch());
            s.put("score", number(snapshot.score()));
            List<Object> params = new ArrayList<>();
            for (float f : snapshot.params()) {
                params.add(number(f)); // the float widened exactly to double; JSON keeps it exactly
            }
            s.put("params", params);
            snapshotRows.add(s);
        }
        return Map.of("metrics", metricRows, "snapshots",
                Map.of("parameter_count", parameterCount, "rows", snapshotRows));
    }

    /** @return the value as JSON can hold it exactly: a number, or "NaN", "Infinity", "-Infinity" */
    static Object number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return value;
    }

    /** Copies the Node project to target/node-crosscheck and installs its locked dependencies if needed. */
    static Path prepareWorkspace() throws Exception {
        Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path workspace = Files.createDirectories(module.resolve("target/node-crosscheck"));
        byte[] lock = resource("package-lock.json");
        Path installedLock = workspace.resolve("package-lock.json");
        boolean stale = !Files.isDirectory(workspace.resolve("node_modules/apache-arrow"))
                || !Files.exists(installedLock) || !Arrays.equals(lock, Files.readAllBytes(installedLock));
        for (String name : FILES) {
            Files.write(workspace.resolve(name), resource(name));
        }
        requireTool(workspace, "node");
        if (stale) {
            requireTool(workspace, "npm");
            Result install = run(workspace, 600, "npm", "ci", "--no-audit", "--no-fund");
            assertEquals(0, install.exitCode(), () -> "npm ci failed in " + workspace + ":\n" + install.output());
        }
        return workspace;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ArrowJsCheck.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("test resource " + RESOURCES + name + " is missing from the class path");
            }
            return in.readAllBytes();
        }
    }

    private static void requireTool(Path workspace, String tool) throws Exception {
        String advice = tool + " is not on the PATH, and the Arrow JS cross-check needs it: install Node.js 18 or"
                + " newer with npm (e.g. apt-get install nodejs npm), or run with -D" + SKIP_PROPERTY
                + "=true to skip this test";
        try {
            Result version = run(workspace, 60, tool, "--version");
            if (version.exitCode() != 0) {
                fail(advice + " (" + tool + " --version exited " + version.exitCode() + ": " + version.output() + ")");
            }
        } catch (IOException e) {
            fail(advice + " (" + e.getMessage() + ")");
        }
    }

    static Result run(Path workDir, long timeoutSeconds, String... command) throws Exception {
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
