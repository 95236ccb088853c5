package org.landscape4j.direction;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One direction in parameter space with its provenance.
 *
 * <p>The vector is live (an ND4J array, changed in place by normalization and Gram–Schmidt): a direction stays
 * on the thread that made it; what crosses threads or processes is the saved table ({@link DirectionTable}) or
 * the provenance fields, which are plain values.
 *
 * @param kind   where the direction comes from
 * @param vector the direction, a FLOAT or DOUBLE vector of length P (owned by this direction)
 * @param seed   the seed it was drawn from (kind {@link DirectionKind#RANDOM}), null for every other kind
 * @param source free text saying what it was made from, e.g. {@code "snapshots 0 → 500"}; never null
 */
public record Direction(DirectionKind kind, INDArray vector, Long seed, String source) {

    public Direction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Elements.of(vector, "the " + kind.jsonName() + " direction's vector");
        if ((kind == DirectionKind.RANDOM) != (seed != null)) {
            throw new IllegalArgumentException("a " + kind.jsonName() + " direction "
                    + (seed == null ? "needs the seed it was drawn from" : "has no seed, but got " + seed));
        }
    }

    /** @return P, the vector's length */
    public long length() {
        return vector.length();
    }

    /**
     * @param vector the replacement
     * @return this direction's provenance with another vector (a loaded or recomputed one)
     */
    public Direction withVector(INDArray vector) {
        return new Direction(kind, vector, seed, source);
    }

    @Override
    public String toString() {
        return "Direction[" + kind.jsonName() + (seed == null ? "" : " seed " + seed) + ", P=" + vector.length()
                + " " + vector.dataType() + ", " + source + "]";
    }
}
