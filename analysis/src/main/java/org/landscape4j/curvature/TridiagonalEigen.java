package org.landscape4j.curvature;

import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

import java.util.Optional;

/**
 * The eigen-decomposition T = S·diag(θ)·Sᵀ of a symmetric tridiagonal matrix T of order m, with diagonal
 * α<sub>1..m</sub> and off-diagonal β<sub>1..m−1</sub>: Lanczos's projected matrix. Computed by Commons Math's
 * {@code EigenDecomposition(double[] main, double[] secondary)} (implicit QL with shifts, EISPACK tql2 lineage),
 * O(m³) with the eigenvectors; eigenvalues are returned in ascending order, each with its unit eigenvector.
 *
 * <p>Error: backward stable, each computed θ<sub>i</sub> is within a few u·‖T‖ of an exact eigenvalue
 * (Golub &amp; Van Loan, "Matrix Computations", 4th ed., §8.3).
 */
public final class TridiagonalEigen {

    private final double[] values;
    private final double[][] vectors;

    private TridiagonalEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * @param alpha the diagonal, length m ≥ 1; only read
     * @param beta  the off-diagonal, length m − 1 (longer arrays: only the first m − 1 entries are used)
     * @return the decomposition, or empty if an entry is not finite or the QL iteration does not converge
     */
    public static Optional<TridiagonalEigen> of(double[] alpha, double[] beta) {
        int m = alpha.length;
        if (m == 0 || beta.length < m - 1) {
            throw new IllegalArgumentException("a tridiagonal matrix of order " + m + " needs " + Math.max(0, m - 1)
                    + " off-diagonal entries, got " + beta.length + (m == 0 ? " (order 0 has no eigenvalues)" : ""));
        }
        double[] main = alpha.clone();
        double[] secondary = java.util.Arrays.copyOf(beta, m - 1);
        for (double x : main) {
            if (!Double.isFinite(x)) {
                return Optional.empty();
            }
        }
        for (double x : secondary) {
            if (!Double.isFinite(x)) {
                return Optional.empty();
            }
        }
        EigenDecomposition decomposition;
        try {
            decomposition = new EigenDecomposition(main, secondary);
        } catch (MathIllegalStateException e) {
            return Optional.empty();
        }
        // Commons Math orders the eigenvalues descending; reverse to ascending
        double[] values = new double[m];
        double[][] vectors = new double[m][];
        for (int i = 0; i < m; i++) {
            values[i] = decomposition.getRealEigenvalue(m - 1 - i);
            RealVector vector = decomposition.getEigenvector(m - 1 - i);
            vectors[i] = vector.toArray();
        }
        return Optional.of(new TridiagonalEigen(values, vectors));
    }

    /** @return m, the order of T */
    public int order() {
        return values.length;
    }

    /** @return the eigenvalues θ<sub>1</sub> ≤ … ≤ θ<sub>m</sub>, a copy */
    public double[] values() {
        return values.clone();
    }

    /** @return θ<sub>i</sub>, 0-based in ascending order */
    public double value(int i) {
        return values[i];
    }

    /** @return component k (0-based) of the unit eigenvector s<sub>i</sub> of θ<sub>i</sub> */
    public double component(int i, int k) {
        return vectors[i][k];
    }

    /** @return s<sub>i</sub>, a copy */
    public double[] vector(int i) {
        return vectors[i].clone();
    }
}
