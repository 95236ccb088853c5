package org.landscape4j.objective;

import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's loss on a fixed data set as a function of its flat parameter vector θ ∈ R<sup>P</sup>, evaluated at
 * the point held in the objective's own parameter buffer.
 *
 * <p><b>Definitions</b> (N examples (x<sub>i</sub>, y<sub>i</sub>), per-example loss ℓ, model f):
 * <ul>
 *   <li>{@link #loss()}: L(θ) = (1/N) Σ<sub>i</sub> ℓ(f(x<sub>i</sub>; θ), y<sub>i</sub>) in inference mode (no
 *       dropout or weight noise; batch normalization with its stored running statistics), without
 *       regularization;</li>
 *   <li>{@link #regularization()}: R(θ), the penalty the framework adds to its training score;</li>
 *   <li>{@link #gradient(INDArray)}: ∇L(θ), the exact gradient of the same L — one function, one set of
 *       numbers: loss, gradient and (through finite differences of the gradient) Hessian-vector products all
 *       belong to the one function L;</li>
 *   <li>{@link #addRegularizationGradient(INDArray)}: ∇R(θ), exact, so that ∇(L + R) is available too.</li>
 * </ul>
 *
 * <p><b>The buffer.</b> {@link #parameters()} is the objective's own θ, a live view of the model's parameters:
 * the caller writes a point into it (a copy, or c + αd₁ + βd₂ by {@link Blas#combine}) and then evaluates; no
 * method allocates a P-sized array. Gradients go into vectors of length P that the caller owns and reuses.
 * Entries of non-trainable state (batch-norm running mean and variance, role
 * {@link org.landscape4j.layout.ParameterRole#STATE}) are read as part of θ but are constants of L: their
 * gradient entries are 0.
 *
 * <p><b>Life cycle.</b> An objective holds off-heap memory (a network copy): {@link #close()} returns it. Every
 * method except {@code close()} throws {@link IllegalStateException} after closing; the buffer must not be used
 * after closing either. Implementations are not thread-safe: one objective per worker thread, each created by
 * its {@link ObjectiveFactory}.
 */
public interface Objective extends AutoCloseable {

    /** @return how θ is cut into parameter arrays */
    ParameterLayout layout();

    /** @return P, the length of θ */
    long parameterCount();

    /** @return the floating-point type the objective computes in; its buffer and gradients have this type */
    Precision precision();

    /** @return true if the model is a classifier, so that {@link PointResult#accuracy()} is a number */
    boolean isClassifier();

    /** @return N, the number of examples the loss averages over */
    long exampleCount();

    /**
     * @return the objective's own θ buffer, a rank-1 vector of length P in {@link #precision()}: a live view of the
     *         model's parameters. Write the point to evaluate into it; do not keep it past {@link #close()}.
     */
    INDArray parameters();

    /**
     * Loss, regularization and (for classifiers) accuracy at the point in the buffer, in ONE inference pass over
     * the data.
     *
     * @throws IllegalStateException if the number of examples seen in the pass differs from
     *                               {@link #exampleCount()}, or after {@link #close()}
     */
    PointResult evaluate();

    /** @return L(θ) at the buffer: one inference pass, no accuracy */
    double loss();

    /** @return R(θ) at the buffer: no pass over the data */
    double regularization();

    /**
     * Writes ∇L(θ) at the buffer into {@code out}, without computing the loss when the framework allows it, and
     * without allocating P-sized arrays.
     *
     * @param out a vector of length P owned by the caller (rank 1, or [1, P] / [P, 1]); overwritten
     */
    void gradient(INDArray out);

    /**
     * Writes ∇L(θ) at the buffer into {@code out} and returns L(θ) from the same pass.
     *
     * @param out a vector of length P owned by the caller; overwritten
     * @return L(θ), equal to {@link #loss()} up to rounding
     */
    double lossAndGradient(INDArray out);

    /**
     * Adds ∇R(θ) at the buffer to {@code out}: for every regularization term registered on a parameter array w,
     * ½·λ·Σw² (L2, weight decay) contributes λ·w and λ·Σ|w| (L1) contributes λ·sign(w), exactly as many times as
     * the framework counts the term in R.
     *
     * @param out a vector of length P owned by the caller; added to
     */
    void addRegularizationGradient(INDArray out);

    /**
     * Copies θ into the buffer, then writes ∇L(θ) into {@code out}.
     *
     * @param theta a vector of length P, FLOAT or DOUBLE (cast into the buffer's type); only read
     * @param out   a vector of length P owned by the caller; overwritten
     */
    default void gradient(INDArray theta, INDArray out) {
        Blas.copy(theta, parameters());
        gradient(out);
    }

    /**
     * Copies θ into the buffer, then evaluates it.
     *
     * @param theta a vector of length P, FLOAT or DOUBLE (cast into the buffer's type); only read
     * @return loss, regularization and accuracy at θ
     */
    default PointResult evaluate(INDArray theta) {
        Blas.copy(theta, parameters());
        return evaluate();
    }

    /**
     * An evaluator of the points θ(w) = Σ w<sub>k</sub>·v<sub>k</sub> of a linear family (a slice) that shares
     * work between them, when this objective knows how (the first layer's products, see
     * {@link CombinationEvaluator}). The default knows no such shortcut.
     *
     * @param vectors the family's vectors, each of length P in {@link #precision()}; referenced, not copied: they
     *                must not change while the evaluator is used
     * @return the evaluator, or empty when no work can be shared (the caller then writes each point into
     *         {@link #parameters()} and calls {@link #evaluate()})
     */
    default java.util.Optional<CombinationEvaluator> combinations(java.util.List<INDArray> vectors) {
        return java.util.Optional.empty();
    }

    /**
     * Returns the objective's off-heap memory (its network copy) deterministically. Idempotent; every other
     * method throws {@link IllegalStateException} afterwards.
     */
    @Override
    void close();
}
