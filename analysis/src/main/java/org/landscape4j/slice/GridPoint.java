package org.landscape4j.slice;

/**
 * Where a result of a grid evaluation sits: the indices (i, j) of its grid point and the coordinates (α, β) it was
 * evaluated at. Every per-point result ({@link SlicePoint}, a curvature map's point) is one, so that resuming,
 * checking and writing a grid is the same code whatever is computed at its points.
 */
public interface GridPoint {

    /** @return the index along α, 0 ≤ i &lt; nx */
    int i();

    /** @return the index along β, 0 ≤ j &lt; ny (0 for a one-dimensional slice) */
    int j();

    /** @return α<sub>i</sub>, the coordinate the point was evaluated at */
    double alpha();

    /** @return β<sub>j</sub> (0 for a one-dimensional slice) */
    double beta();
}
