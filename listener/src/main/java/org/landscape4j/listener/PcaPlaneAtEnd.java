package org.landscape4j.listener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.api.Model;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.dl4j.runtime.BlasSettings;
import org.landscape4j.dl4j.trajectory.PcaPlane;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.Results;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.SliceEvaluator;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.trajectory.SnapshotSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the {@link PcaPlaneSettings PCA-plane landscape} of a finished run, from its files alone (the
 * snapshots) and the network's configuration: what {@code landscape4j trajectory} does, run by the listener's
 * {@code close()} once every file of the run is complete. Progress is logged every 10 % of the grid.
 */
final class PcaPlaneAtEnd {

    private static final Logger log = LoggerFactory.getLogger(PcaPlaneAtEnd.class);

    private PcaPlaneAtEnd() {
    }

    /**
     * @param directory the run directory (complete)
     * @param model     the trained network (copied for the evaluation; not changed)
     * @param settings  what to evaluate
     * @return the slice file, or null if the run has too few snapshots for a plane (logged)
     */
    static Path run(Path directory, Model model, PcaPlaneSettings settings) throws IOException {
        long start = System.nanoTime();
        RunDirectory run = RunDirectory.open(directory);
        try (SnapshotReader reader = run.openSnapshots(null)) {
            if (reader.count() < 3) {
                log.warn("landscape4j: no PCA-plane landscape: the run holds {} snapshot(s), a plane needs at least 3"
                        + " (record more: snapshotEveryEpoch() or snapshotEvery(n, unit))", reader.count());
                return null;
            }
            NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(model).data(settings.data()).build();
            PcaPlane plane;
            try {
                plane = PcaPlane.plan(reader, SnapshotSource.of(reader), factory, settings.nx(), settings.ny(),
                        settings.margin(), (stage, done, total) -> { });
            } catch (IllegalArgumentException e) {
                log.warn("landscape4j: no PCA-plane landscape: {}", e.getMessage());
                return null;
            }
            Results results = Results.of(run);
            PcaPlane.Written written = plane.write(results, PcaPlaneSettings.RESULT_NAME, run.manifest().runId(),
                    factory.provenance(), settings.margin());
            GridSpec grid = plane.grid();
            int workers = settings.workers();
            if (workers > 1 && BlasSettings.diagnose(System.getenv(), Runtime.getRuntime().availableProcessors(),
                    workers).isPresent()) {
                log.info("landscape4j: the PCA-plane landscape runs on 1 worker instead of {}: this JVM's BLAS"
                        + " threading is not set for parallel network copies (start it with OPENBLAS_NUM_THREADS=1"
                        + " ND4J_SKIP_BLAS_THREADS=1)", workers);
                workers = 1;
            }
            log.info("landscape4j: PCA-plane landscape of {} snapshots ({} of the variance on the plane), {}x{}"
                    + " points on {} worker(s)", reader.count(), String.format(Locale.ROOT, "%.1f %%",
                    100 * plane.firstTwoRatio()), grid.nx(), grid.ny(), workers);
            int[] logged = {0};
            SliceSummary summary;
            try (PendingResult pending = results.startRows(PcaPlaneSettings.RESULT_NAME, SliceTable.TABLE,
                    written.provenance(), SliceTable.ROWS_PER_BATCH)) {
                summary = SliceEvaluator.builder(factory).workers(workers).progress(progress -> {
                    int tenth = (int) Math.floor(10 * progress.fraction());
                    if (tenth > logged[0] && tenth < 10) {
                        logged[0] = tenth;
                        log.info("landscape4j: PCA-plane landscape {}0 % ({} of {} points)", tenth,
                                progress.done(), progress.total());
                    }
                }).build().evaluate(plane.slice(), grid, pending);
                pending.commit();
            }
            Path file = results.file(PcaPlaneSettings.RESULT_NAME);
            log.info("landscape4j: wrote {} ({} points, loss {} to {}) in {} s", file, summary.evaluated(),
                    summary.minimum() == null ? "NaN" : format(summary.minimum().loss()),
                    summary.maximum() == null ? "NaN" : format(summary.maximum().loss()),
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
            return file;
        }
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4g", value);
    }
}
