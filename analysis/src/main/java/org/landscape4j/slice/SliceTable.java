package org.landscape4j.slice;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.landscape4j.run.Column;
import org.landscape4j.run.ColumnType;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.ReadResult;
import org.landscape4j.run.RowStreamReader;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.run.TableSchema;

/**
 * The result table of a slice ({@code results/NAME.arrows}, table kind {@value #KIND}): one row per evaluated grid
 * point.
 *
 * <table>
 *   <caption>Columns</caption>
 *   <tr><th>column</th><th>type</th><th>meaning</th></tr>
 *   <tr><td>{@value #I}</td><td>int32</td><td>the index along α, 0 ≤ i &lt; nx</td></tr>
 *   <tr><td>{@value #J}</td><td>int32</td><td>the index along β, 0 ≤ j &lt; ny; 0 for a 1-D slice</td></tr>
 *   <tr><td>{@value #ALPHA}</td><td>float64</td><td>α<sub>i</sub> as the grid computes it (see
 *       {@link GridSpec}), the coordinate the point was evaluated at</td></tr>
 *   <tr><td>{@value #BETA}</td><td>float64</td><td>β<sub>j</sub>; 0 for a 1-D slice</td></tr>
 *   <tr><td>{@value #LOSS}</td><td>float64</td><td>L(θ(α, β)): the mean data loss over the objective's examples in
 *       inference mode, without regularization; NaN or ±∞ exactly as computed where the model diverges (a value,
 *       never a missing row); never null</td></tr>
 *   <tr><td>{@value #REGULARIZATION}</td><td>float64</td><td>R(θ(α, β)): the penalty the framework adds to its
 *       training score (0 without regularization), so that L + R is the training objective; NaN or ±∞ as
 *       computed; never null</td></tr>
 *   <tr><td>{@value #ACCURACY}</td><td>float64, nullable</td><td>for a classifier, the fraction of examples whose
 *       arg-max output equals the arg-max label, in [0, 1]; null for a model that is not a classifier</td></tr>
 *   <tr><td>{@value #EXAMPLES}</td><td>int64</td><td>N, the number of examples the point averaged over</td></tr>
 * </table>
 *
 * <p><b>Rows.</b> A committed result holds every point of the slice's domain exactly once, in the order the
 * points completed (workers finish out of order; a resumed result holds the earlier run's rows first): address
 * points by (i, j), not by row number. The barycentric interpolation's domain is its triangle: grid points
 * outside it have no row. Provenance settings ({@link #settings}): {@code slice} (the kind), {@code parameters}
 * (P), {@code domain} ("grid" or "triangle"), {@code vectors} (per vector name: {@code sha256} of its values
 * read as big-endian float64, and {@code norm}), {@code grid} (nx, ny, x_min, x_max, y_min, y_max), and
 * whatever the caller adds (normalization, where the directions were saved, ...).
 */
public final class SliceTable {

    /** The table kind, schema metadata {@code landscape4j.table}. */
    public static final String KIND = "slice";
    public static final String I = "i";
    public static final String J = "j";
    public static final String ALPHA = "alpha";
    public static final String BETA = "beta";
    public static final String LOSS = "loss";
    public static final String REGULARIZATION = "regularization";
    public static final String ACCURACY = "accuracy";
    public static final String EXAMPLES = "examples";

    /** The table. */
    public static final TableSchema TABLE = TableSchema.ofRows(KIND, "results/NAME.arrows", List.of(
            Column.required(I, ColumnType.INT32),
            Column.required(J, ColumnType.INT32),
            Column.required(ALPHA, ColumnType.FLOAT64),
            Column.required(BETA, ColumnType.FLOAT64),
            Column.required(LOSS, ColumnType.FLOAT64),
            Column.required(REGULARIZATION, ColumnType.FLOAT64),
            Column.optional(ACCURACY, ColumnType.FLOAT64),
            Column.required(EXAMPLES, ColumnType.INT64)));

    /**
     * Rows per record batch to start a slice result with ({@code Results.startRows(..., ROWS_PER_BATCH)}): the
     * evaluator also flushes on a timer, so a kill loses at most about a second of points whatever this is.
     */
    public static final int ROWS_PER_BATCH = 1024;

    private static final List<String> RESERVED = List.of("slice", "parameters", "domain", "vectors", "grid");

    private SliceTable() {
    }

    /** @return the row of a point, in the table's column order */
    public static Object[] cells(SlicePoint point) {
        Object[] cells = new Object[TABLE.scalars().size()];
        cells[TABLE.index(I)] = point.i();
        cells[TABLE.index(J)] = point.j();
        cells[TABLE.index(ALPHA)] = point.alpha();
        cells[TABLE.index(BETA)] = point.beta();
        cells[TABLE.index(LOSS)] = point.loss();
        cells[TABLE.index(REGULARIZATION)] = point.regularization();
        cells[TABLE.index(ACCURACY)] = point.hasAccuracy() ? point.accuracy() : null;
        cells[TABLE.index(EXAMPLES)] = point.examples();
        return cells;
    }

    /** @return the point a row holds (a null accuracy becomes NaN) */
    public static SlicePoint point(ScalarRow row) {
        return new SlicePoint(row.getInt(I), row.getInt(J), row.getDouble(ALPHA), row.getDouble(BETA),
                row.getDouble(LOSS), row.getDouble(REGULARIZATION), row.getDouble(ACCURACY), row.getLong(EXAMPLES));
    }

    /**
     * Reads a committed slice result.
     *
     * @return its points in file order
     * @throws org.landscape4j.run.RunFormatException if the file is not a complete slice table
     */
    public static List<SlicePoint> read(Path file) throws IOException {
        ReadResult<ScalarRow> read = RowStreamReader.read(file, TABLE, null, true);
        List<SlicePoint> points = new ArrayList<>(read.rows().size());
        for (ScalarRow row : read.rows()) {
            points.add(point(row));
        }
        return points;
    }

    /**
     * @param extra further settings of the caller (normalization, where the directions were saved, ...); may not
     *              use the keys the slice and grid fill
     * @return the slice's settings ({@link Slice#settings()}), {@code grid} ({@link GridSpec#settings()}), then
     *         {@code extra}
     */
    public static Map<String, Object> settings(Slice slice, GridSpec grid, Map<String, ?> extra) {
        Map<String, Object> settings = new LinkedHashMap<>(slice.settings());
        settings.put("grid", grid.settings());
        if (extra != null) {
            for (Map.Entry<String, ?> entry : extra.entrySet()) {
                if (RESERVED.contains(entry.getKey())) {
                    throw new IllegalArgumentException("setting \"" + entry.getKey() + "\" is filled by the slice"
                            + " itself (reserved: " + String.join(", ", RESERVED) + "); give it another name");
                }
                settings.put(entry.getKey(), entry.getValue());
            }
        }
        return settings;
    }

    /**
     * @param objective        the objective's description ({@code ObjectiveFactory.provenance()})
     * @param runId            the run the inputs come from, or null
     * @param sourceIterations the iterations of the snapshots used (empty if none)
     * @param seeds            named seeds (of random directions, of a data subsample, ...)
     * @param extra            further settings, see {@link #settings}
     * @return the provenance of the slice's result: a partial result resumes only under an equal one
     */
    public static Provenance provenance(Slice slice, GridSpec grid, Map<String, String> objective, String runId,
                                        List<Long> sourceIterations, Map<String, Long> seeds, Map<String, ?> extra) {
        return Provenance.of(runId, sourceIterations, objective, settings(slice, grid, extra), seeds);
    }
}
