package org.landscape4j.trajectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental PCA of a trajectory, one snapshot (or a batch of b) at a time from the very first, in O(kP) memory:
 * the update of Ross, Lim, Lin and Yang, "Incremental learning for robust visual tracking", IJCV 77 (2008), as
 * scikit-learn's {@code IncrementalPCA.partial_fit} implements it.
 *
 * <p><b>State.</b> n snapshots seen, their mean μ (P doubles), r ≤ k components V (r × P doubles, orthonormal
 * rows), singular values s (r), and the total squared deviation S = Σ<sub>t</sub>‖θ<sub>t</sub> − μ‖² (a scalar;
 * scikit-learn tracks the per-parameter variance, whose sum times n is S).
 *
 * <p><b>Update</b> with a batch X of b rows, batch mean x̄: the top right singular vectors of the
 * (r + b + 1) × P matrix
 * <pre>
 *   A = [ diag(s)·V ;  X − x̄ ;  √(nb/(n+b))·(μ − x̄) ]
 * </pre>
 * (for the first batch, n = 0: just X − x̄), obtained from its small Gram matrix AAᵀ = UΛUᵀ (Commons Math) as
 * V' = Λ<sup>−½</sup>UᵀA, s' = √λ, keeping the r' = min(k, rank) largest (eigenvalues below
 * {@value ExactPca#RELATIVE_CUTOFF}·λ<sub>1</sub> are rounding noise; a component of zero singular value carries
 * nothing into later updates, so dropping it changes no later result). Then μ' = μ + b/(n+b)·(x̄ − μ),
 * S' = S + ‖X − x̄‖²<sub>F</sub> + nb/(n+b)·‖μ − x̄‖² (Chan, Golub, LeVeque 1983), n' = n + b. The batch rows
 * are stacked under V in the state's own buffer, A = D·[V ; X − x̄ ; ...] with D = diag(s, 1, ..., 1) is never
 * formed (D is folded into the small matrices), and AAᵀ and V' = Λ<sup>−½</sup>UᵀA are two BLAS {@code dgemm}
 * calls whose output goes to a second buffer of the same shape; the two swap roles. Time O((r+b+1)²P) at the
 * machine's matrix-multiply speed; no P-sized allocation once the buffers exist; memory 2(k + b + 1)·P doubles
 * off the heap, plus μ, x̄ and the caller's batch.
 *
 * <p><b>Differences from scikit-learn.</b> scikit-learn refuses a batch with fewer rows than
 * {@code n_components} ({@code ValueError}: "n_components=k must be less or equal to the batch number of
 * samples b"), and so cannot start from one snapshot; here any b ≥ 1 is accepted and the model holds
 * min(k, rank) ≤ min(k, n − 1) components until the snapshots span k dimensions. Whenever scikit-learn accepts
 * the batches, the components, singular values and variances agree with its own (up to the zero-variance
 * components it keeps with arbitrary directions). The Gram route squares the condition number: a component
 * whose singular value is 10<sup>−4</sup> of the largest has a relative error near 10<sup>−8</sup>, against
 * 10<sup>−16</sup> for scikit-learn's SVD of A.
 *
 * <p><b>Signs.</b> After every update, each component is negated if needed so that its entry of largest
 * magnitude (the first on a tie) is positive, as scikit-learn's {@code svd_flip(u_based_decision=False)} does
 * in {@code partial_fit}, and as {@link ExactPca} does.
 *
 * <p><b>Variance</b> (scikit-learn's definitions): explained variance s<sub>i</sub>²/(n − 1), ratio
 * s<sub>i</sub>²/S, total variance S/(n − 1).
 *
 * <p><b>Persistence.</b> {@link #save(Path)} writes the state as a vector table, {@link #load(Path)} reads it back
 * bit for bit, so feeding half the snapshots, saving, loading and feeding the rest gives exactly the result of
 * feeding all ({@link IncrementalPcaState}). Not thread-safe.
 */
public final class IncrementalPca {

    private static final Logger LOG = LoggerFactory.getLogger(IncrementalPca.class);

    private final int parameterCount;
    private final int maxComponents;
    private long samples;
    private INDArray mean;
    private INDArray components;
    private INDArray work;
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

    /** Restores a state ({@link IncrementalPcaState}); the arrays are taken, not copied. */
    IncrementalPca(int parameterCount, int maxComponents, long samples, double[] mean, double[][] components,
                   double[] singularValues, double squaredDeviation) {
        this(parameterCount, maxComponents);
        this.samples = samples;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.mean = mean == null ? null : Nd4j.createFromArray(mean);
            if (components.length > 0) {
                this.components = Nd4j.create(DataType.DOUBLE, maxComponents + 2, parameterCount);
                this.work = Nd4j.create(DataType.DOUBLE, maxComponents + 2, parameterCount);
                for (int i = 0; i < components.length; i++) {
                    this.components.getRow(i).assign(Nd4j.createFromArray(components[i]));
                }
            }
        }
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
     * @return false if the small eigen-decomposition failed (the state is then unchanged)
     * @throws IllegalArgumentException if a row has the wrong length or a non-finite value (the state is then
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
        int r = singularValues.length;
        boolean correction = samples > 0;
        int m = r + b + (correction ? 1 : 0);
        double factor = correction ? Math.sqrt((double) samples * b / (samples + b)) : 0;
        INDArray stacked = fill(batch, r, correction, factor, m);      // [V ; X − x̄ ; factor·(μ − x̄)]
        // A = D·stacked with D = diag(s, 1, ..., 1): AAᵀ = D (stacked stackedᵀ) D, one dgemm on the stacked rows
        double[] d = new double[m];
        for (int l = 0; l < m; l++) {
            d[l] = l < r ? singularValues[l] : 1.0;
        }
        double[][] gram = stacked.mmul(stacked.transpose()).toDoubleMatrix();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                gram[i][j] *= d[i] * d[j];
            }
        }
        double added = 0;
        for (int l = r; l < m; l++) {
            added += gram[l][l];
        }
        if (!Double.isFinite(added)) {
            throw new IllegalArgumentException("the batch holds non-finite values (NaN or ±∞: a diverged run?); the"
                    + " incremental PCA was not updated");
        }
        Optional<SymmetricEigen.Pairs> eig = SymmetricEigen.all(gram);
        if (eig.isEmpty()) {
            LOG.warn("incremental PCA: the eigen-decomposition of the {}×{} update matrix failed; the batch of {} was"
                    + " not added", m, m, b);
            return false;
        }
        double[] lambda = eig.get().values();
        int kept = 0;
        while (kept < Math.min(maxComponents, m) && lambda[kept] > 0
                && lambda[kept] > ExactPca.RELATIVE_CUTOFF * lambda[0]) {
            kept++;
        }
        double[] sigma = new double[kept];
        double[][] w = new double[kept][m];                               // Λ^(−½)·Uᵀ·D, applied to the stack
        for (int j = 0; j < kept; j++) {
            sigma[j] = Math.sqrt(lambda[j]);
            double[] uj = eig.get().vectors()[j];
            for (int l = 0; l < m; l++) {
                w[j][l] = uj[l] / sigma[j] * d[l];
            }
        }
        boolean first = mean == null;
        if (first) {
            mean = batchMean.dup();
        } else {
            double step = (double) b / (samples + b);            // μ' = μ + step·(x̄ − μ)
            Blas.scal(1 - step, mean);
            Blas.axpy(step, batchMean, mean);
        }
        if (kept > 0) {
            // V' = W·stack into the other buffer (the stack holds V), then the buffers swap roles
            INDArray target = work.get(NDArrayIndex.interval(0, kept), NDArrayIndex.all());
            Nd4j.gemm(Nd4j.createFromArray(w), stacked, target, false, false, 1.0, 0.0);
            INDArray previous = components;
            components = work;
            work = previous;
            for (int j = 0; j < kept; j++) {
                INDArray v = components.getRow(j);
                if (v.getDouble(Nd4j.getBlasWrapper().iamax(v)) < 0) {
                    v.rsubi(0.0); // 0 − v: negated, with no −0
                }
            }
        }
        singularValues = sigma;
        squaredDeviation += added;
        samples += b;
        return true;
    }

    /**
     * The stack [V ; X − x̄ ; factor·(μ − x̄)] (m × P doubles) in the rows of the current buffer, below the r
     * components it already holds, and x̄ in {@link #batchMean}. The two buffers (current and other) have at least
     * k + b + 1 rows and are allocated once, or again when a larger batch comes.
     */
    private INDArray fill(float[][] batch, int r, boolean correction, double factor, int m) {
        int b = batch.length;
        int rows = Math.max(m, maxComponents + b + 1);
        if (components == null || components.rows() < m) {
            INDArray grown = Nd4j.create(DataType.DOUBLE, rows, parameterCount);
            if (components != null) {
                grown.get(NDArrayIndex.interval(0, r), NDArrayIndex.all())
                        .assign(components.get(NDArrayIndex.interval(0, r), NDArrayIndex.all()));
                components.close();
                work.close();
            }
            components = grown;
            work = Nd4j.create(DataType.DOUBLE, rows, parameterCount);
        }
        if (batchMean == null) {
            batchMean = Nd4j.create(DataType.DOUBLE, parameterCount);
            floatRow = Nd4j.create(DataType.FLOAT, parameterCount);
        }
        INDArray snapshots = components.get(NDArrayIndex.interval(r, r + b), NDArrayIndex.all());
        for (int t = 0; t < b; t++) {
            floatRow.data().setData(batch[t]);
            components.getRow(r + t).assign(floatRow);
        }
        snapshots.mean(batchMean, 0);
        snapshots.subiRowVector(batchMean);
        if (correction) {
            components.getRow(r + b).assign(mean).subi(batchMean).muli(factor);
        }
        return components.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
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

    /** @return component i (a copy of P doubles), a unit vector */
    public double[] component(int i) {
        checkComponent(i);
        return components.getRow(i).toDoubleVector();
    }

    /** @return component i rounded to float, as the run format stores vectors */
    public float[] componentAsFloat(int i) {
        checkComponent(i);
        return components.getRow(i).castTo(DataType.FLOAT).toFloatVector();
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
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray centred = Nd4j.createFromArray(theta).castTo(DataType.DOUBLE).subi(mean);
            INDArray held = components.get(NDArrayIndex.interval(0, z.length), NDArrayIndex.all());
            return held.mmul(centred.reshape(parameterCount, 1)).toDoubleVector();
        }
    }

    /** Writes the state to a file (written beside it and renamed when complete), bit-exact. */
    public void save(Path file) throws IOException {
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

    /** @return component i as P doubles (a copy) */
    double[] componentView(int i) {
        return components.getRow(i).toDoubleVector();
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
