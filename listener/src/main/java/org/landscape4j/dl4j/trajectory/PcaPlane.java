package org.landscape4j.dl4j.trajectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.landscape4j.direction.Direction;
import org.landscape4j.direction.DirectionKind;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionSettings;
import org.landscape4j.direction.DirectionTable;
import org.landscape4j.direction.Normalization;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.trajectory.ExactPca;
import org.landscape4j.trajectory.PcaResult;
import org.landscape4j.trajectory.PcaSettings;
import org.landscape4j.trajectory.SnapshotSource;
import org.landscape4j.trajectory.TrajectoryPath;
import org.landscape4j.trajectory.TrajectoryProgress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The plane of a run's PCA-plane landscape, planned from its snapshots: c = θ<sub>T</sub>, the final snapshot;
 * d₁, d₂ the top two unit principal directions of the snapshots about it ({@link ExactPca}, reference final; see
 * {@link PcaResult} on how this differs from the mean-centred PCA of Li et al.'s code), not normalized (state
 * arrays, which never move, zeroed); every snapshot's coordinates ((θ<sub>t</sub> − c)·d₁, (θ<sub>t</sub> − c)·d₂)
 * computed with the directions as saved (float32); the grid chosen so that they all fit with a relative margin
 * ({@link TrajectoryPath#grid}). Memory O(T² + P): the snapshots are streamed.
 *
 * @param pca         the exact PCA (2 components)
 * @param centre      c, in the objective's data type
 * @param directions  d₁, d₂, prepared on the objective's layout
 * @param grid        the grid that holds the path
 * @param path        every snapshot's coordinates on the plane
 * @param pcaSettings what the provenance records of the PCA
 */
public record PcaPlane(PcaResult pca, INDArray centre, DirectionSet directions, GridSpec grid,
                       List<TrajectoryPath.Point> path, Map<String, Object> pcaSettings) {

    /**
     * @param reader   the run's snapshots (for epochs)
     * @param source   the snapshots to use, in order; the last is the centre
     * @param factory  the objective the plane will be evaluated on (its layout prepares the directions)
     * @param nx       grid points along d₁
     * @param ny       grid points along d₂
     * @param margin   room around the path on each side, as a fraction of its extent along each axis
     * @param progress progress of the PCA and the projection
     * @return the plan
     * @throws IllegalArgumentException if the snapshots span fewer than 2 dimensions, or the PCA fails
     */
    public static PcaPlane plan(SnapshotReader reader, SnapshotSource source, ObjectiveFactory factory, int nx,
                                int ny, double margin, TrajectoryProgress progress) throws IOException {
        PcaSettings settings = PcaSettings.of(2);
        PcaResult pca = ExactPca.compute(source, settings, progress).orElseThrow(() ->
                new IllegalArgumentException("the eigen-decomposition of the snapshots' Gram matrix did not"
                        + " converge"));
        if (pca.componentCount() < 2) {
            throw new IllegalArgumentException("the " + source.count() + " snapshots span " + pca.componentCount()
                    + " dimension(s): there is no PCA plane; record more snapshots (at least 3 that differ)");
        }
        INDArray centre;
        DirectionSet prepared;
        try (Objective probe = factory.create()) {
            DataType type = probe.parameters().dataType();
            centre = Nd4j.createFromArray(pca.center()).castTo(type);
            List<Direction> directions = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                directions.add(new Direction(DirectionKind.PCA_COMPONENT,
                        Nd4j.createFromArray(pca.components()[i]).castTo(type), null,
                        String.format(Locale.ROOT, "principal direction %d of %d snapshots about the final one"
                                + " (explained variance ratio %.6g)", i + 1, source.count(),
                                pca.explainedVarianceRatio()[i])));
            }
            prepared = DirectionSet.prepare(directions, centre, probe.layout(),
                    new DirectionSettings(Normalization.NONE, true), false);
        }
        float[] d1 = prepared.get(0).vector().castTo(DataType.FLOAT).toFloatVector();
        float[] d2 = prepared.get(1).vector().castTo(DataType.FLOAT).toFloatVector();
        double[][] coordinates = TrajectoryPath.project(source, pca.center(), d1, d2, progress);
        GridSpec grid = TrajectoryPath.grid(coordinates, nx, ny, margin);
        List<TrajectoryPath.Point> path = new ArrayList<>();
        for (int t = 0; t < source.count(); t++) {
            int index = source.sourceIndex(t);
            path.add(new TrajectoryPath.Point(index, source.iteration(t),
                    reader.scalars(index).getInt(Snapshot.EPOCH), coordinates[t][0], coordinates[t][1]));
        }
        Map<String, Object> pcaSettings = new LinkedHashMap<>(settings.toMap());
        pcaSettings.put("snapshots", source.count());
        pcaSettings.put("explained_variance_ratio", List.of(pca.explainedVarianceRatio()[0],
                pca.explainedVarianceRatio()[1]));
        return new PcaPlane(pca, centre, prepared, grid, List.copyOf(path), Map.copyOf(pcaSettings));
    }

    /** @return the plane c + αd₁ + βd₂ */
    public Slice slice() {
        return Slice.plane(centre, directions.get(0).vector(), directions.get(1).vector());
    }

    /** @return the snapshots' iterations, in order */
    public List<Long> iterations() {
        return path.stream().map(TrajectoryPath.Point::iteration).toList();
    }

    /** @return the sum of the two components' explained-variance ratios */
    public double firstTwoRatio() {
        return pca.explainedVarianceRatio()[0] + pca.explainedVarianceRatio()[1];
    }

    /**
     * The files written beside a PCA-plane slice and the slice's provenance.
     *
     * @param directionsFile {@code NAME.directions.arrows}
     * @param pathFile       {@code NAME.path.arrows}
     * @param provenance     the provenance of the slice itself
     */
    public record Written(Path directionsFile, Path pathFile, Provenance provenance) {
    }

    /**
     * Writes the directions ({@code NAME.directions.arrows}) and the path ({@code NAME.path.arrows}) and returns
     * the provenance the slice {@code NAME.arrows} is to be written with.
     *
     * @param results             where
     * @param name                the slice's name
     * @param runId               the run's id
     * @param objectiveProvenance the objective's provenance ({@code ObjectiveFactory.provenance()})
     * @param margin              the margin the grid was chosen with
     */
    public Written write(Results results, String name, String runId, Map<String, String> objectiveProvenance,
                         double margin) throws IOException {
        List<Long> iterations = iterations();
        Path directionsFile = DirectionTable.save(results, name + ".directions", directions, Provenance.of(runId,
                iterations, objectiveProvenance, Map.of("for", name + Results.EXTENSION, "pca", pcaSettings),
                Map.of()));
        Path pathFile = TrajectoryPath.write(results, name + ".path", path, Provenance.of(runId, iterations,
                Map.of(), Map.of("for", name + Results.EXTENSION, "directions_file",
                        directionsFile.getFileName().toString()), Map.of()));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("directions_file", directionsFile.getFileName().toString());
        extra.put("path_file", pathFile.getFileName().toString());
        extra.put("pca", pcaSettings);
        extra.put("margin", margin);
        Provenance provenance = SliceTable.provenance(slice(), grid, objectiveProvenance, runId, iterations,
                Map.of(), extra);
        return new Written(directionsFile, pathFile, provenance);
    }
}
