package org.landscape4j.trajectory;

import java.util.Arrays;

/**
 * PHATE's α-decaying kernel (Moon et al., "Visualizing structure and transitions in high-dimensional biological
 * data", Nature Biotechnology 37, 2019, Methods): with d<sub>ij</sub> the Euclidean distance between snapshots i and
 * j and ε<sub>k</sub>(i) the distance from i to its k-th nearest neighbour (i itself not counted),
 * <pre>
 *   K(i, j) = ½·exp(−(d<sub>ij</sub>/ε<sub>k</sub>(i))<sup>α</sup>) + ½·exp(−(d<sub>ij</sub>/ε<sub>k</sub>(j))<sup>α</sup>),
 * </pre>
 * symmetric, 1 on the diagonal. The adaptive bandwidth ε<sub>k</sub> keeps sparse regions connected; a large α
 * makes each one-sided affinity fall from ≈ 1 inside the k-neighbourhood to ≈ 0 just outside it (α = 40:
 * exp(−1.1<sup>40</sup>) ≈ 1.3·10<sup>−20</sup>), a k-NN graph with soft edges.
 *
 * <p>As the {@code phate} package builds it (graphtools' {@code kNNGraph} with {@code decay}): each one-sided
 * affinity below a threshold (graphtools' {@code thresh}, 10<sup>−4</sup> in phate) is set to 0 before the two
 * halves are added; a zero bandwidth (more than k duplicates of a snapshot) is raised to the machine epsilon
 * 2<sup>−52</sup>, so a snapshot's duplicates get affinity 1 and every other snapshot 0.
 *
 * <p>The Markov matrix of the random walk on this graph is P = D<sup>−1</sup>K, D = diag(Σ<sub>j</sub> K(i, j)): each
 * row a probability distribution ({@link #markov}). O(T² log T) time for the bandwidths, O(T²) memory.
 */
final class AlphaDecayKernel {

    /** The smallest bandwidth, as graphtools' {@code np.finfo(float).eps}. */
    static final double MIN_BANDWIDTH = Math.ulp(1.0);

    private AlphaDecayKernel() {
    }

    /**
     * @param squaredDistances d², T×T, finite, non-negative, zero diagonal (checked by {@link #checkDistances})
     * @param neighbours       k, 1 ≤ k ≤ T − 1
     * @return ε<sub>k</sub>(i) for every i: the k-th smallest of d<sub>ij</sub>, j ≠ i (duplicates of i count, at
     *         distance 0), at least {@link #MIN_BANDWIDTH}
     */
    static double[] bandwidths(double[][] squaredDistances, int neighbours) {
        int t = squaredDistances.length;
        if (neighbours < 1 || neighbours > t - 1) {
            throw new IllegalArgumentException("the kernel of " + t + " snapshots takes 1 to " + (t - 1)
                    + " neighbours, got " + neighbours);
        }
        double[] epsilon = new double[t];
        double[] others = new double[t - 1];
        for (int i = 0; i < t; i++) {
            Cancellation.check("PHATE");
            double[] row = squaredDistances[i];
            for (int j = 0, m = 0; j < t; j++) {
                if (j != i) {
                    others[m++] = row[j];
                }
            }
            Arrays.sort(others);
            epsilon[i] = Math.max(Math.sqrt(others[neighbours - 1]), MIN_BANDWIDTH);
        }
        return epsilon;
    }

    /**
     * @param squaredDistances d², T×T (see {@link #bandwidths})
     * @param neighbours       k
     * @param alpha            α &gt; 0
     * @param threshold        one-sided affinities below it become 0; 0 keeps them all
     * @return K, T×T, symmetric, entries in [0, 1], diagonal 1
     */
    static double[][] kernel(double[][] squaredDistances, int neighbours, double alpha, double threshold) {
        int t = squaredDistances.length;
        double[] epsilon = bandwidths(squaredDistances, neighbours);
        double[][] k = new double[t][t];
        for (int i = 0; i < t; i++) {
            Cancellation.check("PHATE");
            k[i][i] = 1;
            for (int j = 0; j < i; j++) {
                double d = Math.sqrt(squaredDistances[i][j]);
                double value = 0.5 * oneSided(d, epsilon[i], alpha, threshold)
                        + 0.5 * oneSided(d, epsilon[j], alpha, threshold);
                k[i][j] = value;
                k[j][i] = value;
            }
        }
        return k;
    }

    /** @return exp(−(d/ε)<sup>α</sup>), 0 below the threshold */
    static double oneSided(double distance, double bandwidth, double alpha, double threshold) {
        double value = Math.exp(-Math.pow(distance / bandwidth, alpha));
        return value < threshold ? 0 : value;
    }

    /**
     * @param kernel K, T×T, non-negative, positive diagonal
     * @return P = D<sup>−1</sup>K, each row divided by its sum
     */
    static double[][] markov(double[][] kernel) {
        double[] degrees = degrees(kernel);
        double[][] p = new double[kernel.length][];
        for (int i = 0; i < kernel.length; i++) {
            p[i] = new double[kernel.length];
            for (int j = 0; j < kernel.length; j++) {
                p[i][j] = kernel[i][j] / degrees[i];
            }
        }
        return p;
    }

    /** @return the row sums d<sub>i</sub> = Σ<sub>j</sub> K(i, j) */
    static double[] degrees(double[][] kernel) {
        double[] d = new double[kernel.length];
        for (int i = 0; i < kernel.length; i++) {
            double s = 0;
            for (double v : kernel[i]) {
                s += v;
            }
            d[i] = s;
        }
        return d;
    }

    /**
     * @param squaredDistances what should be a T×T matrix of squared Euclidean distances
     * @throws IllegalArgumentException naming the first entry that is not square-shaped, finite, non-negative,
     *                                  symmetric or (on the diagonal) zero
     */
    static void checkDistances(double[][] squaredDistances) {
        int t = squaredDistances.length;
        for (int i = 0; i < t; i++) {
            if (squaredDistances[i].length != t) {
                throw new IllegalArgumentException("the distance matrix has " + t + " rows but row " + i + " holds "
                        + squaredDistances[i].length + " values");
            }
        }
        for (int i = 0; i < t; i++) {
            if (squaredDistances[i][i] != 0) {
                throw new IllegalArgumentException("the squared distance of snapshot " + i + " to itself is "
                        + squaredDistances[i][i] + ", not 0");
            }
            for (int j = 0; j < i; j++) {
                double value = squaredDistances[i][j];
                if (!Double.isFinite(value) || value < 0) {
                    throw new IllegalArgumentException("the squared distance between snapshots " + j + " and " + i
                            + " is " + value + ": distances must be finite and non-negative (NaN or infinite values"
                            + " in the snapshots?)");
                }
                if (value != squaredDistances[j][i]) {
                    throw new IllegalArgumentException("the distance matrix is not symmetric: " + value + " between "
                            + "snapshots " + i + " and " + j + ", " + squaredDistances[j][i] + " the other way");
                }
            }
        }
    }
}
