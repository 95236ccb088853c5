package org.landscape4j.trajectory;

import java.io.IOException;
import java.util.Optional;

/**
 * Non-linear 2-D (or d-D) embeddings of a trajectory's snapshots, for comparison with its PCA plane: the pairwise
 * distances ‖θ<sub>i</sub> − θ<sub>j</sub>‖² come from the T×T Gram matrix streamed from the snapshots
 * ({@link GramMatrix}, rows θ<sub>t</sub> − θ<sub>T</sub>), then classical MDS (which equals the PCA coordinates of
 * the centred snapshots, up to signs: a check), Isomap or PHATE.
 */
public final class TrajectoryEmbedding {

    private TrajectoryEmbedding() {
    }

    /**
     * @param chunkColumns parameters per column chunk of the stream, or {@link GramMatrix#AUTOMATIC_CHUNK}
     * @return the squared Euclidean distances between the snapshots, streamed (see {@link GramMatrix})
     */
    public static double[][] squaredDistances(SnapshotSource source, int chunkColumns, TrajectoryProgress progress)
            throws IOException {
        return GramMatrix.squaredDistances(GramMatrix.compute(source, chunkColumns, progress));
    }

    /** @return Isomap of the snapshots with k neighbours, in d dimensions */
    public static Optional<Embedding> isomap(SnapshotSource source, int neighbours, int dimensions,
                                             TrajectoryProgress progress) throws IOException {
        return Isomap.embed(squaredDistances(source, GramMatrix.AUTOMATIC_CHUNK, progress), neighbours, dimensions);
    }

    /**
     * @return PHATE of the snapshots ({@link Phate}), or empty if an eigen-decomposition did not converge; the
     *         distances' stage is {@code "gram"}, then PHATE's
     */
    public static Optional<PhateResult> phate(SnapshotSource source, PhateSettings settings,
                                              TrajectoryProgress progress) throws IOException {
        return Phate.embed(squaredDistances(source, GramMatrix.AUTOMATIC_CHUNK, progress), settings, progress);
    }

    /** @return classical MDS of the snapshots in d dimensions */
    public static Optional<Embedding> classicalMds(SnapshotSource source, int dimensions, TrajectoryProgress progress)
            throws IOException {
        return ClassicalMds.embed(squaredDistances(source, GramMatrix.AUTOMATIC_CHUNK, progress), dimensions);
    }
}
