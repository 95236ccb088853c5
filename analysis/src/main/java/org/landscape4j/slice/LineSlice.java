package org.landscape4j.slice;

import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The line θ(α) = c + α·d: one copy and one axpy per point ({@link Slice#line}). */
public final class LineSlice extends Slice {

    LineSlice(SliceVectors vectors) {
        super(vectors);
    }

    /** @return c, the point at α = 0 */
    public INDArray center() {
        return vectors.get(0);
    }

    /** @return d */
    public INDArray direction() {
        return vectors.get(1);
    }

    @Override
    void write(double alpha, double beta, INDArray out) {
        Blas.combine(vectors.get(0), alpha, vectors.get(1), out);
    }

    @Override
    public void weights(double alpha, double beta, double[] out) {
        out[0] = 1;
        out[1] = alpha;
    }

    @Override
    public LineSlice castTo(DataType type) {
        SliceVectors cast = vectors.castTo(type);
        return cast == vectors ? this : new LineSlice(cast);
    }

    /** @return nx points over [−1, 1] (α = 0 alone for nx = 1); ny must be 1 */
    @Override
    public GridSpec defaultGrid(int nx, int ny) {
        return defaultGrid(nx, ny, GridSpec.DEFAULT_MIN, GridSpec.DEFAULT_MAX);
    }
}
