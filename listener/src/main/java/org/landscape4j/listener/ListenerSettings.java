package org.landscape4j.listener;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.landscape4j.run.ExistingRunPolicy;

/**
 * Everything a {@link LandscapeListener} was configured with; {@link #toManifest()} is exactly what the run
 * manifest's {@code settings} holds (docs/FORMAT.md).
 *
 * @param snapshots          the snapshot schedule, or null for no snapshots
 * @param metrics            the metrics schedule (an iterations schedule), or null for no metrics
 * @param metricsBatchRows   metric rows per Arrow record batch
 * @param layerNorms         whether per-array norms ({@code layers.arrows}) are recorded on the metrics schedule
 * @param slices             the slice recorder's settings, or null for no slices
 * @param trajectoryPca      the incremental-PCA recorder's settings, or null for none
 * @param pcaPlane           the PCA-plane landscape evaluated at close, or null for none
 * @param curvature          the curvature recorder's settings, or null for no curvature
 * @param failFast           whether recording failures are thrown into training
 * @param existingRunPolicy  what to do with a directory that already holds a run
 * @param requestedDirectory the directory asked for (a numbered run records elsewhere)
 */
public record ListenerSettings(Schedule snapshots, Schedule metrics, int metricsBatchRows, boolean layerNorms,
                               SliceSettings slices, TrajectoryPcaSettings trajectoryPca,
                               PcaPlaneSettings pcaPlane, CurvatureSettings curvature, boolean failFast,
                               ExistingRunPolicy existingRunPolicy, String requestedDirectory) {

    public ListenerSettings {
        Objects.requireNonNull(existingRunPolicy, "existingRunPolicy");
        Objects.requireNonNull(requestedDirectory, "requestedDirectory");
        if (metrics != null && metrics.unit() != ScheduleUnit.ITERATIONS) {
            throw new IllegalArgumentException("metrics are recorded per update: their schedule counts iterations,"
                    + " not " + metrics.unit().name().toLowerCase(Locale.ROOT));
        }
        if (metricsBatchRows < 1) {
            throw new IllegalArgumentException("metricsBatchRows needs at least 1 row, got " + metricsBatchRows);
        }
    }

    /** @return the settings as the manifest records them (snake_case keys, lower-case names) */
    public Map<String, Object> toManifest() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("snapshots", snapshots == null ? null : snapshots.toSettings());
        settings.put("metrics", metrics == null ? null : metrics.toSettings());
        settings.put("metrics_batch_rows", metricsBatchRows);
        settings.put("layer_norms", metrics != null && layerNorms);
        settings.put("slices", slices == null ? null : slices.toManifest());
        settings.put("trajectory_pca", trajectoryPca == null ? null : trajectoryPca.toManifest());
        settings.put("pca_plane", pcaPlane == null ? null : pcaPlane.toManifest());
        settings.put("curvature", curvature == null ? null : curvature.toManifest());
        settings.put("fail_fast", failFast);
        settings.put("existing_run_policy", existingRunPolicy.name().toLowerCase(Locale.ROOT));
        settings.put("requested_directory", requestedDirectory);
        return settings;
    }
}
