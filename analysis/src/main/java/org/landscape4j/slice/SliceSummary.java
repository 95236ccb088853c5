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
}
