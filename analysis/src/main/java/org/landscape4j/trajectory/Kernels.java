package org.landscape4j.trajectory;

/**
 * The small Java loops of the trajectory analyses, in double precision (the P-long products are BLAS calls on
 * column chunks, {@link ChunkMatrix}). Dot products use four partial sums in a fixed order (deterministic, and independent chains
 * the CPU can overlap).
 */
final class Kernels {

    private Kernels() {
    }

    /** @return Σ x<sub>p</sub>·y<sub>p</sub> over doubles, four partial sums */
    static double dot(double[] x, double[] y) {
        int n = x.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int p = 0;
        for (; p + 3 < n; p += 4) {
            s0 += x[p] * y[p];
            s1 += x[p + 1] * y[p + 1];
            s2 += x[p + 2] * y[p + 2];
            s3 += x[p + 3] * y[p + 3];
        }
        for (; p < n; p++) {
            s0 += x[p] * y[p];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** y ← y + α·x */
    static void axpy(double alpha, double[] x, double[] y) {
        for (int p = 0; p < y.length; p++) {
            y[p] += alpha * x[p];
        }
    }

    /**
     * @param a m × n
     * @param g n × n, symmetric
     * @return A·G·Aᵀ (m × m), symmetrized exactly: entry (i, j) is computed once for i ≤ j and mirrored
     */
    static double[][] congruence(double[][] a, double[][] g) {
        int m = a.length;
        int n = g.length;
        double[][] ag = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int l = 0; l < n; l++) {
                double ail = a[i][l];
                if (ail != 0) {
                    axpy(ail, g[l], ag[i]);
                }
            }
        }
        double[][] out = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                double sum = 0;
                for (int l = 0; l < n; l++) {
                    sum += ag[i][l] * a[j][l];
                }
                out[i][j] = sum;
                out[j][i] = sum;
            }
        }
        return out;
    }

    /** @return the first index of the largest |v<sub>p</sub>| */
    static int argMaxAbs(double[] v) {
        int best = 0;
        double max = -1;
        for (int p = 0; p < v.length; p++) {
            double a = Math.abs(v[p]);
            if (a > max) {
                max = a;
                best = p;
            }
        }
        return best;
    }

    /** @return v rounded to float */
    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int p = 0; p < v.length; p++) {
            f[p] = (float) v[p];
        }
        return f;
    }

    /** @return θ as doubles */
    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int p = 0; p < v.length; p++) {
            d[p] = v[p];
        }
        return d;
    }
}
