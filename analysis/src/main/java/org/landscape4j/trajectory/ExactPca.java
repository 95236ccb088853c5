package org.landscape4j.trajectory;

import java.io.IOException;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact PCA of a recorded trajectory through its T×T Gram matrix, streamed from the snapshots: memory
 * O(T² + kP), never T×P.
 *
 * <p><b>Rows.</b> x<sub>t</sub> = (θ<sub>t</sub> − c)·q for the T selected snapshots, c the {@link Reference}
 * (the final snapshot θ<sub>T</sub>, as Li et al. 2018, or the mean θ̄), q<sub>p</sub> = 1/σ<sub>p</sub> when
 * standardized (σ with T − 1; a constant parameter gets q = 0 and drops out, see {@link ParameterStatistics}),
 * else 1. M is the T×P matrix of the rows; it is never formed.
 *
 * <p><b>Gram matrix.</b> G = MMᵀ is accumulated in double by {@link GramMatrix} from the rows
 * y<sub>t</sub> = (θ<sub>t</sub> − s)·q with the shift s = θ<sub>T</sub> (or the mean μ when standardized about
 * the mean), so that no precision is lost to cancellation between ‖θ‖² and the small differences of a
 * trajectory. For the final reference s = c and G is the Gram matrix of the rows (its last row and column are
 * exactly 0: the final snapshot minus itself). For the mean reference the rows are centred algebraically:
 * G<sub>c</sub> = JGJ, J = I − 11ᵀ/T (exact whatever the common shift).
 *
 * <p><b>Decomposition.</b> G = UΛUᵀ (Commons Math {@code EigenDecomposition} of the symmetric T×T matrix),
 * λ<sub>1</sub> ≥ λ<sub>2</sub> ≥ ... Since M = UΛ<sup>½</sup>Dᵀ is M's thin SVD, the principal directions are
 * d<sub>i</sub> = Mᵀu<sub>i</sub>/√λ<sub>i</sub>, computed in a second streaming pass as
 * Σ<sub>t</sub>(u<sub>ti</sub>/√λ<sub>i</sub>)·y<sub>t</sub> (minus (Σ<sub>t</sub>u<sub>ti</sub>)·ȳ/√λ<sub>i</sub> for the mean
 * reference, which is 0 up to rounding), accumulated in double in k P-vectors, and the coordinates of the
 * snapshots are x<sub>t</sub>·d<sub>i</sub> = (Md<sub>i</sub>)<sub>t</sub> = √λ<sub>i</sub>u<sub>ti</sub>. Components whose
 * eigenvalue is below {@value #RELATIVE_CUTOFF}·λ<sub>1</sub> are rounding noise of G (their directions would
 * be amplified noise) and are not returned: a trajectory spanning r &lt; k dimensions yields r components.
 *
 * <p><b>Signs.</b> Each component is negated if needed so that its entry of largest magnitude (the first, on a
 * tie) is positive: the convention of scikit-learn's {@code svd_flip(u_based_decision=False)}, used by its
 * {@code IncrementalPCA} and, since 1.5, by its {@code PCA} (earlier {@code PCA} made the largest entry of each
 * column of U positive instead). {@link IncrementalPca} uses the same convention, so the two agree.
 *
 * <p><b>Variance.</b> See {@link PcaResult}: λ<sub>i</sub>/(T − 1) and λ<sub>i</sub>/trace(G).
 *
 * <p><b>Cost.</b> Reads ≈ T²/(2B) + T/2 (Gram, B = {@link PcaSettings#blockRows()}) + T (components) + T
 * (statistics, when standardized); multiply-adds ≈ T²P/2 + kTP + O(T³), the P-long ones as BLAS {@code dgemm}
 * on blocks of rows ({@link GramMatrix}); memory 2·B·P doubles off the heap (B shrunk to keep them within 256 MiB)
 * + (k + 1)·P doubles off the heap + (k + 3)·P doubles on it + T².
 *
 * <p>References: Li, Xu, Taylor, Studer, Goldstein, "Visualizing the loss landscape of neural nets", NeurIPS 2018;
 * Jolliffe, "Principal Component Analysis", 2nd ed., 2002 (the Gram-matrix route, §3.5).
 */
public final class ExactPca {

    private static final Logger LOG = LoggerFactory.getLogger(ExactPca.class);

    /** Eigenvalues below this fraction of the largest are not components (rounding noise of G). */
    public static final double RELATIVE_CUTOFF = 1e-12;

    private ExactPca() {
    }

    /**
     * @param source   the snapshots, already selected ({@link SnapshotSource#select}); at least 2
     * @param settings k, reference, standardization, block size
     * @param progress told after every snapshot read ({@code statistics}, {@code gram}, {@code components})
     * @return the PCA, or empty if the eigen-decomposition did not converge
     * @throws IllegalArgumentException                  if there are fewer than 2 snapshots
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted (between reads)
     */
    public static Optional<PcaResult> compute(SnapshotSource source, PcaSettings settings, TrajectoryProgress progress)
            throws IOException {
        int t = source.count();
        int p = source.parameterCount();
        if (t < 2) {
            throw new IllegalArgumentException("a PCA of a trajectory needs at least 2 snapshots, got " + t);
        }
        long[] iterations = source.iterations();
        ParameterStatistics stats = settings.standardize() ? ParameterStatistics.compute(source, progress) : null;
        double[] q = stats == null ? null : stats.inverseStd();
        double[] weights = null;
        if (q != null) {
            weights = new double[p];
            for (int i = 0; i < p; i++) {
                weights[i] = q[i] * q[i];
            }
        }
        boolean mean = settings.reference() == Reference.MEAN;
        double[] shift = mean && stats != null ? stats.mean() : Kernels.toDouble(source.read(t - 1));
        double[][] g = GramMatrix.compute(source, shift, weights, settings.blockRows(), progress);
        weights = null;
        if (mean) {
            g = GramMatrix.centre(g);
        }
        double trace = 0;
        for (int i = 0; i < t; i++) {
            trace += g[i][i];
        }
        if (!Double.isFinite(trace)) {
            throw new IllegalArgumentException("the snapshots hold non-finite values (NaN or ±∞: a diverged run?);"
                    + " select the snapshots before the divergence");
        }
        Optional<SymmetricEigen.Pairs> eig = SymmetricEigen.all(g);
        if (eig.isEmpty()) {
            return Optional.empty();
        }
        double[] lambda = eig.get().values();
        int r = 0;
        while (r < Math.min(settings.components(), t) && lambda[r] > 0 && lambda[r] > RELATIVE_CUTOFF * lambda[0]) {
            r++;
        }
        if (r < settings.components()) {
            LOG.warn("the {} snapshots span {} dimensions (eigenvalues of the Gram matrix above {} of the largest):"
                    + " returning {} of the {} components asked for", t, r, RELATIVE_CUTOFF, r, settings.components());
        }
        double[][] u = new double[r][];
        double[] sigma = new double[r];
        for (int i = 0; i < r; i++) {
            u[i] = eig.get().vectors()[i].clone();
            sigma[i] = Math.sqrt(lambda[i]);
        }
        // d_i = Σ_k (u_ik/σ_i)·y_k and, for the mean reference, Σ_k y_k: block rows times a small coefficient
        // matrix, accumulated by dgemm (β = 1) into an (r + 1) × P matrix of doubles
        int extra = mean ? 1 : 0;
        double[][] coefficients = new double[r + extra][t];
        for (int i = 0; i < r; i++) {
            for (int k = 0; k < t; k++) {
                coefficients[i][k] = u[i][k] / sigma[i];
            }
        }
        if (mean) {
            java.util.Arrays.fill(coefficients[r], 1.0);
        }
        int block = Math.min(RowBlock.rowsWithinBudget(settings.blockRows(), p), t);
        RowBlock rows = new RowBlock(block, p);
        INDArray sums;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            sums = Nd4j.create(DataType.DOUBLE, r + extra, p);
            for (int k0 = 0; k0 < t; k0 += block) {
                int k1 = Math.min(t, k0 + block);
                for (int k = k0; k < k1; k++) {
                    Cancellation.check("the PCA components");
                    float[] row = source.read(k);
                    GramMatrix.checkLength(row, p, k);
                    rows.put(k - k0, row, shift, q);
                    progress.update("components", k + 1, t);
                }
                double[][] c = new double[r + extra][k1 - k0];
                for (int i = 0; i < r + extra; i++) {
                    System.arraycopy(coefficients[i], k0, c[i], 0, k1 - k0);
                }
                Nd4j.gemm(Nd4j.createFromArray(c), rows.rows(k1 - k0), sums, false, false, 1.0, 1.0);
            }
        }
        double[] sum = mean ? sums.getRow(r).toDoubleVector() : null;
        double[][] d = new double[r][];
        for (int i = 0; i < r; i++) {
            d[i] = sums.getRow(i).toDoubleVector();
        }
        sums.close();
        if (mean) {
            for (int i = 0; i < r; i++) {
                double uSum = 0;
                for (int k = 0; k < t; k++) {
                    uSum += u[i][k];
                }
                Kernels.axpy(-uSum / sigma[i] / t, sum, d[i]);
            }
        }
        float[] center;
        if (!mean) {
            center = source.read(t - 1).clone();
        } else if (stats != null) {
            center = Kernels.toFloat(stats.mean());
        } else {
            double[] c = new double[p];
            for (int i = 0; i < p; i++) {
                c[i] = shift[i] + sum[i] / t;
            }
            center = Kernels.toFloat(c);
        }
        float[][] components = new float[r][];
        double[][] coordinates = new double[t][r];
        double[] variance = new double[r];
        double[] ratio = new double[r];
        for (int i = 0; i < r; i++) {
            int at = Kernels.argMaxAbs(d[i]);
            double sign = d[i][at] < 0 ? -1 : 1;
            float[] component = new float[p];
            for (int j = 0; j < p; j++) {
                component[j] = (float) (sign * d[i][j]) + 0.0f; // no −0: excluded entries read 0
            }
            components[i] = component;
            d[i] = null;
            for (int k = 0; k < t; k++) {
                coordinates[k][i] = sign * sigma[i] * u[i][k];
            }
            variance[i] = lambda[i] / (t - 1);
            ratio[i] = lambda[i] / trace;
        }
        int[] indices = new int[t];
        for (int k = 0; k < t; k++) {
            indices[k] = source.sourceIndex(k);
        }
        float[] std = stats == null ? null : Kernels.toFloat(stats.std());
        PcaResult result = new PcaResult(settings.reference(), settings.standardize(), indices, iterations, center, std,
                components, sigma, variance, ratio, trace / (t - 1), coordinates);
        LOG.info("PCA of {} snapshots (P = {}, reference {}, standardized {}): {}", t, p,
                settings.reference().label(), settings.standardize(), java.util.Arrays.toString(ratio));
        return Optional.of(result);
    }
}
