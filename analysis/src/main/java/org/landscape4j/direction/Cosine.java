package org.landscape4j.direction;

/**
 * The cosine similarity of two directions of a set, cos(d<sub>i</sub>, d<sub>j</sub>) = d<sub>i</sub>·d<sub>j</sub>
 * / (‖d<sub>i</sub>‖‖d<sub>j</sub>‖), before and after Gram–Schmidt.
 *
 * @param first  i, the index of the earlier direction
 * @param second j &gt; i
 * @param before the cosine of the normalized directions, before orthogonalization
 * @param after  the cosine of the directions as they are kept (and saved): about 0 after Gram–Schmidt, equal
 *               to {@code before} when the set was not orthogonalized
 */
public record Cosine(int first, int second, double before, double after) {

    public Cosine {
        if (first < 0 || second <= first) {
            throw new IllegalArgumentException("a cosine pairs directions i < j, got " + first + " and " + second);
        }
        if (!Double.isFinite(before) || !Double.isFinite(after)) {
            throw new IllegalArgumentException("the cosine of directions " + first + " and " + second
                    + " is not finite (" + before + ", " + after + ")");
        }
    }
}
