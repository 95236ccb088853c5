package org.landscape4j.run;

/**
 * One row of {@code snapshots.arrows}: the parameters after {@code iteration} updates.
 *
 * @param iteration the number of parameter updates applied before the snapshot
 * @param epoch     the number of epochs completed at that moment
 * @param score     DL4J's score of the last update's minibatch (at the parameters before it); NaN if none yet
 * @param params    θ, length P, as float32
 */
public record Snapshot(long iteration, int epoch, double score, float[] params) {
}
