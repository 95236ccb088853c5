package org.landscape4j.direction;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.landscape4j.layout.ParameterLayout;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The directions of one slice (one for a line, two for a plane), prepared together: normalized with one set
 * of settings, their pairwise cosines recorded, optionally orthogonalized.
 *
 * @param directions     the directions, in order (d₁, d₂, ...)
 * @param settings       how they were normalized
 * @param orthogonalized whether Gram–Schmidt was applied after normalization
 * @param cosines        cos(d<sub>i</sub>, d<sub>j</sub>) for every pair i &lt; j, in the order (0,1), (0,2), ...,
 *                       (1,2), ...: before and after orthogonalization (equal when not orthogonalized)
 */
public record DirectionSet(List<Direction> directions, DirectionSettings settings, boolean orthogonalized,
                           List<Cosine> cosines) {

    public DirectionSet {
        directions = List.copyOf(directions);
        Objects.requireNonNull(settings, "settings");
        cosines = List.copyOf(cosines);
        if (directions.isEmpty()) {
            throw new IllegalArgumentException("a direction set holds at least one direction");
        }
        long p = directions.get(0).length();
        for (int i = 1; i < directions.size(); i++) {
            if (directions.get(i).length() != p) {
                throw new IllegalArgumentException("direction " + i + " has " + directions.get(i).length()
                        + " elements but direction 0 has " + p + ": the directions of a slice have one length");
            }
        }
        int pairs = directions.size() * (directions.size() - 1) / 2;
        if (cosines.size() != pairs) {
            throw new IllegalArgumentException(directions.size() + " directions have " + pairs + " pairs, but "
                    + cosines.size() + " cosines were given");
        }
        int k = 0;
        for (int i = 0; i < directions.size(); i++) {
            for (int j = i + 1; j < directions.size(); j++) {
                Cosine cosine = cosines.get(k++);
                if (cosine.first() != i || cosine.second() != j) {
                    throw new IllegalArgumentException("cosine " + (k - 1) + " pairs directions " + cosine.first()
                            + " and " + cosine.second() + ", expected " + i + " and " + j);
                }
            }
        }
    }

    /**
     * Prepares directions for a slice through c: each is normalized in place against c
     * ({@link Normalizer#normalize}), the pairwise cosines are measured, and, if asked, the set is
     * orthogonalized ({@link GramSchmidt#orthogonalize(List)}: each later direction keeps its norm) and the
     * cosines measured again.
     *
     * @param directions    the raw directions; their vectors are changed in place
     * @param centre        c, the reference point of the normalization (the slice's centre); only read
     * @param layout        how θ is cut into parameter arrays
     * @param settings      the normalization and whether 1-D arrays move
     * @param orthogonalize whether to apply Gram–Schmidt after normalization
     * @return the prepared set
     * @throws IllegalArgumentException if a direction is zero after normalization (it would span nothing: e.g.
     *                                  a gradient that is non-zero only on ignored biases), or for Gram–Schmidt
     *                                  one lies in the span of the earlier ones
     */
    public static DirectionSet prepare(List<Direction> directions, INDArray centre, ParameterLayout layout,
                                       DirectionSettings settings, boolean orthogonalize) {
        Objects.requireNonNull(directions, "directions");
        for (Direction direction : directions) {
            Normalizer.normalize(direction.vector(), centre, layout, settings);
        }
        for (int i = 0; i < directions.size(); i++) {
            Elements d = Elements.of(directions.get(i).vector(), "direction " + i);
            if (d.dot(d) == 0) {
                throw new IllegalArgumentException("direction " + i + " (" + directions.get(i).kind().jsonName()
                        + ") is zero after " + settings.normalization().jsonName() + " normalization"
                        + (settings.includeOneDimensional() ? "" : " with biases and norms ignored")
                        + ": it moves nothing; choose another direction or include 1-D arrays");
            }
        }
        List<INDArray> vectors = directions.stream().map(Direction::vector).toList();
        double[] before = pairwiseCosines(vectors);
        double[] after = before;
        if (orthogonalize && directions.size() > 1) {
            GramSchmidt.orthogonalize(vectors);
            after = pairwiseCosines(vectors);
        }
        List<Cosine> cosines = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < directions.size(); i++) {
            for (int j = i + 1; j < directions.size(); j++) {
                cosines.add(new Cosine(i, j, before[k], after[k]));
                k++;
            }
        }
        return new DirectionSet(directions, settings, orthogonalize && directions.size() > 1, cosines);
    }

    private static double[] pairwiseCosines(List<INDArray> vectors) {
        int n = vectors.size();
        double[] cosines = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                cosines[k++] = GramSchmidt.cosine(vectors.get(i), vectors.get(j));
            }
        }
        return cosines;
    }

    /** @return the number of directions */
    public int size() {
        return directions.size();
    }

    /** @return direction i */
    public Direction get(int i) {
        return directions.get(i);
    }

    /** @return P, the directions' length */
    public long parameterCount() {
        return directions.get(0).length();
    }
}
