package org.landscape4j.run;

/**
 * One row of {@code metrics.arrows}: what one training iteration measured.
 *
 * @param iteration       the 0-based index of the parameter update (DL4J's iteration count)
 * @param epoch           the 0-based epoch the update belongs to
 * @param batchSize       the minibatch size b
 * @param score           DL4J's score: the mean minibatch loss plus the regularization term, before the update
 * @param gradientNorm    ‖∇L‖ of the mean minibatch data loss (no regularization); NaN if not measured
 * @param updateNorm      ‖θ_before − θ_after‖, the length of the step actually applied
 * @param learningRate    the learning rate in force, NaN if the updater has none
 * @param wallTimeSeconds seconds since recording started
 * @param curvature       curvature quantities, or null when not measured
 */
public record MetricRow(long iteration, int epoch, int batchSize, double score, double gradientNorm,
                        double updateNorm, double learningRate, double wallTimeSeconds, Curvature curvature) {
}
