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
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Cross-checks the writers with a second, independent Arrow implementation: Apache Arrow JS reads a small run
 * ({@link ArrowJsCheck}) and compares every value with what was written, so that a value only our own reader
 * understands (a validity bit left unset, NaN written as null) cannot pass; a negative control shows the checker
 * notices a changed float and null/NaN swaps.
 */
class NodeArrowCompatibilityTest {

    static final int P = 37;

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

    /** Negative control: the checker must notice a changed float, a null taken for NaN and NaN for null. */
    @SuppressWarnings("unchecked")
    private void assertSeesDeliberateMismatches(Path run, Map<String, Object> expected)
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
        ArrowJsCheck.Result check = ArrowJsCheck.check(run, wrong, dir);
        assertEquals(1, check.exitCode(), check.output());
        for (String phrase : List.of("3 mismatch", "row 0 column g_hess_g", "row 1 column score",
                "row 1 params[5]")) {
            if (!check.output().contains(phrase)) {
                fail("the Node checker did not report \"" + phrase + "\":\n" + check.output());
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
        double[] scores = {Double.NaN, 0.5, -0.0};
        List<Snapshot> snapshots = new ArrayList<>();
        for (int t = 0; t < thetas.size(); t++) {
            snapshots.add(new Snapshot(10L * t, t, scores[t], thetas.get(t)));
        }
        return ArrowJsCheck.expected(rows, snapshots, P);
    }
}
