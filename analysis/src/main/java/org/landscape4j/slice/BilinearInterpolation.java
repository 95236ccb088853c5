package org.landscape4j.slice;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The bilinear interpolation between four models at the corners of [0, 1]² (Im et al. 2017):
 * θ(α, β) = (1−α)(1−β)θ₀₀ + α(1−β)θ₁₀ + (1−α)βθ₀₁ + αβθ₁₁, computed as that weighted sum (one copy, one scal,
 * three axpy), so that each corner gives its model exactly. Outside [0, 1]² it extrapolates.
 */
public final class BilinearInterpolation extends Slice {

    BilinearInterpolation(SliceVectors vectors) {
        super(vectors);
    }

    @Override
    void write(double alpha, double beta, INDArray out) {
        double a = 1 - alpha;
        double b = 1 - beta;
        vectors.weighted(out, a * b, alpha * b, a * beta, alpha * beta);
    }

    @Override
    public void weights(double alpha, double beta, double[] out) {
        double a = 1 - alpha;
        double b = 1 - beta;
        out[0] = a * b;
        out[1] = alpha * b;
        out[2] = a * beta;
        out[3] = alpha * beta;
    }

    @Override
    public BilinearInterpolation castTo(DataType type) {
        SliceVectors cast = vectors.castTo(type);
        return cast == vectors ? this : new BilinearInterpolation(cast);
    }

    /** @return nx × ny points over [0, 1]², the four models at its corners (an axis of 1 point holds 0 alone) */
    @Override
    public GridSpec defaultGrid(int nx, int ny) {
        return defaultGrid(nx, ny, 0, 1);
    }
}
