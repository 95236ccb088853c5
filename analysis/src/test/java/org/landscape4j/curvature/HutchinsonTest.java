package org.landscape4j.curvature;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hutchinson's trace against the exact trace of the matrix (or of its principal sub-block). */
class HutchinsonTest {

    /** For a diagonal A every Rademacher probe gives Σ a_ii z_i² = tr(A) exactly: the standard error is 0. */
    @Test
    void exactOnADiagonalMatrix() {
        int n = 50;
        double[][] a = new double[n][n];
        double[] diagonal = Matrices.gaussian(n, 1);
        for (int i = 0; i < n; i++) {
            a[i][i] = diagonal[i];
        }
        TraceEstimate estimate = Hutchinson.trace(new MatrixOperator(a), 5, 42, Progress.NONE);
        // the sum of 50 terms in a different order than Matrices.trace: rounding ≈ 50·u·max|a| ≈ 1e-14
        for (double sample : estimate.samples()) {
            assertEquals(Matrices.trace(a), sample, 1e-13);
        }
        assertEquals(Matrices.trace(a), estimate.trace(), 1e-13);
        assertEquals(0.0, estimate.standardError(), 1e-13);
        assertEquals(5, estimate.products());
    }

    /**
     * A dense Wigner matrix (n = 60) with 3,000 probes: the mean lies within 4 standard errors of tr(A) (a seeded,
     * deterministic draw; for a correct estimator a 4-σ miss has probability 6e-5), and the estimated standard
     * error agrees within 10 % with the exact one, √(2Σ_{i≠j}a_ij² / n) (Hutchinson's variance): with 3,000 samples
     * the sample standard deviation is within a few per cent of the true one.
     */
    @Test
    void unbiasedWithTheKnownVarianceOnADenseMatrix() {
        int n = 60;
        double[][] a = Matrices.randomSymmetric(n, 2);
        int probes = 3000;
        TraceEstimate estimate = Hutchinson.trace(new MatrixOperator(a), probes, 7, Progress.NONE);
        double trace = Matrices.trace(a);
        assertTrue(Math.abs(estimate.trace() - trace) <= 4 * estimate.standardError(),
                estimate + " vs exact " + trace);
        double offDiagonal = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    offDiagonal += a[i][j] * a[i][j];
                }
            }
        }
        double exactError = Math.sqrt(2 * offDiagonal / probes);
        assertEquals(exactError, estimate.standardError(), 0.1 * exactError);
    }

    /** Restricted to a block: the trace of the sub-block (exact for a diagonal matrix). */
    @Test
    void restrictedTrace() {
        int n = 20;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i][i] = i + 1;
        }
        Domain domain = new Domain(n, List.of(new Domain.Block(2, 3), new Domain.Block(10, 2)));
        TraceEstimate estimate = Hutchinson.trace(new MatrixOperator(a, domain), 3, 1, Progress.NONE);
        assertEquals(3 + 4 + 5 + 11 + 12, estimate.trace(), 1e-12);
    }

    /** Interrupted from the second progress call: the third probe's product never starts; the status stays set. */
    @Test
    void cancelledByInterrupt() {
        MatrixOperator operator = new MatrixOperator(Matrices.randomSymmetric(10, 4));
        assertThrows(java.util.concurrent.CancellationException.class, () -> Hutchinson.trace(operator, 10, 1,
                (done, total) -> {
                    if (done == 2) {
                        Thread.currentThread().interrupt();
                    }
                }));
        assertTrue(Thread.interrupted());
        assertEquals(2, operator.productCount());
    }

    @Test
    void seededAndReproducible() {
        double[][] a = Matrices.randomSymmetric(30, 3);
        TraceEstimate first = Hutchinson.trace(new MatrixOperator(a), 10, 5, Progress.NONE);
        TraceEstimate again = Hutchinson.trace(new MatrixOperator(a), 10, 5, Progress.NONE);
        TraceEstimate other = Hutchinson.trace(new MatrixOperator(a), 10, 6, Progress.NONE);
        assertArrayEquals(first.samples(), again.samples(), 0.0);
        assertNotEquals(first.trace(), other.trace());
        assertTrue(Double.isNaN(Hutchinson.trace(new MatrixOperator(a), 1, 5, Progress.NONE).standardError()));
        assertThrows(IllegalArgumentException.class, () -> Hutchinson.trace(new MatrixOperator(a), 0, 5,
                Progress.NONE));
    }
}
