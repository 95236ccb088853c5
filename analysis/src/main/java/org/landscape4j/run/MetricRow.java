package org.landscape4j.run;

/**
 * The metrics of one training iteration, one row of {@link RunFiles#METRICS}. NaN is a legal value of every
 * field (e.g. a diverged score) and round-trips as NaN.
 *
 * @param iteration       the iteration counter of the network (0-based, as DL4J counts)
 * @param epoch           the epoch counter (0-based)
 * @param batchSize       the number of examples in the minibatch
 * @param score           the training score the framework reports (mean loss plus regularization)
 * @param gradientNorm    ‖∇L‖₂ of the mean-loss gradient, before the updater
 * @param updateNorm      ‖θ<sub>after</sub> − θ<sub>before</sub>‖₂, the step the updater took
 * @param learningRate    the learning rate in effect
 * @param wallTimeSeconds seconds since the listener started
 * @param curvature       the curvature measured at this iteration, or null if none was (all its cells null)
 */
public record MetricRow(long iteration, int epoch, int batchSize, double score, double gradientNorm,
                        double updateNorm, double learningRate, double wallTimeSeconds, Curvature curvature) {
}
