package org.landscape4j.curvature;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Random;

/** Dense test matrices with known spectra, and the Commons Math references the curvature tests compare with. */
final class Matrices {

    private Matrices() {
    }

    /** @return a symmetric n×n matrix with N(0, 1) entries (a Wigner matrix: indefinite) */
    static double[][] randomSymmetric(int n, long seed) {
        Random random = new Random(seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = random.nextGaussian();
            }
        }
        return a;
    }

    /** @return a Haar-like random orthogonal matrix: Q of the QR decomposition of a Gaussian matrix */
    static double[][] orthogonal(int n, long seed) {
        Random random = new Random(seed);
        double[][] g = new double[n][n];
        for (double[] row : g) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return new QRDecomposition(new Array2DRowRealMatrix(g, false)).getQ().getData();
    }

    /** @return A = Q·diag(λ)·Qᵀ for a random orthogonal Q: a symmetric matrix with exactly the spectrum λ */
    static double[][] withSpectrum(double[] lambda, long seed) {
        int n = lambda.length;
        double[][] q = orthogonal(n, seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += q[i][k] * lambda[k] * q[j][k];
                }
                a[i][j] = a[j][i] = sum;
            }
        }
        return a;
    }

    /** @return the eigenvalues of symmetric A in ascending order (Commons Math) */
    static double[] eigenvalues(double[][] a) {
        double[] values = new EigenDecomposition(new Array2DRowRealMatrix(a)).getRealEigenvalues();
        Arrays.sort(values);
        return values;
    }

    /** @return the unit eigenvectors of symmetric A, row i for the i-th eigenvalue in ascending order */
    static double[][] eigenvectors(double[][] a) {
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(a));
        int n = a.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] values = e.getRealEigenvalues();
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double[][] vectors = new double[n][];
        for (int i = 0; i < n; i++) {
            vectors[i] = e.getEigenvector(order[i]).toArray();
        }
        return vectors;
    }

    /** @return the principal sub-block A[idx, idx] */
    static double[][] subBlock(double[][] a, int[] idx) {
        double[][] s = new double[idx.length][idx.length];
        for (int i = 0; i < idx.length; i++) {
            for (int j = 0; j < idx.length; j++) {
                s[i][j] = a[idx[i]][idx[j]];
            }
        }
        return s;
    }

    static double[] multiply(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double sum = 0;
            for (int j = 0; j < v.length; j++) {
                sum += a[i][j] * v[j];
            }
            out[i] = sum;
        }
        return out;
    }

    static double trace(double[][] a) {
        double t = 0;
        for (int i = 0; i < a.length; i++) {
            t += a[i][i];
        }
        return t;
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    /** @return ‖x − y‖ / ‖y‖ */
    static double relativeError(double[] x, double[] y) {
        double diff = 0;
        for (int i = 0; i < x.length; i++) {
            diff += (x[i] - y[i]) * (x[i] - y[i]);
        }
        return Math.sqrt(diff) / norm(y);
    }

    /** @return the spectral norm of symmetric A (largest |eigenvalue|) */
    static double spectralNorm(double[][] a) {
        double[] values = eigenvalues(a);
        return Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1]));
    }

    static double[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    static INDArray vector(double[] values, DataType type) {
        return Nd4j.createFromArray(values).castTo(type);
    }

    static double[] values(INDArray vector) {
        return vector.castTo(DataType.DOUBLE).reshape(vector.length()).toDoubleVector();
    }

    /**
     * @return the cosines of the principal angles between the column spaces of the orthonormal bases U and V (each
     *         given as rows): the singular values of U·Vᵀ, descending
     */
    static double[] principalCosines(double[][] u, double[][] v) {
        double[][] m = new double[u.length][v.length];
        for (int i = 0; i < u.length; i++) {
            for (int j = 0; j < v.length; j++) {
                m[i][j] = dot(u[i], v[j]);
            }
        }
        RealMatrix matrix = new Array2DRowRealMatrix(m, false);
        return new org.apache.commons.math3.linear.SingularValueDecomposition(matrix).getSingularValues();
    }
}
