package org.landscape4j.direction;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access to a FLOAT or DOUBLE vector through its data buffer, for the loops of this package: reads
 * widen to double, writes round once to the vector's type, sums accumulate in double.
 *
 * <p>Why loops and not BLAS on interval views ({@link org.landscape4j.linalg.Blas}): every ND4J interval view
 * costs about 2.7 kB of heap (measured on M2.1) plus a shape buffer, and filter-wise normalization needs two per
 * filter: a network with 10⁵ filters would allocate hundreds of MB. A loop over the buffer allocates nothing,
 * runs at about 15 ms per 10⁶ elements, and sums FLOAT entries in double (more exact than {@code snrm2}).
 *
 * <p>ND4J hands a view its own data buffer starting at the view's offset, so index i lives at
 * {@code data.get(i·stride)} whatever the view (the same convention as {@code org.landscape4j.run.VectorCopy}).
 */
final class Elements {

    private final DataBuffer data;
    private final long stride;
    private final long length;

    private Elements(DataBuffer data, long stride, long length) {
        this.data = data;
        this.stride = stride;
        this.length = length;
    }

    /**
     * @param vector a vector (rank 1, or rank 2 with one dimension 1) of type FLOAT or DOUBLE with a constant
     *               element stride
     * @param name   its name for messages
     * @return access to its elements
     * @throws IllegalArgumentException if it is none of that
     */
    static Elements of(INDArray vector, String name) {
        if (vector == null) {
            throw new IllegalArgumentException(name + " is null: pass a FLOAT or DOUBLE vector");
        }
        if (vector.wasClosed()) {
            throw new IllegalArgumentException(name + " was closed: its memory is released");
        }
        DataType type = vector.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException(name + " is " + type + ": directions and parameters are FLOAT or"
                    + " DOUBLE vectors");
        }
        long[] shape = vector.shape();
        boolean isVector = vector.rank() == 1 || (vector.rank() == 2 && (shape[0] == 1 || shape[1] == 1));
        if (!isVector) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(shape)
                    + ": pass a vector (rank 1, or rank 2 with one dimension 1)");
        }
        long length = vector.length();
        return new Elements(vector.data(), stride(vector, name), length);
    }

    private static long stride(INDArray vector, String name) {
        if (vector.length() <= 1) {
            return 1;
        }
        long[] shape = vector.shape();
        long[] strides = vector.stride();
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] == vector.length()) {
                if (strides[axis] < 1) {
                    break;
                }
                return strides[axis];
            }
        }
        throw new IllegalArgumentException(name + " (shape " + Arrays.toString(shape) + ", stride "
                + Arrays.toString(strides) + ") has no positive element stride");
    }

    long length() {
        return length;
    }

    double get(long i) {
        return data.getDouble(i * stride);
    }

    /** Sets element i to v, rounded to the vector's type. */
    void set(long i, double v) {
        data.put(i * stride, v);
    }

    /** @return Σ x<sub>i</sub>² over [from, to), accumulated in double */
    double sumOfSquares(long from, long to) {
        double sum = 0;
        for (long i = from; i < to; i++) {
            double v = data.getDouble(i * stride);
            sum += v * v;
        }
        return sum;
    }

    /** x<sub>i</sub> ← factor·x<sub>i</sub> on [from, to), the product formed in double and rounded once */
    void scale(long from, long to, double factor) {
        for (long i = from; i < to; i++) {
            long at = i * stride;
            data.put(at, data.getDouble(at) * factor);
        }
    }

    /** x<sub>i</sub> ← 0 on [from, to) (also where x held NaN) */
    void zero(long from, long to) {
        for (long i = from; i < to; i++) {
            data.put(i * stride, 0.0);
        }
    }

    /** @return Σ x<sub>i</sub>y<sub>i</sub> over all elements, accumulated in double */
    double dot(Elements y) {
        double sum = 0;
        for (long i = 0; i < length; i++) {
            sum += get(i) * y.get(i);
        }
        return sum;
    }

    /** x ← x + α·y, each element formed in double and rounded once */
    void addScaled(double alpha, Elements y) {
        for (long i = 0; i < length; i++) {
            set(i, get(i) + alpha * y.get(i));
        }
    }

    /** @return Σ (x<sub>i</sub> + α·y<sub>i</sub>)² over all elements, without writing x */
    double sumOfSquaresPlusScaled(double alpha, Elements y) {
        double sum = 0;
        for (long i = 0; i < length; i++) {
            double v = get(i) + alpha * y.get(i);
            sum += v * v;
        }
        return sum;
    }

    /** @return the first index in [from, to) whose element is NaN or infinite, or -1 */
    long firstNonFinite(long from, long to) {
        for (long i = from; i < to; i++) {
            if (!Double.isFinite(data.getDouble(i * stride))) {
                return i;
            }
        }
        return -1;
    }
}
