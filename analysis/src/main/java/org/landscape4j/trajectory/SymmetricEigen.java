package org.landscape4j.trajectory;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import org.apache.commons.math3.exception.MathArithmeticException;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Eigen-decompositions of the small symmetric matrices of the trajectory analyses (T×T Gram matrices, the
 * (k+b+1)×(k+b+1) matrix of an incremental-PCA update, the double-centred matrix of MDS).
 *
 * <p>Small matrices (n ≤ {@value #DENSE_LIMIT}) go to Commons Math's {@link EigenDecomposition} (Householder
 * tridiagonalization and implicit QL, O(n³)); for the few largest eigenpairs of a larger one (MDS of thousands
 * of snapshots) {@link #largest} runs Lanczos with full reorthogonalization (Golub and Van Loan, "Matrix
 * Computations", §10.1), the Ritz values from the tridiagonal matrix through the same class. Every eigenpair of a
 * larger one (PHATE's diffusion operator) comes from LAPACK's {@code dsyev} through ND4J ({@link #complete}),
 * several times faster than the pure-Java decomposition at that size.
 */
final class SymmetricEigen {

    private static final Logger LOG = LoggerFactory.getLogger(SymmetricEigen.class);

    /** Above this order, {@link #largest} uses Lanczos. */
    static final int DENSE_LIMIT = 300;

    private SymmetricEigen() {
    }

    /**
     * Eigenpairs, eigenvalues descending.
     *
     * @param values  λ<sub>1</sub> ≥ λ<sub>2</sub> ≥ ...
     * @param vectors vectors[j] is the unit eigenvector of values[j]
     */
    record Pairs(double[] values, double[][] vectors) {
    }

    /**
     * @param a a symmetric matrix (only its lower triangle is read; it is mirrored so the decomposition sees an
     *          exactly symmetric matrix)
     * @return every eigenpair, descending, or empty if the iteration did not converge
     */
    static Optional<Pairs> all(double[][] a) {
        int n = a.length;
        double[][] sym = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                sym[i][j] = a[i][j];
                sym[j][i] = a[i][j];
            }
        }
        EigenDecomposition eig;
        try {
            eig = new EigenDecomposition(new Array2DRowRealMatrix(sym, false));
        } catch (MathIllegalStateException | MathArithmeticException e) {
            LOG.warn("eigen-decomposition of a {}×{} symmetric matrix failed: {}", n, n, e.getMessage());
            return Optional.empty();
        }
        double[] values = eig.getRealEigenvalues();
        RealMatrix v = eig.getV();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values[i]).reversed());
        double[] sorted = new double[n];
        double[][] vectors = new double[n][];
        for (int j = 0; j < n; j++) {
            sorted[j] = values[order[j]];
            vectors[j] = v.getColumn(order[j]);
        }
        return Optional.of(new Pairs(sorted, vectors));
    }

    /**
     * Every eigenpair: {@link #all} (Commons Math) up to order {@value #DENSE_LIMIT}; above, LAPACK's
     * {@code dsyev} (Householder tridiagonalization and implicit QL/QR, O(n³), at BLAS speed) through ND4J's
     * {@link Eigen#symmetricGeneralizedEigenvalues(INDArray, boolean)} on an exactly symmetric copy.
     *
     * @param a a symmetric matrix (only its lower triangle is read)
     * @return every eigenpair, descending, or empty if the iteration did not converge
     */
    static Optional<Pairs> complete(double[][] a) {
        org.landscape4j.linalg.BlasCheck.requireCorrectEigenvalues("the eigen-decomposition of a " + a.length + "×"
                + a.length + " matrix (PHATE)");
        int n = a.length;
        if (n <= DENSE_LIMIT) {
            return all(a);
        }
        double[][] sym = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                sym[i][j] = a[i][j];
                sym[j][i] = a[i][j];
            }
        }
        double[] ascending;
        double[][] columns;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray matrix = Nd4j.createFromArray(sym);
            // eigenvalues ascending; the matrix is overwritten by the eigenvectors, one per column
            ascending = Eigen.symmetricGeneralizedEigenvalues(matrix, true).toDoubleVector();
            columns = matrix.toDoubleMatrix();
        } catch (RuntimeException e) {
            LOG.warn("LAPACK eigen-decomposition of a {}×{} symmetric matrix failed: {}", n, n, e.getMessage());
            return Optional.empty();
        }
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int j = 0; j < n; j++) {
            int source = n - 1 - j;
            values[j] = ascending[source];
            for (int i = 0; i < n; i++) {
                vectors[j][i] = columns[i][source];
            }
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                LOG.warn("LAPACK eigen-decomposition of a {}×{} symmetric matrix gave {}", n, n, v);
                return Optional.empty();
            }
        }
        return Optional.of(new Pairs(values, vectors));
    }

    /**
     * @param a     a symmetric matrix
     * @param count how many of the algebraically largest eigenpairs
     * @return them, descending, or empty if the iteration did not converge
     */
    static Optional<Pairs> largest(double[][] a, int count) {
        int n = a.length;
        if (count > n) {
            throw new IllegalArgumentException("asked for " + count + " eigenpairs of a " + n + "×" + n + " matrix");
        }
        if (n <= DENSE_LIMIT) {
            return all(a).map(p -> new Pairs(Arrays.copyOf(p.values(), count), Arrays.copyOf(p.vectors(), count)));
        }
        return lanczos(a, count);
    }

    /**
     * Lanczos with full reorthogonalization (twice, "twice is enough"), from a fixed start vector; grows the
     * Krylov space until the Ritz residuals |β<sub>m</sub>·s<sub>m,j</sub>| of the wanted pairs are below
     * 1e-10·max|θ|, or the space is invariant, or it spans R<sup>n</sup>.
     */
    static Optional<Pairs> lanczos(double[][] a, int count) {
        int n = a.length;
        double[][] q = new double[n + 1][];
        double[] alpha = new double[n];
        double[] beta = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1 + 0.5 * Math.sin(1.0 + 7.0 * i); // deterministic, not orthogonal to anything in particular
        }
        scale(v, 1 / Math.sqrt(Kernels.dot(v, v)));
        q[0] = v;
        int m = 0;
        int next = Math.min(n, Math.max(2 * count + 20, 40));
        double[] w = new double[n];
        while (true) {
            Cancellation.check("Lanczos");
            multiply(a, q[m], w);
            alpha[m] = Kernels.dot(q[m], w);
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j <= m; j++) {
                    Kernels.axpy(-Kernels.dot(q[j], w), q[j], w);
                }
            }
            double b = Math.sqrt(Kernels.dot(w, w));
            m++;
            double norm = Math.abs(alpha[0]) + Math.abs(b);
            boolean invariant = b <= 1e-13 * Math.max(norm, tridiagonalNorm(alpha, beta, m));
            if (invariant || m == n || m >= next) {
                Optional<Pairs> ritz = ritz(q, alpha, beta, m, count, b, invariant || m == n);
                if (ritz.isPresent() || m == n || invariant) {
                    return ritz;
                }
                next = Math.min(n, m + Math.max(20, m / 2));
            }
            beta[m - 1] = b;
            q[m] = w.clone();
            scale(q[m], 1 / b);
        }
    }

    private static double tridiagonalNorm(double[] alpha, double[] beta, int m) {
        double max = 0;
        for (int i = 0; i < m; i++) {
            max = Math.max(max, Math.abs(alpha[i]) + 2 * Math.abs(beta[i]));
        }
        return max;
    }

    /** @return the Ritz pairs if the wanted ones converged (or {@code final}), else empty to grow the space */
    private static Optional<Pairs> ritz(double[][] q, double[] alpha, double[] beta, int m, int count, double b,
                                        boolean complete) {
        if (m < count) {
            // an invariant subspace smaller than asked for: the remaining eigenvalues are those of the complement;
            // without a restart they are unknown
            LOG.warn("Lanczos found an invariant subspace of dimension {} < {} requested", m, count);
            return Optional.empty();
        }
        EigenDecomposition eig;
        try {
            eig = new EigenDecomposition(Arrays.copyOf(alpha, m), Arrays.copyOf(beta, m - 1));
        } catch (MathIllegalStateException | MathArithmeticException e) {
            LOG.warn("tridiagonal eigen-decomposition of order {} failed: {}", m, e.getMessage());
            return Optional.empty();
        }
        double[] theta = eig.getRealEigenvalues();
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> theta[i]).reversed());
        double scaleOfSpectrum = 0;
        for (double t : theta) {
            scaleOfSpectrum = Math.max(scaleOfSpectrum, Math.abs(t));
        }
        int n = q[0].length;
        double[] values = new double[count];
        double[][] vectors = new double[count][];
        for (int j = 0; j < count; j++) {
            double[] s = eig.getEigenvector(order[j]).toArray();
            if (!complete && Math.abs(b * s[m - 1]) > 1e-10 * scaleOfSpectrum) {
                return Optional.empty();
            }
            values[j] = theta[order[j]];
            double[] x = new double[n];
            for (int i = 0; i < m; i++) {
                Kernels.axpy(s[i], q[i], x);
            }
            vectors[j] = x;
        }
        return Optional.of(new Pairs(values, vectors));
    }

    private static void multiply(double[][] a, double[] x, double[] y) {
        for (int i = 0; i < a.length; i++) {
            y[i] = Kernels.dot(a[i], x);
        }
    }

    private static void scale(double[] v, double factor) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
    }
}
