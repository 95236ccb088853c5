package org.landscape4j.curvature;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stochastic Lanczos quadrature against identities that hold exactly for every run (not only in expectation): the
 * Gauss rule of m steps integrates polynomials of degree ≤ 2m − 1 exactly, so Σw = 1, Σwλ = vᵀAv, Σwλ² = ‖Av‖² for
 * the run's unit start v; with m = n the nodes are A's eigenvalues. Tolerances are rounding (≈ n·u·‖A‖^k).
 */
class StochasticLanczosQuadratureTest {

    @Test
    void fullLengthRunsRecoverTheSpectrum() {
        int n = 40;
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = -3 + 0.25 * i; // distinct, spacing 0.25
        }
        double[][] a = Matrices.withSpectrum(lambda, 1);
        SpectralDensity density = StochasticLanczosQuadrature.density(new MatrixOperator(a), n, 3, 5, Progress.NONE)
                .orElseThrow();
        assertEquals(3, density.runs().size());
        assertEquals(n, density.domainSize());
        for (QuadratureRule rule : density.runs()) {
            assertEquals(n, rule.size());
            double sum = 0;
            for (double w : rule.weights()) {
                sum += w;
                assertTrue(w >= 0);
            }
            assertEquals(1.0, sum, 1e-12);
            double[] nodes = rule.nodes();
            for (int i = 0; i < n; i++) {
                assertEquals(lambda[i], nodes[i], 1e-9, "node " + i);
            }
        }
    }

    /** Per run, from a given start: Σw = 1, Σwλ = vᵀAv, Σwλ² = ‖Av‖² (v unit), with only m = 5 steps. */
    @Test
    void momentsEqualTheStartVectorsQuadraticForms() {
        int n = 50;
        double[][] a = Matrices.randomSymmetric(n, 2);
        double[] s = Matrices.gaussian(n, 3);
        double[] v = s.clone();
        double norm = Matrices.norm(v);
        for (int i = 0; i < n; i++) {
            v[i] /= norm;
        }
        INDArray start = Matrices.vector(s, DataType.DOUBLE);
        QuadratureRule rule = StochasticLanczosQuadrature.rule(new MatrixOperator(a), start, 5, Progress.NONE)
                .orElseThrow();
        assertEquals(5, rule.size());
        double[] av = Matrices.multiply(a, v);
        assertEquals(1.0, rule.moment(0), 1e-13);
        assertEquals(Matrices.dot(v, av), rule.moment(1), 1e-12);
        assertEquals(Matrices.dot(av, av), rule.moment(2), 1e-11);
        // the nodes interlace the spectrum
        double[] reference = Matrices.eigenvalues(a);
        assertTrue(rule.nodes()[0] >= reference[0] - 1e-12 && rule.nodes()[4] <= reference[n - 1] + 1e-12);
    }

    /**
     * The average first moment over many Rademacher runs estimates tr(A)/n: each run's value is vᵀAv = zᵀAz/n, a
     * Hutchinson sample scaled by 1/n, with standard deviation √(2Σ_{i≠j}a_ij²)/n; with 400 runs the mean is
     * asserted within 4 standard errors.
     */
    @Test
    void firstMomentEstimatesTheNormalizedTrace() {
        int n = 30;
        double[][] a = Matrices.randomSymmetric(n, 4);
        int runs = 400;
        SpectralDensity density = StochasticLanczosQuadrature.density(new MatrixOperator(a), 3, runs, 9,
                Progress.NONE).orElseThrow();
        double offDiagonal = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                offDiagonal += i == j ? 0 : a[i][j] * a[i][j];
            }
        }
        double standardError = Math.sqrt(2 * offDiagonal) / n / Math.sqrt(runs);
        assertEquals(Matrices.trace(a) / n, density.moment(1), 4 * standardError);
    }

    /**
     * For a diagonal A and m = n, a Rademacher start has equal weights 1/n on every eigenvalue, so the smoothed
     * density is exactly (1/n)Σ g_σ(t − a_i), the Gaussian-smoothed true density; it integrates to 1 (trapezoid rule
     * on a grid reaching 8σ beyond the extreme nodes: error ≪ 1e-6).
     */
    @Test
    void smoothedDensity() {
        int n = 12;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i][i] = i * 0.5;
        }
        double sigma = 0.1;
        SpectralDensity density = StochasticLanczosQuadrature.density(new MatrixOperator(a), n, 1, 3, Progress.NONE)
                .orElseThrow();
        double[] grid = SpectralDensity.linearGrid(density.minNode() - 8 * sigma, density.maxNode() + 8 * sigma,
                4001);
        double[] phi = density.evaluate(grid, sigma);
        double integral = 0;
        for (int g = 1; g < grid.length; g++) {
            integral += 0.5 * (phi[g] + phi[g - 1]) * (grid[g] - grid[g - 1]);
        }
        assertEquals(1.0, integral, 1e-6);
        for (int g = 0; g < grid.length; g += 97) {
            double expected = 0;
            for (int i = 0; i < n; i++) {
                double x = (grid[g] - a[i][i]) / sigma;
                expected += Math.exp(-0.5 * x * x) / (sigma * Math.sqrt(2 * Math.PI)) / n;
            }
            assertEquals(expected, phi[g], 1e-10 * Math.max(1, expected), "t = " + grid[g]);
        }
        assertThrows(IllegalArgumentException.class, () -> density.evaluate(grid, 0));
    }

    /** Interrupted during the second run: no further product; the status stays set. */
    @Test
    void cancelledByInterrupt() {
        MatrixOperator operator = new MatrixOperator(Matrices.randomSymmetric(20, 8));
        assertThrows(java.util.concurrent.CancellationException.class, () -> StochasticLanczosQuadrature.density(
                operator, 5, 3, 1, (done, total) -> {
                    if (done == 7) {
                        Thread.currentThread().interrupt();
                    }
                }));
        assertTrue(Thread.interrupted());
        assertEquals(7, operator.productCount());
    }

    @Test
    void progressRestrictionAndReproducibility() {
        int n = 25;
        double[][] a = Matrices.randomSymmetric(n, 6);
        List<Long> done = new ArrayList<>();
        SpectralDensity first = StochasticLanczosQuadrature.density(new MatrixOperator(a), 4, 3, 11,
                (products, total) -> {
                    done.add(products);
                    assertEquals(12, total);
                }).orElseThrow();
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L), done);
        SpectralDensity again = StochasticLanczosQuadrature.density(new MatrixOperator(a), 4, 3, 11, Progress.NONE)
                .orElseThrow();
        assertEquals(first, again);
        // a 4-coordinate domain: at most 4 nodes, the sub-block's eigenvalues
        Domain domain = new Domain(n, List.of(new Domain.Block(3, 4)));
        SpectralDensity restricted = StochasticLanczosQuadrature.density(new MatrixOperator(a, domain), 10, 1, 1,
                Progress.NONE).orElseThrow();
        double[] sub = Matrices.eigenvalues(Matrices.subBlock(a, new int[]{3, 4, 5, 6}));
        QuadratureRule rule = restricted.runs().get(0);
        assertEquals(4, rule.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(sub[i], rule.nodes()[i], 1e-10);
        }
        assertEquals(4, restricted.domainSize());
    }
}
