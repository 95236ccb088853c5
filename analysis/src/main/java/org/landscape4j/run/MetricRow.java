package org.landscape4j.run;

import java.util.List;

/**
 * The metrics of one training iteration, one row of {@link RunFiles#METRICS}. NaN is a legal value of every
 * float64 field (e.g. a diverged score) and round-trips as NaN.
 *
 * @param iteration       the 0-based index of the parameter update (DL4J's iteration counter)
 * @param epoch           the epoch counter (0-based)
 * @param batchSize       the number of examples in the minibatch
 * @param score           the training score the framework reports (mean loss plus regularization)
 * @param gradientNorm    ‖∇L‖₂ over the trainable parameters, of the mean-loss gradient before the updater
 * @param updateNorm      ‖θ<sub>after</sub> − θ<sub>before</sub>‖₂ over the trainable parameters
 * @param learningRate    the learning rate in effect
 * @param wallTimeSeconds seconds since the listener started
 */
public record MetricRow(long iteration, int epoch, int batchSize, double score, double gradientNorm,
                        double updateNorm, double learningRate, double wallTimeSeconds) {

    public static final String ITERATION = "iteration";
    public static final String EPOCH = "epoch";
    public static final String BATCH_SIZE = "batch_size";
    public static final String SCORE = "score";
    public static final String GRAD_NORM = "grad_norm";
    public static final String UPDATE_NORM = "update_norm";
    public static final String LEARNING_RATE = "learning_rate";
    public static final String WALL_TIME_S = "wall_time_s";

    /** The metrics table; docs/FORMAT.md documents each column. */
    public static final TableSchema TABLE = TableSchema.ofRows("metrics", RunFiles.METRICS, List.of(
            Column.required(ITERATION, ColumnType.INT64),
            Column.required(EPOCH, ColumnType.INT32),
            Column.required(BATCH_SIZE, ColumnType.INT32),
            Column.required(SCORE, ColumnType.FLOAT64),
            Column.required(GRAD_NORM, ColumnType.FLOAT64),
            Column.required(UPDATE_NORM, ColumnType.FLOAT64),
            Column.required(LEARNING_RATE, ColumnType.FLOAT64),
            Column.required(WALL_TIME_S, ColumnType.FLOAT64)));

    private static final int[] POSITIONS = {TABLE.index(ITERATION), TABLE.index(EPOCH), TABLE.index(BATCH_SIZE),
        TABLE.index(SCORE), TABLE.index(GRAD_NORM), TABLE.index(UPDATE_NORM), TABLE.index(LEARNING_RATE),
        TABLE.index(WALL_TIME_S)};

    /** @return the row's cells in the table's column order */
    public Object[] toCells() {
        Object[] cells = new Object[TABLE.scalars().size()];
        Object[] values = {iteration, epoch, batchSize, score, gradientNorm, updateNorm, learningRate, wallTimeSeconds};
        for (int i = 0; i < values.length; i++) {
            cells[POSITIONS[i]] = values[i];
        }
        return cells;
    }

    /** @return the metric row a scalar row of the metrics table holds */
    public static MetricRow from(ScalarRow row) {
        return new MetricRow(row.getLong(ITERATION), row.getInt(EPOCH), row.getInt(BATCH_SIZE), row.getDouble(SCORE),
                row.getDouble(GRAD_NORM), row.getDouble(UPDATE_NORM), row.getDouble(LEARNING_RATE),
                row.getDouble(WALL_TIME_S));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MetricRow that && iteration == that.iteration && epoch == that.epoch
                && batchSize == that.batchSize && Double.compare(score, that.score) == 0
                && Double.compare(gradientNorm, that.gradientNorm) == 0
                && Double.compare(updateNorm, that.updateNorm) == 0
                && Double.compare(learningRate, that.learningRate) == 0
                && Double.compare(wallTimeSeconds, that.wallTimeSeconds) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(iteration, epoch, batchSize, score, gradientNorm, updateNorm, learningRate,
                wallTimeSeconds);
    }
}
