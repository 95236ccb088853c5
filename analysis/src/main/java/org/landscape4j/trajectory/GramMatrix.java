package org.landscape4j.trajectory;

import java.io.IOException;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The T×T Gram matrix of a trajectory's snapshots, accumulated in double precision by streaming them, never
 * holding T×P values:
 * <pre>
 *   G<sub>ij</sub> = Σ<sub>p</sub> w<sub>p</sub>·(θ<sub>i,p</sub> − s<sub>p</sub>)·(θ<sub>j,p</sub> − s<sub>p</sub>)
 * </pre>
 * for a shift s (close to the snapshots, so that no precision is lost to cancellation: the final snapshot, or
 * the mean) and optional weights w (1/σ<sub>p</sub>² for standardized parameters).
 *
 * <p>Streaming: snapshots are read in blocks of B rows, held as (θ − s) in a B × P matrix of doubles; after a
 * block is loaded, every later snapshot is read once into a second such matrix, block by block, and each pair of
 * blocks is one BLAS {@code dgemm} (level 3, at the machine's matrix-multiply speed). Reads: Σ over blocks of
 * (T − first row of the block) ≈ T²/(2B) + T/2; memory 2·B·P doubles off the heap, B shrunk so that this stays
 * within {@value RowBlock#BUDGET_BYTES} bytes; multiply-adds ≈ T²·P/2 + T·B·P/2. Entries equal the exact sums to
 * rounding; the order of summation is the BLAS kernel's, so a different B may change the last bits.
 */
public final class GramMatrix {

    /** The default block: 16 snapshots in memory at once. */
    public static final int DEFAULT_BLOCK_ROWS = 16;

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
        int b = Math.min(RowBlock.rowsWithinBudget(blockRows, p), t);
        long totalReads = 0;
        for (int i0 = 0; i0 < t; i0 += b) {
            totalReads += t - i0;
        }
        double[][] g = new double[t][t];
        RowBlock left = new RowBlock(b, p);
        RowBlock right = new RowBlock(b, p);
        long reads = 0;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int i0 = 0; i0 < t; i0 += b) {
                int i1 = Math.min(t, i0 + b);
                for (int j0 = i0; j0 < t; j0 += b) {
                    int j1 = Math.min(t, j0 + b);
                    for (int j = j0; j < j1; j++) {
                        Cancellation.check("the Gram matrix");
                        float[] row = source.read(j);
                        checkLength(row, p, j);
                        progress.update("gram", ++reads, totalReads);
                        right.put(j - j0, row, shift, weights);
                        if (j0 == i0) {
                            left.put(j - i0, row, shift, null);
                        }
                    }
                    // G[i0:i1, j0:j1] = (θ_i − s)·((θ_j − s)w)ᵀ: one dgemm per pair of blocks
                    double[][] part = left.rows(i1 - i0).mmul(right.rows(j1 - j0).transpose()).toDoubleMatrix();
                    for (int i = i0; i < i1; i++) {
                        for (int j = Math.max(j0, i); j < j1; j++) {
                            g[i][j] = part[i - i0][j - j0];
                            g[j][i] = part[i - i0][j - j0];
                        }
                    }
                }
            }
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
