package org.landscape4j.curvature;

import java.util.List;
import java.util.Objects;

/**
 * The eigenvalue density of a symmetric operator (restricted to its domain S, of order d) estimated by stochastic
 * Lanczos quadrature: n<sub>v</sub> quadrature rules {(λ<sub>j</sub><sup>(l)</sup>, w<sub>j</sub><sup>(l)</sup>)}, one
 * per random start vector.
 *
 * <p><b>Smoothed density.</b> The spectral density φ(t) = (1/d)Σ<sub>i</sub>δ(t − λ<sub>i</sub>) is approximated,
 * after convolution with a Gaussian g<sub>σ</sub>(x) = exp(−x²/(2σ²))/(σ√(2π)) of a stated width σ, by
 * <pre>
 *   φ<sub>σ</sub>(t) ≈ (1/n<sub>v</sub>) Σ<sub>l</sub> Σ<sub>j</sub> w<sub>j</sub><sup>(l)</sup> g<sub>σ</sub>(t − λ<sub>j</sub><sup>(l)</sup>)
 * </pre>
 * (Ubaru, Chen &amp; Saad, SIAM J. Matrix Anal. Appl. 38, 2017; Ghorbani, Krishnan &amp; Xiao, ICML 2019, §2.2;
 * Yao, Gholami, Keutzer &amp; Mahoney, "PyHessian", 2020, whose weights are the squared first components since its
 * PR #23). It integrates to 1 over R. Each run's rule is unbiased for the moments of order ≤ 2m − 1:
 * E[Σ w λ<sup>k</sup>] = tr(A<sup>k</sup>)/d for Rademacher starts. σ trades resolution for smoothness; the Gaussian
 * makes the estimate of φ<sub>σ</sub> stable where the nodes of different runs do not coincide.
 *
 * @param runs       the quadrature rules, one per start vector
 * @param domainSize d, the order of the restricted operator (multiply the density by d for an eigenvalue count
 *                   density)
 */
public record SpectralDensity(List<QuadratureRule> runs, long domainSize) {

    public SpectralDensity {
        runs = List.copyOf(Objects.requireNonNull(runs, "runs"));
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a spectral density needs at least one quadrature rule");
        }
    }

    /**
     * @param grid  the points t at which to evaluate
     * @param sigma σ &gt; 0, the standard deviation of the Gaussian kernel (in eigenvalue units)
     * @return φ<sub>σ</sub>(t) at each grid point (a density: it integrates to 1 over R)
     */
    public double[] evaluate(double[] grid, double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("σ = " + sigma + " must be a positive finite width, in eigenvalue"
                    + " units (e.g. 1 % of λmax − λmin)");
        }
        double norm = 1.0 / (sigma * Math.sqrt(2 * Math.PI) * runs.size());
        double[] density = new double[grid.length];
        for (QuadratureRule rule : runs) {
            double[] nodes = rule.nodes();
            double[] weights = rule.weights();
            for (int g = 0; g < grid.length; g++) {
                double sum = 0;
                for (int j = 0; j < nodes.length; j++) {
                    double x = (grid[g] - nodes[j]) / sigma;
                    sum += weights[j] * Math.exp(-0.5 * x * x);
                }
                density[g] += sum * norm;
            }
        }
        return density;
    }

    /** @return the average over runs of Σ w λ<sup>k</sup>: an unbiased estimate of tr(A<sup>k</sup>)/d for k ≤ 2m − 1 */
    public double moment(int k) {
        return runs.stream().mapToDouble(rule -> rule.moment(k)).average().orElseThrow();
    }

    /** @return the smallest node of all runs */
    public double minNode() {
        return runs.stream().mapToDouble(rule -> rule.nodes()[0]).min().orElseThrow();
    }

    /** @return the largest node of all runs */
    public double maxNode() {
        return runs.stream().mapToDouble(rule -> rule.nodes()[rule.size() - 1]).max().orElseThrow();
    }

    /**
     * @param from   the first point
     * @param to     the last point, ≥ from
     * @param points the number of points, ≥ 2
     * @return {@code points} equally spaced values from {@code from} to {@code to}
     */
    public static double[] linearGrid(double from, double to, int points) {
        if (points < 2 || !(to >= from) || !Double.isFinite(from) || !Double.isFinite(to)) {
            throw new IllegalArgumentException("a grid from " + from + " to " + to + " with " + points + " points:"
                    + " need finite from ≤ to and at least 2 points");
        }
        double[] grid = new double[points];
        for (int i = 0; i < points; i++) {
            grid[i] = from + (to - from) * i / (points - 1);
        }
        return grid;
    }
}
