package org.landscape4j.direction;

import java.util.Objects;
import java.util.Random;
import org.landscape4j.linalg.Blas;
import org.landscape4j.objective.Objective;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Makes directions: random, the difference of two parameter vectors, a user vector, the gradient at the
 * centre. Each allocates the one P-sized vector the direction is (that is what a direction is); nothing else.
 * The result is raw: normalize it ({@link Normalizer}, or all of a set at once with {@link DirectionSet#prepare}).
 */
public final class Directions {

    private Directions() {
    }

    /**
     * A random direction d ~ N(0, I): element i is the (i+1)-th value of {@code new java.util.Random(seed)
     * .nextGaussian()}, for i = 0, 1, ..., P−1 in that order (rounded to the nearest float for FLOAT).
     *
     * <p><b>Reproducible forever</b>: the JDK specifies {@code java.util.Random}'s algorithm exactly (the
     * 48-bit linear congruential generator of Knuth, TAOCP vol. 2 §3.2.1, and the polar method of Box,
     * Muller and Marsaglia, TAOCP §3.4.1 C, for {@code nextGaussian}), so every JVM produces the same numbers
     * for the same seed. A direction is therefore saved as its seed as well as its values.
     *
     * @param seed           the seed
     * @param parameterCount P
     * @param type           FLOAT or DOUBLE
     * @return a new random direction
     */
    public static Direction random(long seed, long parameterCount, DataType type) {
        if (parameterCount < 1) {
            throw new IllegalArgumentException("a direction needs P ≥ 1 parameters, got " + parameterCount);
        }
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("a direction is FLOAT or DOUBLE, not " + type);
        }
        INDArray vector = Nd4j.create(type, parameterCount);
        fillGaussian(seed, vector);
        return new Direction(DirectionKind.RANDOM, vector, seed, "N(0, I) from java.util.Random(" + seed + ")");
    }

    /**
     * Writes the random direction of {@link #random} for this seed into a vector the caller owns (no
     * allocation).
     *
     * @param seed the seed
     * @param out  a FLOAT or DOUBLE vector; overwritten
     */
    public static void fillGaussian(long seed, INDArray out) {
        Elements target = Elements.of(out, "out");
        Random random = new Random(seed);
        for (long i = 0; i < target.length(); i++) {
            target.set(i, random.nextGaussian());
        }
    }

    /**
     * The difference of two parameter vectors, θ<sub>to</sub> − θ<sub>from</sub>: each element formed in
     * double and rounded once, in DOUBLE if either vector is DOUBLE, else FLOAT.
     *
     * @param from   θ<sub>a</sub>, length P; only read
     * @param to     θ<sub>b</sub>, length P; only read
     * @param source what the two vectors are, e.g. {@code "snapshot 0 → snapshot 500"}
     * @return a new direction of kind {@link DirectionKind#DIFFERENCE}
     */
    public static Direction difference(INDArray from, INDArray to, String source) {
        Elements a = Elements.of(from, "from");
        Elements b = Elements.of(to, "to");
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("from has " + a.length() + " elements but to has " + b.length()
                    + ": two parameter vectors of one model have the same length");
        }
        DataType type = from.dataType() == DataType.DOUBLE || to.dataType() == DataType.DOUBLE
                ? DataType.DOUBLE : DataType.FLOAT;
        INDArray vector = Nd4j.create(type, a.length());
        Elements out = Elements.of(vector, "the difference");
        for (long i = 0; i < a.length(); i++) {
            out.set(i, b.get(i) - a.get(i));
        }
        return new Direction(DirectionKind.DIFFERENCE, vector, null, source);
    }

    /**
     * A direction the user supplies. The vector is copied (in its own type), so that normalizing the direction
     * leaves the caller's array alone.
     *
     * @param vector a FLOAT or DOUBLE vector of length P; only read
     * @param source what it is
     * @return a new direction of kind {@link DirectionKind#USER}
     */
    public static Direction user(INDArray vector, String source) {
        Elements.of(vector, "the user's vector");
        INDArray copy = Nd4j.create(vector.dataType(), vector.length());
        Blas.copy(vector, copy);
        return new Direction(DirectionKind.USER, copy, null, source);
    }

    /**
     * The gradient direction: ∇L at the centre c, of the objective's mean data loss (without regularization;
     * see {@link Objective}). c is written into the objective's parameter buffer, then
     * {@link Objective#gradient(INDArray)} fills a new vector in the objective's precision. The sign is that
     * of the gradient (the ascent direction); a slice runs through both signs anyway. Entries of state are 0.
     *
     * @param objective the objective; its buffer is overwritten with c
     * @param centre    c, length P; only read
     * @param source    what the objective is, e.g. its data set
     * @return a new direction of kind {@link DirectionKind#GRADIENT}
     */
    public static Direction gradient(Objective objective, INDArray centre, String source) {
        Objects.requireNonNull(objective, "objective");
        if (centre.length() != objective.parameterCount()) {
            throw new IllegalArgumentException("the centre has " + centre.length() + " elements but the objective "
                    + objective.parameterCount() + " parameters");
        }
        Blas.copy(centre, objective.parameters());
        INDArray out = Nd4j.create(objective.precision().toNd4j(), objective.parameterCount());
        objective.gradient(out);
        return new Direction(DirectionKind.GRADIENT, out, null, source);
    }
}
