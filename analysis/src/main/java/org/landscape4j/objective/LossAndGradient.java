package org.landscape4j.objective;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mean data loss and its gradient at one θ.
 *
 * @param loss     L(θ)
 * @param gradient ∇L(θ), a vector of length P owned by the caller
 */
public record LossAndGradient(double loss, INDArray gradient) {
}
