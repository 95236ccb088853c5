package org.landscape4j.objective;

import java.util.OptionalDouble;

/**
 * What one evaluation of a model at θ yields.
 *
 * @param loss           L(θ), the mean data loss in inference mode
 * @param regularization R(θ); the framework's training score is {@code loss + regularization}
 * @param accuracy       the fraction of examples whose arg-max prediction equals the arg-max label, for
 *                       classifiers; empty otherwise
 */
public record Evaluation(double loss, double regularization, OptionalDouble accuracy) {

    /** @return L(θ) + R(θ), the quantity the framework reports as its score */
    public double total() {
        return loss + regularization;
    }
}
