package org.landscape4j.listener;

import org.landscape4j.dl4j.network.Dl4jNetwork;

import java.io.IOException;
import java.util.List;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.MetricsWriter;
import org.landscape4j.run.RunFiles;

/**
 * Records {@link MetricRow}s into {@link RunFiles#METRICS}: for every scheduled update, the minibatch's size
 * and score, ‖g‖ (the mean-loss gradient, measured in {@code onGradientCalculation}, where DL4J holds the raw
 * batch-sum gradient: divided here by the batch size), ‖u‖ (the update actually applied, which DL4J's gradient
 * view holds in {@code iterationDone}), both over the trainable parameters only, the learning rate and the
 * wall time. Rows are collected on the training thread and handed to the writer a batch at a time (every
 * {@code batchRows} rows, at an epoch end a second or more after the last batch, and on close: {@link PendingRows}).
 */
final class MetricsRecorder extends StreamRecorder<MetricsWriter> {

    private final Schedule schedule;
    private final int batchRows;
    private PendingRows<MetricRow> rows;
    private double pendingGradientNorm = Double.NaN;
    private long pendingGradientUpdate = -1;
    private int pendingBatchSize;

    MetricsRecorder(Schedule schedule, int batchRows) {
        this.schedule = schedule;
        this.batchRows = batchRows;
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public Schedule schedule() {
        return schedule;
    }

    @Override
    public void onStart(TrainingEvent event) {
        rows = new PendingRows<>(batchRows);
    }

    @Override
    public void onGradient(TrainingEvent event) {
        long update = event.updates() + 1;               // the update this gradient is for
        if (schedule.isDueAfterUpdate(update)) {
            Dl4jNetwork network = event.network();
            int batchSize = network.model().batchSize();
            // DL4J's raw gradient is the SUM over the minibatch
            pendingGradientNorm = ArrayNorms.total(event.gradientViewNorms()) / Math.max(1, batchSize);
            pendingGradientUpdate = update;
            pendingBatchSize = batchSize;
        }
    }

    @Override
    public void onUpdate(TrainingEvent event) {
        if (!schedule.isDueAfterUpdate(event.updates())) {
            return;
        }
        Dl4jNetwork network = event.network();
        // The gradient view now holds the update actually applied: θ_before − θ_after.
        double updateNorm = ArrayNorms.total(event.gradientViewNorms());
        boolean measured = pendingGradientUpdate == event.updates();
        boolean full = rows.add(new MetricRow(event.updates() - 1, event.epoch(),
                measured ? pendingBatchSize : network.model().batchSize(), event.score(),
                measured ? pendingGradientNorm : Double.NaN, updateNorm, network.learningRate(),
                event.elapsedSeconds()));
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

    /** Hands the collected rows to the writer as one record batch. */
    private void hand(TrainingEvent event) {
        if (rows == null) {
            return;
        }
        List<MetricRow> batch = rows.take();
        if (batch.isEmpty()) {
            return;
        }
        event.submit(this, () -> {
            for (MetricRow row : batch) {
                stream.append(row);
            }
            stream.flush();
        }, null);
    }

    @Override
    protected MetricsWriter createStream(RunContext run) throws IOException {
        return new MetricsWriter(run.file(RunFiles.METRICS), run.manifest().runId(), batchRows, null);
    }

    @Override
    public String summary() {
        return rowsWritten() + " metric rows";
    }
}
