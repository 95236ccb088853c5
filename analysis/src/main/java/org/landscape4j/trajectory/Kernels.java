package org.landscape4j.trajectory;

/**
 * The inner loops over P of the trajectory analyses, in double precision on float snapshots. Dot products use four
 * partial sums in a fixed order (deterministic, and independent chains the CPU can overlap), so results do not
 * depend on the machine or the run.
 */
final class Kernels {

    private Kernels() {
    }

    /** @return Σ<sub>from ≤ p &lt; to</sub> (a<sub>p</sub> − s<sub>p</sub>)·y<sub>p</sub>, s null meaning 0 */
    static double shiftedDot(float[] a, double[] s, double[] y, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int p = from;
        if (s == null) {
            for (; p + 3 < to; p += 4) {
                s0 += a[p] * y[p];
                s1 += a[p + 1] * y[p + 1];
                s2 += a[p + 2] * y[p + 2];
                s3 += a[p + 3] * y[p + 3];
            }
            for (; p < to; p++) {
                s0 += a[p] * y[p];
            }
        } else {
            for (; p + 3 < to; p += 4) {
                s0 += (a[p] - s[p]) * y[p];
                s1 += (a[p + 1] - s[p + 1]) * y[p + 1];
                s2 += (a[p + 2] - s[p + 2]) * y[p + 2];
                s3 += (a[p + 3] - s[p + 3]) * y[p + 3];
            }
            for (; p < to; p++) {
                s0 += (a[p] - s[p]) * y[p];
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** @return Σ<sub>p &lt; n</sub> x<sub>p</sub>·y<sub>p</sub> over doubles, four partial sums */
    static double dot(double[] x, double[] y, int n) {
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

    /** target ← (x − s)·w, element-wise; s and w may be null (0 and 1) */
    static void difference(float[] x, double[] s, double[] w, double[] target) {
        int n = target.length;
        if (s == null && w == null) {
            for (int p = 0; p < n; p++) {
                target[p] = x[p];
            }
        } else if (w == null) {
            for (int p = 0; p < n; p++) {
                target[p] = x[p] - s[p];
            }
        } else if (s == null) {
            for (int p = 0; p < n; p++) {
                target[p] = x[p] * w[p];
            }
        } else {
            for (int p = 0; p < n; p++) {
                target[p] = (x[p] - s[p]) * w[p];
            }
        }
    }

    /** y ← y + α·x */
    static void axpy(double alpha, double[] x, double[] y) {
        for (int p = 0; p < y.length; p++) {
            y[p] += alpha * x[p];
        }
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
