package org.landscape4j.listener;

import java.util.ArrayList;
import java.util.List;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Euclidean norms ‖v<sub>s</sub>‖₂ of each trainable parameter array s of a flat vector v in θ's order (a
 * live DL4J parameter, gradient or update vector, only read), on the training thread, cheaply. The metrics'
 * ‖g‖ and ‖u‖ are {@link #total} of these (non-trainable state, batch-norm running statistics, is left out of
 * both, since DL4J puts their running-average updates, not derivatives, in its gradient and update vectors).
 *
 * <p><b>How.</b> On ND4J's CPU backend a contiguous FLOAT or DOUBLE vector is read in place by OpenBLAS's
 * {@code snrm2}/{@code dnrm2} (the copy nd4j-native bundles, called through JavaCPP at each array's address: no
 * view objects, which cost ND4J about 30 µs each, more than the norm; ND4J's own BLAS wrapper takes no offset). On
 * the default example's 6 arrays (25k FLOAT parameters) that is about 4 µs per vector against 16 µs for the best
 * plain Java loop (the JIT does not vectorize a floating-point sum). Any other vector (another backend, strided),
 * or when the OpenBLAS classes are missing, goes through a Java loop in double precision, or a BLAS
 * {@code nrm2} of a view if that sum overflows.
 *
 * <p><b>Rounding.</b> OpenBLAS 0.3.19's x86-64 {@code snrm2} sums the squares of the floats in double and rounds
 * the root to float: a FLOAT array's norm is its exact norm to float rounding (relative 6e-8). {@code dnrm2} uses
 * extended precision. A non-finite entry gives NaN or ∞, as the plain sum would.
 */
final class ArrayNorms {

    private static final Logger log = LoggerFactory.getLogger(ArrayNorms.class);

    /** Values copied out of native memory at a time by the Java path, to sum their squares in double. */
    private static final int CHUNK = 4096;

    private static final ThreadLocal<double[]> DOUBLE_SCRATCH = ThreadLocal.withInitial(() -> new double[CHUNK]);
    private static final ThreadLocal<float[]> FLOAT_SCRATCH = ThreadLocal.withInitial(() -> new float[CHUNK]);

    private final long parameterCount;
    private final int[] arrays;
    private final long[][] ranges;

    /** @param layout θ's layout; the norms are of its trainable arrays of positive length, in layout order */
    ArrayNorms(ParameterLayout layout) {
        this.parameterCount = layout.parameterCount();
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < layout.arrays().size(); i++) {
            ParameterArray array = layout.arrays().get(i);
            if (array.role().isTrainable() && array.length() > 0) {
                chosen.add(i);
            }
        }
        this.arrays = chosen.stream().mapToInt(Integer::intValue).toArray();
        this.ranges = new long[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            ParameterArray array = layout.arrays().get(arrays[k]);
            ranges[k] = new long[] {array.offset(), array.end()};
        }
    }

    /** @return the number of arrays measured */
    int count() {
        return arrays.length;
    }

    /** @return the index in the layout of the k-th array measured */
    int arrayIndex(int k) {
        return arrays[k];
    }

    /**
     * @param v a vector of P values in θ's order, or null
     * @return ‖v<sub>s</sub>‖₂ of each measured array (a fresh array; all NaN for a null vector)
     * @throws IllegalArgumentException if v does not hold P values
     */
    double[] of(INDArray v) {
        double[] out = new double[arrays.length];
        if (v == null) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        if (v.length() != parameterCount) {
            throw new IllegalArgumentException("the vector has " + v.length() + " values, the layout "
                    + parameterCount);
        }
        if (!DirectBlas.norms(v, ranges, out)) {
            javaNorms(v, ranges, out);
        }
        return out;
    }

    /** @return √(Σ n<sub>s</sub>²): the norm over every measured array, from their norms */
    static double total(double[] norms) {
        double sum = 0;
        for (double n : norms) {
            sum += n * n;
        }
        return Math.sqrt(sum);
    }

    /**
     * The Java path: a contiguous FLOAT or DOUBLE vector read in place through its NIO buffer, chunk by chunk, the
     * squares summed in double; a sum that overflows (DOUBLE entries beyond 1e154), and any other vector, through
     * BLAS {@code nrm2} (which scales) on a view.
     */
    static void javaNorms(INDArray v, long[][] ranges, double[] out) {
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

    /**
     * OpenBLAS's nrm2 called at an address: kept in its own class so that a JVM without the OpenBLAS classes (a
     * backend other than nd4j-native) fails to load this class only, once, and uses the Java path.
     */
    static final class DirectBlas {

        private static volatile boolean unavailable = !Nd4j.getEnvironment().isCPU();

        private DirectBlas() {
        }

        /** @return true if the norms were computed here; false if the vector or the JVM needs the Java path */
        static boolean norms(INDArray v, long[][] ranges, double[] out) {
            if (unavailable || v.elementWiseStride() != 1 || v.data().length() < v.length()) {
                return false;
            }
            DataType type = v.dataType();
            if (type != DataType.FLOAT && type != DataType.DOUBLE) {
                return false;
            }
            try {
                return Calls.norms(v, type, ranges, out);
            } catch (LinkageError e) {
                unavailable = true;
                log.debug("landscape4j: OpenBLAS's nrm2 cannot be called directly ({}); norms are read from Java",
                        e.toString());
                return false;
            }
        }
    }

    /** The calls that reference JavaCPP and OpenBLAS classes (loaded only when first used). */
    private static final class Calls {

        private Calls() {
        }

        /** The address of the vector's element 0 is its data buffer's address (which includes a view's offset). */
        static boolean norms(INDArray v, DataType type, long[][] ranges, double[] out) {
            org.bytedeco.javacpp.Pointer start = v.data().addressPointer();
            if (start == null || start.isNull()) {
                return false;
            }
            if (type == DataType.FLOAT) {
                org.bytedeco.javacpp.FloatPointer x = new org.bytedeco.javacpp.FloatPointer(start);
                for (int k = 0; k < ranges.length; k++) {
                    x.position(ranges[k][0]);
                    out[k] = org.bytedeco.openblas.global.openblas_nolapack.cblas_snrm2(
                            Math.toIntExact(ranges[k][1] - ranges[k][0]), x, 1);
                }
            } else {
                org.bytedeco.javacpp.DoublePointer x = new org.bytedeco.javacpp.DoublePointer(start);
                for (int k = 0; k < ranges.length; k++) {
                    x.position(ranges[k][0]);
                    out[k] = org.bytedeco.openblas.global.openblas_nolapack.cblas_dnrm2(
                            Math.toIntExact(ranges[k][1] - ranges[k][0]), x, 1);
                }
            }
            return true;
        }
    }
}
