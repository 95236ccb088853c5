package org.landscape4j.report.contour;

import java.awt.Shape;
import java.awt.geom.Area;
import java.util.Arrays;
import java.util.List;

/**
 * Filled contours and contour lines of a 2-D slice, in the slice's data coordinates (α, β), of a value z on the
 * grid (the loss, or log₁₀ of it). Bands and lines cover only the <em>valid region</em>: the grid triangles whose
 * three corners hold a finite z. Everything else (cells touching a NaN, ±∞ or missing point) is a gap.
 *
 * @param levels          the contour levels z<sub>0</sub> &lt; z<sub>1</sub> &lt; ... (in the contoured scale)
 * @param bands           the filled regions: band k holds z<sub>k−1</sub> ≤ z &lt; z<sub>k</sub> (band 0 below
 *                        z<sub>0</sub>, band {@code levels.length} at or above the last level)
 * @param isolines        the contour lines, cut where they leave the valid region
 * @param validRegion     where the grid's values are finite, in data coordinates
 * @param nonFinitePoints grid points whose value is NaN, ±∞ or missing
 */
public record ContourGeometry(double[] levels, List<Band> bands, List<Isoline> isolines, Shape validRegion,
                              int nonFinitePoints) {

    public ContourGeometry {
        levels = levels.clone();
        bands = List.copyOf(bands);
        isolines = List.copyOf(isolines);
    }

    /**
     * One connected filled region between two consecutive levels, holes cut out.
     *
     * @param index the band's index, 0 to {@code levels.length}
     * @param low   its lower level (−∞ for band 0)
     * @param high  its upper level (+∞ for the last band)
     * @param area  its shape in data coordinates
     */
    public record Band(int index, double low, double high, Area area) {
    }

    /**
     * A contour line: z = {@code level} along a polyline (linear interpolation on the grid's triangles).
     *
     * @param levelIndex the level's index in {@code levels}
     * @param level      z on the line
     * @param xy         the points x<sub>0</sub>, y<sub>0</sub>, x<sub>1</sub>, y<sub>1</sub>, ... in data coordinates
     * @param closed     true if the line is a closed loop (its last point joins its first)
     */
    public record Isoline(int levelIndex, double level, double[] xy, boolean closed) {

        public Isoline {
            xy = xy.clone();
        }

        /** @return the number of points */
        public int size() {
            return xy.length / 2;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Isoline that && levelIndex == that.levelIndex
                    && Double.compare(level, that.level) == 0 && Arrays.equals(xy, that.xy) && closed == that.closed;
        }

        @Override
        public int hashCode() {
            return 31 * Double.hashCode(level) + Arrays.hashCode(xy);
        }

        @Override
        public String toString() {
            return "Isoline[z=" + level + ", " + size() + " points" + (closed ? ", closed" : "") + "]";
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContourGeometry that && Arrays.equals(levels, that.levels) && bands.equals(that.bands)
                && isolines.equals(that.isolines);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(levels) + isolines.hashCode();
    }

    @Override
    public String toString() {
        return "ContourGeometry[" + levels.length + " levels, " + bands.size() + " bands, " + isolines.size()
                + " lines, " + nonFinitePoints + " non-finite points]";
    }
}
