package org.landscape4j.curvature;

/**
 * The settings of a {@link Lanczos} run.
 *
 * @param maxSteps          the most Lanczos steps (= operator products, and P-vectors of basis memory), ≥ 1;
 *                          capped at the domain's size d
 * @param tolerance         the relative residual tolerance τ &gt; 0 of the stopping criterion: every wanted Ritz
 *                          pair (θ, y) has ‖Ay − θy‖ ≤ τ·‖T‖₂ (see {@link Lanczos})
 * @param seed              the seed of the random starting vector (N(0, I) from {@code java.util.Random(seed)},
 *                          as {@code Directions.random})
 * @param largest           how many of the largest Ritz pairs must converge (and are returned), ≥ 0
 * @param smallest          how many of the smallest Ritz pairs must converge (and are returned), ≥ 0; largest +
 *                          smallest ≥ 1
 * @param ritzVectors       whether to return the Ritz vectors of the wanted pairs (each a new P-vector)
 * @param explicitResiduals whether to compute ‖Ay − θy‖ explicitly for each wanted pair (one more product each)
 * @param startNoise        ρ ≥ 0, the weight of the random vector mixed into a warm start: q₁ ∝ ŝ + ρ·r̂ (see
 *                          {@link Lanczos#run(SymmetricOperator, LanczosSettings, org.nd4j.linalg.api.ndarray.INDArray,
 *                          Progress)})
 */
public record LanczosSettings(int maxSteps, double tolerance, long seed, int largest, int smallest,
                              boolean ritzVectors, boolean explicitResiduals, double startNoise)
        implements java.io.Serializable {

    public LanczosSettings {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps " + maxSteps + " is below 1: Lanczos needs at least one"
                    + " product; 20 to 100 are usual");
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance " + tolerance + " must be a positive finite number, e.g."
                    + " 1e-6 in DOUBLE or 1e-2 for a FLOAT operator");
        }
        if (largest < 0 || smallest < 0 || largest + smallest < 1) {
            throw new IllegalArgumentException("largest = " + largest + ", smallest = " + smallest + ": both must"
                    + " be ≥ 0 and at least one pair must be wanted");
        }
        if (!(startNoise >= 0) || !Double.isFinite(startNoise)) {
            throw new IllegalArgumentException("startNoise " + startNoise + " must be finite and ≥ 0 (0.1 mixes"
                    + " a tenth of a random vector into a warm start)");
        }
    }

    /**
     * @return 80 steps at most, τ = 1e-6, seed 0, λmax and λmin wanted, no Ritz vectors, residual bounds only,
     *         startNoise 0.1
     */
    public static LanczosSettings defaults() {
        return new LanczosSettings(80, 1e-6, 0, 1, 1, false, false, 0.1);
    }

    public LanczosSettings withMaxSteps(int value) {
        return new LanczosSettings(value, tolerance, seed, largest, smallest, ritzVectors, explicitResiduals,
                startNoise);
    }

    public LanczosSettings withTolerance(double value) {
        return new LanczosSettings(maxSteps, value, seed, largest, smallest, ritzVectors, explicitResiduals,
                startNoise);
    }

    public LanczosSettings withSeed(long value) {
        return new LanczosSettings(maxSteps, tolerance, value, largest, smallest, ritzVectors, explicitResiduals,
                startNoise);
    }

    /** @return these settings wanting the {@code largestPairs} largest and {@code smallestPairs} smallest pairs */
    public LanczosSettings withWanted(int largestPairs, int smallestPairs) {
        return new LanczosSettings(maxSteps, tolerance, seed, largestPairs, smallestPairs, ritzVectors,
                explicitResiduals, startNoise);
    }

    public LanczosSettings withRitzVectors(boolean value) {
        return new LanczosSettings(maxSteps, tolerance, seed, largest, smallest, value, explicitResiduals,
                startNoise);
    }

    public LanczosSettings withExplicitResiduals(boolean value) {
        return new LanczosSettings(maxSteps, tolerance, seed, largest, smallest, ritzVectors, value, startNoise);
    }

    public LanczosSettings withStartNoise(double value) {
        return new LanczosSettings(maxSteps, tolerance, seed, largest, smallest, ritzVectors, explicitResiduals,
                value);
    }
}
