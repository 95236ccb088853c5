package org.landscape4j.dl4j.network;

/**
 * What one inference pass over one batch yields.
 *
 * @param lossSum the sum over the batch's examples of their data losses (inference mode, no regularization)
 * @param correct for a classifier, how many scored examples have their arg-max output at their arg-max label
 * @param scored  for a classifier, how many examples were scored: all but those whose label mask row is all
 *                zero (as DL4J's {@code Evaluation} skips them); 0 for a model that is not a classifier
 */
public record BatchInference(double lossSum, long correct, long scored) {
}
