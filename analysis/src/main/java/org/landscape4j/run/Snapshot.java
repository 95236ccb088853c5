package org.landscape4j.run;

import java.util.Arrays;
import java.util.Objects;

/**
 * The parameter vector θ at one iteration, one row of {@link RunFiles#SNAPSHOTS}.
 *
 * <p>{@code params} is not copied (P may be millions): the reader hands each snapshot a fresh array that the
 * caller owns, and {@link #params()} returns that same array.
 *
 * @param iteration the iteration counter when θ was taken
 * @param epoch     the epoch counter
 * @param score     the training score at that iteration
 * @param params    θ as float32, in the layout's order, length P
 */
public record Snapshot(long iteration, int epoch, double score, float[] params) {

    public Snapshot {
        Objects.requireNonNull(params, "params");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Snapshot that && iteration == that.iteration && epoch == that.epoch
                && Double.compare(score, that.score) == 0 && Arrays.equals(params, that.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(iteration, epoch, score, Arrays.hashCode(params));
    }

    @Override
    public String toString() {
        return "Snapshot[iteration=" + iteration + ", epoch=" + epoch + ", score=" + score + ", P=" + params.length
                + "]";
    }
}
