package org.landscape4j.trajectory;

import java.io.IOException;
import java.util.Optional;
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
 * <p><b>Streaming.</b> The snapshots are read by column chunks of B parameters ({@link ColumnChunks}; from a
 * snapshots file a positional read of just those bytes of each snapshot): a chunk holds all T values of its
 * parameters, so the reference c (the final snapshot's values, or their mean) and σ are at hand for every parameter
 * of the chunk, and its rows x<sub>t</sub> are formed exactly ({@link CentredChunk}: no separate pass for the
 * statistics, no shift to undo) as a T×B matrix X of doubles. Two passes over the chunks:
 * <ol>
 *   <li><b>Gram matrix</b> G = MMᵀ, accumulated in double as G ← G + XXᵀ, one BLAS {@code dgemm} per chunk on a
 *       matrix that fits the cache ({@link GramMatrix.Accumulator}). For the final reference the last row and column
 *       of G are exactly 0 (the final snapshot minus itself); for the mean reference the rows are centred exactly,
 *       parameter by parameter, before any product.</li>
 *   <li><b>Components.</b> G = UΛUᵀ (Commons Math {@code EigenDecomposition} of the symmetric T×T matrix),
 *       λ<sub>1</sub> ≥ λ<sub>2</sub> ≥ ... Since M = UΛ<sup>½</sup>Dᵀ is M's thin SVD, the principal directions are
 *       d<sub>i</sub> = Mᵀu<sub>i</sub>/√λ<sub>i</sub>: the second pass forms each chunk's X again (the same
 *       arithmetic, so the same rows) and computes the chunk of every d<sub>i</sub> at once, D = (u<sub>ti</sub>/√λ<sub>i</sub>)ᵀ·X,
 *       one {@code dgemm} per chunk, stored as float as it comes (the sign is applied at the end, exactly).</li>
 * </ol>
 * The coordinates of the snapshots are x<sub>t</sub>·d<sub>i</sub> = (Md<sub>i</sub>)<sub>t</sub> = √λ<sub>i</sub>u<sub>ti</sub>.
 * Components whose eigenvalue is below {@value #RELATIVE_CUTOFF}·λ<sub>1</sub> are rounding noise of G (their
 * directions would be amplified noise) and are not returned: a trajectory spanning r &lt; k dimensions yields r
 * components (and none needs no second pass).
 *
 * <p><b>Signs.</b> Each component is negated if needed so that its entry of largest magnitude (the first, on a
 * tie) is positive: the convention of scikit-learn's {@code svd_flip(u_based_decision=False)}, used by its
 * {@code IncrementalPCA} and, since 1.5, by its {@code PCA} (earlier {@code PCA} made the largest entry of each
 * column of U positive instead). {@link IncrementalPca} uses the same convention, so the two agree.
 *
 * <p><b>Variance.</b> See {@link PcaResult}: λ<sub>i</sub>/(T − 1) and λ<sub>i</sub>/trace(G).
 *
 * <p><b>Cost.</b> Reads: every snapshot twice (once per pass), in T·⌈P/B⌉ positional reads of 4B bytes per pass;
 * multiply-adds T²P (the Gram matrix, by {@code dgemm}) + rTP (the components) + O(T³); memory T² doubles, the result
 * ((r + 1)·P floats, + P for σ when standardized), and one chunk: T×B floats on the heap, (T + r)×B doubles off it
 * (B from {@link PcaSettings#chunkColumns()}, by default a few MB of T×B doubles). Never T×P.
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
     * @param settings k, reference, standardization, chunk width
     * @param progress told after every chunk of a pass ({@code gram}, then {@code components}; done and total count
     *                 chunks)
     * @return the PCA, or empty if the eigen-decomposition did not converge
     * @throws IllegalArgumentException                  if there are fewer than 2 snapshots
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted (between chunks)
     */
    public static Optional<PcaResult> compute(SnapshotSource source, PcaSettings settings, TrajectoryProgress progress)
            throws IOException {
        int t = source.count();
        int p = source.parameterCount();
        if (t < 2) {
            throw new IllegalArgumentException("a PCA of a trajectory needs at least 2 snapshots, got " + t);
        }
        long[] iterations = source.iterations();
        ColumnChunks chunks = new ColumnChunks(source, settings.chunkColumns());
        CentredChunk rows = new CentredChunk(t, chunks.width(), settings.reference(), settings.standardize());
        float[] center = new float[p];
        float[] std = settings.standardize() ? new float[p] : null;
        float[][] components;
        double[] sigma;
        double[] lambda;
        double[][] u;
        double trace = 0;
        int r;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
             ChunkMatrix x = new ChunkMatrix(t, chunks.width(), chunks.width(chunks.count() - 1))) {
            double[][] g;
            try (GramMatrix.Accumulator gram = new GramMatrix.Accumulator(t)) {
                for (int j = 0; j < chunks.count(); j++) {
                    int n = chunks.width(j);
                    rows.form(chunks.read(j, "gram", progress), n, x, center, std, chunks.from(j));
                    gram.add(x.matrix(n));
                }
                g = gram.result();
            }
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
            lambda = eig.get().values();
            int found = 0;
            while (found < Math.min(settings.components(), t) && lambda[found] > 0
                    && lambda[found] > RELATIVE_CUTOFF * lambda[0]) {
                found++;
            }
            r = found;
            if (r < settings.components()) {
                LOG.warn("the {} snapshots span {} dimensions (eigenvalues of the Gram matrix above {} of the largest):"
                        + " returning {} of the {} components asked for", t, r, RELATIVE_CUTOFF, r,
                        settings.components());
            }
            u = new double[r][];
            sigma = new double[r];
            for (int i = 0; i < r; i++) {
                u[i] = eig.get().vectors()[i].clone();
                sigma[i] = Math.sqrt(lambda[i]);
            }
            components = r == 0 ? new float[0][] : components(chunks, rows, x, u, sigma, progress);
        }
        double[][] coordinates = new double[t][r];
        double[] variance = new double[r];
        double[] ratio = new double[r];
        for (int i = 0; i < r; i++) {
            double sign = components[i][largestEntry(components[i])] < 0 ? -1 : 1;
            if (sign < 0) {
                float[] component = components[i];
                for (int j = 0; j < p; j++) {
                    component[j] = -component[j] + 0.0f;   // negation is exact; no −0: excluded entries read 0
                }
            }
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
        PcaResult result = new PcaResult(settings.reference(), settings.standardize(), indices, iterations, center, std,
                components, sigma, variance, ratio, trace / (t - 1), coordinates);
        LOG.info("PCA of {} snapshots (P = {}, reference {}, standardized {}): {}", t, p,
                settings.reference().label(), settings.standardize(), java.util.Arrays.toString(ratio));
        return Optional.of(result);
    }

    /**
     * The second pass: d<sub>i</sub> = Σ<sub>t</sub>(u<sub>ti</sub>/σ<sub>i</sub>)·x<sub>t</sub>, chunk by chunk, as
     * D = C·X with C the r×T coefficients (one {@code dgemm} per chunk and per {@value SafeGemm#MAX_ROWS} components,
     * into a column-major matrix: {@link SafeGemm}), each chunk of D rounded to
     * float into the components as it comes (−0 made +0). The sign is left to the caller: it depends on the entry of
     * largest magnitude over all of P, and negating a float is exact.
     */
    private static float[][] components(ColumnChunks chunks, CentredChunk rows, ChunkMatrix x, double[][] u,
                                        double[] sigma, TrajectoryProgress progress) throws IOException {
        int r = u.length;
        int t = chunks.rows();
        int p = chunks.from(chunks.count() - 1) + chunks.width(chunks.count() - 1);
        double[][] coefficients = new double[r][t];
        for (int i = 0; i < r; i++) {
            for (int k = 0; k < t; k++) {
                coefficients[i][k] = u[i][k] / sigma[i];
            }
        }
        float[][] components = new float[r][p];
        int[][] blocks = SafeGemm.blocks(r);
        INDArray[] c = new INDArray[blocks.length];
        ChunkMatrix[] d = new ChunkMatrix[blocks.length];
        double[] out = new double[Math.min(r, SafeGemm.MAX_ROWS) * chunks.width()];
        try {
            for (int b = 0; b < blocks.length; b++) {
                c[b] = Nd4j.createFromArray(java.util.Arrays.copyOfRange(coefficients, blocks[b][0], blocks[b][1]));
                d[b] = new ChunkMatrix(blocks[b][1] - blocks[b][0], chunks.width(), chunks.width(chunks.count() - 1),
                        'f');
            }
            for (int j = 0; j < chunks.count(); j++) {
                int n = chunks.width(j);
                int at = chunks.from(j);
                rows.form(chunks.read(j, "components", progress), n, x, null, null, at);
                for (int b = 0; b < blocks.length; b++) {
                    SafeGemm.multiply(c[b], x.matrix(n), false, d[b].matrix(n), 0.0);
                    d[b].copyOut(n, out);
                    int rb = blocks[b][1] - blocks[b][0];
                    for (int i = 0; i < rb; i++) {
                        float[] component = components[blocks[b][0] + i];
                        for (int l = 0; l < n; l++) {
                            component[at + l] = (float) out[l * rb + i] + 0.0f;
                        }
                    }
                }
            }
        } finally {
            for (int b = 0; b < blocks.length; b++) {
                if (c[b] != null) {
                    c[b].close();
                }
                if (d[b] != null) {
                    d[b].close();
                }
            }
        }
        return components;
    }

    /**
     * @return the first index of the entry of largest magnitude of a stored (float) component: the sign convention
     *         holds for the vector returned. Rounding to float is monotonic, so this is the double vector's largest
     *         entry unless two entries round to the same float magnitude
     */
    private static int largestEntry(float[] v) {
        int best = 0;
        float max = -1;
        for (int j = 0; j < v.length; j++) {
            float a = Math.abs(v[j]);
            if (a > max) {
                max = a;
                best = j;
            }
        }
        return best;
    }
}
