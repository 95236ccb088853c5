package org.landscape4j.trajectory;

import java.util.Optional;

/**
 * The diffusion operator of PHATE (Moon et al. 2019; Coifman and Lafon, "Diffusion maps", Applied and Computational
 * Harmonic Analysis 21, 2006): the Markov matrix P = D<sup>−1</sup>K of a symmetric kernel K with degrees
 * D = diag(d<sub>i</sub>), d<sub>i</sub> = Σ<sub>j</sub> K(i, j), and its t-th power, whose row i is the distribution
 * of a t-step random walk from snapshot i.
 *
 * <p>P is similar to the symmetric conjugate A = D<sup>−½</sup>KD<sup>−½</sup> = D<sup>½</sup>PD<sup>−½</sup>; with
 * A = VΛVᵀ,
 * <pre>
 *   P<sup>t</sup> = D<sup>−½</sup> V Λ<sup>t</sup> Vᵀ D<sup>½</sup>,
 * </pre>
 * so one symmetric eigen-decomposition gives P's eigenvalues (A's, real, in [−1, 1], the largest 1) and every power
 * ({@link #power(SymmetricEigen.Pairs, int)}: one matrix product). Without the spectrum,
 * {@link #power(int, TrajectoryProgress)} multiplies by repeated squaring, ⌊log₂t⌋ + popcount(t) − 1 products;
 * as P ≥ 0 entrywise no sum cancels, so its entries, tiny ones included, hold a relative accuracy of about
 * t·T·2<sup>−53</sup>, while the eigen path's errors are absolute, about T·2<sup>−53</sup>·max√(d<sub>i</sub>/d<sub>j</sub>).
 * Products are {@code dgemm} calls ({@link DenseProducts}); O(T³) time, O(T²) memory.
 */
final class DiffusionOperator {

    private final double[][] kernel;
    private final double[] degrees;

    /** @param kernel K, T×T, symmetric, non-negative, positive row sums (kept, not copied) */
    DiffusionOperator(double[][] kernel) {
        this.kernel = kernel;
        this.degrees = AlphaDecayKernel.degrees(kernel);
        for (int i = 0; i < degrees.length; i++) {
            if (!(degrees[i] > 0)) {
                throw new IllegalArgumentException("the kernel's row " + i + " sums to " + degrees[i]
                        + ": every snapshot needs a positive degree");
            }
        }
    }

    /** @return T */
    int size() {
        return degrees.length;
    }

    /** @return the degrees d<sub>i</sub> (a copy) */
    double[] degrees() {
        return degrees.clone();
    }

    /** @return P = D<sup>−1</sup>K, a new matrix */
    double[][] markov() {
        return AlphaDecayKernel.markov(kernel);
    }

    /** @return A = D<sup>−½</sup>KD<sup>−½</sup>, exactly symmetric, a new matrix */
    double[][] symmetricConjugate() {
        int t = size();
        double[] root = new double[t];
        for (int i = 0; i < t; i++) {
            root[i] = Math.sqrt(degrees[i]);
        }
        double[][] a = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j <= i; j++) {
                double value = kernel[i][j] / (root[i] * root[j]);
                a[i][j] = value;
                a[j][i] = value;
            }
        }
        return a;
    }

    /**
     * @return every eigenpair of A, descending ({@link SymmetricEigen#complete}), or empty if the decomposition did
     *         not converge
     */
    Optional<SymmetricEigen.Pairs> spectrum() {
        return SymmetricEigen.complete(symmetricConjugate());
    }

    /**
     * P<sup>t</sup> = D<sup>−½</sup> V Λ<sup>t</sup> Vᵀ D<sup>½</sup> from the spectrum of A.
     *
     * @param spectrum {@link #spectrum()}
     * @param t        the power, t ≥ 0
     * @return P<sup>t</sup>, a new matrix
     */
    double[][] power(SymmetricEigen.Pairs spectrum, int t) {
        checkPower(t);
        int n = size();
        double[] root = new double[n];
        for (int i = 0; i < n; i++) {
            root[i] = Math.sqrt(degrees[i]);
        }
        double[][] left = new double[n][n];
        double[][] right = new double[n][n];
        for (int m = 0; m < n; m++) {
            double[] v = spectrum.vectors()[m];
            double lambda = Math.pow(spectrum.values()[m], t);
            for (int i = 0; i < n; i++) {
                left[i][m] = v[i] * lambda / root[i];
                right[m][i] = v[i] * root[i];
            }
        }
        return DenseProducts.multiply(left, right);
    }

    /**
     * P<sup>t</sup> by repeated squaring.
     *
     * @param t        the power, t ≥ 0
     * @param progress told after every product (stage {@code "diffusion"})
     * @return P<sup>t</sup>, a new matrix
     */
    double[][] power(int t, TrajectoryProgress progress) {
        checkPower(t);
        int products = t == 0 ? 0 : 31 - Integer.numberOfLeadingZeros(t) + Integer.bitCount(t) - 1;
        int done = 0;
        double[][] result = null;
        double[][] base = markov();
        for (int rest = t; rest > 0; rest >>= 1) {
            if ((rest & 1) != 0) {
                if (result == null) {
                    result = base;
                } else {
                    Cancellation.check("PHATE");
                    result = DenseProducts.multiply(result, base);
                    progress.update("diffusion", ++done, products);
                }
            }
            if (rest > 1) {
                Cancellation.check("PHATE");
                base = DenseProducts.multiply(base, base);
                progress.update("diffusion", ++done, products);
            }
        }
        if (result == null) {
            result = new double[size()][size()];
            for (int i = 0; i < size(); i++) {
                result[i][i] = 1;
            }
        }
        return result;
    }

    private static void checkPower(int t) {
        if (t < 0) {
            throw new IllegalArgumentException("the diffusion time must be at least 0, got " + t);
        }
    }
}
