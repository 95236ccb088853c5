package org.landscape4j.trajectory;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/** Seeded test trajectories and the dense references (Commons Math SVD of the explicit matrix) they are checked with. */
final class Trajectories {

    private Trajectories() {
    }

    /**
     * A drifting random walk θ<sub>t</sub> = θ<sub>0</sub> + Σ steps, with steps of decaying scale per parameter, so
     * that the spectrum is spread and the largest entries of components are not near ties.
     */
    static float[][] randomWalk(int t, int p, long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[t][p];
        double[] theta = new double[p];
        double[] drift = new double[p];
        for (int i = 0; i < p; i++) {
            theta[i] = random.nextGaussian();
            drift[i] = 0.3 * random.nextGaussian();
        }
        for (int s = 0; s < t; s++) {
            for (int i = 0; i < p; i++) {
                theta[i] += drift[i] / (1 + 0.1 * s) + 0.1 * random.nextGaussian() / (1 + 0.05 * i);
                rows[s][i] = (float) theta[i];
            }
        }
        return rows;
    }

    /** @return the rows as doubles, θ<sub>t</sub> − c, each optionally divided by σ (0 where σ = 0) */
    static double[][] rows(float[][] theta, double[] c, double[] std) {
        double[][] m = new double[theta.length][theta[0].length];
        for (int t = 0; t < theta.length; t++) {
            for (int p = 0; p < theta[0].length; p++) {
                double x = (double) theta[t][p] - c[p];
                m[t][p] = std == null ? x : std[p] == 0 ? 0 : x / std[p];
            }
        }
        return m;
    }

    static double[] mean(float[][] theta) {
        double[] mean = new double[theta[0].length];
        for (float[] row : theta) {
            for (int p = 0; p < row.length; p++) {
                mean[p] += row[p];
            }
        }
        for (int p = 0; p < mean.length; p++) {
            mean[p] /= theta.length;
        }
        return mean;
    }

    /** Sample standard deviation, two-pass, ddof 1. */
    static double[] std(float[][] theta) {
        double[] mean = mean(theta);
        double[] std = new double[mean.length];
        for (float[] row : theta) {
            for (int p = 0; p < row.length; p++) {
                std[p] += (row[p] - mean[p]) * (row[p] - mean[p]);
            }
        }
        for (int p = 0; p < std.length; p++) {
            std[p] = Math.sqrt(std[p] / (theta.length - 1));
        }
        return std;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** Commons Math's SVD of the explicit T×P matrix: M = U S Vᵀ. */
    static SingularValueDecomposition svd(double[][] m) {
        return new SingularValueDecomposition(new Array2DRowRealMatrix(m, true));
    }

    /**
     * @param a r orthonormal rows
     * @param b r orthonormal rows spanning (ideally) the same subspace
     * @return sin of the largest principal angle between the spans: ‖A − (ABᵀ)B‖₂
     */
    /**
     * @return the first {@code count} components of an exact PCA in double, each renormalized to a unit vector (they
     *         are stored in float: renormalized, the rows are orthonormal to ~1e-8)
     */
    static double[][] unitComponents(PcaResult exact, int count) {
        double[][] unit = new double[count][];
        for (int i = 0; i < count; i++) {
            unit[i] = toDouble(exact.components()[i]);
            double norm = norm(unit[i]);
            for (int j = 0; j < unit[i].length; j++) {
                unit[i][j] /= norm;
            }
        }
        return unit;
    }

    static double sinLargestAngle(double[][] a, double[][] b) {
        RealMatrix ma = new Array2DRowRealMatrix(a, true);
        RealMatrix mb = new Array2DRowRealMatrix(b, true);
        RealMatrix residual = ma.subtract(ma.multiply(mb.transpose()).multiply(mb));
        return new SingularValueDecomposition(residual).getNorm();
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
