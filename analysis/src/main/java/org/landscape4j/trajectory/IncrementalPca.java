package org.landscape4j.trajectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.indexaccum.custom.ArgAmax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental PCA of a trajectory, one snapshot (or a batch of b) at a time from the very first, in O(kP) memory:
 * the update of Ross, Lim, Lin and Yang, "Incremental learning for robust visual tracking", IJCV 77 (2008), as
 * scikit-learn's {@code IncrementalPCA.partial_fit} implements it.
 *
 * <p><b>Model.</b> n snapshots seen, their mean μ (P doubles), r ≤ k components V (r × P, orthonormal rows),
 * singular values s (r), and the total squared deviation S = Σ<sub>t</sub>‖θ<sub>t</sub> − μ‖² (a scalar;
 * scikit-learn tracks the per-parameter variance, whose sum times n is S).
 *
 * <p><b>Update</b> with a batch X of b rows, batch mean x̄: the top right singular vectors of the
 * (r + b + 1) × P matrix
 * <pre>
 *   A = [ diag(s)·V ;  X − x̄ ;  √(nb/(n+b))·(μ − x̄) ]
 * </pre>
 * (for the first batch, n = 0: just X − x̄; for b = 1 the row X − x̄ is zero and left out), obtained from its
 * small Gram matrix AAᵀ = UΛUᵀ as V' = Λ<sup>−½</sup>UᵀA, s' = √λ, keeping the r' = min(k, rank) largest
 * (eigenvalues below {@value ExactPca#RELATIVE_CUTOFF}·λ<sub>1</sub> are rounding noise; a component of zero
 * singular value carries nothing into later updates, so dropping it changes no later result). Then
 * μ' = μ + b/(n+b)·(x̄ − μ), S' = S + ‖X − x̄‖²<sub>F</sub> + nb/(n+b)·‖μ − x̄‖² (Chan, Golub, LeVeque 1983),
 * n' = n + b.
 *
 * <p><b>Representation: the rotation is deferred.</b> Forming V' = Λ<sup>−½</sup>UᵀA at every update would read
 * and write r + b + 1 rows of P doubles (about 80 % of the time of a naive update at P = 10⁶). Instead the
 * components are held as V = C·B: B is a buffer of q basis rows (P doubles each) with their Gram matrix
 * G = BBᵀ (q × q), C is r × q. An update appends the new rows Y = [X − x̄ ; √(nb/(n+b))·(μ − x̄)] to B, extends G by
 * one {@code dgemm} BYᵀ (which reads B once: the only P-sized work besides forming Y and μ'), and does the rest on
 * small matrices: with A = A<sub>c</sub>B, A<sub>c</sub> = [diag(s)·C, 0 ; 0, I], the Gram matrix is
 * AAᵀ = A<sub>c</sub>GA<sub>c</sub>ᵀ and C' = Λ<sup>−½</sup>UᵀA<sub>c</sub>. When B is full, and whenever the
 * components are read or saved, B is <em>compacted</em>: B ← C·B (r rows, by column blocks in place), G ← CGCᵀ,
 * C ← diag(±1) (the signs below). Exact arithmetic gives the same components whenever compactions happen; in
 * floating point they differ at rounding level (~1e-15 relative), so reading the components between updates may
 * change later results in their last bits (a saved state resumes bit for bit: {@link #save}). Time per update
 * O(q·b·P + (q + b)³) plus, every few updates, a compaction O(rqP); memory at most (k + b + 1 + {@value #RESERVE})·P
 * doubles for B (grown when a larger batch comes), plus μ, x̄ (for b &gt; 1) and, during a compaction, an
 * r × {@value #BLOCK} block, all off the heap.
 * The Gram route squares the condition number, as the naive update's did: a component whose singular value is
 * 10<sup>−4</sup> of the largest has a relative error near 10<sup>−8</sup>, against 10<sup>−16</sup> for
 * scikit-learn's SVD of A.
 *
 * <p><b>Differences from scikit-learn.</b> scikit-learn refuses a batch with fewer rows than
 * {@code n_components} ({@code ValueError}: "n_components=k must be less or equal to the batch number of
 * samples b"), and so cannot start from one snapshot; here any b ≥ 1 is accepted and the model holds
 * min(k, rank) ≤ min(k, n − 1) components until the snapshots span k dimensions. Whenever scikit-learn accepts
 * the batches, the components, singular values and variances agree with its own (up to the zero-variance
 * components it keeps with arbitrary directions).
 *
 * <p><b>Signs.</b> Each component read is signed so that its entry of largest magnitude (the first on a tie) is
 * positive, as scikit-learn's {@code svd_flip(u_based_decision=False)} does in {@code partial_fit}, and as
 * {@link ExactPca} does. (A sign does not change the next update's result: it flips a row of A.)
 *
 * <p><b>Variance</b> (scikit-learn's definitions): explained variance s<sub>i</sub>²/(n − 1), ratio
 * s<sub>i</sub>²/S, total variance S/(n − 1).
 *
 * <p><b>Persistence.</b> {@link #save(Path)} compacts, writes the state as a vector table, and {@link #load(Path)}
 * reads it back bit for bit: the saved object and the loaded one give identical results for any further
 * snapshots ({@link IncrementalPcaState}). Not thread-safe.
 */
public final class IncrementalPca {

    private static final Logger LOG = LoggerFactory.getLogger(IncrementalPca.class);

    /** Basis rows beyond k + (rows of one update): updates between two compactions, for b = 1. */
    static final int RESERVE = 6;

    /** Columns per block of a compaction: r × BLOCK doubles of scratch stay in cache. */
    static final int BLOCK = 1 << 16;

    private final int parameterCount;
    private final int maxComponents;
    private long samples;
    private INDArray mean;
    private INDArray basis;                          // rows [0, q) used
    private int basisRows;                           // q
    private double[][] gram = new double[0][0];      // q × q, B Bᵀ
    private double[][] coefficients = new double[0][0];   // r × q, V = C·B
    private boolean compact = true;                  // C = diag(±1) and q = r
    private INDArray batchMean;
    private INDArray floatRow;
    private double[] singularValues = new double[0];
    private double squaredDeviation;

    /**
     * @param parameterCount P
     * @param maxComponents  k, the most components kept
     */
    public IncrementalPca(int parameterCount, int maxComponents) {
        if (parameterCount < 1) {
            throw new IllegalArgumentException("P must be at least 1, got " + parameterCount);
        }
        if (maxComponents < 1) {
            throw new IllegalArgumentException("an incremental PCA needs at least 1 component, got " + maxComponents);
        }
        this.parameterCount = parameterCount;
        this.maxComponents = maxComponents;
    }

    /**
     * Restores a state ({@link IncrementalPcaState}): the basis is the components (signed), C = I. The arrays are
     * taken, not copied.
     *
     * @param gram the components' Gram matrix as the saved object held it, or null for I (an older file)
     */
    IncrementalPca(int parameterCount, int maxComponents, long samples, double[] mean, double[][] components,
                   double[] singularValues, double squaredDeviation, double[][] gram) {
        this(parameterCount, maxComponents);
        this.samples = samples;
        int r = components.length;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.mean = mean == null ? null : Nd4j.createFromArray(mean);
            if (r > 0) {
                allocateBasis(maxComponents + 2 + RESERVE);
                for (int i = 0; i < r; i++) {
                    basis.getRow(i).assign(Nd4j.createFromArray(components[i]));
                }
            }
        }
        this.basisRows = r;
        this.coefficients = identity(r);
        this.gram = gram != null ? gram : identity(r);
        this.singularValues = singularValues;
        this.squaredDeviation = squaredDeviation;
    }

    /**
     * Adds one snapshot.
     *
     * @return false if the small eigen-decomposition failed (the state is then unchanged)
     */
    public boolean update(float[] snapshot) {
        return update(new float[][] {snapshot});
    }

    /**
     * Adds a batch of b ≥ 1 snapshots.
     *
     * @param batch b rows of P floats, not kept
     * @return false if the small eigen-decomposition failed (the model is then unchanged)
     * @throws IllegalArgumentException if a row has the wrong length or a non-finite value (the model is then
     *                                  unchanged)
     */
    public boolean update(float[][] batch) {
        int b = batch.length;
        if (b == 0) {
            throw new IllegalArgumentException("an update needs at least one snapshot, got an empty batch");
        }
        for (int t = 0; t < b; t++) {
            GramMatrix.checkLength(batch[t], parameterCount, t);
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return updateOutsideWorkspaces(batch);
        }
    }

    private boolean updateOutsideWorkspaces(float[][] batch) {
        int b = batch.length;
        boolean correction = samples > 0;
        int added = (b > 1 ? b : 0) + (correction ? 1 : 0);   // rows appended to B
        makeRoom(added);
        int q = basisRows;
        double factor = correction ? Math.sqrt((double) samples * b / (samples + b)) : 0;
        appendRows(batch, q, correction, factor);                     // x̄, and Y in rows [q, q + added)
        double[][] cross = new double[0][0];
        double addedDeviation = 0;
        if (added > 0) {
            INDArray rows = basis.get(NDArrayIndex.interval(0, q + added), NDArrayIndex.all());
            if (added == 1) {                                                // B'y: one gemv
                INDArray product = Nd4j.create(DataType.DOUBLE, q + 1);
                Nd4j.getBlasWrapper().level2().gemv('c', 'N', 1.0, rows, basis.getRow(q), 0.0, product);
                cross = product.reshape(q + 1, 1).toDoubleMatrix();
            } else {
                INDArray appended = basis.get(NDArrayIndex.interval(q, q + added), NDArrayIndex.all());
                cross = rows.mmul(appended.transpose()).toDoubleMatrix();   // (q + added) × added: B'Yᵀ
            }
            for (int l = 0; l < added; l++) {
                addedDeviation += cross[q + l][l];
            }
        } else if (!allFinite(batch[0])) {                               // the first snapshot: nothing to sum
            addedDeviation = Double.NaN;
        }
        if (!Double.isFinite(addedDeviation)) {
            throw new IllegalArgumentException("the batch holds non-finite values (NaN or ±∞: a diverged run?); the"
                    + " incremental PCA was not updated");
        }
        int qNew = q + added;
        double[][] gramNew = extendGram(cross, q, added);
        int r = singularValues.length;
        int m = r + added;
        double[][] ac = new double[m][qNew];                  // A = A_c·B
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < q; j++) {
                ac[i][j] = singularValues[i] * coefficients[i][j];
            }
        }
        for (int l = 0; l < added; l++) {
            ac[r + l][q + l] = 1;
        }
        double[][] small = Kernels.congruence(ac, gramNew);   // A Aᵀ = A_c G A_cᵀ
        int kept = 0;
        double[] sigma = new double[0];
        double[][] c = new double[0][qNew];
        if (m > 0) {
            Optional<SymmetricEigen.Pairs> eig = SymmetricEigen.all(small);
            if (eig.isEmpty()) {
                LOG.warn("incremental PCA: the eigen-decomposition of the {}×{} update matrix failed; the batch of {}"
                        + " was not added", m, m, b);
                return false;
            }
            double[] lambda = eig.get().values();
            while (kept < Math.min(maxComponents, m) && lambda[kept] > 0
                    && lambda[kept] > ExactPca.RELATIVE_CUTOFF * lambda[0]) {
                kept++;
            }
            sigma = new double[kept];
            c = new double[kept][qNew];                        // C' = Λ^(−½)·Uᵀ·A_c
            for (int j = 0; j < kept; j++) {
                sigma[j] = Math.sqrt(lambda[j]);
                double[] uj = eig.get().vectors()[j];
                for (int l = 0; l < m; l++) {
                    double w = uj[l] / sigma[j];
                    if (w != 0) {
                        Kernels.axpy(w, ac[l], c[j]);
                    }
                }
            }
        }
        if (mean == null) {
            mean = b == 1 ? floatRow.castTo(DataType.DOUBLE) : batchMean.dup();
        } else if (b == 1) {                                       // μ' = μ − row/(factor·(n + 1)) = μ + (x − μ)/(n + 1)
            Blas.axpy(-1 / (factor * (samples + 1)), basis.getRow(q), mean);
        } else {
            double step = (double) b / (samples + b);            // μ' = μ + step·(x̄ − μ)
            Blas.scal(1 - step, mean);
            Blas.axpy(step, batchMean, mean);
        }
        basisRows = qNew;
        gram = gramNew;
        coefficients = c;
        compact = false;
        singularValues = sigma;
        squaredDeviation += addedDeviation;
        samples += b;
        return true;
    }

    /** Room in B for {@code added} more rows: compacts when full, allocates or grows the buffer when needed. */
    private void makeRoom(int added) {
        if (added == 0) {
            return;
        }
        if (basis != null && basisRows + added > basis.rows()) {
            compact();
        }
        int needed = basisRows + added;
        if (basis == null || needed > basis.rows()) {
            INDArray previous = basis;
            allocateBasis(Math.max(maxComponents, basisRows) + added + RESERVE);
            if (previous != null) {
                if (basisRows > 0) {
                    basis.get(NDArrayIndex.interval(0, basisRows), NDArrayIndex.all())
                            .assign(previous.get(NDArrayIndex.interval(0, basisRows), NDArrayIndex.all()));
                }
                previous.close();
            }
        }
    }

    private void allocateBasis(int rows) {
        basis = Nd4j.create(DataType.DOUBLE, rows, parameterCount);
    }

    /**
     * The rows an update appends to B from row q: X − x̄ (for b &gt; 1, with x̄ into {@link #batchMean}) and
     * factor·(μ − x̄) (when n &gt; 0). For b = 1 the snapshot is left in {@link #floatRow}.
     */
    private void appendRows(float[][] batch, int q, boolean correction, double factor) {
        int b = batch.length;
        if (floatRow == null) {
            floatRow = Nd4j.create(DataType.FLOAT, parameterCount);
        }
        if (b == 1) {
            floatRow.data().setData(batch[0]);
            if (correction) {                                      // factor·(μ − x) = factor·μ − factor·x
                INDArray row = basis.getRow(q);
                row.assign(floatRow);
                Blas.scal(-factor, row);
                Blas.axpy(factor, mean, row);
            }
            return;                                                // the first snapshot: μ = x, no row
        }
        if (batchMean == null) {
            batchMean = Nd4j.create(DataType.DOUBLE, parameterCount);
        }
        INDArray snapshots = basis.get(NDArrayIndex.interval(q, q + b), NDArrayIndex.all());
        for (int t = 0; t < b; t++) {
            floatRow.data().setData(batch[t]);
            basis.getRow(q + t).assign(floatRow);
        }
        snapshots.mean(batchMean, 0);
        snapshots.subiRowVector(batchMean);
        if (correction) {
            basis.getRow(q + b).assign(mean).subi(batchMean).muli(factor);
        }
    }

    /** G' = [G, cross[0:q] ; cross[0:q]ᵀ, cross[q:]] for the {@code added} rows appended after q. */
    private double[][] extendGram(double[][] cross, int q, int added) {
        int n = q + added;
        double[][] g = new double[n][n];
        for (int i = 0; i < q; i++) {
            System.arraycopy(gram[i], 0, g[i], 0, q);
        }
        for (int l = 0; l < added; l++) {
            for (int i = 0; i < n; i++) {
                g[i][q + l] = cross[i][l];
                g[q + l][i] = cross[i][l];
            }
        }
        for (int l = 0; l < added; l++) {                         // the new block from one triangle: symmetric
            for (int l2 = 0; l2 < l; l2++) {
                g[q + l2][q + l] = g[q + l][q + l2];
            }
        }
        return g;
    }

    /**
     * B ← C·B (its first r rows), G ← CGCᵀ, C ← diag(±1) with the signs that make each component's entry of
     * largest magnitude positive. By column blocks: each block of C·B is computed into a scratch block, its rows'
     * largest entries noted, and copied back over the block of B it came from (no row of B is read after it is
     * overwritten: block by block, every row of the block is read before any is written).
     */
    private void compact() {
        if (compact) {
            return;
        }
        int r = singularValues.length;
        int q = basisRows;
        if (r > 0) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray c = Nd4j.createFromArray(coefficients);
                double[] largest = new double[r];
                int width = Math.min(BLOCK, parameterCount);
                INDArray full = Nd4j.create(DataType.DOUBLE, r, width);       // gemm writes no view
                INDArray last = parameterCount % width == 0 ? full
                        : Nd4j.create(DataType.DOUBLE, r, parameterCount % width);
                for (long c0 = 0; c0 < parameterCount; c0 += width) {
                    long c1 = Math.min(parameterCount, c0 + width);
                    INDArray out = c1 - c0 == width ? full : last;
                    Nd4j.gemm(c, basis.get(NDArrayIndex.interval(0, q), NDArrayIndex.interval(c0, c1)), out,
                            false, false, 1.0, 0.0);
                    long[] at = Nd4j.exec(new ArgAmax(new INDArray[] {out}, new int[] {1}))[0].toLongVector();
                    for (int i = 0; i < r; i++) {
                        double v = out.getDouble(i, at[i]);
                        if (Math.abs(v) > Math.abs(largest[i])) {
                            largest[i] = v;
                        }
                    }
                    basis.get(NDArrayIndex.interval(0, r), NDArrayIndex.interval(c0, c1)).assign(out);
                }
                full.close();
                if (last != full) {
                    last.close();
                }
                double[][] g = Kernels.congruence(coefficients, gram);
                double[][] signs = new double[r][r];
                for (int i = 0; i < r; i++) {
                    signs[i][i] = largest[i] < 0 ? -1 : 1;
                }
                gram = g;
                coefficients = signs;
            }
        } else {
            gram = new double[0][0];
            coefficients = new double[0][0];
        }
        basisRows = r;
        compact = true;
    }

    /** After {@link #compact}: negates the basis rows whose sign is −1, so that C = I (for saving). */
    private void absorbSigns() {
        compact();
        int r = basisRows;
        for (int i = 0; i < r; i++) {
            if (coefficients[i][i] < 0) {
                basis.getRow(i).rsubi(0.0);                     // 0 − v: negated, with no −0
                for (int j = 0; j < r; j++) {
                    gram[i][j] = -gram[i][j];
                    gram[j][i] = -gram[j][i];
                }
                coefficients[i][i] = 1;
            }
        }
    }

    private static boolean allFinite(float[] row) {
        for (float v : row) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static double[][] identity(int n) {
        double[][] id = new double[n][n];
        for (int i = 0; i < n; i++) {
            id[i][i] = 1;
        }
        return id;
    }

    /** @return P */
    public int parameterCount() {
        return parameterCount;
    }

    /** @return k, the most components kept */
    public int maxComponents() {
        return maxComponents;
    }

    /** @return n, the snapshots seen */
    public long samples() {
        return samples;
    }

    /** @return r ≤ min(k, n − 1), the components held now */
    public int componentCount() {
        return singularValues.length;
    }

    /** @return μ, the mean of the snapshots seen (a copy) */
    public double[] mean() {
        requireSamples();
        return mean.toDoubleVector();
    }

    /** @return component i (a copy of P doubles), a unit vector; compacts the basis first (see the class notes) */
    public double[] component(int i) {
        checkComponent(i);
        compact();
        double[] v = basis.getRow(i).toDoubleVector();
        if (coefficients[i][i] < 0) {
            for (int p = 0; p < v.length; p++) {
                v[p] = 0.0 - v[p];                              // negated, with no −0
            }
        }
        return v;
    }

    /** @return component i rounded to float, as the run format stores vectors */
    public float[] componentAsFloat(int i) {
        return Kernels.toFloat(component(i));
    }

    /** @return s, descending (a copy) */
    public double[] singularValues() {
        return singularValues.clone();
    }

    /** @return s<sub>i</sub>²/(n − 1), scikit-learn's {@code explained_variance_} */
    public double[] explainedVariance() {
        double[] v = new double[singularValues.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = singularValues[i] * singularValues[i] / (samples - 1);
        }
        return v;
    }

    /** @return s<sub>i</sub>²/S, scikit-learn's {@code explained_variance_ratio_} */
    public double[] explainedVarianceRatio() {
        double[] v = new double[singularValues.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = singularValues[i] * singularValues[i] / squaredDeviation;
        }
        return v;
    }

    /** @return S/(n − 1), the total variance of the snapshots seen (NaN before 2) */
    public double totalVariance() {
        return samples < 2 ? Double.NaN : squaredDeviation / (samples - 1);
    }

    /** @return S = Σ<sub>t</sub>‖θ<sub>t</sub> − μ‖², the total squared deviation */
    public double squaredDeviation() {
        return squaredDeviation;
    }

    /**
     * @param theta P floats
     * @return (θ − μ)·v<sub>i</sub> for every component, scikit-learn's {@code transform}
     */
    public double[] project(float[] theta) {
        requireSamples();
        GramMatrix.checkLength(theta, parameterCount, 0);
        double[] z = new double[singularValues.length];
        if (z.length == 0) {
            return z;
        }
        compact();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray centred = Nd4j.createFromArray(theta).castTo(DataType.DOUBLE).subi(mean);
            INDArray held = basis.get(NDArrayIndex.interval(0, z.length), NDArrayIndex.all());
            z = held.mmul(centred.reshape(parameterCount, 1)).toDoubleVector();
        }
        for (int i = 0; i < z.length; i++) {
            z[i] *= coefficients[i][i];
        }
        return z;
    }

    /**
     * Writes the state to a file (written beside it and renamed when complete), bit-exact: this object and the one
     * {@link #load} reads from the file hold the same numbers, so they give identical results for any further
     * snapshots. Compacts the basis first (see the class notes).
     */
    public void save(Path file) throws IOException {
        absorbSigns();
        IncrementalPcaState.write(file, this);
    }

    /** @return the state a {@link #save} wrote */
    public static IncrementalPca load(Path file) throws IOException {
        return IncrementalPcaState.read(file);
    }

    /** @return μ as P doubles (a copy), or null before the first snapshot */
    double[] meanView() {
        return mean == null ? null : mean.toDoubleVector();
    }

    /** @return the Gram matrix of the components as this object holds them (after {@link #save}'s compaction) */
    double[][] componentGram() {
        compact();
        double[][] g = new double[gram.length][];
        for (int i = 0; i < g.length; i++) {
            g[i] = gram[i].clone();
        }
        return g;
    }

    private void requireSamples() {
        if (samples == 0) {
            throw new IllegalStateException("the incremental PCA has seen no snapshot yet");
        }
    }

    private void checkComponent(int i) {
        if (i < 0 || i >= singularValues.length) {
            throw new IndexOutOfBoundsException("component " + i + " does not exist: the incremental PCA holds "
                    + singularValues.length + " components after " + samples + " snapshots");
        }
    }

    @Override
    public String toString() {
        return "IncrementalPca[P=" + parameterCount + ", k=" + maxComponents + ", n=" + samples + ", r="
                + componentCount() + ", s=" + Arrays.toString(singularValues) + "]";
    }
}
