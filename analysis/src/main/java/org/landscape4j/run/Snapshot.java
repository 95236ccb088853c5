package org.landscape4j.run;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The parameter vector θ at one iteration, one row of {@link RunFiles#SNAPSHOTS}.
 *
 * <p>{@code params} is not copied (P may be millions): the reader hands each snapshot a fresh array that the
 * caller owns, and {@link #params()} returns that same array.
 *
 * @param iteration the number of parameter updates applied before θ was taken
 * @param epoch     the number of epochs completed
 * @param score     the training score of the last update's minibatch (NaN before any update)
 * @param params    θ as float32, in the layout's order, length P
 */
public record Snapshot(long iteration, int epoch, double score, float[] params) {

    public static final String ITERATION = "iteration";
    public static final String EPOCH = "epoch";
    public static final String SCORE = "score";
    public static final String PARAMS = "params";

    /** The snapshots table, a vector table; docs/FORMAT.md documents each column. */
    public static final TableSchema TABLE = TableSchema.ofVectors("snapshots", RunFiles.SNAPSHOTS, List.of(
            Column.required(ITERATION, ColumnType.INT64),
            Column.required(EPOCH, ColumnType.INT32),
            Column.required(SCORE, ColumnType.FLOAT64)), PARAMS);

    public Snapshot {
        Objects.requireNonNull(params, "params");
    }

    /** @return the scalar cells of a snapshot row, in the table's order */
    static Object[] cells(long iteration, int epoch, double score) {
        Object[] cells = new Object[TABLE.scalars().size()];
        cells[TABLE.index(ITERATION)] = iteration;
        cells[TABLE.index(EPOCH)] = epoch;
        cells[TABLE.index(SCORE)] = score;
        return cells;
    }

    /** @return the snapshot a row of the snapshots table holds */
    static Snapshot from(VectorRow row) {
        ScalarRow s = row.scalars();
        return new Snapshot(s.getLong(ITERATION), s.getInt(EPOCH), s.getDouble(SCORE), row.vector());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Snapshot that && iteration == that.iteration && epoch == that.epoch
                && Double.compare(score, that.score) == 0 && Arrays.equals(params, that.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(iteration, epoch, score, Arrays.hashCode(params));
    }

    @Override
    public String toString() {
        return "Snapshot[iteration=" + iteration + ", epoch=" + epoch + ", score=" + score + ", P=" + params.length
                + "]";
    }
}
