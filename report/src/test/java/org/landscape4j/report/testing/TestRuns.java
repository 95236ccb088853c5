package org.landscape4j.report.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.landscape4j.run.CurvatureRow;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.MetricsWriter;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.RowStreamWriter;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.RunStatus;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.run.SnapshotWriter;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.trajectory.ExactPca;
import org.landscape4j.trajectory.PcaResult;
import org.landscape4j.trajectory.PcaSettings;
import org.landscape4j.trajectory.PcaTable;
import org.landscape4j.trajectory.SnapshotSelection;
import org.landscape4j.trajectory.SnapshotSource;
import org.landscape4j.trajectory.TrajectoryProgress;

/**
 * Small but complete run directories written through the format's own writers, for the report's tests (and, via
 * the test-jar, the browser test): a manifest, metrics, snapshots, curvature, a 2-D and two 1-D slices with a
 * NaN region, and an exact PCA of the snapshots. A hostile run puts markup and script into every text field a
 * run can carry (network class, layer names and types, settings, seeds, failure, result settings).
 */
public final class TestRuns {

    /** Markup a hostile run carries: it would retitle the page and show an alert if it ever ran. */
    public static final String HOSTILE = "<script>document.title='pwned';alert(1)</script>"
            + "<img src=x onerror=\"document.title='pwned'\">&amp; \"quotes\" 'single' \u2028end";

    /** What the report's page title becomes if a hostile script ever ran. */
    public static final String PWNED = "pwned";

    public static final int P = 12;
    public static final int EPOCHS = 8;
    public static final int UPDATES_PER_EPOCH = 5;

    private TestRuns() {
    }

    /** What to put into a run. */
    public record Contents(boolean snapshots, boolean curvature, boolean slices, boolean pca, String hostile) {

        /** @return everything, benign text */
        public static Contents full() {
            return new Contents(true, true, true, true, null);
        }

        /** @return metrics only */
        public static Contents metricsOnly() {
            return new Contents(false, false, false, false, null);
        }

        /** @return everything, with {@code text} in every text field of the run */
        public static Contents hostile(String text) {
            return new Contents(true, true, true, true, text);
        }
    }

    /** Writes a complete run into {@code dir} (created). */
    public static Path write(Path dir, Contents c) throws IOException {
        Files.createDirectories(dir);
        String h = c.hostile() == null ? "" : c.hostile();
        ParameterLayout layout = new ParameterLayout(List.of(
                new ParameterArray("0_W" + h, "0" + h, "DenseLayer" + h, 0, 8, new long[] {4, 2}, 'f',
                        ParameterRole.WEIGHT, 1),
                new ParameterArray("0_b", "0", "DenseLayer", 8, 2, new long[] {1, 2}, 'f', ParameterRole.BIAS, -1),
                new ParameterArray("1_W", "1 & \"out\"", "OutputLayer", 10, 2, new long[] {2, 1}, 'f',
                        ParameterRole.WEIGHT, 1)));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("metrics", Map.of("every", 1, "unit", "iterations"));
        settings.put("requested_directory", "runs/" + h + "test");
        Map<String, Long> seeds = new LinkedHashMap<>();
        seeds.put("network", 42L);
        if (!h.isEmpty()) {
            seeds.put(h, 7L);
        }
        RunManifest manifest = RunManifest.start("0.1.0-test", "1.0.0-M2.1", "17" + h,
                "org.deeplearning4j.nn.multilayer.MultiLayerNetwork" + h, P, "FLOAT", layout, settings, seeds,
                Instant.parse("2026-01-02T03:04:05Z"));
        manifest.write(dir.resolve(RunFiles.MANIFEST));
        String runId = manifest.runId();
        int updates = EPOCHS * UPDATES_PER_EPOCH;
        try (MetricsWriter metrics = new MetricsWriter(dir.resolve(RunFiles.METRICS), runId, 16, null)) {
            for (int t = 0; t < updates; t++) {
                metrics.append(new MetricRow(t, t / UPDATES_PER_EPOCH, 16, 2.5 * Math.exp(-t / 12.0) + 0.05,
                        1.0 / (1 + t / 10.0), 0.05 / (1 + t / 20.0), t < updates / 2 ? 0.1 : 0.05, 0.01 * t));
            }
        }
        if (c.snapshots()) {
            try (SnapshotWriter snapshots = new SnapshotWriter(dir.resolve(RunFiles.SNAPSHOTS), P, runId, null)) {
                for (int e = 0; e <= EPOCHS; e++) {
                    float[] theta = new float[P];
                    double s = 1 - e / (double) EPOCHS;
                    for (int p = 0; p < P; p++) {
                        theta[p] = (float) (0.1 * p + s * Math.cos(p + 1) + s * s * Math.sin(2 * p) + 0.05 * e * (p % 3));
                    }
                    snapshots.write((long) e * UPDATES_PER_EPOCH, e, e == 0 ? Double.NaN : 1.0 / e, theta);
                }
            }
        }
        if (c.curvature()) {
            try (RowStreamWriter curvature = new RowStreamWriter(dir.resolve(RunFiles.CURVATURE), CurvatureRow.TABLE,
                    manifest.streamMetadata(), 8, null)) {
                for (int t = 0; t < updates; t++) {
                    double kg = 4 + 10 * t / (double) updates;
                    Double lmax = t % 4 == 0 ? 10 + 20 * t / (double) updates : null;
                    double eta = t < updates / 2 ? 0.1 : 0.05;
                    curvature.append(new CurvatureRow(t, t / UPDATES_PER_EPOCH, 64, 1.0, 0.5, 0.5 * kg, kg, 0.01,
                            -0.02, 0.01 * (kg + 2), kg + 2, -0.02 + 0.005 * (kg + 2), -0.012, lmax,
                            lmax == null ? null : -0.5, null, null, eta, 2 / eta, 12L, t % 6 == 1,
                            lmax == null ? null : lmax > 2 / eta, false).toCells());
                }
            }
        }
        if (c.slices()) {
            Results results = Results.of(RunDirectory.open(dir));
            writeSlice(results, "plane-final", "plane", runId, h, 21, 17, true);
            writeSlice(results, "line-gradient", "line", runId, h, 41, 1, false);
            writeSlice(results, "interpolation", "linear", runId, h, 41, 1, true);
        }
        manifest.finished(Instant.parse("2026-01-02T03:05:05Z"), RunStatus.COMPLETE, null)
                .write(dir.resolve(RunFiles.MANIFEST));
        if (c.pca()) {
            RunDirectory run = RunDirectory.open(dir);
            try (SnapshotReader reader = run.openSnapshots(null)) {
                PcaSettings pcaSettings = PcaSettings.of(3);
                PcaResult pca = ExactPca.compute(SnapshotSource.of(reader), pcaSettings, TrajectoryProgress.NONE)
                        .orElseThrow();
                PcaTable.write(Results.of(run), "pca", pca,
                        PcaTable.provenance(runId, pca, pcaSettings, SnapshotSelection.ALL));
            }
        }
        return dir;
    }

    /** A bowl-shaped slice (a shifted quadratic), with a NaN corner region when {@code holes}. */
    static void writeSlice(Results results, String name, String kind, String runId, String h, int nx, int ny,
                                   boolean holes) throws IOException {
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("nx", nx);
        grid.put("ny", ny);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("slice", kind);
        settings.put("grid", grid);
        settings.put("normalization", "filter" + h);
        Provenance provenance = Provenance.of(runId, List.of((long) EPOCHS * UPDATES_PER_EPOCH),
                Map.of("model", "runs/test@-1" + h, "data", "eval.csv"), settings, Map.of("direction_0", 3L));
        try (PendingResult pending = results.startRows(name, SliceTable.TABLE, provenance, 64)) {
            for (int i = 0; i < nx; i++) {
                for (int j = 0; j < ny; j++) {
                    double a = -1 + 2.0 * i / (nx - 1);
                    double b = ny == 1 ? 0 : -1 + 2.0 * j / (ny - 1);
                    double loss = 0.2 + (a - 0.2) * (a - 0.2) + 2 * b * b + 0.1 * Math.sin(4 * a);
                    if (holes && a > 0.7 && b > 0.4 - (ny == 1 ? 1 : 0)) {
                        loss = Double.NaN;
                    }
                    pending.append(SliceTable.cells(new SlicePoint(i, j, a, b, loss, 0.01, 0.5, 100)));
                }
            }
            pending.commit();
        }
    }
}
