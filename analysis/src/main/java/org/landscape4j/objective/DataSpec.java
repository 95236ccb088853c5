package org.landscape4j.objective;

import java.io.Serializable;
import java.util.Objects;

/**
 * The data an objective averages over, as plain serializable data.
 *
 * <p>The loss is L(θ) = (1/N) Σ<sub>i∈S</sub> ℓ<sub>i</sub>(θ) over the example set S: all examples of the source
 * ({@code subsample} = 0), or {@code subsample} of them drawn without replacement by a generator seeded with
 * {@code subsampleSeed} and kept in source order, so that the same spec always selects the same examples.
 * The examples are fed to the model in batches of at most {@code batchSize} (the last may be smaller): the batch
 * size bounds activation memory and does not change L, which sums per-example losses.
 *
 * @param source        where the examples come from
 * @param batchSize     the largest number of examples per forward pass, ≥ 1
 * @param subsample     the number of examples to use, or 0 for all; must not exceed the source's count
 * @param subsampleSeed the seed of the subsample's selection (ignored when {@code subsample} is 0)
 */
public record DataSpec(DataSource source, int batchSize, long subsample, long subsampleSeed) implements Serializable {

    public DataSpec {
        Objects.requireNonNull(source, "source");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " is below 1: give the number of examples"
                    + " per forward pass (it bounds activation memory, not the loss)");
        }
        if (subsample < 0) {
            throw new IllegalArgumentException("subsample " + subsample + " is negative: give 0 for all examples"
                    + " or the number of examples to draw");
        }
        if (subsample > 0 && source.knownExampleCount().isPresent()
                && subsample > source.knownExampleCount().getAsLong()) {
            throw new IllegalArgumentException("subsample " + subsample + " exceeds the "
                    + source.knownExampleCount().getAsLong() + " examples of " + source.describe()
                    + ": give at most that many, or 0 for all");
        }
    }

    /** @return all examples of {@code source}, in batches of {@code batchSize} */
    public static DataSpec of(DataSource source, int batchSize) {
        return new DataSpec(source, batchSize, 0, 0);
    }

    /** @return this spec restricted to {@code count} examples drawn with {@code seed} */
    public DataSpec withSubsample(long count, long seed) {
        return new DataSpec(source, batchSize, count, seed);
    }

    /** @return true if only a subsample of the source is used */
    public boolean isSubsampled() {
        return subsample > 0;
    }
}
