package org.landscape4j.slice;

/**
 * What a slice evaluation found, over every point of its result (resumed ones included).
 *
 * @param points    the number of points of the slice's domain on the grid (or of the points asked for)
 * @param evaluated the points evaluated by this call
 * @param resumed   the points taken from an interrupted earlier run
 * @param nonFinite the points whose loss or regularization is NaN or ±∞
 * @param minimum   the point of smallest loss (NaN losses ignored), or null if every loss is NaN
 * @param maximum   the point of largest loss (+∞ counts as largest; NaN ignored), or null if every loss is NaN
 * @param centre    the domain point nearest the slice's origin (α, β) = (0, 0): θ = c for a line or plane whose
 *                  grid holds 0, θ₀ for an interpolation; null if the grid's nearest point is outside the domain
 * @param seconds   the wall time of the call
 * @param workers   the number of workers that evaluated
 */
public record SliceSummary(long points, long evaluated, long resumed, long nonFinite, SlicePoint minimum,
                           SlicePoint maximum, SlicePoint centre, double seconds, int workers) {

    /** @return the wall time per point evaluated by this call, in milliseconds (NaN if none was) */
    public double millisecondsPerPoint() {
        return evaluated == 0 ? Double.NaN : 1000 * seconds / evaluated;
    }

    /**
     * Collects a summary as points arrive, in any order (not thread-safe: callers hold their own lock): the
     * smallest and largest loss ignoring NaN, the non-finite count, and the centre at the grid point nearest (0, 0).
     * The local evaluator and the Spark evaluator both summarize through it.
     */
    public static final class Builder {
        private final int centreI;
        private final int centreJ;
        private long nonFinite;
        private SlicePoint minimum;
        private SlicePoint maximum;
        private SlicePoint centre;

        /** @param grid the grid the points come from */
        public Builder(GridSpec grid) {
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

        /** Counts one point (evaluated now or resumed). */
        public void add(SlicePoint point) {
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

        /** @return the summary of the points added, with the call's own counts and time */
        public SliceSummary build(long points, long evaluated, long resumed, double seconds, int workers) {
            return new SliceSummary(points, evaluated, resumed, nonFinite, minimum, maximum, centre, seconds, workers);
        }
    }
}
