package org.landscape4j.trajectory;

import java.nio.DoubleBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The P-sized storage of an {@link IncrementalPca} and the only P-long work on it besides forming new rows: a
 * row-major (k + c) × P matrix of doubles off the heap, its first k rows the <em>held</em> basis (the compacted
 * components, zero beyond r) and the next rows the <em>added</em> rows of the updates since the last compaction (up to
 * c of them; c grows for a batch that needs more). Row i of the matrix is basis row i of the PCA's coefficients.
 *
 * <ul>
 *   <li>{@link #crossProducts}: the Gram entries of new added rows with all rows, B·Yᵀ, one {@code dgemm} (two when
 *       more than {@value SafeGemm#MAX_ROWS} rows are in use): reads the rows in use once.</li>
 *   <li>{@link #compact}: held ← C·B over all rows in use, by column panels of {@value #PANEL} parameters, in Java:
 *       reads the rows in use once, writes k.</li>
 * </ul>
 * Not thread-safe; allocated outside any workspace.
 */
final class IncrementalBasis {

    /** Parameters per column panel of a compaction: (k + c + k) × {@value} doubles of scratch, in L1/L2 for k + c ≈ 20. */
    static final int PANEL = 512;

    private final int parameters;
    private final int held;
    private INDArray matrix;
    private DoubleBuffer values;
    private int capacity;
    private double[][] panelIn;
    private double[][] panelOut;

    /**
     * @param parameters P
     * @param held       k
     * @param added      c, the added rows to make room for
     */
    IncrementalBasis(int parameters, int held, int added) {
        if ((long) (held + added) * parameters > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an incremental PCA of P = " + parameters + " with room for " + held
                    + " components and " + added + " added rows needs " + (long) (held + added) * parameters
                    + " doubles in one buffer; at most " + Integer.MAX_VALUE + ": use fewer components (or fewer"
                    + " snapshots per batch)");
        }
        this.parameters = parameters;
        this.held = held;
        allocate(added);
    }

    private void allocate(int added) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            matrix = Nd4j.create(DataType.DOUBLE, held + added, parameters);
        }
        values = matrix.data().asNioDouble();
        capacity = added;
    }

    /** @return c, the added rows there is room for */
    int capacity() {
        return capacity;
    }

    /** Makes room for {@code added} added rows, keeping the held rows and the first {@code used} added rows. */
    void ensureCapacity(int added, int used) {
        if (added <= capacity) {
            return;
        }
        if ((long) (held + added) * parameters > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a batch needing " + added + " added rows of P = " + parameters
                    + " does not fit one buffer (" + Integer.MAX_VALUE + " doubles): give smaller batches");
        }
        INDArray previous = matrix;
        allocate(added);
        int keep = held + used;
        matrix.get(NDArrayIndex.interval(0, keep), NDArrayIndex.all())
                .assign(previous.get(NDArrayIndex.interval(0, keep), NDArrayIndex.all()));
        previous.close();
    }

    /** @return the values, row-major: basis row i, parameter p at i·P + p (held rows first, then added rows) */
    DoubleBuffer values() {
        return values;
    }

    /** @return the index of added row j among all rows */
    int addedRow(int j) {
        return held + j;
    }

    /**
     * @param from the first new added row
     * @param to   one past the last added row in use
     * @return B[0, k + to)·B[k + from, k + to)ᵀ: the Gram entries of the new added rows with every row in use,
     *         (k + to) × (to − from)
     */
    double[][] crossProducts(int from, int to) {
        int rows = held + to;
        int columns = to - from;
        double[][] out = new double[rows][];
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray added = matrix.get(NDArrayIndex.interval(held + from, held + to), NDArrayIndex.all());
            for (int[] block : SafeGemm.blocks(rows)) {
                INDArray left = matrix.get(NDArrayIndex.interval(block[0], block[1]), NDArrayIndex.all());
                INDArray product = Nd4j.create(DataType.DOUBLE, new long[] {block[1] - block[0], columns}, 'f');
                SafeGemm.multiply(left, added, true, product, 0.0);
                double[][] part = product.toDoubleMatrix();
                System.arraycopy(part, 0, out, block[0], part.length);
                product.close();
            }
        }
        return out;
    }

    /**
     * held ← C·B[0, k + used): the held rows become the combinations C (k × (k + used), zero rows giving zero rows)
     * of every row in use. The added rows are then free.
     *
     * <p>A Java kernel by column panels of {@value #PANEL} parameters (the panel of every row in use copied to the
     * heap, in L1/L2; each output row accumulated four input rows at a time in a loop the JIT vectorizes; written back
     * after the whole panel is read): the shapes are too thin for BLAS to run at its speed (k × (k + m) × P with
     * k + m ≈ 20; measured 47 ms against 36 ms for this kernel at P = 10⁶, k = 10, m = 10), and a row-major output
     * is what the held rows need (see {@link SafeGemm} for why BLAS would write a column-major one).
     */
    void compact(double[][] c, int used) {
        int rows = held + used;
        int width = Math.min(PANEL, parameters);
        if (panelIn == null || panelIn.length < held + capacity) {
            panelIn = new double[held + capacity][width];
            panelOut = new double[held][width];
        }
        for (int c0 = 0; c0 < parameters; c0 += width) {
            int n = Math.min(width, parameters - c0);
            for (int i = 0; i < rows; i++) {
                values.get(i * parameters + c0, panelIn[i], 0, n);
            }
            for (int i = 0; i < held; i++) {
                combine(c[i], rows, n, panelOut[i]);
            }
            for (int i = 0; i < held; i++) {
                values.put(i * parameters + c0, panelOut[i], 0, n);
            }
        }
    }

    /** out[0, n) ← Σ<sub>j</sub> c<sub>j</sub>·panel row j, four rows per pass (terms with zero weights skipped) */
    private void combine(double[] c, int rows, int n, double[] out) {
        Arrays.fill(out, 0, n, 0.0);
        int j = 0;
        for (; j + 3 < rows; j += 4) {
            double a0 = c[j];
            double a1 = c[j + 1];
            double a2 = c[j + 2];
            double a3 = c[j + 3];
            if (a0 == 0 && a1 == 0 && a2 == 0 && a3 == 0) {
                continue;
            }
            double[] b0 = panelIn[j];
            double[] b1 = panelIn[j + 1];
            double[] b2 = panelIn[j + 2];
            double[] b3 = panelIn[j + 3];
            for (int l = 0; l < n; l++) {
                out[l] += a0 * b0[l] + a1 * b1[l] + a2 * b2[l] + a3 * b3[l];
            }
        }
        for (; j < rows; j++) {
            double a0 = c[j];
            if (a0 == 0) {
                continue;
            }
            double[] b0 = panelIn[j];
            for (int l = 0; l < n; l++) {
                out[l] += a0 * b0[l];
            }
        }
    }

    /** @return a copy of held row i */
    double[] row(int i) {
        double[] row = new double[parameters];
        values.get(i * parameters, row, 0, parameters);
        return row;
    }

    /** Sets held row i. */
    void setRow(int i, double[] row) {
        values.put(i * parameters, row, 0, parameters);
    }

    /** Held row i ← 0 − row i (exact; no −0). */
    void negateRow(int i) {
        double[] chunk = new double[Math.min(PANEL, parameters)];
        for (int c0 = 0; c0 < parameters; c0 += chunk.length) {
            int n = Math.min(chunk.length, parameters - c0);
            values.get(i * parameters + c0, chunk, 0, n);
            for (int l = 0; l < n; l++) {
                chunk[l] = 0.0 - chunk[l];
            }
            values.put(i * parameters + c0, chunk, 0, n);
        }
    }

    /** @return the first index of the entry of largest magnitude of held row i */
    int largestEntry(int i) {
        double[] chunk = new double[Math.min(PANEL, parameters)];
        int best = 0;
        double max = -1;
        for (int c0 = 0; c0 < parameters; c0 += chunk.length) {
            int n = Math.min(chunk.length, parameters - c0);
            values.get(i * parameters + c0, chunk, 0, n);
            for (int l = 0; l < n; l++) {
                double a = Math.abs(chunk[l]);
                if (a > max) {
                    max = a;
                    best = c0 + l;
                }
            }
        }
        return best;
    }

    /** @return entry p of held row i */
    double get(int i, int p) {
        return values.get(i * parameters + p);
    }

    /** @return H[0, r)·x: the first r held rows times a P-vector, in double */
    double[] times(int r, double[] x) {
        double[] z = new double[r];
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray column = Nd4j.createFromArray(x).reshape(parameters, 1);
            for (int[] block : SafeGemm.blocks(r)) {
                INDArray rows = matrix.get(NDArrayIndex.interval(block[0], block[1]), NDArrayIndex.all());
                INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {block[1] - block[0], 1}, 'f');
                SafeGemm.multiply(rows, column, false, out, 0.0);
                double[] part = out.data().asDouble();
                System.arraycopy(part, 0, z, block[0], part.length);
                out.close();
            }
            column.close();
        }
        return z;
    }

    /** y ← y + Σ<sub>j</sub> w<sub>j</sub>·(added row j), for the added rows with a nonzero weight */
    void addCombination(double[] weights, double[] y) {
        double[] chunk = new double[Math.min(PANEL, parameters)];
        for (int j = 0; j < weights.length; j++) {
            double w = weights[j];
            if (w == 0) {
                continue;
            }
            int base = addedRow(j) * parameters;
            for (int c0 = 0; c0 < parameters; c0 += chunk.length) {
                int n = Math.min(chunk.length, parameters - c0);
                values.get(base + c0, chunk, 0, n);
                for (int l = 0; l < n; l++) {
                    y[c0 + l] += w * chunk[l];
                }
            }
        }
    }
}
