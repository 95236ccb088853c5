package org.landscape4j.listener;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.landscape4j.run.LayerNormRow;
import org.landscape4j.run.RowStreamWriter;
import org.landscape4j.run.RunFiles;

/**
 * Per-array norms into {@link RunFiles#LAYERS}, on the metrics schedule: for every trainable parameter array s,
 * ‖θ<sub>s</sub>‖ after the update, ‖g<sub>s</sub>‖ of the raw mean minibatch gradient (in
 * {@code onGradientCalculation}, divided by the batch size as the metrics' {@code grad_norm}) and ‖u<sub>s</sub>‖ of
 * the update (the gradient view in {@code iterationDone}). Non-trainable state (batch-norm running statistics) is
 * left out, as in the metrics.
 *
 * <p><b>Cost</b> on the training thread: the norms of the three live flat vectors, read in place by
 * {@link ArrayNorms} and shared with the metrics (which sum them in squares for ‖g‖ and ‖u‖), about 4 µs per
 * vector on the default example's 6 arrays; rows are collected and handed to the writer a batch at a time, like the
 * metrics.
 */
final class LayerNormRecorder extends StreamRecorder<RowStreamWriter> {

    private final Schedule schedule;
    private final int batchRows;
    private int[] arrays;
    private double[] gradients;
    private long gradientUpdate = -1;
    private PendingRows<LayerNormRow> rows;

    LayerNormRecorder(Schedule schedule, int batchRows) {
        this.schedule = schedule;
        this.batchRows = batchRows;
    }

    @Override
    public String name() {
        return "layers";
    }

    @Override
    public Schedule schedule() {
        return schedule;
    }

    @Override
    public void onStart(TrainingEvent event) {
        arrays = new int[event.norms().count()];
        rows = new PendingRows<>(Math.max(1, batchRows * arrays.length));
        for (int k = 0; k < arrays.length; k++) {
            arrays[k] = event.norms().arrayIndex(k);
        }
    }

    @Override
    public void onGradient(TrainingEvent event) {
        long update = event.updates() + 1;
        if (!schedule.isDueAfterUpdate(update)) {
            return;
        }
        double batch = Math.max(1, event.network().model().batchSize());
        double[] sums = event.gradientViewNorms();
        gradients = new double[sums.length];
        for (int k = 0; k < gradients.length; k++) {
            gradients[k] = sums[k] / batch;                  // DL4J's raw gradient is the minibatch SUM
        }
        gradientUpdate = update;
    }

    @Override
    public void onUpdate(TrainingEvent event) {
        if (!schedule.isDueAfterUpdate(event.updates())) {
            return;
        }
        double[] params = event.paramNorms();
        double[] updates = event.gradientViewNorms();
        boolean seen = gradientUpdate == event.updates();
        boolean full = false;
        for (int k = 0; k < arrays.length; k++) {
            full = rows.add(new LayerNormRow(event.updates() - 1, event.epoch(), arrays[k], params[k],
                    seen ? gradients[k] : Double.NaN, updates[k]));
        }
        if (full) {
            hand(event);
        }
    }

    @Override
    public void onEpochEnd(TrainingEvent event) {
        if (rows != null && rows.dueAtEpochEnd()) {
            hand(event);
        }
    }

    @Override
    public void onClose(TrainingEvent event) {
        hand(event);
    }

    private void hand(TrainingEvent event) {
        if (rows == null) {
            return;
        }
        List<LayerNormRow> batch = rows.take();
        if (batch.isEmpty()) {
            return;
        }
        event.submit(this, () -> {
            for (LayerNormRow row : batch) {
                stream.append(row.toCells());
            }
            stream.flush();
        }, null);
    }

    @Override
    protected RowStreamWriter createStream(RunContext run) throws IOException {
        String runId = run.manifest().runId();
        return new RowStreamWriter(run.file(RunFiles.LAYERS), LayerNormRow.TABLE,
                runId == null ? Map.of() : Map.of(RunFiles.RUN_ID_KEY, runId), Math.max(1, batchRows * 4), null);
    }

    @Override
    public String summary() {
        return rowsWritten() + " layer-norm rows";
    }
}
