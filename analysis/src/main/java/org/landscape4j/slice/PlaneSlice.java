package org.landscape4j.slice;

import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The plane θ(α, β) = c + α·d₁ + β·d₂ (Li et al. 2018): one copy and two axpy per point ({@link Slice#plane}). */
public final class PlaneSlice extends Slice {

    PlaneSlice(SliceVectors vectors) {
        super(vectors);
    }

    /** @return c, the point at (0, 0) */
    public INDArray center() {
        return vectors.get(0);
    }

    /** @return d₁, the direction of α */
    public INDArray direction1() {
        return vectors.get(1);
    }

    /** @return d₂, the direction of β */
    public INDArray direction2() {
        return vectors.get(2);
    }

    @Override
    void write(double alpha, double beta, INDArray out) {
        Blas.combine(vectors.get(0), alpha, vectors.get(1), beta, vectors.get(2), out);
    }

    @Override
    public void weights(double alpha, double beta, double[] out) {
        out[0] = 1;
        out[1] = alpha;
        out[2] = beta;
    }

    @Override
    public PlaneSlice castTo(DataType type) {
        SliceVectors cast = vectors.castTo(type);
        return cast == vectors ? this : new PlaneSlice(cast);
    }

    /** @return nx × ny points over [−1, 1]² (an axis of 1 point holds 0 alone) */
    @Override
    public GridSpec defaultGrid(int nx, int ny) {
        return defaultGrid(nx, ny, GridSpec.DEFAULT_MIN, GridSpec.DEFAULT_MAX);
    }
}
