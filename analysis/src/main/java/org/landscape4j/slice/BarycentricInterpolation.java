package org.landscape4j.slice;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The barycentric interpolation between three models (Im et al. 2017): θ(α, β) = θ₀ + α(θ₁−θ₀) + β(θ₂−θ₀) on the
 * triangle α ≥ 0, β ≥ 0, α + β ≤ 1, computed as (1−α−β)θ₀ + αθ₁ + βθ₂ (one copy, one scal, two axpy), so that the
 * vertices (0, 0), (1, 0), (0, 1) give θ₀, θ₁, θ₂ exactly.
 *
 * <p><b>Domain.</b> Only grid points in the triangle are evaluated; the others are not evaluated and have no row
 * in the result (a reader fills them as "outside", never as a loss). The edges belong to the triangle, with a
 * tolerance of {@value #TOLERANCE} for the rounding of grid coordinates (0.7 + 0.3 is not exactly 1 in binary).
 * {@link ThreeModelPlane} is the same parametrization over the whole grid.
 */
public final class BarycentricInterpolation extends Slice {

    /** How far outside the triangle a grid point may lie by rounding and still be evaluated. */
    public static final double TOLERANCE = 1e-12;

    BarycentricInterpolation(SliceVectors vectors) {
        super(vectors);
    }

    @Override
    void write(double alpha, double beta, INDArray out) {
        vectors.weighted(out, (1 - alpha) - beta, alpha, beta);
    }

    /** @return true for α ≥ 0, β ≥ 0, α + β ≤ 1 (each within {@link #TOLERANCE}) */
    @Override
    public boolean contains(double alpha, double beta) {
        return alpha >= -TOLERANCE && beta >= -TOLERANCE && alpha + beta <= 1 + TOLERANCE;
    }

    @Override
    public String domain() {
        return "triangle";
    }

    @Override
    public void weights(double alpha, double beta, double[] out) {
        out[0] = (1 - alpha) - beta;
        out[1] = alpha;
        out[2] = beta;
    }

    @Override
    public BarycentricInterpolation castTo(DataType type) {
        SliceVectors cast = vectors.castTo(type);
        return cast == vectors ? this : new BarycentricInterpolation(cast);
    }

    /**
     * @return nx × ny points over [0, 1]², of which those with α + β ≤ 1 are evaluated (an axis of 1 point holds 0
     *         alone)
     */
    @Override
    public GridSpec defaultGrid(int nx, int ny) {
        return defaultGrid(nx, ny, 0, 1);
    }
}
