package org.landscape4j.trajectory;

import java.util.Arrays;

/**
 * A low-dimensional embedding of T snapshots.
 *
 * @param method      how it was made ({@code "classical_mds"}, {@code "isomap"}, {@code "phate"})
 * @param coordinates T × d, centred (mean 0 per axis); each axis's entry of largest magnitude positive (the first on
 *                    a tie), so that the result is deterministic
 * @param eigenvalues classical MDS and Isomap: the d eigenvalues of the double-centred matrix B = −½·J D⁽²⁾ J the
 *                    axes come from, descending; axis j is √max(λ<sub>j</sub>, 0)·u<sub>j</sub>. PHATE: the
 *                    eigenvalues of XXᵀ (Σ<sub>i</sub> x<sub>ij</sub>², descending; its axes are the principal axes
 *                    of its metric-MDS configuration), which for classical MDS would be the same numbers
 */
public record Embedding(String method, double[][] coordinates, double[] eigenvalues) {

    /** @return T */
    public int size() {
        return coordinates.length;
    }

    /** @return d */
    public int dimensions() {
        return eigenvalues.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Embedding that && method.equals(that.method)
                && Arrays.deepEquals(coordinates, that.coordinates) && Arrays.equals(eigenvalues, that.eigenvalues);
    }

    @Override
    public int hashCode() {
        return 31 * method.hashCode() + Arrays.hashCode(eigenvalues);
    }

    @Override
    public String toString() {
        return "Embedding[" + method + ", T=" + size() + ", d=" + dimensions() + ", eigenvalues="
                + Arrays.toString(eigenvalues) + "]";
    }
}
