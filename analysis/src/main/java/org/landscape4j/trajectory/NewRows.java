package org.landscape4j.trajectory;

import java.nio.DoubleBuffer;

/**
 * The rows an {@link IncrementalPca} update appends, formed in one Java pass over P, a chunk of
 * {@value #CHUNK} parameters at a time (plain loops the JIT vectorizes, then one bulk copy of the chunk into the
 * basis), together with the new mean (into a second array: nothing is committed before the caller has seen that the
 * sum of squares is finite) and ‖rows‖². The new mean is scikit-learn's, μ' = (n·μ + Σ<sub>t</sub>x<sub>t</sub>)/(n + b).
 */
final class NewRows {

    /** Parameters per chunk: 64 KiB of doubles, in L1/L2. */
    static final int CHUNK = 8192;

    private final int parameters;
    private final double[] row = new double[CHUNK];
    private final double[] sum = new double[CHUNK];

    NewRows(int parameters) {
        this.parameters = parameters;
    }

    /**
     * The first snapshot: μ' = x.
     *
     * @return Σx² (non-finite iff x holds a non-finite value)
     */
    double first(float[] x, double[] meanOut) {
        double s0 = 0;
        double s1 = 0;
        int p = 0;
        for (; p + 1 < parameters; p += 2) {
            double a = x[p];
            double b = x[p + 1];
            meanOut[p] = a;
            meanOut[p + 1] = b;
            s0 += a * a;
            s1 += b * b;
        }
        for (; p < parameters; p++) {
            double a = x[p];
            meanOut[p] = a;
            s0 += a * a;
        }
        return s0 + s1;
    }

    /**
     * One snapshot after n ≥ 1: the row y = f·(μ − x) into the basis at {@code at}, μ' = (n·μ + x)/(n + 1).
     *
     * @return ‖y‖²
     */
    double single(float[] x, double[] mean, double[] meanOut, long n, double factor, DoubleBuffer basis, int at) {
        double[] y = row;
        double count = n;
        double next = n + 1;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int c0 = 0; c0 < parameters; c0 += CHUNK) {
            int len = Math.min(CHUNK, parameters - c0);
            for (int i = 0; i < len; i++) {
                double xi = x[c0 + i];
                double mi = mean[c0 + i];
                y[i] = factor * (mi - xi);
                meanOut[c0 + i] = (count * mi + xi) / next;
            }
            int i = 0;
            for (; i + 3 < len; i += 4) {
                s0 += y[i] * y[i];
                s1 += y[i + 1] * y[i + 1];
                s2 += y[i + 2] * y[i + 2];
                s3 += y[i + 3] * y[i + 3];
            }
            for (; i < len; i++) {
                s0 += y[i] * y[i];
            }
            basis.put(at + c0, y, 0, len);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * A batch of b ≥ 2 snapshots: the b rows X − x̄ into the basis at {@code at}, {@code at + P}, ..., then, when
     * n ≥ 1, the row f·(μ − x̄); μ' = (n·μ + Σx)/(n + b) (x̄ when n = 0).
     *
     * @param mean μ, or null when n = 0
     * @return the sum of the squares of every row
     */
    double batch(float[][] x, double[] mean, double[] meanOut, long n, double factor, DoubleBuffer basis, int at) {
        int b = x.length;
        double squares = 0;
        double count = n;
        double next = n + b;
        for (int c0 = 0; c0 < parameters; c0 += CHUNK) {
            int len = Math.min(CHUNK, parameters - c0);
            for (int i = 0; i < len; i++) {
                sum[i] = 0;
            }
            for (float[] snapshot : x) {
                for (int i = 0; i < len; i++) {
                    sum[i] += snapshot[c0 + i];
                }
            }
            for (int t = 0; t < b; t++) {
                float[] snapshot = x[t];
                for (int i = 0; i < len; i++) {
                    row[i] = snapshot[c0 + i] - sum[i] / b;
                }
                squares += sumOfSquares(row, len);
                basis.put(at + t * parameters + c0, row, 0, len);
            }
            if (mean != null) {
                for (int i = 0; i < len; i++) {
                    row[i] = factor * (mean[c0 + i] - sum[i] / b);
                    meanOut[c0 + i] = (count * mean[c0 + i] + sum[i]) / next;
                }
                squares += sumOfSquares(row, len);
                basis.put(at + b * parameters + c0, row, 0, len);
            } else {
                for (int i = 0; i < len; i++) {
                    meanOut[c0 + i] = sum[i] / b;
                }
            }
        }
        return squares;
    }

    private static double sumOfSquares(double[] v, int len) {
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 1 < len; i += 2) {
            s0 += v[i] * v[i];
            s1 += v[i + 1] * v[i + 1];
        }
        for (; i < len; i++) {
            s0 += v[i] * v[i];
        }
        return s0 + s1;
    }
}
