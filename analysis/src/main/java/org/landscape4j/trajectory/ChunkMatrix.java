package org.landscape4j.trajectory;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A rows × n matrix of doubles off the heap for one column chunk ({@link ColumnChunks}): n is the chunk width B, or
 * the width of the last chunk, which gets a matrix of its own so that every BLAS call sees a contiguous matrix, never a
 * view. Row-major ('c') matrices are written and read by rows, with bulk copies; a column-major ('f') one, the output
 * of a product, is read whole ({@link #copyOut}). Allocated once, outside any workspace, and released by
 * {@link #close}. Products write into column-major matrices of at most {@value SafeGemm#MAX_ROWS} rows: see
 * {@link SafeGemm}.
 */
final class ChunkMatrix implements AutoCloseable {

    private final int rows;
    private final int width;
    private final int lastWidth;
    private final char order;
    private final INDArray full;
    private final INDArray last;
    private final DoubleBuffer fullValues;
    private final DoubleBuffer lastValues;

    /**
     * @param rows      the rows
     * @param width     B, the width of every chunk but the last
     * @param lastWidth the width of the last chunk (≤ B)
     */
    ChunkMatrix(int rows, int width, int lastWidth) {
        this(rows, width, lastWidth, 'c');
    }

    /**
     * @param order 'c' (row-major: rows are written and read) or 'f' (column-major: the output of a product, read
     *              whole by {@link #copyOut})
     */
    ChunkMatrix(int rows, int width, int lastWidth, char order) {
        this.rows = rows;
        this.width = width;
        this.lastWidth = lastWidth;
        this.order = order;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.full = Nd4j.create(DataType.DOUBLE, new long[] {rows, width}, order);
            this.last = lastWidth == width ? full : Nd4j.create(DataType.DOUBLE, new long[] {rows, lastWidth}, order);
        }
        this.fullValues = full.data().asNioDouble();
        this.lastValues = last.data().asNioDouble();
    }

    /** @return the rows × n matrix for a chunk of width n (B or the last width) */
    INDArray matrix(int n) {
        return select(n) == fullValues ? full : last;
    }

    /** Writes {@code values[0, n)} into row {@code row} of the ('c') matrix of width n. */
    void put(int row, double[] values, int n) {
        rowMajor();
        select(n).put(row * n, values, 0, n);
    }

    /** Reads row {@code row} of the ('c') matrix of width n into {@code values[0, n)}. */
    void get(int row, double[] values, int n) {
        rowMajor();
        select(n).get(row * n, values, 0, n);
    }

    /** Copies the whole matrix of width n, in its own order, into {@code values[0, rows·n)}. */
    void copyOut(int n, double[] values) {
        select(n).get(0, values, 0, rows * n);
    }

    private void rowMajor() {
        if (order != 'c') {
            throw new IllegalStateException("rows of a column-major matrix are not contiguous: use copyOut");
        }
    }

    private DoubleBuffer select(int n) {
        if (n == width) {
            return fullValues;
        }
        if (n == lastWidth) {
            return lastValues;
        }
        throw new IllegalArgumentException("a chunk of " + n + " columns; the matrices hold " + width + " and "
                + lastWidth);
    }

    int rows() {
        return rows;
    }

    @Override
    public void close() {
        full.close();
        if (last != full) {
            last.close();
        }
    }
}
