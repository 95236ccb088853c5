package org.landscape4j.trajectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.landscape4j.run.Column;
import org.landscape4j.run.ColumnType;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunFormatException;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.run.TableSchema;
import org.landscape4j.run.VectorTableReader;

/**
 * A PCA of a trajectory as results (docs/FORMAT.md, "PCA results"): the vectors — centre, components and, when
 * standardized, the standard deviations — as the vector table {@code NAME.arrows} ({@value #KIND}), and the
 * snapshots' coordinates as the table of scalar rows {@code NAME.coordinates.arrows} ({@value #COORDINATES_KIND}),
 * one row per (snapshot, component). The coordinates are committed first, so a complete {@code NAME.arrows}
 * means both are there. The PCA's settings go into the provenance under {@value #SETTINGS_KEY}.
 */
public final class PcaTable {

    public static final String KIND = "pca";
    public static final String COORDINATES_KIND = "pca_coordinates";
    public static final String SETTINGS_KEY = "pca";
    /** The suffix of the coordinates result's name. */
    public static final String COORDINATES_SUFFIX = ".coordinates";

    public static final String ROLE = "role";
    public static final String INDEX = "index";
    public static final String SINGULAR_VALUE = "singular_value";
    public static final String EXPLAINED_VARIANCE = "explained_variance";
    public static final String EXPLAINED_VARIANCE_RATIO = "explained_variance_ratio";
    public static final String VALUES = "values";

    /** {@value #ROLE} of the centre c (row 0). */
    public static final int ROLE_CENTER = 0;
    /** {@value #ROLE} of a component d<sub>index</sub>. */
    public static final int ROLE_COMPONENT = 1;
    /** {@value #ROLE} of the standard deviations σ of a standardized PCA (last row). */
    public static final int ROLE_STD = 2;

    public static final String SNAPSHOT = "snapshot";
    public static final String ITERATION = "iteration";
    public static final String COMPONENT = "component";
    public static final String COORDINATE = "coordinate";

    /** The vectors of a PCA. */
    public static final TableSchema TABLE = TableSchema.ofVectors(KIND, "results/NAME.arrows", List.of(
            Column.required(ROLE, ColumnType.INT32),
            Column.required(INDEX, ColumnType.INT32),
            Column.optional(SINGULAR_VALUE, ColumnType.FLOAT64),
            Column.optional(EXPLAINED_VARIANCE, ColumnType.FLOAT64),
            Column.optional(EXPLAINED_VARIANCE_RATIO, ColumnType.FLOAT64)), VALUES);

    /** The coordinates of the snapshots. */
    public static final TableSchema COORDINATES = TableSchema.ofRows(COORDINATES_KIND,
            "results/NAME.coordinates.arrows", List.of(
                    Column.required(SNAPSHOT, ColumnType.INT32),
                    Column.required(ITERATION, ColumnType.INT64),
                    Column.required(COMPONENT, ColumnType.INT32),
                    Column.required(COORDINATE, ColumnType.FLOAT64)));

    private PcaTable() {
    }

    /**
     * @param runId     the run, or null
     * @param result    the PCA
     * @param settings  its settings
     * @param selection the snapshot selection it was computed on
     * @return its provenance: the source iterations and {@value #SETTINGS_KEY} = {components, reference,
     *         standardize, selection, snapshots, components_found}
     */
    public static Provenance provenance(String runId, PcaResult result, PcaSettings settings,
                                        SnapshotSelection selection) {
        Map<String, Object> pca = new LinkedHashMap<>(settings.toMap());
        pca.put("selection", selection.toString());
        pca.put("snapshots", result.sampleCount());
        pca.put("components_found", result.componentCount());
        List<Long> iterations = new ArrayList<>();
        for (long iteration : result.iterations()) {
            iterations.add(iteration);
        }
        return Provenance.of(runId, iterations, Map.of(), Map.of(SETTINGS_KEY, pca), Map.of());
    }

    /**
     * Writes {@code name.coordinates} then {@code name}.
     *
     * @return the vectors' file
     */
    public static Path write(Results results, String name, PcaResult result, Provenance provenance) throws IOException {
        Objects.requireNonNull(result, "result");
        try (PendingResult pending = results.startRows(name + COORDINATES_SUFFIX, COORDINATES, provenance, 4096)) {
            int done = pending.resumedRows().size();
            int row = 0;
            for (int t = 0; t < result.sampleCount(); t++) {
                for (int i = 0; i < result.componentCount(); i++, row++) {
                    if (row >= done) {
                        pending.append(new Object[] {result.sourceIndices()[t], result.iterations()[t], i,
                                result.coordinates()[t][i]});
                    }
                }
            }
            pending.commit();
        }
        try (PendingResult pending = results.startVectors(name, TABLE, result.parameterCount(), provenance)) {
            int done = pending.resumedRows().size();
            List<Object[]> cells = new ArrayList<>();
            List<float[]> vectors = new ArrayList<>();
            cells.add(new Object[] {ROLE_CENTER, 0, null, null, null});
            vectors.add(result.center());
            for (int i = 0; i < result.componentCount(); i++) {
                cells.add(new Object[] {ROLE_COMPONENT, i, result.singularValues()[i], result.explainedVariance()[i],
                        result.explainedVarianceRatio()[i]});
                vectors.add(result.components()[i]);
            }
            if (result.std() != null) {
                cells.add(new Object[] {ROLE_STD, 0, null, null, null});
                vectors.add(result.std());
            }
            for (int k = done; k < cells.size(); k++) {
                pending.write(cells.get(k), vectors.get(k));
            }
            return pending.commit();
        }
    }

    /**
     * @param runId      the run, or null
     * @param pca        an incremental PCA
     * @param iterations the iterations of the snapshots it was fed, in order
     * @param extra      further settings of the caller (e.g. its schedule), added under {@value #SETTINGS_KEY}
     * @return the provenance of {@link #writeIncremental}: the source iterations and {@value #SETTINGS_KEY} =
     *         {incremental: true, components (k), reference: "mean", standardize: false, snapshots (n),
     *         components_found (r), then {@code extra}}
     */
    public static Provenance incrementalProvenance(String runId, IncrementalPca pca, List<Long> iterations,
                                                   Map<String, ?> extra) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("incremental", true);
        settings.put("components", pca.maxComponents());
        settings.put("reference", Reference.MEAN.label());
        settings.put("standardize", false);
        settings.put("snapshots", pca.samples());
        settings.put("components_found", pca.componentCount());
        if (extra != null) {
            settings.putAll(extra);
        }
        return Provenance.of(runId, iterations, Map.of(), Map.of(SETTINGS_KEY, settings), Map.of());
    }

    /**
     * Writes the current model of an incremental PCA as a PCA vector table ({@value #KIND}, the columns of
     * {@link #TABLE}), without a coordinates table (the snapshots it saw are not kept): row 0 the running mean
     * μ (the centre), then component i with s<sub>i</sub>, s<sub>i</sub>²/(n − 1) and s<sub>i</sub>²/S
     * (scikit-learn's {@code IncrementalPCA} definitions, see {@link IncrementalPca}), each P-vector rounded to
     * float32. {@link #read} reads it back. Written under a temporary name and renamed when complete, replacing an
     * older result of that name.
     *
     * @param results    where results go
     * @param name       the result's name
     * @param pca        a PCA that has seen at least one snapshot
     * @param provenance its provenance ({@link #incrementalProvenance})
     * @return the written file
     * @throws IllegalStateException if the PCA has seen no snapshot
     */
    public static Path writeIncremental(Results results, String name, IncrementalPca pca, Provenance provenance)
            throws IOException {
        Objects.requireNonNull(pca, "pca");
        double[] variance = pca.explainedVariance();            // folds pending updates in first
        if (pca.samples() == 0) {
            throw new IllegalStateException("the incremental PCA has seen no snapshot yet: nothing to write");
        }
        double[] ratio = pca.explainedVarianceRatio();
        double[] s = pca.singularValues();
        try (PendingResult pending = results.startVectors(name, TABLE, pca.parameterCount(), provenance)) {
            int done = pending.resumedRows().size();
            if (done == 0) {
                pending.write(new Object[] {ROLE_CENTER, 0, null, null, null}, Kernels.toFloat(pca.meanView()));
            }
            for (int i = Math.max(0, done - 1); i < s.length; i++) {
                pending.write(new Object[] {ROLE_COMPONENT, i, s[i], variance[i], ratio[i]}, pca.componentAsFloat(i));
            }
            return pending.commit();
        }
    }

    /**
     * The vectors of a stored PCA.
     *
     * @param center                 c
     * @param components             d<sub>0</sub>, d<sub>1</sub>, ...
     * @param singularValues         √λ<sub>i</sub>
     * @param explainedVariance      λ<sub>i</sub>/(T − 1)
     * @param explainedVarianceRatio λ<sub>i</sub>/trace(G)
     * @param std                    σ of a standardized PCA, else null
     * @param provenance             where it comes from (settings under {@value #SETTINGS_KEY})
     */
    public record StoredPca(float[] center, float[][] components, double[] singularValues, double[] explainedVariance,
                            double[] explainedVarianceRatio, float[] std, Provenance provenance) {
    }

    /** @return the vectors of a PCA result file */
    public static StoredPca read(Path file) throws IOException {
        try (VectorTableReader reader = VectorTableReader.open(file, TABLE, null, true)) {
            if (reader.truncated()) {
                throw new RunFormatException(file, "is incomplete: " + reader.truncationDetail());
            }
            Provenance provenance;
            try {
                provenance = Provenance.fromMetadata(reader.metadata());
            } catch (IllegalArgumentException e) {
                throw new RunFormatException(file, e.getMessage(), e);
            }
            float[] center = null;
            float[] std = null;
            List<float[]> components = new ArrayList<>();
            List<double[]> numbers = new ArrayList<>();
            for (int k = 0; k < reader.rowCount(); k++) {
                var row = reader.read(k);
                ScalarRow cells = row.scalars();
                int role = cells.getInt(ROLE);
                if (role == ROLE_CENTER && k == 0) {
                    center = row.vector();
                } else if (role == ROLE_COMPONENT && cells.getInt(INDEX) == components.size()) {
                    components.add(row.vector());
                    numbers.add(new double[] {cells.getDouble(SINGULAR_VALUE), cells.getDouble(EXPLAINED_VARIANCE),
                            cells.getDouble(EXPLAINED_VARIANCE_RATIO)});
                } else if (role == ROLE_STD && k == reader.rowCount() - 1) {
                    std = row.vector();
                } else {
                    throw new RunFormatException(file, "row " + k + " has role " + role + " and index "
                            + cells.getInt(INDEX) + ": expected the centre, components 0, 1, ..., then optionally"
                            + " the standard deviations");
                }
            }
            if (center == null) {
                throw new RunFormatException(file, "holds no centre row");
            }
            double[][] n = numbers.toArray(new double[0][]);
            double[] s = new double[n.length];
            double[] v = new double[n.length];
            double[] r = new double[n.length];
            for (int i = 0; i < n.length; i++) {
                s[i] = n[i][0];
                v[i] = n[i][1];
                r[i] = n[i][2];
            }
            return new StoredPca(center, components.toArray(new float[0][]), s, v, r, std, provenance);
        }
    }
}
