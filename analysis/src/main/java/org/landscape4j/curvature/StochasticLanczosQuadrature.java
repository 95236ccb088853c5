package org.landscape4j.curvature;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * The eigenvalue density of a symmetric operator by stochastic Lanczos quadrature (SLQ), as PyHessian computes it.
 *
 * <p><b>Method</b> (Ubaru, Chen &amp; Saad, "Fast estimation of tr(f(A)) via stochastic Lanczos quadrature", SIAM
 * J. Matrix Anal. Appl. 38, 2017; Ghorbani, Krishnan &amp; Xiao, "An investigation into neural net optimization via
 * Hessian eigenvalue density", ICML 2019; Yao et al., "PyHessian", 2020, with the weights of its PR #23). For each of
 * n<sub>v</sub> runs: a Rademacher vector z on the domain S (entries ±1, 0 outside S), v = z/√d; m Lanczos steps with
 * full reorthogonalization from v ({@link LanczosProcess}) give T<sub>m</sub> = S·diag(λ)·Sᵀ; the run's quadrature
 * rule has the nodes λ<sub>j</sub> and the weights w<sub>j</sub> = (e₁ᵀs<sub>j</sub>)², the squared first
 * components of T's eigenvectors. Then vᵀf(A)v ≈ Σ w<sub>j</sub>f(λ<sub>j</sub>), exactly for polynomials of degree
 * ≤ 2m − 1: in particular Σ w<sub>j</sub> = 1 and Σ w<sub>j</sub>λ<sub>j</sub> = vᵀAv for every run. With m = d
 * steps the nodes are the eigenvalues of A<sub>SS</sub> (those v is not orthogonal to).
 *
 * <p><b>Randomness</b>: one {@code java.util.Random(seed)}; run l draws its P values after those of runs 0..l−1
 * ({@code nextBoolean()} true → +1).
 *
 * <p><b>Cost and memory</b>: n<sub>v</sub>·m products; (m + 1) P-vectors of the operator's type for the basis of one
 * run at a time. Cancellation: the thread's interrupt status is checked before each product. PyHessian's defaults
 * are m = 100, n<sub>v</sub> = 1; for networks, m of 50–100 and a few runs are usual.
 */
public final class StochasticLanczosQuadrature {

    private static final Logger LOG = LoggerFactory.getLogger(StochasticLanczosQuadrature.class);

    private StochasticLanczosQuadrature() {
    }

    /**
     * @param operator the operator; its domain S decides whose density (that of A<sub>SS</sub>)
     * @param steps    m ≥ 1, the Lanczos steps per run (capped at d)
     * @param runs     n<sub>v</sub> ≥ 1, the number of random start vectors
     * @param seed     the seed
     * @param progress called after each product with (products so far, n<sub>v</sub>·m)
     * @return the density; empty if the domain is empty, or a run's first product is not finite or its tridiagonal
     *         eigen-decomposition fails (logged)
     * @throws java.util.concurrent.CancellationException if the thread is interrupted (checked between products)
     */
    public static Optional<SpectralDensity> density(SymmetricOperator operator, int steps, int runs, long seed,
                                                    Progress progress) {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(progress, "progress");
        if (steps < 1 || runs < 1) {
            throw new IllegalArgumentException("steps = " + steps + ", runs = " + runs + ": both must be ≥ 1"
                    + " (PyHessian uses 100 steps and 1 run)");
        }
        long d = operator.domain().size();
        if (d == 0) {
            LOG.warn("SLQ: the operator's domain is empty (no trainable coordinates): no density");
            return Optional.empty();
        }
        int m = (int) Math.min(steps, d);
        long total = (long) m * runs;
        Random random = new Random(seed);
        List<QuadratureRule> rules = new ArrayList<>();
        INDArray start = LanczosProcess.newVector(operator);
        try {
            for (int run = 0; run < runs; run++) {
                RandomVectors.rademacher(random, start);
                long done = (long) run * m;
                Progress offset = (products, ignored) -> progress.update(done + products, total);
                Optional<QuadratureRule> rule = rule(operator, start, m, offset);
                if (rule.isEmpty()) {
                    LOG.warn("SLQ: run {} of {} gave no quadrature rule (non-finite product or failed"
                            + " decomposition)", run + 1, runs);
                    return Optional.empty();
                }
                rules.add(rule.get());
            }
        } finally {
            start.close();
        }
        return Optional.of(new SpectralDensity(rules, d));
    }

    /**
     * One run from a given start vector: the Gauss quadrature rule of vᵀf(A)v for v = P<sub>S</sub>s/‖P<sub>S</sub>s‖.
     *
     * @param operator the operator
     * @param start    s, length P, non-zero on the domain; only read
     * @param steps    m ≥ 1 (capped at d); fewer if the Krylov space becomes invariant
     * @param progress called after each product with (products so far, m)
     * @return the rule; empty if the first product is not finite or the decomposition fails
     */
    public static Optional<QuadratureRule> rule(SymmetricOperator operator, INDArray start, int steps,
                                                Progress progress) {
        Objects.requireNonNull(operator, "operator");
        if (steps < 1) {
            throw new IllegalArgumentException("steps = " + steps + " must be ≥ 1");
        }
        operator.domain().requireLength(start, "the start vector");
        int m = (int) Math.min(steps, operator.domain().size());
        try (LanczosProcess process = new LanczosProcess(operator, start, "stochastic Lanczos quadrature", m,
                progress)) {
            LanczosStop stop = LanczosStop.MAX_STEPS;
            while (process.steps() < m) {
                process.step();
                if (process.state() == LanczosProcess.State.NON_FINITE) {
                    stop = LanczosStop.NON_FINITE;
                    break;
                }
                if (process.state() == LanczosProcess.State.INVARIANT_SUBSPACE) {
                    stop = LanczosStop.INVARIANT_SUBSPACE;
                    break;
                }
            }
            if (process.steps() == 0) {
                return Optional.empty();
            }
            Optional<TridiagonalEigen> eigen = process.eigen();
            if (eigen.isEmpty()) {
                return Optional.empty();
            }
            TridiagonalEigen t = eigen.get();
            double[] weights = new double[t.order()];
            for (int j = 0; j < weights.length; j++) {
                double first = t.component(j, 0);
                weights[j] = first * first;
            }
            return Optional.of(new QuadratureRule(t.values(), weights, stop));
        }
    }
}
