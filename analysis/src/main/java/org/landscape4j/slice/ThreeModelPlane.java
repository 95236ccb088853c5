package org.landscape4j.slice;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The plane through three models: θ(α, β) = θ₀ + α(θ₁−θ₀) + β(θ₂−θ₀) over the whole grid, the parametrization of
 * {@link BarycentricInterpolation} without its triangle (θ₀ at (0, 0), θ₁ at (1, 0), θ₂ at (0, 1), exactly). The
 * two spanning directions are in general neither orthogonal nor of equal length: distances in (α, β) are not
 * distances in θ.
 */
public final class ThreeModelPlane extends Slice {

    ThreeModelPlane(SliceVectors vectors) {
        super(vectors);
    }

    @Override
    void write(double alpha, double beta, INDArray out) {
        vectors.weighted(out, (1 - alpha) - beta, alpha, beta);
    }

    @Override
    public void weights(double alpha, double beta, double[] out) {
        out[0] = (1 - alpha) - beta;
        out[1] = alpha;
        out[2] = beta;
    }

    @Override
    public ThreeModelPlane castTo(DataType type) {
        SliceVectors cast = vectors.castTo(type);
        return cast == vectors ? this : new ThreeModelPlane(cast);
    }

    /**
     * @return nx × ny points over [0, 1]², the three models at three of its corners (an axis of 1 point holds 0
     *         alone)
     */
    @Override
    public GridSpec defaultGrid(int nx, int ny) {
        return defaultGrid(nx, ny, 0, 1);
    }
}
