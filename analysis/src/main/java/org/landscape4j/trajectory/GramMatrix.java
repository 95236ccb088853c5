package org.landscape4j.trajectory;

import java.io.IOException;

/**
 * The T×T Gram matrix of a trajectory's snapshots, accumulated in double precision by streaming them, never
 * holding T×P values:
 * <pre>
 *   G<sub>ij</sub> = Σ<sub>p</sub> w<sub>p</sub>·(θ<sub>i,p</sub> − s<sub>p</sub>)·(θ<sub>j,p</sub> − s<sub>p</sub>)
 * </pre>
 * for a shift s (close to the snapshots, so that no precision is lost to cancellation: the final snapshot, or
 * the mean) and optional weights w (1/σ<sub>p</sub>² for standardized parameters).
 *
 * <p>Streaming: snapshots are read in blocks of B rows (held as the source's float arrays, B·P floats); after a
 * block is loaded, every later snapshot is read once and dotted with the block. Reads: Σ over blocks of
 * (T − first row of the block) ≈ T²/(2B) + T/2; memory B·P floats + 2·P doubles; flops T²·P. Each entry is
 * summed over chunks of {@value #CHUNK} parameters in a fixed order, so it does not depend on B.
 */
public final class GramMatrix {

    /** The default block: 16 snapshots in memory at once. */
    public static final int DEFAULT_BLOCK_ROWS = 16;

    /** Parameters per chunk of the inner loop (32 KiB of y and 32 KiB of s). */
    static final int CHUNK = 4096;

    private GramMatrix() {
    }

    /**
     * @param source    the snapshots
     * @param shift     s (P doubles), or null for 0
     * @param weights   w (P doubles), or null for 1
     * @param blockRows B, at least 1
     * @param progress  told after every read
     * @return G, T×T, symmetric
     */
    public static double[][] compute(SnapshotSource source, double[] shift, double[] weights, int blockRows,
                                     TrajectoryProgress progress) throws IOException {
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be at least 1, got " + blockRows);
        }
        int t = source.count();
        int p = source.parameterCount();
        check(shift, p, "shift");
        check(weights, p, "weights");
        int b = Math.min(blockRows, t);
        long totalReads = 0;
        for (int i0 = 0; i0 < t; i0 += b) {
            totalReads += t - i0;
        }
        double[][] g = new double[t][t];
        float[][] block = new float[b][];
        double[] y = new double[p];
        double[] sums = new double[b];
        long reads = 0;
        for (int i0 = 0; i0 < t; i0 += b) {
            int i1 = Math.min(t, i0 + b);
            for (int j = i0; j < t; j++) {
                Cancellation.check("the Gram matrix");
                float[] row = source.read(j);
                checkLength(row, p, j);
                if (j < i1) {
                    block[j - i0] = row;
                }
                progress.update("gram", ++reads, totalReads);
                Kernels.difference(row, shift, weights, y);
                int iEnd = Math.min(j + 1, i1);
                java.util.Arrays.fill(sums, 0);
                // chunks of P, so that y and s stay in cache while every block row passes over them
                for (int c0 = 0; c0 < p; c0 += CHUNK) {
                    int c1 = Math.min(p, c0 + CHUNK);
                    for (int i = i0; i < iEnd; i++) {
                        sums[i - i0] += Kernels.shiftedDot(block[i - i0], shift, y, c0, c1);
                    }
                }
                for (int i = i0; i < iEnd; i++) {
                    g[i][j] = sums[i - i0];
                    g[j][i] = sums[i - i0];
                }
            }
            java.util.Arrays.fill(block, null);
        }
        return g;
    }

    /**
     * @param gram a Gram matrix of rows x<sub>t</sub>
     * @return the squared distances ‖x<sub>i</sub> − x<sub>j</sub>‖² = G<sub>ii</sub> + G<sub>jj</sub> − 2G<sub>ij</sub>
     *         (clamped at 0 against rounding), T×T
     */
    public static double[][] squaredDistances(double[][] gram) {
        int t = gram.length;
        double[][] d = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < i; j++) {
                double value = Math.max(0, gram[i][i] + gram[j][j] - 2 * gram[i][j]);
                d[i][j] = value;
                d[j][i] = value;
            }
        }
        return d;
    }

    /**
     * @param gram G of rows x<sub>t</sub>
     * @return JGJ, J = I − 11ᵀ/T: the Gram matrix of the rows x<sub>t</sub> − x̄ (centring is exact algebra, so G may
     *         be of rows shifted by any common vector)
     */
    public static double[][] centre(double[][] gram) {
        int t = gram.length;
        double[] rowMean = new double[t];
        double total = 0;
        for (int i = 0; i < t; i++) {
            double s = 0;
            for (int j = 0; j < t; j++) {
                s += gram[i][j];
            }
            rowMean[i] = s / t;
            total += s;
        }
        total /= (double) t * t;
        double[][] c = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j <= i; j++) {
                double value = gram[i][j] - rowMean[i] - rowMean[j] + total;
                c[i][j] = value;
                c[j][i] = value;
            }
        }
        return c;
    }

    static void check(double[] vector, int p, String name) {
        if (vector != null && vector.length != p) {
            throw new IllegalArgumentException("the " + name + " holds " + vector.length + " values, the snapshots "
                    + p);
        }
    }

    static void checkLength(float[] row, int p, int index) {
        if (row.length != p) {
            throw new IllegalArgumentException("snapshot " + index + " holds " + row.length + " values, expected P = "
                    + p);
        }
    }
}
