package org.landscape4j.trajectory;

import java.io.IOException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The T×T Gram matrix of a trajectory's snapshots, accumulated in double precision by streaming them by column
 * chunks ({@link ColumnChunks}), never holding T×P values:
 * <pre>
 *   G<sub>ij</sub> = Σ<sub>p</sub> (θ<sub>i,p</sub> − θ<sub>T,p</sub>)·(θ<sub>j,p</sub> − θ<sub>T,p</sub>)
 * </pre>
 * (rows taken from the final snapshot, so that no precision is lost to cancellation between ‖θ‖² and the small
 * differences of a trajectory; the differences of two floats are exact in double).
 *
 * <p>Streaming: for each chunk of B parameters the T rows are formed as a T×B matrix X of doubles and added by
 * BLAS {@code dgemm}, G ← G + XXᵀ (one call per {@value SafeGemm#MAX_ROWS} rows of G), on a matrix that fits the
 * cache. Reads: every snapshot once, in ⌈P/B⌉ pieces;
 * memory T² + T×B doubles off the heap and T×B floats; multiply-adds T²·P. Entries equal the exact sums to rounding;
 * the order of summation is the BLAS kernel's and the chunks', so another B may change the last bits.
 */
public final class GramMatrix {

    /** The chunk width that chooses itself ({@link ColumnChunks#automaticWidth}). */
    public static final int AUTOMATIC_CHUNK = 0;

    private GramMatrix() {
    }

    /**
     * @param source       the snapshots
     * @param chunkColumns B, parameters per chunk, or {@link #AUTOMATIC_CHUNK}
     * @param progress     told after every chunk ({@code gram})
     * @return G of the rows θ<sub>t</sub> − θ<sub>T</sub>, T×T, symmetric
     */
    public static double[][] compute(SnapshotSource source, int chunkColumns, TrajectoryProgress progress)
            throws IOException {
        int t = source.count();
        ColumnChunks chunks = new ColumnChunks(source, chunkColumns);
        double[] row = new double[chunks.width()];
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
             Accumulator gram = new Accumulator(t);
             ChunkMatrix x = new ChunkMatrix(t, chunks.width(), chunks.width(chunks.count() - 1))) {
            for (int j = 0; j < chunks.count(); j++) {
                float[][] values = chunks.read(j, "gram", progress);
                int n = chunks.width(j);
                float[] last = values[t - 1];
                for (int k = 0; k < t; k++) {
                    float[] theta = values[k];
                    for (int i = 0; i < n; i++) {
                        row[i] = (double) theta[i] - last[i];
                    }
                    x.put(k, row, n);
                }
                gram.add(x.matrix(n));
            }
            return gram.result();
        }
    }

    /**
     * G ← G + XXᵀ over column chunks X (T×n), in double off the heap; close it. G is held as column-major blocks of
     * at most {@value SafeGemm#MAX_ROWS} rows (G[i0:i1, :] ← G[i0:i1, :] + X[i0:i1]·Xᵀ, one {@code dgemm} each, β = 1;
     * see {@link SafeGemm}): one block for T ≤ {@value SafeGemm#MAX_ROWS}.
     */
    static final class Accumulator implements AutoCloseable {

        private final int t;
        private final int[][] blocks;
        private final INDArray[] parts;

        Accumulator(int t) {
            this.t = t;
            this.blocks = SafeGemm.blocks(t);
            this.parts = new INDArray[blocks.length];
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                for (int b = 0; b < blocks.length; b++) {
                    parts[b] = Nd4j.create(DataType.DOUBLE, new long[] {blocks[b][1] - blocks[b][0], t}, 'f');
                }
            }
        }

        /** G ← G + XXᵀ for X (T×n, row-major) */
        void add(INDArray x) {
            if (blocks.length == 1) {
                SafeGemm.multiply(x, x, true, parts[0], 1.0);
                return;
            }
            for (int b = 0; b < blocks.length; b++) {
                INDArray rows = x.get(NDArrayIndex.interval(blocks[b][0], blocks[b][1]), NDArrayIndex.all());
                SafeGemm.multiply(rows, x, true, parts[b], 1.0);
            }
        }

        /** @return G, exactly symmetric (the lower triangle mirrored) */
        double[][] result() {
            double[][] g = new double[t][];
            for (int b = 0; b < blocks.length; b++) {
                double[][] part = parts[b].toDoubleMatrix();
                System.arraycopy(part, 0, g, blocks[b][0], part.length);
            }
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < i; j++) {
                    g[j][i] = g[i][j];
                }
            }
            return g;
        }

        @Override
        public void close() {
            for (INDArray part : parts) {
                part.close();
            }
        }
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

    static void checkLength(float[] row, int p, int index) {
        if (row.length != p) {
            throw new IllegalArgumentException("snapshot " + index + " holds " + row.length + " values, expected P = "
                    + p);
        }
    }
}
