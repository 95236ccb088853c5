package org.landscape4j.listener;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.landscape4j.dl4j.network.Dl4jNetwork;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.run.LayerNormRow;
import org.landscape4j.run.RowStreamWriter;
import org.landscape4j.run.RunFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Per-array norms into {@link RunFiles#LAYERS}, on the metrics schedule: for every trainable parameter array s,
 * ‖θ<sub>s</sub>‖ after the update, ‖g<sub>s</sub>‖ of the raw mean minibatch gradient (in
 * {@code onGradientCalculation}, divided by the batch size as the metrics' {@code grad_norm}) and ‖u<sub>s</sub>‖ of
 * the update (the gradient view in {@code iterationDone}). Non-trainable state (batch-norm running statistics) is
 * left out, as in the metrics.
 *
 * <p><b>Cost</b> on the training thread: one pass over each of the three live flat vectors, read in place (no copy,
 * no view objects; see {@link #norms}); rows are collected and handed to the writer a batch at a time, like the
 * metrics. Measured on the default example's 6 arrays (25k FLOAT parameters, {@code LayerNormRecorderTest} prints
 * it): about 50 µs per vector, 0.16 ms per recorded update (about 9 times one BLAS {@code nrm2} of the whole vector,
 * measured beside it on a loaded 2-core machine), under 1 % of the example's 20 ms updates.
 */
final class LayerNormRecorder extends StreamRecorder<RowStreamWriter> {

    private final Schedule schedule;
    private final int batchRows;
    private int[] arrays;
    private long[][] ranges;
    private double[] gradients;
    private long gradientUpdate = -1;
    private List<LayerNormRow> rows = new ArrayList<>();

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
        ParameterLayout layout = event.layout();
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < layout.arrays().size(); i++) {
            ParameterArray array = layout.arrays().get(i);
            if (array.role().isTrainable() && array.length() > 0) {
                chosen.add(i);
            }
        }
        arrays = chosen.stream().mapToInt(Integer::intValue).toArray();
        ranges = new long[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            ParameterArray array = layout.arrays().get(arrays[k]);
            ranges[k] = new long[]{array.offset(), array.end()};
        }
        gradients = new double[arrays.length];
    }

    @Override
    public void onGradient(TrainingEvent event) {
        long update = event.updates() + 1;
        if (!schedule.isDueAfterUpdate(update)) {
            return;
        }
        Dl4jNetwork network = event.network();
        double batch = Math.max(1, network.model().batchSize());
        norms(network.currentGradientView(), ranges, gradients);
        for (int k = 0; k < gradients.length; k++) {
            gradients[k] /= batch;                           // DL4J's raw gradient is the minibatch SUM
        }
        gradientUpdate = update;
    }

    @Override
    public void onUpdate(TrainingEvent event) {
        if (!schedule.isDueAfterUpdate(event.updates())) {
            return;
        }
        Dl4jNetwork network = event.network();
        double[] params = norms(network.params(), ranges, new double[arrays.length]);
        double[] updates = norms(network.currentGradientView(), ranges, new double[arrays.length]);
        boolean seen = gradientUpdate == event.updates();
        for (int k = 0; k < arrays.length; k++) {
            rows.add(new LayerNormRow(event.updates() - 1, event.epoch(), arrays[k], params[k],
                    seen ? gradients[k] : Double.NaN, updates[k]));
        }
        if (rows.size() >= batchRows * arrays.length) {
            hand(event);
        }
    }

    /** Values copied out of native memory at a time, to sum their squares in a loop the JIT vectorizes. */
    private static final int CHUNK = 4096;

    /** The chunks, one pair per thread and reused: the training thread calls this three times per recorded update. */
    private static final ThreadLocal<double[]> DOUBLE_SCRATCH = ThreadLocal.withInitial(() -> new double[CHUNK]);
    private static final ThreadLocal<float[]> FLOAT_SCRATCH = ThreadLocal.withInitial(() -> new float[CHUNK]);

    /**
     * @return out, with ‖v<sub>s</sub>‖₂ of each range [start, end) of the flat vector v (a live view; only read).
     *         A contiguous FLOAT or DOUBLE vector is read in place through its NIO buffer, chunk by chunk, the
     *         squares summed in double (no view objects: ND4J's {@code get(interval)} costs about 30 µs per view,
     *         more than the norm; ND4J's CPU BLAS has no offset-taking dot or nrm2). A DOUBLE sum that overflows
     *         (entries beyond 1e154), and any other vector, goes through BLAS {@code nrm2} (which scales) on a view.
     */
    static double[] norms(INDArray v, long[][] ranges, double[] out) {
        if (v == null) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        INDArray flat = v.rank() == 1 ? v : v.reshape(v.length());
        boolean contiguous = flat.length() <= 1 || flat.elementWiseStride() == 1;
        java.nio.Buffer buffer = null;
        if (contiguous && flat.dataType() == DataType.FLOAT) {
            buffer = flat.data().asNioFloat();
        } else if (contiguous && flat.dataType() == DataType.DOUBLE) {
            buffer = flat.data().asNioDouble();
        }
        long base = flat.offset();
        for (int k = 0; k < ranges.length; k++) {
            double norm = Double.NaN;
            if (buffer != null && base + ranges[k][1] <= buffer.capacity()) {
                norm = Math.sqrt(sumOfSquares(buffer, (int) (base + ranges[k][0]), (int) (base + ranges[k][1])));
            }
            if (!Double.isFinite(norm)) {                   // not readable in place, or overflowed: scaled BLAS
                INDArray view = flat.get(NDArrayIndex.interval(ranges[k][0], ranges[k][1]));
                DataType type = view.dataType();
                norm = (type == DataType.FLOAT || type == DataType.DOUBLE) && view.elementWiseStride() >= 1
                        ? Nd4j.getBlasWrapper().nrm2(view) : view.norm2Number().doubleValue();
            }
            out[k] = norm;
        }
        return out;
    }

    /** Σx² over [from, to) of the buffer, with four independent accumulators (the additions pipeline). */
    private static double sumOfSquares(java.nio.Buffer buffer, int from, int to) {
        double[] chunk = DOUBLE_SCRATCH.get();
        float[] floats = buffer instanceof java.nio.FloatBuffer ? FLOAT_SCRATCH.get() : null;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int start = from; start < to; start += chunk.length) {
            int n = Math.min(chunk.length, to - start);
            if (floats != null) {
                ((java.nio.FloatBuffer) buffer).get(start, floats, 0, n);
                for (int i = 0; i < n; i++) {
                    chunk[i] = floats[i];
                }
            } else {
                ((java.nio.DoubleBuffer) buffer).get(start, chunk, 0, n);
            }
            int i = 0;
            for (; i + 3 < n; i += 4) {
                s0 += chunk[i] * chunk[i];
                s1 += chunk[i + 1] * chunk[i + 1];
                s2 += chunk[i + 2] * chunk[i + 2];
                s3 += chunk[i + 3] * chunk[i + 3];
            }
            for (; i < n; i++) {
                s0 += chunk[i] * chunk[i];
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void onEpochEnd(TrainingEvent event) {
        hand(event);
    }

    @Override
    public void onClose(TrainingEvent event) {
        hand(event);
    }

    private void hand(TrainingEvent event) {
        if (rows.isEmpty()) {
            return;
        }
        List<LayerNormRow> batch = rows;
        rows = new ArrayList<>();
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
