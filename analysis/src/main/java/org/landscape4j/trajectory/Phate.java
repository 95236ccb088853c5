package org.landscape4j.trajectory;

import java.util.Optional;

/**
 * PHATE, "potential of heat-diffusion for affinity-based trajectory embedding" (Moon, van Dijk, Wang et al.,
 * "Visualizing structure and transitions in high-dimensional biological data", Nature Biotechnology 37, 1482–1492,
 * 2019): a non-linear picture of the snapshots that keeps both the local neighbourhoods and the global shape of the
 * path (progressions, branches, clusters), for comparison with the PCA plane. From the snapshots' Euclidean distances:
 * <ol>
 *   <li>the α-decaying kernel K with bandwidth the distance to the k-th neighbour ({@link AlphaDecayKernel});</li>
 *   <li>the Markov matrix P = D<sup>−1</sup>K of a random walk on it ({@link DiffusionOperator});</li>
 *   <li>the diffusion time t, given, or at the knee of the von Neumann entropy of P<sup>t</sup>
 *       ({@link VonNeumannEntropy}, as the {@code phate} package's {@code t="auto"});</li>
 *   <li>P<sup>t</sup>: from the eigen-decomposition of the symmetric conjugate D<sup>−½</sup>KD<sup>−½</sup> when t
 *       is automatic (the spectrum is needed anyway), else by repeated squaring;</li>
 *   <li>the log potential U = −log(P<sup>t</sup> + 10<sup>−7</sup>) and the potential distances
 *       ‖U<sub>i</sub> − U<sub>j</sub>‖ ({@link DiffusionPotential});</li>
 *   <li>classical MDS of those distances ({@link ClassicalMds}), then metric MDS by SMACOF from there
 *       ({@link Smacof}); the result rotated to its principal axes, signs by the package's convention.</li>
 * </ol>
 * Deterministic (no random start, no landmarks, no random PCA). Differences from {@code phate} 1.0 with its defaults,
 * which a comparison should know: phate first reduces the data to 100 principal components by randomized PCA
 * (here the exact distances; the same when the snapshots span at most 100 dimensions, T ≤ 101), uses 2000 landmarks
 * above 2000 points (here the full operator), solves metric MDS by SGD unless {@code mds_solver="smacof"}, starts it
 * from an unscaled classical MDS (axes u<sub>j</sub>·2|λ<sub>j</sub>| rather than u<sub>j</sub>·√λ<sub>j</sub>) and
 * finally maps it onto that start by a Procrustes fit (normalised scale); the automatic t's spectrum differs as
 * {@link VonNeumannEntropy} says.
 *
 * <p>Cost: O(T³) time (the eigen-decomposition or ⌈log₂t⌉ to 2⌈log₂t⌉ BLAS products of T×T matrices, and the potential
 * distances' Gram matrix), O(T²·d) per SMACOF iteration, a few T×T matrices of memory (T = 3000: 72 MB each).
 * Reports its stages ({@code kernel}, {@code spectrum}, {@code diffusion}, {@code potential}, {@code mds},
 * {@code smacof}) to a {@link TrajectoryProgress}; stops with a {@link java.util.concurrent.CancellationException}
 * when the calling thread is interrupted (checked between rows, products and iterations; not inside the single
 * LAPACK call of the {@code spectrum} stage, which for T = 3000 takes a minute or so on one core).
 */
public final class Phate {

    /** The fewest snapshots PHATE embeds. */
    public static final int MIN_SNAPSHOTS = 3;

    private Phate() {
    }

    /**
     * @param squaredDistances the snapshots' squared Euclidean distances, T×T (e.g. {@link GramMatrix#squaredDistances})
     * @param settings         k ≤ T − 1 and d ≤ T among them
     * @param progress         told of each stage
     * @return the embedding, or empty if an eigen-decomposition did not converge
     * @throws IllegalArgumentException for fewer than {@value #MIN_SNAPSHOTS} snapshots, k ≥ T, d &gt; T, or a
     *                                  distance that is not finite, negative, or asymmetric (the message names it)
     */
    public static Optional<PhateResult> embed(double[][] squaredDistances, PhateSettings settings,
                                              TrajectoryProgress progress) {
        int t = squaredDistances.length;
        if (t < MIN_SNAPSHOTS) {
            throw new IllegalArgumentException("PHATE needs at least " + MIN_SNAPSHOTS + " snapshots, got " + t);
        }
        if (settings.neighbours() >= t) {
            throw new IllegalArgumentException("PHATE of " + t + " snapshots takes 1 to " + (t - 1)
                    + " neighbours, got " + settings.neighbours());
        }
        if (settings.dimensions() > t) {
            throw new IllegalArgumentException("an embedding of " + t + " snapshots has 1 to " + t
                    + " dimensions, got " + settings.dimensions());
        }
        AlphaDecayKernel.checkDistances(squaredDistances);

        progress.update("kernel", 0, 1);
        DiffusionOperator operator = new DiffusionOperator(AlphaDecayKernel.kernel(squaredDistances,
                settings.neighbours(), settings.alpha(), settings.threshold()));
        progress.update("kernel", 1, 1);

        int time = settings.diffusionTime();
        double[] entropy = new double[0];
        double[][] diffused;
        if (settings.automaticDiffusionTime()) {
            progress.update("spectrum", 0, 1);
            Optional<SymmetricEigen.Pairs> spectrum = operator.spectrum();
            if (spectrum.isEmpty()) {
                return Optional.empty();
            }
            progress.update("spectrum", 1, 1);
            entropy = VonNeumannEntropy.entropy(spectrum.get().values(), settings.maxDiffusionTime());
            time = VonNeumannEntropy.knee(entropy);
            Cancellation.check("PHATE");
            diffused = operator.power(spectrum.get(), time);
        } else {
            diffused = operator.power(time, progress);
        }

        progress.update("potential", 0, 1);
        DiffusionPotential.toPotential(diffused);
        Cancellation.check("PHATE");
        double[][] potentialDistances = DiffusionPotential.squaredDistances(diffused);
        diffused = null;
        progress.update("potential", 1, 1);

        progress.update("mds", 0, 1);
        Optional<Embedding> start = ClassicalMds.embed("phate", potentialDistances, settings.dimensions());
        if (start.isEmpty()) {
            return Optional.empty();
        }
        progress.update("mds", 1, 1);
        for (double[] row : potentialDistances) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.sqrt(row[j]);
            }
        }
        Smacof.Result fit = Smacof.fit(potentialDistances, start.get().coordinates(), settings.maxIterations(),
                settings.tolerance(), progress);
        Optional<Embedding> embedding = principalAxes(fit.coordinates());
        if (embedding.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new PhateResult(embedding.get(), settings, time, entropy, fit.iterations(),
                fit.converged(), fit.finalStress(), fit.normalisedStress()));
    }

    /**
     * @param x T × d
     * @return x centred and rotated onto the eigenvectors of XᵀX (descending), each axis signed so that its entry of
     *         largest magnitude is positive; eigenvalues Σ<sub>i</sub> y<sub>ij</sub>²
     */
    static Optional<Embedding> principalAxes(double[][] x) {
        int t = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            for (int a = 0; a < d; a++) {
                mean[a] += row[a] / t;
            }
        }
        double[][] centred = new double[t][d];
        double[][] scatter = new double[d][d];
        for (int i = 0; i < t; i++) {
            for (int a = 0; a < d; a++) {
                centred[i][a] = x[i][a] - mean[a];
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    scatter[a][b] += centred[i][a] * centred[i][b];
                }
            }
        }
        Optional<SymmetricEigen.Pairs> axes = SymmetricEigen.all(scatter);
        if (axes.isEmpty()) {
            return Optional.empty();
        }
        double[][] y = new double[t][d];
        double[] squares = new double[d];
        double[] column = new double[t];
        for (int j = 0; j < d; j++) {
            double[] v = axes.get().vectors()[j];
            for (int i = 0; i < t; i++) {
                column[i] = Kernels.dot(centred[i], v);
            }
            double sign = column[Kernels.argMaxAbs(column)] < 0 ? -1 : 1;
            for (int i = 0; i < t; i++) {
                y[i][j] = sign * column[i];
                squares[j] += column[i] * column[i];
            }
        }
        return Optional.of(new Embedding("phate", y, squares));
    }
}
