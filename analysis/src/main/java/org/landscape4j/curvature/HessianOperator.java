package org.landscape4j.curvature;

import org.landscape4j.linalg.Blas;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * The Hessian H = ∇²L(c) of an objective's loss at a centre c, as a matrix-free {@link SymmetricOperator}: each
 * product by central differences of gradients.
 *
 * <p><b>The product.</b> For v ≠ 0 (first projected onto the {@link #domain() domain} S, which never contains
 * non-trainable state), with v̂ = v/‖v‖ and a step ε:
 * <pre>
 *   Hv ≈ ‖v‖ · [∇L(c + εv̂) − ∇L(c − εv̂)] / (2ε)
 * </pre>
 * two gradient passes per product, computed on the objective's own parameter buffer: c ± εv̂ is written into it
 * with {@link Blas#combine}, and the centre is copied back after the two gradients, so that the buffer holds c
 * bit for bit after every product (also when a gradient throws). The result is projected onto S.
 *
 * <p><b>Error</b> (Golub &amp; Van Loan; DESIGN.md): truncation (ε²/6)·‖∇³L[v̂, v̂]‖·‖v‖ plus rounding
 * ≈ u·(‖∇L‖ + ‖H‖·‖c‖)·‖v‖/ε, with u the unit roundoff of the objective's precision (the first term from the
 * gradients, the second from rounding c ± εv̂ into the buffer). For a quadratic loss the truncation term is 0:
 * the product is exact up to rounding. Symmetry is not enforced: the asymmetry of the matrix of products is of the
 * order of the error above.
 *
 * <p><b>Kinks</b> (ReLU, max pooling, L1). Where c ± εv̂ straddles a point at which ∇L jumps, the central
 * difference is a quotient across the jump (of size jump/ε), not a derivative. In DOUBLE each product is therefore
 * checked: with g₀ = ∇L(c) (one gradient per centre, kept), the forward and backward differences
 * (∇L(c + εv̂) − g₀)/ε and (g₀ − ∇L(c − εv̂))/ε agree up to ε·‖∇³L[v̂, v̂]‖ where L is smooth between the two
 * points, and differ by about jump/ε where a kink lies between; when
 * ‖∇L(c + εv̂) + ∇L(c − εv̂) − 2g₀‖ &gt; {@value #KINK_TOLERANCE}·‖∇L(c + εv̂) − ∇L(c − εv̂)‖ the product is
 * recomputed with ε/10, at most {@value #MAX_SHRINKS} times (to ε/1000; in DOUBLE the rounding of a product is still
 * below 1e-8 relative there). A kink at distance δ from c along v̂ is then stepped over only when δ &lt; ε/1000: the
 * product approximates the Hessian of the smooth piece that holds c (the "almost everywhere" Hessian that automatic
 * differentiation gives), unless c itself lies within that distance of a kink. {@link #kinkShrinks()} counts the
 * products that needed a smaller step, {@link #unresolvedKinks()} those still inconsistent at the smallest (their
 * last central difference is returned). In FLOAT, whose rounding is too coarse for the test, products are not
 * checked.
 *
 * <p><b>Step rule.</b> By default ε = ε₀·max(1, ‖c<sub>S</sub>‖/√d), with ε₀ = 1e-5 in DOUBLE and 3e-3 in FLOAT,
 * ‖c<sub>S</sub>‖/√d the root mean square of the centre over the d coordinates of S: the step is ε₀ for
 * parameters of the usual sizes (RMS ≤ 1) and grows with them when they are larger, so that the rounding of
 * c ± εv̂ stays a fixed fraction of the step. ε₀ balances truncation ∝ ε² against rounding ∝ u/ε for quantities of
 * order 1: (3u)<sup>1/3</sup> ≈ 7e-6 in DOUBLE, 6e-3 in FLOAT. {@link Builder#epsilon(double)} overrides it.
 *
 * <p><b>Precision.</b> Compute on the DOUBLE twin of a FLOAT model ({@code factory.withPrecision(DOUBLE)}):
 * the error of a product is then about 1e-10 relative (measured in the listener tests: on softmax regression the
 * matrix of products matches the closed-form Hessian to 5e-12 absolute for entries up to 0.2; on the 4-5-3 tanh
 * network it is symmetric to 6e-11 and matches second differences of the loss values to 3e-8, the reference's own
 * error). On a FLOAT objective (the float mode, for speed: half the memory traffic, the network's own type) the
 * error is dominated by rounding, u·‖∇L‖/ε with u = 6e-8 and ε = 3e-3, plus the float model's own rounding:
 * measured on the 4-5-3 network as ‖H<sub>float</sub>v − H<sub>double</sub>v‖/‖H<sub>double</sub>v‖ ≤ 1.1e-4 over
 * ten random directions (the test asserts 2e-3; larger networks accumulate more rounding in their gradients). Lanczos
 * tolerances much below 1e-3 are then not reachable.
 *
 * <p><b>Regularization.</b> The objective's L excludes the penalty R (DL4J's raw gradient excludes it). With
 * {@link Builder#regularization(boolean) regularization(true)} the operator is the Hessian of L + R, with the
 * penalty's Hessian added exactly rather than by differences: H<sub>R</sub>v = ∇R(2v) − ∇R(v), computed by
 * writing v and 2v into the buffer (no data pass). This is exact for every penalty whose gradient is elementwise
 * a·w + b·sign(w): L2 and weight decay (R = ½λΣw², ∇R = λw, H<sub>R</sub>v = λv on the arrays that carry the
 * term, up to one rounding of λv) and L1 (R = λΣ|w|, ∇R = λ·sign(w), whose Hessian is 0 wherever no weight is
 * exactly 0: sign(2v) = sign(v) cancels). L1 is not differentiable at w = 0; the 0 returned there is the
 * Hessian of its smooth part, not a derivative. Other penalties are not known to the objective (it throws).
 *
 * <p><b>Memory.</b> Three vectors of P in the objective's precision, allocated once: the centre and two gradient
 * buffers, and in DOUBLE a fourth, ∇L(c). {@link #apply} allocates nothing P-sized (the objective's gradient writes
 * into the operator's buffers).
 * {@link #close()} frees them; the objective stays the caller's.
 *
 * <p>Not thread-safe, like the objective it uses.
 */
public final class HessianOperator implements SymmetricOperator, AutoCloseable {

    /** ε₀ of the default step rule in DOUBLE. */
    public static final double DOUBLE_STEP = 1e-5;
    /** ε₀ of the default step rule in FLOAT. */
    public static final double FLOAT_STEP = 3e-3;

    /** The forward and backward differences may differ by this fraction of the central one (DOUBLE). */
    public static final double KINK_TOLERANCE = 1e-2;

    /** How many times a product across a kink is recomputed with a ten times smaller step. */
    public static final int MAX_SHRINKS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(HessianOperator.class);

    private final Objective objective;
    private final Domain domain;
    private final boolean regularization;
    private final Double fixedEpsilon;
    private final INDArray centre;
    private final INDArray plus;
    private final INDArray minus;
    private final INDArray gradientAtCentre;            // g₀, DOUBLE only (null in FLOAT)
    private boolean gradientAtCentreKnown;
    private double epsilon;
    private long products;
    private long kinkShrinks;
    private long unresolvedKinks;
    private boolean closed;

    @SuppressWarnings("try") // the workspace scope is used for its effect, not referenced
    private HessianOperator(Builder builder) {
        this.objective = builder.objective;
        this.domain = builder.domain;
        this.regularization = builder.regularization;
        this.fixedEpsilon = builder.epsilon;
        DataType type = objective.precision().toNd4j();
        long p = objective.parameterCount();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.centre = Nd4j.create(type, p);
            this.plus = Nd4j.create(type, p);
            this.minus = Nd4j.create(type, p);
            this.gradientAtCentre = objective.precision() == Precision.DOUBLE ? Nd4j.create(type, p) : null;
        }
        recentre(builder.centre != null ? builder.centre : objective.parameters());
    }

    /** @return a builder of the Hessian of {@code objective}'s loss */
    public static Builder builder(Objective objective) {
        return new Builder(objective);
    }

    /**
     * The default step rule: ε₀·max(1, ‖c<sub>S</sub>‖/√d), ε₀ = {@link #DOUBLE_STEP} or {@link #FLOAT_STEP}.
     *
     * @param precision the precision the gradients are computed in
     * @param centre    c, length P
     * @param domain    S
     * @return ε
     */
    public static double defaultEpsilon(Precision precision, INDArray centre, Domain domain) {
        double base = precision == Precision.DOUBLE ? DOUBLE_STEP : FLOAT_STEP;
        long d = domain.size();
        if (d == 0) {
            return base;
        }
        double rms = domain.norm(centre) / Math.sqrt(d);
        return base * Math.max(1.0, Double.isFinite(rms) ? rms : 1.0);
    }

    /**
     * Moves the centre to θ (copied; along training, the next iterate) without reallocating, writes it into the
     * objective's buffer and, under the default step rule, recomputes ε.
     *
     * @param theta the new centre, length P, FLOAT or DOUBLE; only read
     */
    public void recentre(INDArray theta) {
        requireOpen();
        domain.requireLength(theta, "the centre");
        Blas.copy(theta, centre);
        Blas.copy(centre, objective.parameters());
        gradientAtCentreKnown = false;
        epsilon = fixedEpsilon != null ? fixedEpsilon : defaultEpsilon(objective.precision(), centre, domain);
        LOG.debug("Hessian operator centred, P = {}, domain size {}, ε = {}, {} precision, regularization {}",
                centre.length(), domain.size(), epsilon, objective.precision(), regularization);
    }

    /**
     * Hands the operator ∇L(c) at the current centre, computed by the caller anyway (the loss's gradient without the
     * penalty, as {@link org.landscape4j.objective.Objective#gradient} gives it), so that the kink check of the
     * products does not compute it again. Ignored in FLOAT.
     *
     * @param gradient ∇L at {@link #centre()}, length P; copied
     */
    public void useGradientAtCentre(INDArray gradient) {
        requireOpen();
        domain.requireLength(gradient, "the gradient");
        if (gradientAtCentre != null) {
            Blas.copy(gradient, gradientAtCentre);
            gradientAtCentreKnown = true;
        }
    }

    @Override
    public long dimension() {
        return centre.length();
    }

    @Override
    public DataType dataType() {
        return centre.dataType();
    }

    @Override
    public Domain domain() {
        return domain;
    }

    /** @return ε, the step along v̂ */
    public double epsilon() {
        return epsilon;
    }

    /** @return true if the operator is the Hessian of L + R, false if of L alone */
    public boolean includesRegularization() {
        return regularization;
    }

    /** @return the precision the gradients are computed in */
    public Precision precision() {
        return objective.precision();
    }

    /** @return the centre c, the operator's own copy: read it, do not change it (use {@link #recentre}) */
    public INDArray centre() {
        return centre;
    }

    /**
     * out ← H·P<sub>S</sub>v by central differences (see the class comment); two gradient passes, or none for a
     * vector that is 0 on S (then out ← 0).
     *
     * @param v   length P, of {@link #dataType()}; only read; may be {@code out}
     * @param out length P, of {@link #dataType()}; overwritten
     * @throws IllegalArgumentException if a vector has the wrong length or type, or v is not finite on S
     */
    @Override
    public void apply(INDArray v, INDArray out) {
        requireOpen();
        domain.requireLength(v, "v");
        domain.requireLength(out, "out");
        if (out == plus || out == minus || out == centre || out == objective.parameters()) {
            throw new IllegalArgumentException("out is one of the operator's or the objective's own buffers: pass"
                    + " a vector of your own");
        }
        Blas.copy(v, out);
        domain.project(out);
        double norm = Blas.nrm2(out);
        if (!Double.isFinite(norm)) {
            throw new IllegalArgumentException("v has a non-finite entry (its norm on the domain is " + norm + ")");
        }
        products++;
        if (norm == 0) {
            return;
        }
        INDArray buffer = objective.parameters();
        try {
            double step = epsilon / norm;                       // along out = P_S v: ‖out‖·step = ε
            centralDifference(out, step, buffer);
            for (int shrink = 0; gradientAtCentre != null && !consistent(); shrink++) {
                if (shrink == MAX_SHRINKS) {
                    unresolvedKinks++;
                    break;
                }
                if (shrink == 0) {
                    kinkShrinks++;
                }
                step /= 10;
                centralDifference(out, step, buffer);
            }
            Blas.axpy(-1.0, minus, plus);                       // plus ← ∇L(c + s·v) − ∇L(c − s·v)
            Blas.scal(1.0 / (2 * step), plus);
            if (regularization) {
                regularizationProduct(out, buffer);
            }
        } finally {
            Blas.copy(centre, buffer);
        }
        Blas.copy(plus, out);
        if (regularization) {
            Blas.axpy(1.0, minus, out);
        }
        domain.project(out);
    }

    /** plus ← ∇L(c + s·v), minus ← ∇L(c − s·v); the buffer is left at c − s·v. */
    private void centralDifference(INDArray v, double s, INDArray buffer) {
        Blas.combine(centre, s, v, buffer);
        objective.gradient(plus);
        Blas.combine(centre, -s, v, buffer);
        objective.gradient(minus);
    }

    /**
     * @return true if the forward and backward differences agree: ‖g₊ + g₋ − 2g₀‖ ≤ τ·‖g₊ − g₋‖ (computes g₀ the
     *         first time after a recentre, leaving the buffer at c)
     */
    private boolean consistent() {
        if (!gradientAtCentreKnown) {
            Blas.copy(centre, objective.parameters());
            objective.gradient(gradientAtCentre);
            gradientAtCentreKnown = true;
        }
        double spread = 0;
        double central = 0;
        // one pass over the three vectors, without scratch: Σ(g₊ + g₋ − 2g₀)² and Σ(g₊ − g₋)²
        long p = plus.length();
        if (p <= Integer.MAX_VALUE && plus.dataType() == DataType.DOUBLE) {
            java.nio.DoubleBuffer a = plus.data().asNioDouble();
            java.nio.DoubleBuffer b = minus.data().asNioDouble();
            java.nio.DoubleBuffer g = gradientAtCentre.data().asNioDouble();
            for (int i = 0; i < (int) p; i++) {
                double ai = a.get(i);
                double bi = b.get(i);
                double d = ai + bi - 2 * g.get(i);
                double c = ai - bi;
                spread += d * d;
                central += c * c;
            }
        }
        return !(Math.sqrt(spread) > KINK_TOLERANCE * Math.sqrt(central));
    }

    /** minus ← ∇R(2v) − ∇R(v) = H<sub>R</sub>v for v in {@code v}; the buffer is overwritten. */
    private void regularizationProduct(INDArray v, INDArray buffer) {
        minus.assign(0.0);
        Blas.copy(v, buffer);
        objective.addRegularizationGradient(minus);
        Blas.scal(-1.0, minus);
        Blas.axpy(1.0, v, buffer);
        objective.addRegularizationGradient(minus);
    }

    @Override
    public long productCount() {
        return products;
    }

    /** @return the products (DOUBLE) whose first step straddled a kink and were recomputed with a smaller one */
    public long kinkShrinks() {
        return kinkShrinks;
    }

    /** @return the products still inconsistent at the smallest step, ε/10<sup>{@value #MAX_SHRINKS}</sup> */
    public long unresolvedKinks() {
        return unresolvedKinks;
    }

    /** Frees the centre and the two gradient buffers. Idempotent; the objective is not closed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (INDArray array : new INDArray[]{centre, plus, minus, gradientAtCentre}) {
            if (array != null && array.closeable()) {
                array.close();
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the Hessian operator was closed: its buffers are released; build"
                    + " another");
        }
    }

    @Override
    public String toString() {
        return "HessianOperator[P=" + centre.length() + ", domain " + domain.size() + ", ε=" + epsilon + ", "
                + objective.precision() + (regularization ? ", with regularization" : "") + "]";
    }

    /** Collects the objective, the centre, the step, the domain and whether to add the regularization. */
    public static final class Builder {

        private final Objective objective;
        private INDArray centre;
        private Double epsilon;
        private boolean regularization;
        private Domain domain;

        private Builder(Objective objective) {
            this.objective = Objects.requireNonNull(objective, "objective");
        }

        /** The centre c (copied at {@link #build()}); default: what the objective's buffer holds then. */
        public Builder centre(INDArray centre) {
            this.centre = Objects.requireNonNull(centre, "centre");
            return this;
        }

        /** A fixed step ε &gt; 0 instead of the default rule (see the class comment). */
        public Builder epsilon(double epsilon) {
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("step ε = " + epsilon + " must be a positive finite number;"
                        + " about 1e-5 in DOUBLE and 3e-3 in FLOAT");
            }
            this.epsilon = epsilon;
            return this;
        }

        /** Whether the operator is the Hessian of L + R (true) or of L (false, the default). */
        public Builder regularization(boolean include) {
            this.regularization = include;
            return this;
        }

        /**
         * Restricts the operator to a domain (a layer, a block of arrays; see {@link Domain}); default: every
         * trainable array of the objective's layout.
         */
        public Builder domain(Domain domain) {
            this.domain = Objects.requireNonNull(domain, "domain");
            return this;
        }

        /**
         * @return the operator, its centre written into the objective's buffer
         * @throws IllegalArgumentException if the domain or centre does not fit the objective, or the domain
         *                                  contains non-trainable state
         */
        public HessianOperator build() {
            long p = objective.parameterCount();
            Domain chosen = domain != null ? domain : Domain.trainable(objective.layout());
            if (chosen.dimension() != p) {
                throw new IllegalArgumentException("the domain is for vectors of length " + chosen.dimension()
                        + " but the objective has " + p + " parameters");
            }
            objective.layout().arrays().stream().filter(a -> !a.role().isTrainable())
                    .filter(a -> chosen.blocks().stream().anyMatch(b -> b.offset() < a.end() && a.offset() < b.end()))
                    .findFirst().ifPresent(a -> {
                        throw new IllegalArgumentException("the domain overlaps the non-trainable state array "
                                + a.name() + ": state is never perturbed; build the domain with Domain.trainable,"
                                + " Domain.arrays or Domain.layers");
                    });
            this.domain = chosen;
            return new HessianOperator(this);
        }
    }
}
