package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The norms of one trainable parameter array at one recorded update, one row of {@link RunFiles#LAYERS}: per-layer
 * monitoring of the parameters, the raw gradient and the applied update (a vanishing or exploding layer, a layer
 * that stops learning, a learning rate too large for one layer show here before they show in the totals).
 *
 * @param iteration  the 0-based index of the update (as the metrics' {@code iteration})
 * @param epoch      the epoch the update belongs to
 * @param array      the array's position in the manifest's {@code layout.arrays} (0-based)
 * @param paramNorm  ‖θ<sub>s</sub>‖₂ after the update
 * @param gradNorm   ‖g<sub>s</sub>‖₂ of the mean minibatch data-loss gradient before the updater (DL4J's raw batch
 *                   sum divided by the batch size; no regularization), NaN if it was not seen
 * @param updateNorm ‖θ<sub>s,after</sub> − θ<sub>s,before</sub>‖₂, the step the updater took on the array
 */
public record LayerNormRow(long iteration, int epoch, int array, double paramNorm, double gradNorm,
                           double updateNorm) {

    /** The per-array norms table; docs/FORMAT.md documents each column. */
    public static final TableSchema TABLE = TableSchema.ofRows("layers", RunFiles.LAYERS, List.of(
            Column.required("iteration", ColumnType.INT64),
            Column.required("epoch", ColumnType.INT32),
            Column.required("array", ColumnType.INT32),
            Column.required("param_norm", ColumnType.FLOAT64),
            Column.required("grad_norm", ColumnType.FLOAT64),
            Column.required("update_norm", ColumnType.FLOAT64)));

    /** @return the row's cells in the table's column order (the record's components are in that order) */
    public Object[] toCells() {
        return new Object[]{iteration, epoch, array, paramNorm, gradNorm, updateNorm};
    }

    /** @return the row a scalar row of the table holds */
    public static LayerNormRow from(ScalarRow r) {
        return new LayerNormRow(r.getLong("iteration"), r.getInt("epoch"), r.getInt("array"),
                r.getDouble("param_norm"), r.getDouble("grad_norm"), r.getDouble("update_norm"));
    }

    /**
     * @param file           a layers file
     * @param parent         the allocator to take a child of, or null for a child of the process's root
     * @param closedByWriter true if the run's manifest says its streams were closed
     * @return its rows and whether it was cut short
     */
    public static ReadResult<LayerNormRow> read(Path file, BufferAllocator parent, boolean closedByWriter)
            throws IOException {
        ReadResult<ScalarRow> scalars = RowStreamReader.read(file, TABLE, parent, closedByWriter);
        List<LayerNormRow> rows = new ArrayList<>(scalars.rows().size());
        for (ScalarRow row : scalars.rows()) {
            rows.add(from(row));
        }
        return new ReadResult<>(rows, scalars.truncated(), scalars.truncationDetail(), scalars.metadata());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LayerNormRow that && iteration == that.iteration && epoch == that.epoch
                && array == that.array && Double.compare(paramNorm, that.paramNorm) == 0
                && Double.compare(gradNorm, that.gradNorm) == 0 && Double.compare(updateNorm, that.updateNorm) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(iteration, epoch, array, paramNorm, gradNorm, updateNorm);
    }
}
