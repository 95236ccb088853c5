package org.landscape4j.curvature;

import org.landscape4j.linalg.Blas;
import org.landscape4j.objective.Objective;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Objects;
import java.util.Optional;

/**
 * Curvature along training at one update (DESIGN.md, "Curvature"; the article's monitoring of ‖g‖² and gᵀHg): at
 * θ<sub>t</sub>, with g = ∇L(θ<sub>t</sub>) and H = ∇²L(θ<sub>t</sub>) on a fixed probe set, and for the step
 * actually taken u = θ<sub>t+1</sub> − θ<sub>t</sub>:
 * <ul>
 *   <li>‖g‖², gᵀHg and κ<sub>g</sub> = gᵀHg/‖g‖², the curvature along the gradient;</li>
 *   <li>‖u‖², gᵀu, uᵀHu, the curvature along the step uᵀHu/‖u‖², the second-order prediction of the loss change
 *       gᵀu + ½uᵀHu and the observed change L(θ<sub>t+1</sub>) − L(θ<sub>t</sub>);</li>
 *   <li>optionally λmax and λmin by {@link Lanczos}, warm-started from the previous λmax Ritz vector (the top
 *       eigenvector moves slowly along training, so the next run converges in fewer steps), each with its explicit
 *       residual ‖Hy − θy‖ (one more product each): unlike the Lanczos bound it shows when the products are not
 *       those of one linear operator, as across ReLU kinks, where a finite difference is not a derivative.</li>
 * </ul>
 * u is projected onto the operator's domain (the trainable coordinates): non-trainable state (batch-norm running
 * statistics) moves by running averages, not by a step of L.
 *
 * <p><b>Ill-conditioning</b> (the article's criterion): the second-order term outweighs the first,
 * ½uᵀHu &gt; |gᵀu|. For plain gradient descent on the probe loss itself, u = −ηg, so gᵀu = −η‖g‖² and
 * uᵀHu = η²gᵀHg, and the criterion is η·κ<sub>g</sub> &gt; 2.
 *
 * <p><b>Cost</b>: one loss-and-gradient pass at θ<sub>t</sub>, two Hessian-vector products (four gradient passes),
 * one loss pass at θ<sub>t+1</sub>; a spectrum adds the Lanczos steps and two residual products (two gradient passes
 * each).
 * <b>Memory</b>: the operator's three P-vectors, three more here (g, u, Hv) and the warm start, all in the
 * objective's precision; a Lanczos run holds its basis ((m + 1) P-vectors) while it runs.
 *
 * <p>Not thread-safe; the objective stays the caller's (its buffer is overwritten).
 */
public final class StepCurvature implements AutoCloseable {

    private final Objective objective;
    private final HessianOperator hessian;
    private final LanczosSettings lanczos;
    private final boolean regularization;
    private final INDArray g;
    private final INDArray u;
    private final INDArray product;
    private INDArray warmStart;
    private boolean closed;

    /**
     * @param objective      the probe-set objective (normally the DOUBLE twin of the trained network)
     * @param lanczos        the settings of the λmax/λmin runs (the wanted pairs are set here: 1 largest, 1 smallest,
     *                       with Ritz vectors for the warm start)
     * @param regularization whether L includes the penalty R (loss, gradient and Hessian of L + R) or not
     */
    @SuppressWarnings("try") // the workspace scope is used for its effect, not referenced
    public StepCurvature(Objective objective, LanczosSettings lanczos, boolean regularization) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.lanczos = Objects.requireNonNull(lanczos, "lanczos").withWanted(1, 1).withRitzVectors(true)
                .withExplicitResiduals(true);
        this.regularization = regularization;
        this.hessian = HessianOperator.builder(objective).regularization(regularization).build();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.g = Nd4j.create(hessian.dataType(), hessian.dimension());
            this.u = Nd4j.create(hessian.dataType(), hessian.dimension());
            this.product = Nd4j.create(hessian.dataType(), hessian.dimension());
        }
    }

    /** @return the Hessian operator (its domain, ε and product count) */
    public HessianOperator hessian() {
        return hessian;
    }

    /**
     * Measures at θ<sub>t</sub> = {@code before} and, if {@code after} is given, along the step to it.
     *
     * @param before   θ<sub>t</sub>, length P, FLOAT or DOUBLE; only read
     * @param after    θ<sub>t+1</sub>, or null for the quantities at θ<sub>t</sub> alone
     * @param spectrum whether to run Lanczos for λmax and λmin
     * @return the measurement; NaN wherever the objective gave a non-finite value
     * @throws java.util.concurrent.CancellationException if the thread is interrupted during a Lanczos run
     */
    public StepMeasurement measure(INDArray before, INDArray after, boolean spectrum) {
        if (closed) {
            throw new IllegalStateException("this StepCurvature was closed");
        }
        long productsBefore = hessian.productCount();
        hessian.recentre(before);
        double loss = objective.lossAndGradient(g) + (regularization ? objective.regularization() : 0);
        hessian.useGradientAtCentre(g);                  // ∇L(θ_t): the products' kink check needs no pass of its own
        if (regularization) {
            objective.addRegularizationGradient(g);
        }
        hessian.domain().project(g);
        double gradNormSquared = Blas.dot(g, g);
        double gHg = quadraticForm(g);
        Optional<StepMeasurement.Step> step = Optional.empty();
        if (after != null) {
            Blas.copy(after, u);
            Blas.axpy(-1.0, hessian.centre(), u);
            hessian.domain().project(u);
            double uNormSquared = Blas.dot(u, u);
            double gDotU = Blas.dot(g, u);
            double uHu = quadraticForm(u);
            Blas.copy(after, objective.parameters());
            double lossAfter = objective.loss() + (regularization ? objective.regularization() : 0);
            Blas.copy(hessian.centre(), objective.parameters());
            step = Optional.of(new StepMeasurement.Step(uNormSquared, gDotU, uHu, lossAfter - loss));
        }
        Optional<LanczosResult> eigen = Optional.empty();
        if (spectrum) {
            eigen = spectrum();
        }
        return new StepMeasurement(loss, gradNormSquared, gHg, step, eigen,
                hessian.productCount() - productsBefore);
    }

    /** vᵀHv, or NaN for a vector with a non-finite entry (a diverged gradient) or a non-finite product. */
    private double quadraticForm(INDArray v) {
        double norm = Blas.nrm2(v);
        if (!Double.isFinite(norm)) {
            return Double.NaN;
        }
        hessian.apply(v, product);
        return Blas.dot(v, product);
    }

    private Optional<LanczosResult> spectrum() {
        Optional<LanczosResult> result = Lanczos.run(hessian, lanczos, warmStart, Progress.NONE);
        result.ifPresent(r -> {
            r.smallest().forEach(pair -> pair.vector().ifPresent(INDArray::close));
            r.largest().stream().findFirst().flatMap(RitzPair::vector).ifPresent(vector -> {
                if (warmStart != null) {
                    warmStart.close();
                }
                warmStart = vector;
            });
        });
        return result;
    }

    /** Frees the vectors and the operator's buffers (the objective stays open). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        hessian.close();
        for (INDArray array : new INDArray[]{g, u, product, warmStart}) {
            if (array != null && array.closeable()) {
                array.close();
            }
        }
    }
}
