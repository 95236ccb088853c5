package org.landscape4j.trajectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
 * μ' = (n·μ + Σ<sub>t</sub>x<sub>t</sub>)/(n + b), S' = S + ‖X − x̄‖²<sub>F</sub> + nb/(n+b)·‖μ − x̄‖² (Chan, Golub,
 * LeVeque 1983), n' = n + b.
 *
 * <p><b>Representation: rotations and products deferred.</b> The components are held as V = C·B: B is a basis of
 * q = k + m rows of P doubles ({@link IncrementalBasis}): k <em>held</em> rows (the components as of the last
 * compaction, zero beyond r) and m <em>added</em> rows, the rows Y = [X − x̄ ; √(nb/(n+b))·(μ − x̄)] of the updates
 * since; G = BBᵀ (q × q) and C (r × q) are small. An update only forms its rows and μ' in one pass over P
 * ({@link NewRows}: reads θ and μ, writes the rows and μ'), checks that ‖Y‖² is finite, and appends; it is
 * <em>pending</em>. Pending updates are <em>folded in</em> when anything of the model but n ({@link #samples()}) is
 * read, and when B is full:
 * one {@code dgemm} B·Y<sub>new</sub>ᵀ extends G for all pending rows at once (reading B once for several updates,
 * where an eager update read it once per update), then each pending update in order does the rest on small matrices,
 * exactly the eager algebra: with A = A<sub>c</sub>B, A<sub>c</sub> = [diag(s)·C ; rows of its Y], the Gram matrix
 * is AAᵀ = A<sub>c</sub>GA<sub>c</sub>ᵀ, C' = Λ<sup>−½</sup>UᵀA<sub>c</sub>, and S' adds the squared lengths of its
 * rows (diagonal entries of G). When B is full, and when the components are read or saved, B is <em>compacted</em>:
 * the held rows ← C·B (by column panels), G ← CGCᵀ, C ← [I 0], m ← 0. μ, being P doubles needed by the next
 * update's rows, is updated eagerly.
 *
 * <p>Exact arithmetic gives the same results whenever folds and compactions happen, identical to updating eagerly
 * and to scikit-learn's; in floating point they differ at rounding level (~1e-15 relative), so reading the model
 * between updates may change later results in their last bits (a saved state resumes bit for bit: {@link #save}).
 * Cost per update of b = 1, for R = {@value #RESERVE} updates between compactions: the pass over P (θ, μ read; y,
 * μ' written: 3.5 P-double transfers), and amortized (k + R)/R rows read by the fold's product and (k + R)/R read
 * and k/R written by the compaction: with k = 10, 8.5 P-double transfers, where updating eagerly made about 28 (six
 * to form y, k + R/2 + 1 for its products with the basis, three for μ, three for the compactions); multiply-adds
 * (k + R/2)·P in the fold's {@code dgemm} and k(k + R)/R·P in the compaction. Memory: (k + {@value #RESERVE})·P doubles off the heap for B (more rows while a batch of b &gt;
 * {@value #RESERVE} − 1 needs them), 2·P doubles on the heap for μ and μ', and column-panel scratch.
 * The Gram route squares the condition number, as the naive update's did: a component whose singular value is
 * 10<sup>−4</sup> of the largest has a relative error near 10<sup>−8</sup>, against 10<sup>−16</sup> for
 * scikit-learn's SVD of A.
 *
 * <p><b>Failures.</b> An update whose rows hold a non-finite value (θ with NaN or ±∞) is refused at once with an
 * {@link IllegalArgumentException}, the model unchanged, as before the deferral. The small eigen-decomposition of an
 * update runs when it is folded in, so its failure (Commons Math's QL iteration not converging on a ≤ (k + b + 1)²
 * symmetric matrix of finite values; never observed) is found then, not by {@code update}: that update is left out,
 * with a warning, exactly as if it had never been given (what {@code update} returning false meant before): the
 * later pending updates are folded in as the eager algorithm would have computed them without it (their rows are
 * re-expressed in the basis on small matrices), μ is corrected, n does not count it, and
 * {@link #droppedUpdates()} names it. So {@code update} returns true for every batch it accepts.
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
 * <p><b>Persistence.</b> {@link #save(Path)} folds in, compacts, writes the state as a vector table, and
 * {@link #load(Path)} reads it back bit for bit: the saved object and the loaded one give identical results for any
 * further snapshots ({@link IncrementalPcaState}). Not thread-safe.
 */
public final class IncrementalPca {

    private static final Logger LOG = LoggerFactory.getLogger(IncrementalPca.class);

    /**
     * Added rows between two compactions: the updates of b = 1 one fold covers (a batch of b needs b + 1 rows); the
     * basis holds k + RESERVE rows of P doubles.
     */
    public static final int RESERVE = 10;

    private final int parameterCount;
    private final int maxComponents;
    private final NewRows newRows;

    // The model as of the last fold.
    private long samples;
    private double[] singularValues = new double[0];
    private double[][] coefficients = new double[0][];    // C: r × (k + folded)
    private double[][] gram;                              // G: (k + folded)², the held rows then the folded added rows
    private double squaredDeviation;

    // Eager: every accepted update.
    private double[] mean;                                // μ of the accepted snapshots, null before the first
    private double[] nextMean;
    private long accepted;
    private final List<Pending> pending = new ArrayList<>();
    private IncrementalBasis basis;
    private int added;                                    // m: added rows in use
    private int folded;                                   // added rows whose Gram entries are in G
    private boolean compact = true;                       // m = 0 and C = [I 0]
    private long updates;
    private final List<Long> dropped = new ArrayList<>();
    private Function<double[][], Optional<SymmetricEigen.Pairs>> eigen = SymmetricEigen::all;

    /**
     * An update not yet folded in.
     *
     * @param ordinal    which accepted update it was (1 = the first)
     * @param size       b
     * @param firstRow   its first added row
     * @param rows       its added rows: b rows X − x̄ when b &gt; 1, then the correction row when n &gt; 0
     * @param before     n when it was accepted
     * @param factor     √(nb/(n + b)) of its correction row
     * @param correction whether it has the correction row (n &gt; 0)
     */
    private record Pending(long ordinal, int size, int firstRow, int rows, long before, double factor,
                           boolean correction) {
    }

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
        this.newRows = new NewRows(parameterCount);
        this.gram = new double[maxComponents][maxComponents];
    }

    /**
     * Restores a state ({@link IncrementalPcaState}): the held rows are the components (signed), C = [I 0]. The
     * arrays are taken, not copied.
     *
     * @param gram the components' Gram matrix as the saved object held it, or null for I (an older file)
     */
    IncrementalPca(int parameterCount, int maxComponents, long samples, double[] mean, double[][] components,
                   double[] singularValues, double squaredDeviation, double[][] gram) {
        this(parameterCount, maxComponents);
        int r = components.length;
        this.samples = samples;
        this.accepted = samples;
        this.mean = mean;
        if (r > 0) {
            basis = new IncrementalBasis(parameterCount, maxComponents, RESERVE);
            for (int i = 0; i < r; i++) {
                basis.setRow(i, components[i]);
            }
        }
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < r; j++) {
                this.gram[i][j] = gram != null ? gram[i][j] : (i == j ? 1 : 0);
            }
        }
        this.coefficients = leading(r, maxComponents);
        this.singularValues = singularValues;
        this.squaredDeviation = squaredDeviation;
    }

    /**
     * Adds one snapshot.
     *
     * @return true: the snapshot is accepted (see {@link #update(float[][])})
     */
    public boolean update(float[] snapshot) {
        return update(new float[][] {snapshot});
    }

    /**
     * Adds a batch of b ≥ 1 snapshots: forms its rows and the new mean, and leaves the rest to the next fold (see the
     * class notes).
     *
     * @param batch b rows of P floats, not kept
     * @return true: the batch is accepted. (The eager version returned false when the small eigen-decomposition
     *         failed; that is now found when the batch is folded in, and reported by {@link #droppedUpdates()}.)
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
        if (nextMean == null) {
            nextMean = new double[parameterCount];
        }
        if (added > 0 && added + rowsOf(b) > Math.max(RESERVE, rowsOf(b))) {
            if (!allFinite(batch)) {                            // before the compaction: a refused batch changes nothing
                refuseNonFinite(Double.NaN);
            }
            compact();                                          // B is full; the fold may change n (see Failures)
        }
        if (accepted == 0 && b == 1) {                         // the first snapshot: μ = θ, nothing to fold
            double squares = newRows.first(batch[0], nextMean);
            refuseNonFinite(squares);
            swapMean();
            accepted = 1;
            samples = 1;
            updates++;
            return true;
        }
        boolean correction = accepted > 0;
        int rows = rowsOf(b);
        if (basis == null) {
            basis = new IncrementalBasis(parameterCount, maxComponents, Math.max(RESERVE, rows));
        } else {
            basis.ensureCapacity(added + rows, added);
        }
        double factor = correction ? Math.sqrt((double) accepted * b / (accepted + b)) : 0;
        int at = basis.addedRow(added) * parameterCount;
        double squares = b == 1
                ? newRows.single(batch[0], mean, nextMean, accepted, factor, basis.values(), at)
                : newRows.batch(batch, correction ? mean : null, nextMean, accepted, factor, basis.values(), at);
        refuseNonFinite(squares);
        swapMean();
        updates++;
        pending.add(new Pending(updates, b, added, rows, accepted, factor, correction));
        added += rows;
        accepted += b;
        compact = false;
        return true;
    }

    /**
     * @return the added rows of a batch of b: b rows X − x̄ when b &gt; 1, and the correction row when n &gt; 0. B is
     *         compacted before an update whose rows would take the rows in use beyond max({@value #RESERVE}, its rows):
     *         a rule on the model alone, not on the buffer, so that a saved and a loaded object compact at the same
     *         updates
     */
    private int rowsOf(int b) {
        return (b > 1 ? b : 0) + (accepted > 0 ? 1 : 0);
    }

    private static void refuseNonFinite(double squares) {
        if (!Double.isFinite(squares)) {
            throw new IllegalArgumentException("the batch holds non-finite values (NaN or ±∞: a diverged run?); the"
                    + " incremental PCA was not updated");
        }
    }

    /** @return false if a value is NaN or ±∞ (its exponent bits all set), from the largest exponent field seen */
    private static boolean allFinite(float[][] batch) {
        int largest = 0;
        for (float[] row : batch) {
            for (float v : row) {
                largest = Math.max(largest, Float.floatToRawIntBits(v) & 0x7f800000);
            }
        }
        return largest != 0x7f800000;
    }

    private void swapMean() {
        double[] previous = mean;
        mean = nextMean;
        nextMean = previous;
    }

    /**
     * Folds the pending updates in: their Gram entries by one product, then each update's small algebra in order
     * (see the class notes, also for what a failed decomposition does).
     */
    private void fold() {
        if (pending.isEmpty()) {
            return;
        }
        int k = maxComponents;
        int q = k + added;
        double[][] cross = basis.crossProducts(folded, added);   // (k + m) × (m − folded)
        double[][] g = new double[q][q];
        for (int i = 0; i < gram.length; i++) {
            System.arraycopy(gram[i], 0, g[i], 0, gram.length);
        }
        for (int l = 0; l < added - folded; l++) {
            int column = k + folded + l;
            for (int i = 0; i < q; i++) {
                g[i][column] = cross[i][l];
                g[column][i] = cross[i][l];
            }
        }
        for (int l = folded; l < added; l++) {                  // the new block from one triangle: symmetric
            for (int l2 = folded; l2 < l; l2++) {
                g[k + l2][k + l] = g[k + l][k + l2];
            }
        }
        gram = g;
        replay(q);
        pending.clear();
        folded = added;
    }

    /** The small algebra of the pending updates, in order, with the eager algorithm's numbers. */
    private void replay(int q) {
        int k = maxComponents;
        double[][] c = widen(coefficients, q);
        double[] s = singularValues;
        double deviation = squaredDeviation;
        long n = samples;
        double[] meanAll = new double[q];      // μ − m₀ had every pending update been folded in (as the rows were formed)
        double[] meanKept = new double[q];     // μ − m₀ of the updates kept
        boolean anyDropped = false;
        for (Pending update : pending) {
            int xRows = update.size() > 1 ? update.size() : 0;
            int correctionRow = k + update.firstRow() + xRows;
            double[] batchMean = meanAll.clone();                 // x̄ − m₀ = (μ − m₀) − row/f
            if (update.correction()) {
                batchMean[correctionRow] -= 1 / update.factor();
            }
            List<double[]> rows = new ArrayList<>();
            for (int l = 0; l < xRows; l++) {
                rows.add(unit(q, k + update.firstRow() + l));
            }
            if (!anyDropped) {
                if (update.correction()) {
                    rows.add(unit(q, correctionRow));
                }
            } else if (n > 0) {                                   // re-expressed without the dropped updates
                double f = Math.sqrt((double) n * update.size() / (n + update.size()));
                double[] row = new double[q];
                for (int j = 0; j < q; j++) {
                    row[j] = f * (meanKept[j] - batchMean[j]);
                }
                rows.add(row);
            }
            Step step = step(c, s, rows);
            if (step != null) {
                c = step.coefficients();
                s = step.singularValues();
                deviation += step.addedDeviation();
                if (n == 0) {
                    meanKept = batchMean.clone();
                } else {
                    double beta = (double) update.size() / (n + update.size());
                    for (int j = 0; j < q; j++) {
                        meanKept[j] += beta * (batchMean[j] - meanKept[j]);
                    }
                }
                n += update.size();
            } else {
                anyDropped = true;
                dropped.add(update.ordinal());
                LOG.warn("incremental PCA: the eigen-decomposition of the update matrix of update {} (a batch of {})"
                        + " failed; that batch is left out, as if it had not been given", update.ordinal(),
                        update.size());
            }
            if (update.before() == 0) {
                meanAll = batchMean;
            } else {
                double beta = (double) update.size() / (update.before() + update.size());
                for (int j = 0; j < q; j++) {
                    meanAll[j] += beta * (batchMean[j] - meanAll[j]);
                }
            }
        }
        if (anyDropped) {
            if (n == 0) {
                mean = null;
            } else {
                double[] weights = new double[added];
                for (int j = 0; j < added; j++) {
                    weights[j] = meanKept[k + j] - meanAll[k + j];
                }
                basis.addCombination(weights, mean);
            }
        }
        coefficients = c;
        singularValues = s;
        squaredDeviation = deviation;
        samples = n;
        accepted = n;
    }

    /** The small algebra of one update: its C', s', and the squared length of its rows. */
    private record Step(double[][] coefficients, double[] singularValues, double addedDeviation) {
    }

    /** @return the update with these added rows (coefficient vectors over the basis), or null if it failed */
    private Step step(double[][] c, double[] s, List<double[]> rows) {
        int r = s.length;
        int m = r + rows.size();
        int q = gram.length;
        double[][] ac = new double[m][];                      // A = A_c·B
        for (int i = 0; i < r; i++) {
            ac[i] = new double[q];
            for (int j = 0; j < q; j++) {
                ac[i][j] = s[i] * c[i][j];
            }
        }
        for (int l = 0; l < rows.size(); l++) {
            ac[r + l] = rows.get(l);
        }
        if (m == 0) {
            return new Step(new double[0][], new double[0], 0);
        }
        double[][] small = Kernels.congruence(ac, gram);      // A Aᵀ = A_c G A_cᵀ
        double addedDeviation = 0;
        for (int l = 0; l < rows.size(); l++) {
            addedDeviation += small[r + l][r + l];
        }
        Optional<SymmetricEigen.Pairs> eig = eigen.apply(small);
        if (eig.isEmpty()) {
            return null;
        }
        double[] lambda = eig.get().values();
        int kept = 0;
        while (kept < Math.min(maxComponents, m) && lambda[kept] > 0
                && lambda[kept] > ExactPca.RELATIVE_CUTOFF * lambda[0]) {
            kept++;
        }
        double[] sigma = new double[kept];
        double[][] next = new double[kept][q];                // C' = Λ^(−½)·Uᵀ·A_c
        for (int j = 0; j < kept; j++) {
            sigma[j] = Math.sqrt(lambda[j]);
            double[] uj = eig.get().vectors()[j];
            for (int l = 0; l < m; l++) {
                double w = uj[l] / sigma[j];
                if (w != 0) {
                    Kernels.axpy(w, ac[l], next[j]);
                }
            }
        }
        return new Step(next, sigma, addedDeviation);
    }

    /**
     * Folds in, then: held rows ← C·B (all rows in use), G ← CGCᵀ, C ← [I 0], no added rows. Signs are not applied
     * (they are read from the held rows when wanted).
     */
    private void compact() {
        fold();
        if (compact) {
            return;
        }
        int k = maxComponents;
        int r = singularValues.length;
        int q = k + added;
        double[][] c = new double[k][];
        for (int i = 0; i < k; i++) {
            c[i] = i < r ? Arrays.copyOf(coefficients[i], q) : new double[q];
        }
        if (basis != null) {
            basis.compact(c, added);
        }
        gram = Kernels.congruence(c, gram);
        coefficients = leading(r, k);
        added = 0;
        folded = 0;
        compact = true;
    }

    /** @return +1 or −1: the sign that makes held row i's entry of largest magnitude positive (after a compaction) */
    private double sign(int i) {
        return basis.get(i, basis.largestEntry(i)) < 0 ? -1 : 1;
    }

    /** After {@link #compact}: negates the held rows whose sign is −1, so that they are the signed components. */
    private void absorbSigns() {
        compact();
        for (int i = 0; i < singularValues.length; i++) {
            if (sign(i) < 0) {
                basis.negateRow(i);                            // 0 − v: negated, with no −0
                for (int j = 0; j < gram.length; j++) {      // row and column i; the diagonal twice: unchanged
                    gram[i][j] = 0.0 - gram[i][j];
                    gram[j][i] = 0.0 - gram[j][i];
                }
            }
        }
    }

    private static double[][] widen(double[][] c, int q) {
        double[][] wide = new double[c.length][];
        for (int i = 0; i < c.length; i++) {
            wide[i] = Arrays.copyOf(c[i], q);
        }
        return wide;
    }

    /** @return [I<sub>r</sub> 0], r × k */
    private static double[][] leading(int r, int k) {
        double[][] c = new double[r][k];
        for (int i = 0; i < r; i++) {
            c[i][i] = 1;
        }
        return c;
    }

    private static double[] unit(int q, int at) {
        double[] e = new double[q];
        e[at] = 1;
        return e;
    }

    /** Replaces the small eigen-decomposition (tests of its failure, which Commons Math never shows on demand). */
    void eigenSolver(Function<double[][], Optional<SymmetricEigen.Pairs>> solver) {
        this.eigen = solver;
    }

    /** @return P */
    public int parameterCount() {
        return parameterCount;
    }

    /** @return k, the most components kept */
    public int maxComponents() {
        return maxComponents;
    }

    /**
     * @return n, the snapshots accepted, pending ones included; this read folds nothing in (it changes no later result).
     *         A pending update that its fold leaves out (see Failures) stops counting at that fold
     */
    public long samples() {
        return accepted;
    }

    /** @return r ≤ min(k, n − 1), the components held now (folds the pending updates in) */
    public int componentCount() {
        fold();
        return singularValues.length;
    }

    /**
     * @return the updates left out because their small eigen-decomposition failed when they were folded in, by
     *         ordinal (1 = the first update that {@code update} accepted), in order; empty when none (the usual case)
     */
    public List<Long> droppedUpdates() {
        fold();
        return List.copyOf(dropped);
    }

    /** @return μ, the mean of the snapshots seen (a copy) */
    public double[] mean() {
        requireSamples();
        return mean.clone();
    }

    /** @return component i (a copy of P doubles), a unit vector; compacts the basis first (see the class notes) */
    public double[] component(int i) {
        checkComponent(i);
        compact();
        double[] v = basis.row(i);
        int at = Kernels.argMaxAbs(v);
        if (v[at] < 0) {
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
        fold();
        return singularValues.clone();
    }

    /** @return s<sub>i</sub>²/(n − 1), scikit-learn's {@code explained_variance_} */
    public double[] explainedVariance() {
        fold();
        double[] v = new double[singularValues.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = singularValues[i] * singularValues[i] / (samples - 1);
        }
        return v;
    }

    /** @return s<sub>i</sub>²/S, scikit-learn's {@code explained_variance_ratio_} */
    public double[] explainedVarianceRatio() {
        fold();
        double[] v = new double[singularValues.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = singularValues[i] * singularValues[i] / squaredDeviation;
        }
        return v;
    }

    /** @return S/(n − 1), the total variance of the snapshots seen (NaN before 2) */
    public double totalVariance() {
        fold();
        return samples < 2 ? Double.NaN : squaredDeviation / (samples - 1);
    }

    /** @return S = Σ<sub>t</sub>‖θ<sub>t</sub> − μ‖², the total squared deviation */
    public double squaredDeviation() {
        fold();
        return squaredDeviation;
    }

    /**
     * @param theta P floats
     * @return (θ − μ)·v<sub>i</sub> for every component, scikit-learn's {@code transform}
     */
    public double[] project(float[] theta) {
        requireSamples();
        GramMatrix.checkLength(theta, parameterCount, 0);
        int r = singularValues.length;
        if (r == 0) {
            return new double[0];
        }
        compact();
        double[] centred = new double[parameterCount];
        for (int p = 0; p < parameterCount; p++) {
            centred[p] = theta[p] - mean[p];
        }
        double[] z = basis.times(r, centred);
        for (int i = 0; i < r; i++) {
            z[i] *= sign(i);
        }
        return z;
    }

    /**
     * Writes the state to a file (written beside it and renamed when complete), bit-exact: this object and the one
     * {@link #load} reads from the file hold the same numbers, so they give identical results for any further
     * snapshots. Folds in and compacts first (see the class notes).
     */
    public void save(Path file) throws IOException {
        fold();
        absorbSigns();
        IncrementalPcaState.write(file, this);
    }

    /** @return the state a {@link #save} wrote */
    public static IncrementalPca load(Path file) throws IOException {
        return IncrementalPcaState.read(file);
    }

    /** @return μ itself (not a copy: do not modify), or null before the first snapshot; folds in */
    double[] meanView() {
        fold();
        return mean;
    }

    /** @return the Gram matrix of the components as this object holds them (r × r, after {@link #save}'s compaction) */
    double[][] componentGram() {
        compact();
        int r = singularValues.length;
        double[][] g = new double[r][];
        for (int i = 0; i < r; i++) {
            g[i] = Arrays.copyOf(gram[i], r);
        }
        return g;
    }

    private void requireSamples() {
        fold();
        if (samples == 0) {
            throw new IllegalStateException("the incremental PCA has seen no snapshot yet");
        }
    }

    private void checkComponent(int i) {
        fold();
        if (i < 0 || i >= singularValues.length) {
            throw new IndexOutOfBoundsException("component " + i + " does not exist: the incremental PCA holds "
                    + singularValues.length + " components after " + samples + " snapshots");
        }
    }

    @Override
    public String toString() {
        fold();
        return "IncrementalPca[P=" + parameterCount + ", k=" + maxComponents + ", n=" + samples + ", r="
                + singularValues.length + ", s=" + Arrays.toString(singularValues) + "]";
    }
}
