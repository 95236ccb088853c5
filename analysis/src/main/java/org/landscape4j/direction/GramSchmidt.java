package org.landscape4j.direction;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Cosine similarity of two directions and their orthogonalization, in place, without allocation. Sums are
 * accumulated in double (also for FLOAT vectors); the vectors may differ in type but not in length.
 *
 * <p><b>Gram–Schmidt.</b> For two directions: d₂ ← d₂ − (d₁·d₂ / d₁·d₁)·d₁, then d₂ is rescaled to the norm it
 * had before (so a normalized direction keeps its overall scale; its per-filter norms change by the removed
 * component). For more directions the same step is applied to d<sub>k</sub> against each of d₁..d<sub>k−1</sub> in
 * turn (modified Gram–Schmidt), then d<sub>k</sub> is rescaled to its former norm.
 */
public final class GramSchmidt {

    /**
     * A residual shorter than this fraction of the direction's norm is refused as rounding noise: the direction
     * (nearly) lies in the span of the earlier ones. 1e-4 for FLOAT (about 10³ units in the last place of float),
     * 1e-10 for DOUBLE.
     */
    static double residualFloor(DataType type) {
        return type == DataType.FLOAT ? 1e-4 : 1e-10;
    }

    private GramSchmidt() {
    }

    /**
     * @return cos(x, y) = x·y / (‖x‖‖y‖), accumulated in double
     * @throws IllegalArgumentException if the lengths differ or either vector is zero (no angle)
     */
    public static double cosine(INDArray x, INDArray y) {
        Elements a = Elements.of(x, "x");
        Elements b = Elements.of(y, "y");
        requireSameLength(a, b);
        double aa = a.dot(a);
        double bb = b.dot(b);
        if (aa == 0 || bb == 0) {
            throw new IllegalArgumentException("the cosine of a zero vector is undefined (‖x‖² = " + aa + ", ‖y‖² = "
                    + bb + ")");
        }
        return a.dot(b) / (Math.sqrt(aa) * Math.sqrt(bb));
    }

    /**
     * Orthogonalizes d₂ against d₁ in place (d₁ unchanged), keeping ‖d₂‖.
     *
     * @param first  d₁; only read
     * @param second d₂; changed in place
     * @return the cosine of the two before and after
     * @throws IllegalArgumentException if d₁ is zero, or d₂ is (nearly) parallel to it (d₂ then unchanged)
     */
    public static Cosine orthogonalize(INDArray first, INDArray second) {
        Elements d1 = Elements.of(first, "d1");
        Elements d2 = Elements.of(second, "d2");
        requireSameLength(d1, d2);
        double before = cosine(first, second);
        double norm = Math.sqrt(d2.dot(d2));
        double coefficient = -d1.dot(d2) / d1.dot(d1);
        double residual = Math.sqrt(d2.sumOfSquaresPlusScaled(coefficient, d1));
        if (!(residual > residualFloor(second.dataType()) * norm)) {
            throw new IllegalArgumentException("d2 is parallel to d1 (cosine " + before + "): its part orthogonal to"
                    + " d1 has norm " + residual + " of " + norm + "; choose another direction (d2 unchanged)");
        }
        d2.addScaled(coefficient, d1);
        rescale(d2, norm, second.dataType(), 1);
        return new Cosine(0, 1, before, cosine(first, second));
    }

    /**
     * Orthogonalizes each direction against the earlier ones in place, keeping each one's norm.
     *
     * @param directions d₁, d₂, ...: d₁ is unchanged, every later one changed in place
     * @throws IllegalArgumentException if one is zero or (nearly) in the span of the earlier ones: for two
     *                                  directions d₂ is then unchanged (see {@link #orthogonalize(INDArray,
     *                                  INDArray)}); for more, the ones before it are already orthogonalized
     */
    public static void orthogonalize(List<INDArray> directions) {
        if (directions.size() == 2) {
            orthogonalize(directions.get(0), directions.get(1));
            return;
        }
        for (int k = 1; k < directions.size(); k++) {
            Elements dk = Elements.of(directions.get(k), "direction " + k);
            for (int j = 0; j < k; j++) {
                Elements dj = Elements.of(directions.get(j), "direction " + j);
                requireSameLength(dj, dk);
            }
            double norm = Math.sqrt(dk.dot(dk));
            if (norm == 0) {
                throw new IllegalArgumentException("direction " + k + " is zero: it has no orthogonal part");
            }
            for (int j = 0; j < k; j++) {
                project(Elements.of(directions.get(j), "direction " + j), dk, j);
            }
            rescale(dk, norm, directions.get(k).dataType(), k);
        }
    }

    private static void project(Elements basis, Elements d, int basisIndex) {
        double bb = basis.dot(basis);
        if (bb == 0) {
            throw new IllegalArgumentException("direction " + basisIndex + " is zero: nothing can be orthogonalized"
                    + " against it");
        }
        d.addScaled(-basis.dot(d) / bb, basis);
    }

    private static void rescale(Elements d, double norm, DataType type, int index) {
        double residual = Math.sqrt(d.dot(d));
        if (!(residual > residualFloor(type) * norm)) {
            throw new IllegalArgumentException("direction " + index + " lies in the span of the earlier directions:"
                    + " its orthogonal part has norm " + residual + " of " + norm + "; choose another direction");
        }
        d.scale(0, d.length(), norm / residual);
    }

    private static void requireSameLength(Elements a, Elements b) {
        if (a.length() != b.length()) {
            throw new IllegalArgumentException("directions of " + a.length() + " and " + b.length() + " elements:"
                    + " directions of one model have the same length");
        }
    }
}
