package org.landscape4j.report.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.landscape4j.run.ExistingRunPolicy;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.MetricsWriter;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunClaim;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.RunStatus;

/**
 * A run being recorded, grown by the test the way the listener grows one: the directory claimed (its lock held),
 * the manifest saying {@code running}, the metrics stream open and flushed after each append (so readers see its
 * record batches and no end-of-stream marker), results committed by rename, then {@link #finish()}.
 */
public final class GrowingRun implements AutoCloseable {

    private final Path dir;
    private final RunClaim claim;
    private final RunManifest manifest;
    private final MetricsWriter metrics;
    private long rows;
    private boolean finished;

    private GrowingRun(Path dir, RunClaim claim, RunManifest manifest, MetricsWriter metrics) {
        this.dir = dir;
        this.claim = claim;
        this.manifest = manifest;
        this.metrics = metrics;
    }

    /** Claims {@code dir} (created) and starts a run with {@code initialRows} metric rows. */
    public static GrowingRun start(Path dir, int initialRows) throws IOException {
        RunClaim claim = RunClaim.claim(dir, ExistingRunPolicy.FAIL);
        ParameterLayout layout = new ParameterLayout(List.of(
                new ParameterArray("0_W", "0", "DenseLayer", 0, 8, new long[] {4, 2}, 'f', ParameterRole.WEIGHT, 1),
                new ParameterArray("0_b", "0", "DenseLayer", 8, 2, new long[] {1, 2}, 'f', ParameterRole.BIAS, -1)));
        RunManifest manifest = RunManifest.start("0.1.0-test", "1.0.0-M2.1", "17",
                "org.deeplearning4j.nn.multilayer.MultiLayerNetwork", 10, "FLOAT", layout,
                Map.of("metrics", Map.of("every", 1, "unit", "iterations")), Map.of("network", 42L),
                Instant.parse("2026-01-02T03:04:05Z"));
        manifest.write(dir.resolve(RunFiles.MANIFEST));
        MetricsWriter metrics = new MetricsWriter(dir.resolve(RunFiles.METRICS), manifest.runId(), 1 << 16, null);
        GrowingRun run = new GrowingRun(dir, claim, manifest, metrics);
        run.appendMetrics(initialRows);
        return run;
    }

    /** @return the run directory */
    public Path directory() {
        return dir;
    }

    /** @return the metric rows written so far */
    public long metricRows() {
        return rows;
    }

    /** Appends {@code n} metric rows as one flushed record batch. */
    public void appendMetrics(int n) throws IOException {
        for (int k = 0; k < n; k++) {
            long t = rows++;
            metrics.append(new MetricRow(t, (int) (t / 10), 16, 2.5 * Math.exp(-t / 30.0) + 0.05,
                    1.0 / (1 + t / 10.0), 0.05 / (1 + t / 20.0), 0.1, 0.01 * t));
        }
        metrics.flush();
    }

    /** Commits a 2-D slice result named {@code name} (written under a temporary name, renamed when complete). */
    public void addSlice(String name) throws IOException {
        TestRuns.writeSlice(Results.of(RunDirectory.open(dir)), name, "plane", manifest.runId(), "", 15, 11, false);
    }

    /** Closes the metrics stream and marks the run complete, as the listener's {@code close()} does. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        metrics.close();
        manifest.finished(Instant.parse("2026-01-02T03:05:05Z"), RunStatus.COMPLETE, null)
                .write(dir.resolve(RunFiles.MANIFEST));
        claim.close();
    }

    /** Leaves the run as a killed process would: the stream without its end marker, the manifest running. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            metrics.abandon();
            claim.close();
        }
    }
}
