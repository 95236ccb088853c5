package org.landscape4j.curvature;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Lanczos} run found.
 *
 * @param ritzValues     the eigenvalues θ<sub>1</sub> ≤ … ≤ θ<sub>m</sub> of the final tridiagonal T<sub>m</sub>
 * @param residualBounds |β<sub>m</sub>·s<sub>m,i</sub>| for each Ritz value, in the same order
 * @param largest        the wanted largest pairs, largest first (at most m)
 * @param smallest       the wanted smallest pairs, smallest first (at most m)
 * @param steps          m, the number of Lanczos steps
 * @param products       the operator products the run cost (m, plus one per explicit residual)
 * @param stop           why it stopped
 * @param tolerance      the τ of the stopping criterion
 */
public record LanczosResult(double[] ritzValues, double[] residualBounds, List<RitzPair> largest,
                            List<RitzPair> smallest, int steps, long products, LanczosStop stop, double tolerance) {

    public LanczosResult {
        Objects.requireNonNull(stop, "stop");
        ritzValues = ritzValues.clone();
        residualBounds = residualBounds.clone();
        largest = List.copyOf(largest);
        smallest = List.copyOf(smallest);
        if (ritzValues.length != steps || residualBounds.length != steps || steps < 1) {
            throw new IllegalArgumentException(steps + " steps but " + ritzValues.length + " Ritz values and "
                    + residualBounds.length + " bounds");
        }
    }

    @Override
    public double[] ritzValues() {
        return ritzValues.clone();
    }

    @Override
    public double[] residualBounds() {
        return residualBounds.clone();
    }

    /** @return λmax, the largest Ritz value (a lower bound on the largest eigenvalue) */
    public double lambdaMax() {
        return ritzValues[steps - 1];
    }

    /** @return λmin, the smallest Ritz value (an upper bound on the smallest eigenvalue) */
    public double lambdaMin() {
        return ritzValues[0];
    }

    /** @return the residual bound of λmax */
    public double lambdaMaxResidual() {
        return residualBounds[steps - 1];
    }

    /** @return the residual bound of λmin */
    public double lambdaMinResidual() {
        return residualBounds[0];
    }

    /**
     * @return |λmin/λmax|, the ratio Li et al. (2018, §6) map to show non-convexity (NaN if λmax = 0); near 0 for a
     *         locally convex region, large where negative curvature dominates
     */
    public double ratio() {
        double max = lambdaMax();
        return max == 0 ? Double.NaN : Math.abs(lambdaMin() / max);
    }

    /** @return true if the run stopped by the criterion or at an invariant subspace */
    public boolean converged() {
        return stop == LanczosStop.CONVERGED || stop == LanczosStop.INVARIANT_SUBSPACE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LanczosResult that && steps == that.steps && products == that.products
                && Double.compare(tolerance, that.tolerance) == 0 && stop == that.stop
                && java.util.Arrays.equals(ritzValues, that.ritzValues)
                && java.util.Arrays.equals(residualBounds, that.residualBounds)
                && largest.equals(that.largest) && smallest.equals(that.smallest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(java.util.Arrays.hashCode(ritzValues), java.util.Arrays.hashCode(residualBounds),
                largest, smallest, steps, products, stop, tolerance);
    }

    @Override
    public String toString() {
        return "LanczosResult[λmax=" + lambdaMax() + " (±" + lambdaMaxResidual() + "), λmin=" + lambdaMin() + " (±"
                + lambdaMinResidual() + "), steps=" + steps + ", products=" + products + ", " + stop + "]";
    }
}
