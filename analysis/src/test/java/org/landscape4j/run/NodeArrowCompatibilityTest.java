package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cross-checks the writers with a second, independent Arrow implementation: Apache Arrow JS reads a small run
 * ({@link ArrowJsCheck}) — metrics, snapshots, curvature with NaN and null cells, and a results vector table
 * written through {@link Results} — and compares every value and the identifying metadata with what was
 * written, so that a value only our own reader understands (a validity bit left unset, NaN written as null)
 * cannot pass; a negative control shows the checker notices a changed float and null/NaN swaps.
 */
class NodeArrowCompatibilityTest {

    static final int P = 37;

    /** A directions result: which direction, its cosine with the first, its normalization, the vector. */
    static final TableSchema DIRECTIONS = TableSchema.ofVectors("directions", "directions.arrows", List.of(
            Column.required("index", ColumnType.INT32),
            Column.optional("cosine_to_first", ColumnType.FLOAT64),
            Column.optional("normalized", ColumnType.BOOL)), "direction");

    @TempDir
    Path dir;

    @Test
    void arrowJsReadsExactlyWhatWasWritten() throws Exception {
        ArrowJsCheck.assumeEnabled();
        Path run = Files.createDirectories(dir.resolve("run"));
        Map<String, Object> expected = writeRun(run);
        ArrowJsCheck.assertAgrees(run, expected, dir);
        assertSeesDeliberateMismatches(run, expected);
    }

    /** Negative control: the checker must notice changed floats, a null taken for NaN and NaN for null. */
    @SuppressWarnings("unchecked")
    private void assertSeesDeliberateMismatches(Path run, Map<String, Object> expected) throws Exception {
        Map<String, Object> wrong = new LinkedHashMap<>(expected);
        List<Map<String, Object>> metrics = copyRows((List<Map<String, Object>>) expected.get("metrics"));
        metrics.get(1).put("score", null);                  // written as NaN
        wrong.put("metrics", metrics);
        List<Map<String, Object>> curvature = copyRows((List<Map<String, Object>>) expected.get("curvature"));
        curvature.get(0).put("loss", "NaN");                // written as null (nothing measured)
        curvature.get(2).put("g_hess_g", null);             // written as NaN
        wrong.put("curvature", curvature);
        Map<String, Object> snapshots = (Map<String, Object>) expected.get("snapshots");
        List<Map<String, Object>> rows = copyRows((List<Map<String, Object>>) snapshots.get("rows"));
        List<Object> params = new ArrayList<>((List<Object>) rows.get(1).get("params"));
        params.set(5, Math.nextUp(((Number) params.get(5)).doubleValue())); // off by one ulp of a double
        rows.get(1).put("params", params);
        wrong.put("snapshots", Map.of("parameter_count", P, "rows", rows));
        Map<String, Object> result = new LinkedHashMap<>(((List<Map<String, Object>>) expected.get("results")).get(0));
        List<Map<String, Object>> resultRows = copyRows((List<Map<String, Object>>) result.get("rows"));
        List<Object> direction = new ArrayList<>((List<Object>) resultRows.get(0).get("direction"));
        direction.set(36, 0.5);
        resultRows.get(0).put("direction", direction);
        result.put("rows", resultRows);
        wrong.put("results", List.of(result));
        ArrowJsCheck.Result check = ArrowJsCheck.check(run, wrong, dir);
        assertEquals(1, check.exitCode(), check.output());
        for (String phrase : List.of("5 mismatch", "metrics.arrows row 1 column score",
                "curvature.arrows row 0 column loss", "curvature.arrows row 2 column g_hess_g",
                "snapshots.arrows row 1 params[5]", "results/directions.arrows row 0 direction[36]")) {
            if (!check.output().contains(phrase)) {
                fail("the Node checker did not report \"" + phrase + "\":\n" + check.output());
            }
        }
    }

    private static List<Map<String, Object>> copyRows(List<Map<String, Object>> rows) {
        List<Map<String, Object>> copy = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            copy.add(new LinkedHashMap<>(row));
        }
        return copy;
    }

    /** Writes the run with the writers; returns what Arrow JS must read. */
    private static Map<String, Object> writeRun(Path run) throws IOException {
        List<MetricRow> rows = Fixtures.metricRows(6);
        List<CurvatureRow> curvature = Fixtures.curvatureRows(8);
        List<float[]> thetas = List.of(Fixtures.params(P, 0), Fixtures.params(P, 1), Fixtures.params(P, 2));
        BufferAllocator allocator = Fixtures.allocator("node-check");
        try (MetricsWriter metrics = new MetricsWriter(run.resolve(RunFiles.METRICS), Fixtures.RUN_ID, 4, allocator);
             SnapshotWriter snapshots = new SnapshotWriter(run.resolve(RunFiles.SNAPSHOTS), P, Fixtures.RUN_ID,
                     allocator);
             RowStreamWriter curvatureWriter = new RowStreamWriter(run.resolve(RunFiles.CURVATURE),
                     CurvatureRow.TABLE, Map.of(RunFiles.RUN_ID_KEY, Fixtures.RUN_ID), 3, allocator)) {
            for (MetricRow row : rows) {
                metrics.append(row);
            }
            snapshots.write(0, 0, Double.NaN, thetas.get(0));
            snapshots.write(10, 1, 0.5, Nd4j.createFromArray(thetas.get(1)).reshape(1, P)); // block copy
            snapshots.write(20, 2, -0.0, Nd4j.createFromArray(thetas.get(2)).castTo(DataType.DOUBLE)); // cast
            for (CurvatureRow row : curvature) {
                curvatureWriter.append(row.toCells());
            }
        }
        Fixtures.closeChecked(allocator);
        double[] scores = {Double.NaN, 0.5, -0.0};
        List<Snapshot> snapshots = new ArrayList<>();
        for (int t = 0; t < thetas.size(); t++) {
            snapshots.add(new Snapshot(10L * t, t, scores[t], thetas.get(t)));
        }
        Map<String, Object> expected = ArrowJsCheck.expected(Fixtures.RUN_ID, rows, snapshots, P, curvature);

        Provenance provenance = Provenance.of(Fixtures.RUN_ID, List.of(0L, 20L), Map.of(),
                Map.of("normalization", "filter"), Map.of("directions", 7L));
        Results results = Results.at(run.resolve(RunFiles.RESULTS));
        List<VectorRow> written = new ArrayList<>();
        try (PendingResult pending = results.startVectors("directions", DIRECTIONS, P, provenance)) {
            Object[][] cells = {{0, null, Boolean.TRUE}, {1, -0.0, Boolean.FALSE}, {2, Double.NaN, null}};
            for (int k = 0; k < cells.length; k++) {
                float[] vector = Fixtures.params(P, 10 + k);
                pending.write(cells[k], vector);
                written.add(new VectorRow(new ScalarRow(DIRECTIONS, cells[k]), vector));
            }
            pending.commit();
        }
        ArrowJsCheck.addVectorResult(expected, RunFiles.RESULTS + "/directions.arrows", DIRECTIONS, P,
                provenance.identity(), written);
        return expected;
    }
}
