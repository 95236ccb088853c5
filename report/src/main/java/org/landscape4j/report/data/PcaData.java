package org.landscape4j.report.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.ReadResult;
import org.landscape4j.run.RowStreamReader;
import org.landscape4j.run.RunFormatException;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.run.VectorTableReader;
import org.landscape4j.trajectory.PcaTable;

/**
 * What the figures need of a stored trajectory PCA (docs/FORMAT.md, "PCA results"), read without decoding a
 * single P-vector: the components' explained-variance ratios and the snapshots' coordinates.
 *
 * @param name        the result's name ({@code results/NAME.arrows})
 * @param ratios      explained-variance ratio of each component, in order
 * @param snapshots   each row's snapshot position in snapshots.arrows
 * @param iterations  each row's iteration
 * @param coordinates T × r coordinates x<sub>t</sub>·d<sub>i</sub>
 * @param provenance  where the PCA comes from
 */
public record PcaData(String name, double[] ratios, int[] snapshots, long[] iterations, double[][] coordinates,
                      Provenance provenance) {

    /** @return r, the number of components */
    public int components() {
        return ratios.length;
    }

    /**
     * @param vectorsFile {@code results/NAME.arrows}; its coordinates are read from {@code NAME.coordinates.arrows}
     *                    when it exists (an incremental PCA has none: then no snapshot and no coordinates)
     * @throws RunFormatException if either file is not a complete PCA result, or they disagree
     */
    public static PcaData read(Path vectorsFile) throws IOException {
        String fileName = vectorsFile.getFileName().toString();
        String name = fileName.endsWith(".arrows") ? fileName.substring(0, fileName.length() - 7) : fileName;
        List<Double> ratios = new ArrayList<>();
        Provenance provenance;
        try (VectorTableReader reader = VectorTableReader.open(vectorsFile, PcaTable.TABLE, null, true)) {
            if (reader.truncated()) {
                throw new RunFormatException(vectorsFile, "is incomplete: " + reader.truncationDetail());
            }
            provenance = provenance(vectorsFile, reader.metadata());
            for (ScalarRow row : reader.allScalars()) {
                if (row.getInt(PcaTable.ROLE) == PcaTable.ROLE_COMPONENT) {
                    ratios.add(row.getDouble(PcaTable.EXPLAINED_VARIANCE_RATIO));
                }
            }
        }
        Path coordinatesFile = vectorsFile.resolveSibling(name + PcaTable.COORDINATES_SUFFIX + ".arrows");
        int r = ratios.size();
        if (r == 0) {
            throw new RunFormatException(vectorsFile, "holds no component");
        }
        double[] ratioArray = ratios.stream().mapToDouble(Double::doubleValue).toArray();
        if (!java.nio.file.Files.exists(coordinatesFile)) {
            // an incremental PCA (the listener's ipca.arrows) has components but no per-snapshot coordinates
            return new PcaData(name, ratioArray, new int[0], new long[0], new double[0][r], provenance);
        }
        ReadResult<ScalarRow> read = RowStreamReader.read(coordinatesFile, PcaTable.COORDINATES, null, true);
        if (read.rows().size() % r != 0) {
            throw new RunFormatException(coordinatesFile, "holds " + read.rows().size() + " rows, not a multiple of"
                    + " the " + r + " components of " + fileName);
        }
        int t = read.rows().size() / r;
        int[] snapshots = new int[t];
        long[] iterations = new long[t];
        double[][] coordinates = new double[t][r];
        for (int k = 0; k < read.rows().size(); k++) {
            ScalarRow row = read.rows().get(k);
            int s = k / r;
            int c = k % r;
            if (row.getInt(PcaTable.COMPONENT) != c) {
                throw new RunFormatException(coordinatesFile, "row " + k + " is of component "
                        + row.getInt(PcaTable.COMPONENT) + ", expected " + c + " (rows are snapshot-major)");
            }
            snapshots[s] = row.getInt(PcaTable.SNAPSHOT);
            iterations[s] = row.getLong(PcaTable.ITERATION);
            coordinates[s][c] = row.getDouble(PcaTable.COORDINATE);
        }
        return new PcaData(name, ratioArray, snapshots, iterations, coordinates, provenance);
    }

    /**
     * @param a            the component on x (0-based)
     * @param b            the component on y
     * @param epochOfIteration the epoch of each snapshot iteration (from snapshots.arrows), possibly empty
     * @return the snapshots' path in the plane of components a and b, labelled by epoch where known
     */
    /** @return true if the snapshots' coordinates were stored (an exact PCA), false for an incremental one */
    public boolean hasCoordinates() {
        return iterations.length > 0;
    }

    public OptimizationPath path(int a, int b, Map<Long, Integer> epochOfIteration) {
        int t = iterations.length;
        double[] x = new double[t];
        double[] y = new double[t];
        int[] epochs = new int[t];
        boolean allKnown = true;
        for (int s = 0; s < t; s++) {
            x[s] = coordinates[s][a];
            y[s] = b < coordinates[s].length ? coordinates[s][b] : 0;
            Integer epoch = epochOfIteration.get(iterations[s]);
            allKnown &= epoch != null;
            epochs[s] = epoch == null ? -1 : epoch;
        }
        return new OptimizationPath("trajectory (PCA " + name + ")", x, y, iterations.clone(),
                allKnown ? epochs : null);
    }

    private static Provenance provenance(Path file, Map<String, String> metadata) throws RunFormatException {
        try {
            return Provenance.fromMetadata(metadata);
        } catch (IllegalArgumentException e) {
            throw new RunFormatException(file, e.getMessage(), e);
        }
    }
}
