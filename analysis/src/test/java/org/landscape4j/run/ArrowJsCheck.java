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
 * value and the identifying schema metadata of the metrics, snapshots, curvature and result vector tables with
 * what the Java side expects. Shared by the format's own test and the integration tests (through the
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

    /**
     * @return the expected JSON {@code check-run.mjs} compares a run's metrics and snapshots with (no run id or
     *         curvature checked)
     */
    public static Map<String, Object> expected(List<MetricRow> rows, List<Snapshot> snapshots, int parameterCount) {
        return expected(null, rows, snapshots, parameterCount, null);
    }

    /**
     * @param runId          the run id every stream must carry, or null to not check it
     * @param rows           the metric rows written
     * @param snapshots      the snapshots written
     * @param parameterCount P
     * @param curvature      the curvature rows written, or null if the run has no curvature stream
     * @return the expected JSON {@code check-run.mjs} compares the run with; {@link #addVectorResult} adds results
     */
    public static Map<String, Object> expected(String runId, List<MetricRow> rows, List<Snapshot> snapshots,
                                               int parameterCount, List<CurvatureRow> curvature) {
        List<Map<String, Object>> metricRows = new ArrayList<>();
        for (MetricRow row : rows) {
            metricRows.add(cells(MetricRow.TABLE, row.toCells()));
        }
        List<Map<String, Object>> snapshotRows = new ArrayList<>();
        for (Snapshot snapshot : snapshots) {
            Map<String, Object> s = cells(Snapshot.TABLE, Snapshot.cells(snapshot.iteration(), snapshot.epoch(),
                    snapshot.score()));
            s.put(Snapshot.PARAMS, floats(snapshot.params()));
            snapshotRows.add(s);
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        if (runId != null) {
            expected.put("run_id", runId);
        }
        expected.put("metrics", metricRows);
        expected.put("snapshots", Map.of("parameter_count", parameterCount, "rows", snapshotRows));
        if (curvature != null) {
            List<Map<String, Object>> curvatureRows = new ArrayList<>();
            for (CurvatureRow row : curvature) {
                curvatureRows.add(cells(CurvatureRow.TABLE, row.toCells()));
            }
            expected.put("curvature", curvatureRows);
        }
        expected.put("results", new ArrayList<Map<String, Object>>());
        return expected;
    }

    /**
     * Adds a result vector table to an expectation made by {@link #expected}: Arrow JS checks its columns (as the
     * table describes them), its metadata (table kind, P and {@code metadata}), one record batch per row, and
     * every value.
     *
     * @param relativeFile the file relative to the run directory, e.g. {@code results/directions.arrows}
     */
    @SuppressWarnings("unchecked")
    public static void addVectorResult(Map<String, Object> expected, String relativeFile, TableSchema table,
                                       int parameterCount, Map<String, String> metadata, List<VectorRow> rows) {
        List<List<Object>> columns = new ArrayList<>();
        for (Column column : table.scalars()) {
            columns.add(List.of(column.name(), column.type().formatName(), column.nullable()));
        }
        List<Map<String, Object>> expectedRows = new ArrayList<>();
        for (VectorRow row : rows) {
            Object[] cells = new Object[table.scalars().size()];
            for (int c = 0; c < cells.length; c++) {
                cells[c] = row.scalars().get(table.scalars().get(c).name());
            }
            Map<String, Object> r = cells(table, cells);
            r.put(table.vectorColumn(), floats(row.vector()));
            expectedRows.add(r);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("file", relativeFile);
        result.put("table", table.kind());
        result.put("columns", columns);
        result.put("vector", table.vectorColumn());
        result.put("parameter_count", parameterCount);
        result.put("metadata", metadata);
        result.put("rows", expectedRows);
        ((List<Map<String, Object>>) expected.get("results")).add(result);
    }

    /** @return a row's cells by column name as the checker reads them: int64 as text, non-finite numbers as text */
    private static Map<String, Object> cells(TableSchema table, Object[] cells) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int c = 0; c < cells.length; c++) {
            Object cell = cells[c];
            Object json = cell instanceof Long l ? Long.toString(l) : cell instanceof Double d ? number(d) : cell;
            row.put(table.scalars().get(c).name(), json);
        }
        return row;
    }

    private static List<Object> floats(float[] values) {
        List<Object> list = new ArrayList<>(values.length);
        for (float f : values) {
            list.add(number(f)); // the float widened exactly to double; JSON keeps it exactly
        }
        return list;
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
