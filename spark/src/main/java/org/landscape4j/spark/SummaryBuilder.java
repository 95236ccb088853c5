package org.landscape4j.spark;

import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceSummary;

/**
 * The summary of a grid as points arrive, by the rules of the local evaluator's summary ({@link SliceSummary}):
 * the smallest and largest loss ignoring NaN, the non-finite count, and the centre at the grid point nearest (0, 0).
 */
final class SummaryBuilder {

    private final int centreI;
    private final int centreJ;
    private long nonFinite;
    private SlicePoint minimum;
    private SlicePoint maximum;
    private SlicePoint centre;

    SummaryBuilder(GridSpec grid) {
        centreI = nearestZero(grid.nx(), grid::alpha);
        centreJ = nearestZero(grid.ny(), grid::beta);
    }

    private static int nearestZero(int n, java.util.function.IntToDoubleFunction coordinate) {
        int best = 0;
        for (int k = 1; k < n; k++) {
            if (Math.abs(coordinate.applyAsDouble(k)) < Math.abs(coordinate.applyAsDouble(best))) {
                best = k;
            }
        }
        return best;
    }

    void add(SlicePoint point) {
        if (!point.isFinite()) {
            nonFinite++;
        }
        if (!Double.isNaN(point.loss())) {
            if (minimum == null || point.loss() < minimum.loss()) {
                minimum = point;
            }
            if (maximum == null || point.loss() > maximum.loss()) {
                maximum = point;
            }
        }
        if (point.i() == centreI && point.j() == centreJ) {
            centre = point;
        }
    }

    SliceSummary build(long points, long evaluated, long resumed, double seconds, int workers) {
        return new SliceSummary(points, evaluated, resumed, nonFinite, minimum, maximum, centre, seconds, workers);
    }
}
