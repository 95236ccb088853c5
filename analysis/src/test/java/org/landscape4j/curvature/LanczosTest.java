package org.landscape4j.curvature;

import org.junit.jupiter.api.Test;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.landscape4j.objective.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lanczos against Commons Math's dense {@code EigenDecomposition} of the same matrix.
 *
 * <p>Tolerances: on the exact {@link MatrixOperator} the only errors are rounding in the recurrence (full
 * reorthogonalization keeps Q orthonormal to ~1e-15) and the stopping criterion: a wanted Ritz value with residual
 * r ≤ τ‖T‖ is within r of an eigenvalue, and within r²/gap when isolated. With τ = 1e-10 and ‖A‖ ≈ 10, λ is
 * asserted to 1e-8 absolute (≈ 1e-9 relative). Eigenvectors: the angle to the true one is ≤ r/gap, so
 * |cos| ≥ 1 − (r/gap)²/2; asserted 1 − 1e-8.
 */
class LanczosTest {

    /** An indefinite spectrum: two isolated large values, a bulk in [−2, 3], an isolated negative end. */
    private static double[] spectrum(int n) {
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = -2 + 5.0 * i / (n - 1);
        }
        lambda[n - 1] = 10;
        lambda[n - 2] = 7;
        lambda[0] = -4;
        return lambda;
    }

    @Test
    void extremeEigenvaluesOfAnIndefiniteMatrix() {
        int n = 200;
        double[][] a = Matrices.withSpectrum(spectrum(n), 1);
        double[] reference = Matrices.eigenvalues(a);
        MatrixOperator operator = new MatrixOperator(a);
        LanczosResult result = Lanczos.run(operator, LanczosSettings.defaults().withTolerance(1e-10)
                .withMaxSteps(200)).orElseThrow();
        assertEquals(LanczosStop.CONVERGED, result.stop());
        assertTrue(result.steps() < n, "converged before the Krylov space filled R^n: " + result.steps());
        assertEquals(reference[n - 1], result.lambdaMax(), 1e-8);
        assertEquals(reference[0], result.lambdaMin(), 1e-8);
        assertEquals(Math.abs(reference[0] / reference[n - 1]), result.ratio(), 1e-9);
        assertEquals(result.steps(), result.products());
        assertEquals(result.steps(), operator.productCount());
        // the criterion held: residual bounds of the wanted pairs ≤ τ·‖T‖
        double normT = Math.max(Math.abs(result.lambdaMin()), Math.abs(result.lambdaMax()));
        assertTrue(result.lambdaMaxResidual() <= 1e-10 * normT);
        assertTrue(result.lambdaMinResidual() <= 1e-10 * normT);
        // Ritz values interlace: inner bounds of the extremes
        assertTrue(result.lambdaMax() <= reference[n - 1] + 1e-12 && result.lambdaMin() >= reference[0] - 1e-12);
    }

    /** A random Wigner matrix (semicircle, no isolated extremes): harder; the step limit is the dimension. */
    @Test
    void extremeEigenvaluesOfAWignerMatrix() {
        int n = 120;
        double[][] a = Matrices.randomSymmetric(n, 2);
        double[] reference = Matrices.eigenvalues(a);
        LanczosResult result = Lanczos.run(new MatrixOperator(a), LanczosSettings.defaults().withTolerance(1e-10)
                .withMaxSteps(n)).orElseThrow();
        assertTrue(result.converged(), result.toString());
        assertEquals(reference[n - 1], result.lambdaMax(), 1e-8 * Matrices.spectralNorm(a));
        assertEquals(reference[0], result.lambdaMin(), 1e-8 * Matrices.spectralNorm(a));
    }

    /**
     * Clustered top eigenvalues 5, 5 − 1e-3, 5 − 2e-3 above a bulk in [−1, 1]: each Ritz value within 1e-8, and the
     * span of the three Ritz vectors equals the top eigenspace (principal cosines ≥ 1 − 1e-8), although individual
     * eigenvectors of a cluster are only determined to r/gap with gap 1e-3.
     */
    @Test
    void clusteredTopEigenpairs() {
        int n = 100;
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = -1 + 2.0 * i / (n - 1);
        }
        lambda[n - 1] = 5;
        lambda[n - 2] = 5 - 1e-3;
        lambda[n - 3] = 5 - 2e-3;
        double[][] a = Matrices.withSpectrum(lambda, 3);
        double[][] vectors = Matrices.eigenvectors(a);
        List<RitzPair> top = Lanczos.top(new MatrixOperator(a), 3, LanczosSettings.defaults().withTolerance(1e-12)
                .withMaxSteps(n), Progress.NONE).orElseThrow();
        assertEquals(3, top.size());
        double[][] ritz = new double[3][];
        for (int k = 0; k < 3; k++) {
            assertEquals(lambda[n - 1 - k], top.get(k).value(), 1e-8, "Ritz value " + k);
            ritz[k] = Matrices.values(top.get(k).vector().orElseThrow());
            assertEquals(1.0, Matrices.norm(ritz[k]), 1e-12, "unit vector");
        }
        double[][] exact = {vectors[n - 1], vectors[n - 2], vectors[n - 3]};
        for (double cosine : Matrices.principalCosines(exact, ritz)) {
            assertTrue(cosine >= 1 - 1e-8, "principal cosine " + cosine);
        }
    }

    /**
     * Top-3 eigenvectors of a well-separated spectrum, up to sign: |cos| ≥ 1 − 1e-8; signed so that the entry of
     * largest magnitude is positive; the explicit residual ‖Ay − θy‖ agrees with the bound |β s_m| (exact operator)
     * to 1e-10 and costs one product per pair.
     */
    @Test
    void topEigenvectorsAndResiduals() {
        int n = 80;
        double[] lambda = spectrum(n);
        lambda[n - 3] = 5;
        double[][] a = Matrices.withSpectrum(lambda, 4);
        double[][] vectors = Matrices.eigenvectors(a);
        MatrixOperator operator = new MatrixOperator(a);
        LanczosResult result = Lanczos.run(operator, LanczosSettings.defaults().withTolerance(1e-10).withMaxSteps(n)
                .withWanted(3, 1).withRitzVectors(true).withExplicitResiduals(true), null, Progress.NONE)
                .orElseThrow();
        assertEquals(result.steps() + 4, result.products());
        for (int k = 0; k < 3; k++) {
            RitzPair pair = result.largest().get(k);
            double[] y = Matrices.values(pair.vector().orElseThrow());
            double cosine = Math.abs(Matrices.dot(y, vectors[n - 1 - k]));
            assertTrue(cosine >= 1 - 1e-8, "pair " + k + ": |cos| = " + cosine);
            int largest = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(y[i]) > Math.abs(y[largest])) {
                    largest = i;
                }
            }
            assertTrue(y[largest] > 0, "sign convention");
            assertEquals(pair.residualBound(), pair.residual(), 1e-10);
        }
        RitzPair bottom = result.smallest().get(0);
        assertEquals(-4, bottom.value(), 1e-8);
        assertEquals(Math.abs(Matrices.dot(Matrices.values(bottom.vector().orElseThrow()), vectors[0])), 1.0, 1e-8);
    }

    /**
     * A warm start near the top eigenvector (the previous Ritz vector along training, here the exact one plus the
     * default 10 % noise) converges λmax in fewer steps than the cold start of the same seed; λmin still converges.
     */
    @Test
    void warmStartConvergesFaster() {
        int n = 150;
        double[][] a = Matrices.randomSymmetric(n, 5);
        double[][] vectors = Matrices.eigenvectors(a);
        double[] reference = Matrices.eigenvalues(a);
        LanczosSettings settings = LanczosSettings.defaults().withTolerance(1e-8).withMaxSteps(n).withWanted(1, 0);
        LanczosResult cold = Lanczos.run(new MatrixOperator(a), settings).orElseThrow();
        INDArray previous = Matrices.vector(vectors[n - 1], DataType.DOUBLE);
        LanczosResult warm = Lanczos.run(new MatrixOperator(a), settings, previous, Progress.NONE).orElseThrow();
        assertEquals(LanczosStop.CONVERGED, warm.stop());
        assertTrue(warm.steps() < cold.steps(), "warm " + warm.steps() + " vs cold " + cold.steps() + " steps");
        assertEquals(reference[n - 1], warm.lambdaMax(), 1e-6);
        LanczosResult both = Lanczos.run(new MatrixOperator(a), settings.withWanted(1, 1), previous, Progress.NONE)
                .orElseThrow();
        assertEquals(reference[0], both.lambdaMin(), 1e-6);
        // a pure eigenvector (no noise) spans an invariant subspace: one step, that eigenvalue only
        LanczosResult pure = Lanczos.run(new MatrixOperator(a), settings.withStartNoise(0), previous, Progress.NONE)
                .orElseThrow();
        assertEquals(LanczosStop.INVARIANT_SUBSPACE, pure.stop());
        assertEquals(1, pure.steps());
        assertEquals(reference[n - 1], pure.lambdaMax(), 1e-12);
    }

    /** A rank-3 block restricted to a 3-coordinate domain: exact after 3 steps, the sub-block's eigenvalues. */
    @Test
    void restrictedOperatorHasTheSubBlockSpectrum() {
        int n = 30;
        double[][] a = Matrices.randomSymmetric(n, 6);
        ParameterLayout layout = new ParameterLayout(List.of(
                new ParameterArray("0_W", "0", "Dense", 0, 10, new long[]{10}, 'c', ParameterRole.WEIGHT, -1),
                new ParameterArray("0_b", "0", "Dense", 10, 3, new long[]{3}, 'c', ParameterRole.BIAS, -1),
                new ParameterArray("1_W", "1", "Dense", 13, 17, new long[]{17}, 'c', ParameterRole.WEIGHT, -1)));
        Domain domain = Domain.arrays(layout, List.of("0_b"));
        double[] sub = Matrices.eigenvalues(Matrices.subBlock(a, new int[]{10, 11, 12}));
        LanczosResult result = Lanczos.run(new MatrixOperator(a, domain), LanczosSettings.defaults()
                .withTolerance(1e-12)).orElseThrow();
        assertTrue(result.steps() <= 3);
        assertEquals(sub[2], result.lambdaMax(), 1e-12);
        assertEquals(sub[0], result.lambdaMin(), 1e-12);
    }

    /**
     * Through the finite-difference Hessian operator of a quadratic (P = 60, A indefinite, layout with a restricted
     * domain of two arrays): λmax and λmin of A_SS to 1e-7 relative (the operator's error ~1e-10 relative plus the
     * criterion τ = 1e-9).
     */
    @Test
    void onTheHessianOperatorOfAQuadratic() {
        int n = 60;
        double[][] a = Matrices.randomSymmetric(n, 7);
        ParameterLayout layout = new ParameterLayout(List.of(
                new ParameterArray("0_W", "0", "Dense", 0, 20, new long[]{20}, 'c', ParameterRole.WEIGHT, -1),
                new ParameterArray("0_b", "0", "Dense", 20, 10, new long[]{10}, 'c', ParameterRole.BIAS, -1),
                new ParameterArray("1_W", "1", "Dense", 30, 30, new long[]{30}, 'c', ParameterRole.WEIGHT, -1)));
        QuadraticObjective objective = new QuadraticObjective(a, Matrices.gaussian(n, 8), layout, Precision.DOUBLE);
        int[] idx = new int[40];
        for (int i = 0; i < 20; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < 20; i++) {
            idx[20 + i] = 40 + i;
        }
        // 0_W and the last 20 of 1_W are not an array boundary: use a custom domain of blocks
        Domain domain = new Domain(n, List.of(new Domain.Block(0, 20), new Domain.Block(40, 20)));
        double[] sub = Matrices.eigenvalues(Matrices.subBlock(a, idx));
        double scale = Math.max(Math.abs(sub[0]), Math.abs(sub[39]));
        try (HessianOperator h = HessianOperator.builder(objective).domain(domain).build()) {
            LanczosResult result = Lanczos.run(h, LanczosSettings.defaults().withTolerance(1e-9).withMaxSteps(40))
                    .orElseThrow();
            assertEquals(sub[39], result.lambdaMax(), 1e-7 * scale);
            assertEquals(sub[0], result.lambdaMin(), 1e-7 * scale);
            assertEquals(h.productCount(), result.products());
        }
    }

    @Test
    void progressAndCancellation() {
        double[][] a = Matrices.randomSymmetric(50, 9);
        List<long[]> calls = new ArrayList<>();
        LanczosResult result = Lanczos.run(new MatrixOperator(a), LanczosSettings.defaults().withMaxSteps(20), null,
                (done, total) -> calls.add(new long[]{done, total})).orElseThrow();
        assertEquals(result.products(), calls.size());
        for (int i = 0; i < calls.size(); i++) {
            assertEquals(i + 1, calls.get(i)[0]);
            assertEquals(20, calls.get(i)[1]);
        }
        MatrixOperator operator = new MatrixOperator(a);
        // interrupt from inside the third progress call: the fourth product never starts
        CancellationException e = assertThrows(CancellationException.class, () -> Lanczos.run(operator,
                LanczosSettings.defaults().withMaxSteps(20), null, (done, total) -> {
                    if (done == 3) {
                        Thread.currentThread().interrupt();
                    }
                }));
        assertTrue(Thread.interrupted(), "the interrupt status stays set (and is cleared here)");
        assertEquals(3, operator.productCount());
        assertTrue(e.getMessage().contains("3"), e.getMessage());
    }

    /** A diverged objective: NaN from the first product gives no result; from a later one, the steps before it. */
    @Test
    void nonFiniteProducts() {
        double[][] a = Matrices.randomSymmetric(40, 10);
        MatrixOperator first = new MatrixOperator(a);
        first.nanFromProduct = 1;
        assertEquals(Optional.empty(), Lanczos.run(first, LanczosSettings.defaults()));
        MatrixOperator later = new MatrixOperator(a);
        later.nanFromProduct = 6;
        LanczosResult result = Lanczos.run(later, LanczosSettings.defaults()).orElseThrow();
        assertEquals(LanczosStop.NON_FINITE, result.stop());
        assertEquals(5, result.steps());
        assertFalse(result.converged());
    }

    @Test
    void emptyDomainAndZeroWarmStart() {
        double[][] a = Matrices.randomSymmetric(10, 11);
        assertEquals(Optional.empty(), Lanczos.run(new MatrixOperator(a, new Domain(10, List.of())),
                LanczosSettings.defaults()));
        // a warm start that is 0 on the domain falls back to the seeded random start: same result as no start
        Domain domain = new Domain(10, List.of(new Domain.Block(0, 5)));
        INDArray outside = Matrices.vector(new double[]{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, DataType.DOUBLE);
        LanczosResult fallback = Lanczos.run(new MatrixOperator(a, domain), LanczosSettings.defaults(), outside,
                Progress.NONE).orElseThrow();
        LanczosResult random = Lanczos.run(new MatrixOperator(a, domain), LanczosSettings.defaults()).orElseThrow();
        assertEquals(random, fallback);
        assertThrows(IllegalArgumentException.class, () -> LanczosSettings.defaults().withWanted(0, 0));
        assertThrows(IllegalArgumentException.class, () -> LanczosSettings.defaults().withMaxSteps(0));
        assertThrows(IllegalArgumentException.class, () -> LanczosSettings.defaults().withTolerance(-1));
    }
}
