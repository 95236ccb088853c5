package org.landscape4j.trajectory;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A block of up to B snapshot rows as a B × P matrix of doubles off the heap, filled row by row from float
 * snapshots as (θ − s)·w, so that the products over P of the trajectory analyses are BLAS level-3 calls
 * ({@code dgemm}) on whole blocks instead of Java loops. Allocated once, outside any workspace.
 */
final class RowBlock {

    /** The most memory two blocks may take together; the block shrinks to fit. */
    static final long BUDGET_BYTES = 256L << 20;

    /** Parameters per chunk of {@link #put}: 64 KiB of scratch, in the cache. */
    private static final int CHUNK = 8192;

    private final INDArray matrix;
    private final double[] chunk = new double[CHUNK];
    private final DoubleBuffer values;
    private final int parameters;

    RowBlock(int rows, int parameters) {
        this.parameters = parameters;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.matrix = Nd4j.create(DataType.DOUBLE, rows, parameters);
        }
        this.values = matrix.data().asNioDouble();
    }

    /** @return the rows two blocks of P doubles may have within {@link #BUDGET_BYTES}, at most {@code wanted} */
    static int rowsWithinBudget(int wanted, int parameters) {
        long fit = BUDGET_BYTES / (2L * Double.BYTES * parameters);
        return (int) Math.max(1, Math.min(wanted, fit));
    }

    /**
     * Writes (θ − s)·w into row {@code index}; s and w may be null (0 and 1). No heap allocation: a chunk at a time
     * through a small scratch array, in plain loops the JIT vectorizes, then one bulk copy into the block.
     */
    void put(int index, float[] theta, double[] shift, double[] weights) {
        int base = index * parameters;
        for (int c0 = 0; c0 < parameters; c0 += CHUNK) {
            int n = Math.min(CHUNK, parameters - c0);
            double[] out = chunk;
            if (shift == null && weights == null) {
                for (int i = 0; i < n; i++) {
                    out[i] = theta[c0 + i];
                }
            } else if (weights == null) {
                for (int i = 0; i < n; i++) {
                    out[i] = theta[c0 + i] - shift[c0 + i];
                }
            } else if (shift == null) {
                for (int i = 0; i < n; i++) {
                    out[i] = theta[c0 + i] * weights[c0 + i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    out[i] = (theta[c0 + i] - shift[c0 + i]) * weights[c0 + i];
                }
            }
            values.put(base + c0, out, 0, n);
        }
    }

    /** @return the first {@code rows} rows, a view */
    INDArray rows(int rows) {
        return matrix.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
    }

    int capacity() {
        return (int) matrix.rows();
    }
}
