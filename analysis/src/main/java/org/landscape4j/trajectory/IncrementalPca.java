package org.landscape4j.trajectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
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
 * S' = S + ‖X − x̄‖²<sub>F</sub> + nb/(n+b)·‖μ − x̄‖² (Chan, Golub, LeVeque 1983), n' = n + b. Both passes over A
 * go through P in column blocks, so A is never formed: time O((r+b+1)²P), no P-sized allocation once the k
 * component rows exist, memory (k + 1)·P doubles plus the caller's batch.
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

    /** Columns of A handled at once: the scratch is (k + b + 1) × this many doubles. */
    static final int COLUMN_BLOCK = 1024;

    private final int parameterCount;
    private final int maxComponents;
    private long samples;
    private double[] mean;
    private double[][] components;
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
        this.components = new double[maxComponents][];
    }

    /** Restores a state ({@link IncrementalPcaState}); the arrays are taken, not copied. */
    IncrementalPca(int parameterCount, int maxComponents, long samples, double[] mean, double[][] components,
                   double[] singularValues, double squaredDeviation) {
        this(parameterCount, maxComponents);
        this.samples = samples;
        this.mean = mean;
        System.arraycopy(components, 0, this.components, 0, components.length);
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
        int r = singularValues.length;
        boolean correction = samples > 0;
        int m = r + b + (correction ? 1 : 0);
        double factor = correction ? Math.sqrt((double) samples * b / (samples + b)) : 0;
        double[][] a = new double[m][COLUMN_BLOCK];
        double[][] gram = new double[m][m];
        for (int p0 = 0; p0 < parameterCount; p0 += COLUMN_BLOCK) {
            int width = Math.min(COLUMN_BLOCK, parameterCount - p0);
            fill(a, batch, r, correction, factor, p0, width);
            for (int i = 0; i < m; i++) {
                double[] ai = a[i];
                for (int j = 0; j <= i; j++) {
                    gram[i][j] += Kernels.dot(ai, a[j], width);
                }
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
        double[][] w = new double[kept][m];
        for (int j = 0; j < kept; j++) {
            sigma[j] = Math.sqrt(lambda[j]);
            double[] uj = eig.get().vectors()[j];
            for (int l = 0; l < m; l++) {
                w[j][l] = uj[l] / sigma[j];
            }
        }
        double[][] next = new double[maxComponents][];
        for (int j = 0; j < kept; j++) {
            next[j] = components[j] != null ? components[j] : new double[parameterCount];
        }
        boolean first = mean == null;
        if (first) {
            mean = new double[parameterCount];
        }
        double step = (double) b / (samples + b);
        double[] largest = new double[kept];
        double[] scratch = new double[COLUMN_BLOCK];
        for (int p0 = 0; p0 < parameterCount; p0 += COLUMN_BLOCK) {
            int width = Math.min(COLUMN_BLOCK, parameterCount - p0);
            fill(a, batch, r, correction, factor, p0, width);
            for (int j = 0; j < kept; j++) {
                double[] wj = w[j];
                double[] target = next[j];
                double[] segment = scratch;
                java.util.Arrays.fill(segment, 0, width, 0);
                for (int l = 0; l < m; l++) {
                    double coefficient = wj[l];
                    double[] al = a[l];
                    for (int c = 0; c < width; c++) {
                        segment[c] += coefficient * al[c];
                    }
                }
                for (int c = 0; c < width; c++) {
                    double value = segment[c];
                    target[p0 + c] = value;
                    if (Math.abs(value) > Math.abs(largest[j])) {
                        largest[j] = value;
                    }
                }
            }
            for (int c = 0; c < width; c++) {
                double xbar = batchMean(batch, p0 + c);
                mean[p0 + c] = first ? xbar : mean[p0 + c] + step * (xbar - mean[p0 + c]);
            }
        }
        for (int j = 0; j < kept; j++) {
            if (largest[j] < 0) {
                double[] v = next[j];
                for (int p = 0; p < parameterCount; p++) {
                    v[p] = -v[p] + 0.0; // no −0
                }
            }
        }
        components = next;
        singularValues = sigma;
        squaredDeviation += added;
        samples += b;
        return true;
    }

    /** Rows of A for columns [p0, p0 + width): s·V, X − x̄, factor·(μ − x̄). */
    private void fill(double[][] a, float[][] batch, int r, boolean correction, double factor, int p0, int width) {
        int b = batch.length;
        for (int l = 0; l < r; l++) {
            double s = singularValues[l];
            double[] v = components[l];
            double[] row = a[l];
            for (int c = 0; c < width; c++) {
                row[c] = s * v[p0 + c];
            }
        }
        for (int c = 0; c < width; c++) {
            int p = p0 + c;
            double xbar = batchMean(batch, p);
            for (int t = 0; t < b; t++) {
                a[r + t][c] = batch[t][p] - xbar;
            }
            if (correction) {
                a[r + b][c] = factor * (mean[p] - xbar);
            }
        }
    }

    private static double batchMean(float[][] batch, int p) {
        double s = 0;
        for (float[] row : batch) {
            s += row[p];
        }
        return s / batch.length;
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
        return mean.clone();
    }

    /** @return component i (a copy of P doubles), a unit vector */
    public double[] component(int i) {
        checkComponent(i);
        return components[i].clone();
    }

    /** @return component i rounded to float, as the run format stores vectors */
    public float[] componentAsFloat(int i) {
        checkComponent(i);
        return Kernels.toFloat(components[i]);
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
        for (int i = 0; i < z.length; i++) {
            double[] v = components[i];
            double s = 0;
            for (int p = 0; p < parameterCount; p++) {
                s += (theta[p] - mean[p]) * v[p];
            }
            z[i] = s;
        }
        return z;
    }

    /** Writes the state to a file (written beside it and renamed when complete), bit-exact. */
    public void save(Path file) throws IOException {
        IncrementalPcaState.write(file, this);
    }

    /** @return the state a {@link #save} wrote */
    public static IncrementalPca load(Path file) throws IOException {
        return IncrementalPcaState.read(file);
    }

    double[] meanView() {
        return mean;
    }

    double[] componentView(int i) {
        return components[i];
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
