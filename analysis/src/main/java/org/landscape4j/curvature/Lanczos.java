package org.landscape4j.curvature;

import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Extreme eigenpairs of a {@link SymmetricOperator} by the Lanczos method with full reorthogonalization: λmax,
 * λmin, |λmin/λmax|, the top-k (or bottom-k) Ritz pairs with their residuals.
 *
 * <p><b>Method</b> (Golub &amp; Van Loan, "Matrix Computations", 4th ed., §10.1–10.3). From a unit q₁ in the
 * operator's domain S, m steps of the three-term recurrence build an orthonormal basis Q<sub>m</sub> of the Krylov
 * space K<sub>m</sub>(A, q₁) and the tridiagonal T<sub>m</sub> = Q<sub>m</sub>ᵀAQ<sub>m</sub> with
 * AQ<sub>m</sub> = Q<sub>m</sub>T<sub>m</sub> + β<sub>m</sub>q<sub>m+1</sub>e<sub>m</sub>ᵀ; every new basis
 * vector is orthogonalized against all previous ones, twice (full reorthogonalization, so that no spurious copies
 * of converged eigenvalues appear). T<sub>m</sub> = S·diag(θ)·Sᵀ is decomposed by {@link TridiagonalEigen}
 * (Commons Math); (θ<sub>i</sub>, y<sub>i</sub> = Q<sub>m</sub>s<sub>i</sub>) are the Ritz pairs, and
 * ‖Ay<sub>i</sub> − θ<sub>i</sub>y<sub>i</sub>‖ = |β<sub>m</sub>|·|s<sub>m,i</sub>| (the residual bound, exact in
 * exact arithmetic for an exactly linear symmetric operator; for finite-difference Hessian products the explicit
 * residual, {@link LanczosSettings#explicitResiduals()}, also contains the products' error).
 *
 * <p><b>Stopping criterion</b>, checked after every step m: stop when every wanted pair (the
 * {@link LanczosSettings#largest()} largest and {@link LanczosSettings#smallest()} smallest Ritz values) has
 * |β<sub>m</sub>·s<sub>m,i</sub>| ≤ τ·‖T<sub>m</sub>‖₂ (‖T<sub>m</sub>‖₂ = max|θ|, a lower bound on ‖A‖₂;
 * relative to the spectrum's scale rather than to |θ<sub>i</sub>|, so that eigenvalues near 0, usual for λmin at a
 * minimum, converge too), or at an invariant subspace (β<sub>m</sub> ≤ √u·‖T<sub>m</sub>‖, or m = d), or after
 * {@link LanczosSettings#maxSteps()} steps, or at a non-finite product. Then each wanted θ<sub>i</sub> lies within
 * τ‖T‖ of an eigenvalue of A (within (τ‖T‖)²/gap when its neighbours are a gap away). The extreme Ritz values are
 * inner bounds: θ<sub>max</sub> ≤ λmax, θ<sub>min</sub> ≥ λmin. Like every single-vector Krylov method it finds
 * one eigenvector of a multiple eigenvalue (the start's component in its eigenspace), and it may stop on an interior
 * eigenvalue if the start has no component on the extreme ones (with probability 0 for a random start).
 *
 * <p><b>Start.</b> A seeded random q₁ ∝ P<sub>S</sub>r, r ~ N(0, I) from {@code java.util.Random(seed)}; or a warm
 * start s (the previous run's Ritz vector along training): q₁ ∝ ŝ + ρ·r̂ with ŝ, r̂ the unit projections on S and
 * ρ = {@link LanczosSettings#startNoise()}. A pure eigenvector (ρ = 0) spans an invariant subspace and would stop
 * the run after one step with only that eigenvalue; mixing in a little noise keeps the other end of the spectrum
 * reachable while the warm component speeds up the converged end. A warm start that is 0 on S falls back to the
 * random start (logged).
 *
 * <p><b>Cost and memory</b>: m products (two gradient passes each for a {@link HessianOperator}); O(m²P) flops for
 * the reorthogonalization; the basis holds (m + 1) vectors of P in the operator's type (m = 80 DOUBLE vectors of
 * P = 10⁶ take 640 MB: lower {@code maxSteps} or restrict the domain for large models), freed when the run
 * returns; each returned Ritz vector is one more P-vector, owned by the caller. Cancellation: the thread's
 * interrupt status is checked before each product ({@link java.util.concurrent.CancellationException}).
 */
public final class Lanczos {

    private static final Logger LOG = LoggerFactory.getLogger(Lanczos.class);

    private Lanczos() {
    }

    /** A run from the seeded random start, without progress reports; see {@link #run(SymmetricOperator, LanczosSettings, INDArray, Progress)}. */
    public static Optional<LanczosResult> run(SymmetricOperator operator, LanczosSettings settings) {
        return run(operator, settings, null, Progress.NONE);
    }

    /**
     * @param operator the operator (its domain S decides which spectrum: that of A<sub>SS</sub>)
     * @param settings the settings
     * @param start    a warm start of length P (only read), or null for the seeded random start
     * @param progress called after each product with (products so far, maxSteps + explicit residual products)
     * @return the result; empty if the domain is empty, the first product is not finite, or the tridiagonal
     *         eigen-decomposition fails
     * @throws java.util.concurrent.CancellationException if the thread is interrupted (checked between products)
     */
    public static Optional<LanczosResult> run(SymmetricOperator operator, LanczosSettings settings, INDArray start,
                                              Progress progress) {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(progress, "progress");
        Domain domain = operator.domain();
        long d = domain.size();
        if (d == 0) {
            LOG.warn("Lanczos: the operator's domain is empty (no trainable coordinates): no eigenvalues");
            return Optional.empty();
        }
        int maxSteps = (int) Math.min(settings.maxSteps(), d);
        int wanted = settings.largest() + settings.smallest();
        boolean vectors = settings.ritzVectors() || settings.explicitResiduals();
        long total = maxSteps + (settings.explicitResiduals() ? wanted : 0);
        INDArray q1 = startVector(operator, settings, start);
        LanczosProcess process;
        try {
            process = new LanczosProcess(operator, q1, "Lanczos", total, progress);
        } finally {
            q1.close();
        }
        try (process) {
            TridiagonalEigen eigen = null;
            LanczosStop stop = null;
            while (stop == null) {
                process.step();
                if (process.state() == LanczosProcess.State.NON_FINITE) {
                    stop = LanczosStop.NON_FINITE;
                    LOG.warn("Lanczos: product {} was not finite; keeping the {} steps before it",
                            process.products(), process.steps());
                    break;
                }
                Optional<TridiagonalEigen> decomposition = process.eigen();
                if (decomposition.isEmpty()) {
                    LOG.warn("Lanczos: the eigen-decomposition of T ({} steps) failed", process.steps());
                    return Optional.empty();
                }
                eigen = decomposition.get();
                if (process.state() == LanczosProcess.State.INVARIANT_SUBSPACE) {
                    stop = LanczosStop.INVARIANT_SUBSPACE;
                } else if (converged(eigen, process.lastBeta(), settings)) {
                    stop = LanczosStop.CONVERGED;
                } else if (process.steps() >= maxSteps) {
                    stop = LanczosStop.MAX_STEPS;
                }
            }
            if (process.steps() == 0) {
                return Optional.empty();
            }
            if (eigen == null || eigen.order() != process.steps()) {
                Optional<TridiagonalEigen> decomposition = process.eigen();
                if (decomposition.isEmpty()) {
                    return Optional.empty();
                }
                eigen = decomposition.get();
            }
            int m = eigen.order();
            double beta = process.lastBeta();
            double[] values = eigen.values();
            double[] bounds = new double[m];
            for (int i = 0; i < m; i++) {
                bounds[i] = Math.abs(beta * eigen.component(i, m - 1));
            }
            long[] products = {process.products()};
            Progress counted = (done, ignored) -> progress.update(done, total);
            List<RitzPair> largest = new ArrayList<>();
            for (int k = 0; k < Math.min(settings.largest(), m); k++) {
                largest.add(pair(process, eigen, m - 1 - k, bounds, vectors, settings, products, counted));
            }
            List<RitzPair> smallest = new ArrayList<>();
            for (int k = 0; k < Math.min(settings.smallest(), m); k++) {
                smallest.add(pair(process, eigen, k, bounds, vectors, settings, products, counted));
            }
            LanczosResult result = new LanczosResult(values, bounds, largest, smallest, m, products[0], stop,
                    settings.tolerance());
            LOG.debug("Lanczos on {}: {}", operator, result);
            return Optional.of(result);
        }
    }

    /**
     * The k largest eigenpairs, for "Hessian eigenvector" directions of slices: a run wanting k largest and no
     * smallest pairs, with Ritz vectors.
     *
     * @return the pairs, largest first, each with a unit vector of length P (owned by the caller); empty as
     *         {@link #run} (fewer than k pairs if the run took fewer than k steps)
     */
    public static Optional<List<RitzPair>> top(SymmetricOperator operator, int k, LanczosSettings settings,
                                               Progress progress) {
        return run(operator, settings.withWanted(k, 0).withRitzVectors(true), null, progress)
                .map(LanczosResult::largest);
    }

    /** The k smallest eigenpairs, smallest first; see {@link #top}. */
    public static Optional<List<RitzPair>> bottom(SymmetricOperator operator, int k, LanczosSettings settings,
                                                  Progress progress) {
        return run(operator, settings.withWanted(0, k).withRitzVectors(true), null, progress)
                .map(LanczosResult::smallest);
    }

    private static boolean converged(TridiagonalEigen eigen, double beta, LanczosSettings settings) {
        int m = eigen.order();
        double scale = Math.max(Math.abs(eigen.value(0)), Math.abs(eigen.value(m - 1)));
        double limit = settings.tolerance() * scale;
        if (settings.largest() > m || settings.smallest() > m) {
            return false;
        }
        for (int k = 0; k < settings.largest(); k++) {
            if (Math.abs(beta * eigen.component(m - 1 - k, m - 1)) > limit) {
                return false;
            }
        }
        for (int k = 0; k < settings.smallest(); k++) {
            if (Math.abs(beta * eigen.component(k, m - 1)) > limit) {
                return false;
            }
        }
        return true;
    }

    private static RitzPair pair(LanczosProcess process, TridiagonalEigen eigen, int i, double[] bounds,
                                 boolean vectors, LanczosSettings settings, long[] products, Progress progress) {
        double value = eigen.value(i);
        if (!vectors) {
            return new RitzPair(value, bounds[i], Double.NaN, Optional.empty());
        }
        INDArray y = LanczosProcess.newVector(process.operator());
        process.combine(eigen.vector(i), y);
        double norm = Blas.nrm2(y);
        Blas.scal(1.0 / norm, y);
        int index = Nd4j.getBlasWrapper().level1().iamax(y);
        if (y.getDouble(index) < 0) {
            Blas.scal(-1.0, y);
        }
        double residual = Double.NaN;
        if (settings.explicitResiduals()) {
            INDArray work = process.work();
            Cancellation.check("Lanczos (explicit residuals)", products[0]);
            process.operator().apply(y, work);
            progress.update(++products[0], 0);
            Blas.axpy(-value, y, work);
            residual = Blas.nrm2(work);
        }
        if (!settings.ritzVectors()) {
            y.close();
            return new RitzPair(value, bounds[i], residual, Optional.empty());
        }
        return new RitzPair(value, bounds[i], residual, Optional.of(y));
    }

    /** A new vector: the seeded random start, or the warm start mixed with it (not yet normalized). */
    private static INDArray startVector(SymmetricOperator operator, LanczosSettings settings, INDArray start) {
        Domain domain = operator.domain();
        INDArray q = LanczosProcess.newVector(operator);
        RandomVectors.gaussian(new Random(settings.seed()), q);
        domain.project(q);
        if (start == null) {
            return q;
        }
        domain.requireLength(start, "the start vector");
        double startNorm = domain.norm(start);
        if (!(startNorm > 0) || !Double.isFinite(startNorm)) {
            LOG.warn("Lanczos: the warm start's norm on the domain is {}; using the random start (seed {})",
                    startNorm, settings.seed());
            return q;
        }
        double rho = settings.startNoise();
        Blas.scal(rho / Blas.nrm2(q), q);
        INDArray projected = LanczosProcess.newVector(operator);
        Blas.copy(start, projected);
        domain.project(projected);
        Blas.axpy(1.0 / startNorm, projected, q);
        projected.close();
        return q;
    }
}
