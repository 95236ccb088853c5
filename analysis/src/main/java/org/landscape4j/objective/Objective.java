package org.landscape4j.objective;

import org.landscape4j.layout.ParameterLayout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's loss on a fixed data set as a function of its flat parameter vector θ.
 *
 * <p>Definitions (N examples (x<sub>i</sub>, y<sub>i</sub>), per-example loss ℓ):
 * <ul>
 *   <li>{@link #loss}: L(θ) = (1/N) Σ ℓ(f(x<sub>i</sub>; θ), y<sub>i</sub>), evaluated in inference mode
 *       (no dropout, batch normalization with its running statistics), without regularization;</li>
 *   <li>{@link #regularization}: R(θ), the penalty the framework adds to its training score (L1, L2, weight
 *       decay), exactly as the framework computes it;</li>
 *   <li>{@link #lossAndGradient}: L(θ) and ∇L(θ), the gradient of the mean data loss (no regularization).
 *       Dropout and weight noise are disabled for it; a network with batch normalization differentiates the
 *       training-mode forward pass (batch statistics), as the framework's backpropagation does.</li>
 * </ul>
 * θ must have {@link #parameterCount()} elements in the order of {@link #layout()}; it is read, never kept or
 * modified. Implementations are not thread-safe: use one instance per thread.
 */
public interface Objective {

    /** @return how θ is cut into parameter arrays */
    ParameterLayout layout();

    /** @return P, the length of θ */
    default long parameterCount() {
        return layout().parameterCount();
    }

    /** @return the floating-point type the model computes in (FLOAT or DOUBLE) */
    DataType dataType();

    /** @return N, the number of examples the loss averages over */
    long exampleCount();

    /** @return true if the model is a classifier, so that {@link Evaluation#accuracy()} is present */
    boolean isClassifier();

    /** @return L(θ), the mean data loss in inference mode */
    double loss(INDArray theta);

    /** @return R(θ), the regularization term alone */
    double regularization(INDArray theta);

    /** @return L(θ) and a new array holding ∇L(θ), in {@link #dataType()} */
    LossAndGradient lossAndGradient(INDArray theta);

    /** @return loss, regularization and (for classifiers) accuracy at θ, in one pass over the data */
    Evaluation evaluate(INDArray theta);
}
