package org.landscape4j.trajectory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a {@link Phate} embedding. Defaults ({@link #defaults()}) are the {@code phate} package's where it
 * has one: k = 5 neighbours ({@code knn}), α = 40 ({@code decay}), threshold 10<sup>−4</sup> (graphtools'
 * {@code thresh}), t automatic ({@code t="auto"}) over t<sub>max</sub> = 100; SMACOF from classical MDS for at most
 * 1000 iterations, stopping when an iteration lowers the stress by at most 10<sup>−6</sup> of it.
 *
 * @param neighbours       k ≥ 1, the neighbour whose distance is each snapshot's kernel bandwidth; at most T − 1
 *                         (see {@link #forSnapshots})
 * @param alpha            α &gt; 0, the kernel's decay exponent (finite)
 * @param threshold        one-sided kernel values below it are 0, in [0, 1)
 * @param diffusionTime    t ≥ 1, or {@link #AUTOMATIC} for the knee of the von Neumann entropy
 *                         ({@link VonNeumannEntropy})
 * @param maxDiffusionTime t<sub>max</sub> ≥ 3, the entropy's range when t is automatic
 * @param dimensions       d ≥ 1, the embedding's dimensions
 * @param maxIterations    the most SMACOF iterations, ≥ 0 (0: classical MDS of the potential distances)
 * @param tolerance        SMACOF's relative stress decrease to stop at, ≥ 0
 */
public record PhateSettings(int neighbours, double alpha, double threshold, int diffusionTime, int maxDiffusionTime,
                            int dimensions, int maxIterations, double tolerance) {

    /** {@link #diffusionTime} value asking for the automatic choice. */
    public static final int AUTOMATIC = 0;

    /** phate's {@code knn}. */
    public static final int DEFAULT_NEIGHBOURS = 5;

    /** phate's {@code decay}. */
    public static final double DEFAULT_ALPHA = 40;

    /** graphtools' {@code thresh}. */
    public static final double DEFAULT_THRESHOLD = 1e-4;

    /** SMACOF's iteration cap. */
    public static final int DEFAULT_MAX_ITERATIONS = 1000;

    /** SMACOF's relative tolerance. */
    public static final double DEFAULT_TOLERANCE = 1e-6;

    public PhateSettings {
        if (neighbours < 1) {
            throw new IllegalArgumentException("PHATE needs at least 1 neighbour, got " + neighbours);
        }
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("PHATE's alpha must be positive and finite, got " + alpha);
        }
        if (!(threshold >= 0 && threshold < 1)) {
            throw new IllegalArgumentException("PHATE's kernel threshold must be in [0, 1), got " + threshold);
        }
        if (diffusionTime < 0) {
            throw new IllegalArgumentException("the diffusion time must be at least 1 (or automatic), got "
                    + diffusionTime);
        }
        if (maxDiffusionTime < 3) {
            throw new IllegalArgumentException("the automatic diffusion time searches t = 1..t_max with t_max ≥ 3,"
                    + " got " + maxDiffusionTime);
        }
        if (dimensions < 1) {
            throw new IllegalArgumentException("an embedding has at least 1 dimension, got " + dimensions);
        }
        if (maxIterations < 0) {
            throw new IllegalArgumentException("SMACOF's iteration cap must be at least 0, got " + maxIterations);
        }
        if (!(tolerance >= 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("SMACOF's tolerance must be finite and at least 0, got " + tolerance);
        }
    }

    /** @return phate's defaults in 2 dimensions (k = 5, α = 40, threshold 10⁻⁴, t automatic of t_max = 100) */
    public static PhateSettings defaults() {
        return new PhateSettings(DEFAULT_NEIGHBOURS, DEFAULT_ALPHA, DEFAULT_THRESHOLD, AUTOMATIC,
                VonNeumannEntropy.DEFAULT_MAX_TIME, 2, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE);
    }

    /**
     * @param snapshots T ≥ 3
     * @return the defaults with k = min(5, T − 1), so that a short trajectory still has a k-th neighbour
     */
    public static PhateSettings forSnapshots(int snapshots) {
        if (snapshots < Phate.MIN_SNAPSHOTS) {
            throw new IllegalArgumentException("PHATE needs at least 3 snapshots, got " + snapshots);
        }
        return defaults().withNeighbours(Math.min(DEFAULT_NEIGHBOURS, snapshots - 1));
    }

    /** @return whether t is chosen by the entropy's knee */
    public boolean automaticDiffusionTime() {
        return diffusionTime == AUTOMATIC;
    }

    public PhateSettings withNeighbours(int value) {
        return new PhateSettings(value, alpha, threshold, diffusionTime, maxDiffusionTime, dimensions, maxIterations,
                tolerance);
    }

    public PhateSettings withAlpha(double value) {
        return new PhateSettings(neighbours, value, threshold, diffusionTime, maxDiffusionTime, dimensions,
                maxIterations, tolerance);
    }

    public PhateSettings withThreshold(double value) {
        return new PhateSettings(neighbours, alpha, value, diffusionTime, maxDiffusionTime, dimensions, maxIterations,
                tolerance);
    }

    /** @param value t ≥ 1, or {@link #AUTOMATIC} */
    public PhateSettings withDiffusionTime(int value) {
        return new PhateSettings(neighbours, alpha, threshold, value, maxDiffusionTime, dimensions, maxIterations,
                tolerance);
    }

    public PhateSettings withMaxDiffusionTime(int value) {
        return new PhateSettings(neighbours, alpha, threshold, diffusionTime, value, dimensions, maxIterations,
                tolerance);
    }

    public PhateSettings withDimensions(int value) {
        return new PhateSettings(neighbours, alpha, threshold, diffusionTime, maxDiffusionTime, value, maxIterations,
                tolerance);
    }

    public PhateSettings withMaxIterations(int value) {
        return new PhateSettings(neighbours, alpha, threshold, diffusionTime, maxDiffusionTime, dimensions, value,
                tolerance);
    }

    public PhateSettings withTolerance(double value) {
        return new PhateSettings(neighbours, alpha, threshold, diffusionTime, maxDiffusionTime, dimensions,
                maxIterations, value);
    }

    /** @return the settings as provenance records them */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("neighbours", neighbours);
        map.put("alpha", alpha);
        map.put("threshold", threshold);
        map.put("diffusion_time", automaticDiffusionTime() ? "auto" : diffusionTime);
        map.put("max_diffusion_time", maxDiffusionTime);
        map.put("dimensions", dimensions);
        map.put("max_iterations", maxIterations);
        map.put("tolerance", tolerance);
        return map;
    }
}
