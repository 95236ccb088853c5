package org.landscape4j.slice;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The linear interpolation θ(α) = (1−α)·θ₀ + α·θ₁ between two models (Goodfellow et al. 2015), computed as that
 * weighted sum (one copy, one scal, one axpy), so that α = 0 gives θ₀ and α = 1 gives θ₁ exactly.
 */
public final class LinearInterpolation extends Slice {

    LinearInterpolation(SliceVectors vectors) {
        super(vectors);
    }

    /** @return θ₀, the model at α = 0 */
    public INDArray start() {
        return vectors.get(0);
    }

    /** @return θ₁, the model at α = 1 */
    public INDArray end() {
        return vectors.get(1);
    }

    @Override
    void write(double alpha, double beta, INDArray out) {
        vectors.weighted(out, 1 - alpha, alpha);
    }

    @Override
    public void weights(double alpha, double beta, double[] out) {
        out[0] = 1 - alpha;
        out[1] = alpha;
    }

    @Override
    public LinearInterpolation castTo(DataType type) {
        SliceVectors cast = vectors.castTo(type);
        return cast == vectors ? this : new LinearInterpolation(cast);
    }

    /** @return nx points over [−0.5, 1.5], beyond both models (α = 0 alone for nx = 1); ny must be 1 */
    @Override
    public GridSpec defaultGrid(int nx, int ny) {
        return defaultGrid(nx, ny, GridSpec.INTERPOLATION_MIN, GridSpec.INTERPOLATION_MAX);
    }
}
