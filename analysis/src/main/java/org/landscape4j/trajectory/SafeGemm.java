package org.landscape4j.trajectory;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one way the trajectory analyses call {@code dgemm} on P-long data: into a column-major output of at most
 * {@value #MAX_ROWS} rows, which callers split larger products into.
 *
 * <p>Why: the OpenBLAS 0.3.19 that ND4J M2.1 bundles returns wrong {@code dgemm} results (errors of order 1, not
 * rounding) under {@code OPENBLAS_CORETYPE=Cooperlake} whenever the column-major output has more than 192 rows
 * (its second row block) and the product is not tiny: measured on this project's AMD EPYC machines, for which
 * {@code scripts/blas-env.sh} picks that kernel from the {@code avx512_bf16} flag, and OpenBLAS picks it itself on
 * Intel Cooper Lake CPUs. {@code sgemm} is not affected, nor SkylakeX or Haswell. ND4J computes a row-major output
 * as its column-major transpose, so a row-major C of more than 192 columns (a chunk of P) hits it; a column-major C
 * of at most {@value #MAX_ROWS} rows never does, with any transposition of the operands, for any number of columns.
 * {@code SafeGemmTest} holds the check.
 */
final class SafeGemm {

    /** The most output rows of one call (below the 192 at which the bad kernel fails). */
    static final int MAX_ROWS = 128;

    private SafeGemm() {
    }

    /**
     * out ← A·op(B) + β·out.
     *
     * @param a          m × K, row-major (or a view of consecutive rows of a row-major matrix)
     * @param b          K × n, or n × K when {@code transposeB}
     * @param transposeB whether op(B) = Bᵀ
     * @param out        m × n, column-major, not a view, m ≤ {@value #MAX_ROWS}
     * @param beta       0 to overwrite, 1 to accumulate
     */
    static void multiply(INDArray a, INDArray b, boolean transposeB, INDArray out, double beta) {
        if (out.ordering() != 'f' || out.rows() > MAX_ROWS || out.isView()) {
            throw new IllegalArgumentException("a product into a " + out.rows() + "x" + out.columns() + " '"
                    + out.ordering() + "' matrix" + (out.isView() ? " view" : "") + ": give a column-major matrix of"
                    + " at most " + MAX_ROWS + " rows (see SafeGemm)");
        }
        Nd4j.gemm(a, b, out, false, transposeB, 1.0, beta);
    }

    /** @return the row blocks [start, end) of at most {@value #MAX_ROWS} rows covering m rows, as {start, end} pairs */
    static int[][] blocks(int m) {
        int count = Math.max(1, (m + MAX_ROWS - 1) / MAX_ROWS);
        int[][] blocks = new int[count][];
        for (int i = 0; i < count; i++) {
            blocks[i] = new int[] {i * MAX_ROWS, Math.min(m, (i + 1) * MAX_ROWS)};
        }
        return blocks;
    }
}
