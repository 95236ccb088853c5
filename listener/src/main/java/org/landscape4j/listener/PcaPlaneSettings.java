package org.landscape4j.listener;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The PCA-plane landscape the listener evaluates when it closes (Li et al. 2018, Fig. 9; what {@code landscape4j
 * trajectory RUN_DIR} does post hoc): the exact PCA of the run's snapshots about the final one, the loss on the
 * plane of the top two directions through it over a grid that holds the whole path, written to the run's
 * {@code results/}{@value #RESULT_NAME}{@code .arrows} with its directions ({@code .directions.arrows}) and the
 * path's coordinates ({@code .path.arrows}). It needs snapshots (at least 3 that differ; fewer: a warning and
 * nothing drawn). {@code close()} returns when the grid is evaluated: nx·ny forward passes over the data, on
 * {@code workers} threads.
 *
 * <pre>{@code
 * LandscapeListener.builder(dir).snapshotEveryEpoch()
 *         .pcaPlaneAtEnd(PcaPlaneSettings.of(evaluationSet).withGrid(21, 21).withMargin(0.2))
 *         .build();
 * }</pre>
 *
 * @param data    the examples the loss averages over (kept by reference until the listener closes)
 * @param nx      grid points along the first direction (≥ 2)
 * @param ny      grid points along the second direction (≥ 2)
 * @param margin  room around the path on each side, as a fraction of its extent along each axis (≥ 0)
 * @param workers threads evaluating the grid (≥ 1; 1 is used when this JVM's BLAS threading is not set for parallel
 *                network copies: OPENBLAS_NUM_THREADS=1 and ND4J_SKIP_BLAS_THREADS=1, see the README)
 */
public record PcaPlaneSettings(DataSet data, int nx, int ny, double margin, int workers) {

    /** The name of the result in the run's {@code results/}. */
    public static final String RESULT_NAME = "pca-plane";

    public PcaPlaneSettings {
        Objects.requireNonNull(data, "data");
        if (data.getFeatures() == null || data.getLabels() == null || data.numExamples() < 1) {
            throw new IllegalArgumentException("the PCA-plane landscape needs an evaluation set with features, labels"
                    + " and at least one example");
        }
        if (nx < 2 || ny < 2) {
            throw new IllegalArgumentException("the PCA-plane grid needs at least 2x2 points, got " + nx + "x" + ny);
        }
        if ((long) nx * ny > 1_000_000) {
            throw new IllegalArgumentException("the PCA-plane grid " + nx + "x" + ny + " holds over a million points");
        }
        if (!(margin >= 0) || !Double.isFinite(margin)) {
            throw new IllegalArgumentException("the PCA-plane margin must be a number >= 0, got " + margin);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("the PCA-plane landscape needs at least 1 worker, got " + workers);
        }
    }

    /** @return 21×21 points, a margin of 0.2, one worker per core up to 2, on {@code data} */
    public static PcaPlaneSettings of(DataSet data) {
        return new PcaPlaneSettings(data, 21, 21, 0.2, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /** @return these settings with an nx × ny grid */
    public PcaPlaneSettings withGrid(int gridX, int gridY) {
        return new PcaPlaneSettings(data, gridX, gridY, margin, workers);
    }

    /** @return these settings with another margin */
    public PcaPlaneSettings withMargin(double room) {
        return new PcaPlaneSettings(data, nx, ny, room, workers);
    }

    /** @return these settings with another number of workers */
    public PcaPlaneSettings withWorkers(int threads) {
        return new PcaPlaneSettings(data, nx, ny, margin, threads);
    }

    /** @return the settings as the manifest records them */
    Map<String, Object> toManifest() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("grid", List.of(nx, ny));
        settings.put("margin", margin);
        settings.put("examples", data.numExamples());
        settings.put("workers", workers);
        settings.put("result", "results/" + RESULT_NAME + ".arrows");
        return settings;
    }
}
