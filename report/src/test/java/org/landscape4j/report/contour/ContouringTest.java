package org.landscape4j.report.contour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Shape;
import java.awt.geom.PathIterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.landscape4j.report.data.SliceData;

/**
 * Contours against closed forms: the quadratic bowl L = α² + β² has circles of radius √c as its level sets, and
 * the disk inside one has area πc; NaN points leave their grid cells empty, and the bands tile the rest exactly.
 */
class ContouringTest {

    private static final int N = 41;
    private static final double H = 2.0 / (N - 1);

    static double[] grid(int n, double lo, double hi) {
        double[] g = new double[n];
        for (int k = 0; k < n; k++) {
            double w = k / (double) (n - 1);
            g[k] = (1 - w) * lo + w * hi;
        }
        return g;
    }

    private static SliceData bowl() {
        return SliceData.of("bowl", grid(N, -1, 1), grid(N, -1, 1), (a, b) -> a * a + b * b);
    }

    @Test
    void theBowlsContourLinesAreClosedCirclesAtTheAnalyticRadii() {
        double[] levels = {0.1, 0.25, 0.5, 0.8};
        ContourGeometry geometry = Contouring.of(bowl(), levels, v -> v);
        for (int k = 0; k < levels.length; k++) {
            int index = k;
            List<ContourGeometry.Isoline> lines = geometry.isolines().stream()
                    .filter(l -> l.levelIndex() == index).toList();
            assertEquals(1, lines.size(), "one line at level " + levels[k]);
            ContourGeometry.Isoline line = lines.get(0);
            assertTrue(line.closed(), "the circle of level " + levels[k] + " is closed");
            assertEquals(levels[k], line.level());
            double radius = Math.sqrt(levels[k]);
            // A point on a grid edge of length ≤ H√2 interpolates r² linearly: |r² − c| ≤ f''·len²/8 = H²/2.
            double tolerance = H * H / 2 / radius;
            double minAngle = Double.POSITIVE_INFINITY;
            double maxAngle = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < line.size(); p++) {
                double x = line.xy()[2 * p];
                double y = line.xy()[2 * p + 1];
                double r = Math.hypot(x, y);
                assertTrue(Math.abs(r - radius) <= tolerance, "point (" + x + ", " + y + ") at radius " + r
                        + ", expected " + radius + " ± " + tolerance);
                minAngle = Math.min(minAngle, Math.atan2(y, x));
                maxAngle = Math.max(maxAngle, Math.atan2(y, x));
            }
            assertTrue(line.size() > 16, "a circle of radius " + radius + " crosses many cells: " + line.size());
            assertTrue(minAngle < -3 && maxAngle > 3, "the line goes all the way round");
        }
    }

    @Test
    void theInnermostBandIsTheDiskOfAreaPiC() {
        double c = 0.25;
        ContourGeometry geometry = Contouring.of(bowl(), new double[] {c, 0.5}, v -> v);
        double inner = geometry.bands().stream().filter(b -> b.index() == 0).mapToDouble(b -> area(b.area())).sum();
        // an inscribed polygon with vertices on the cell edges: relative error of order H²/r²
        assertEquals(Math.PI * c, inner, 0.02 * Math.PI * c);
        double outer = geometry.bands().stream().filter(b -> b.index() == 2).mapToDouble(b -> area(b.area())).sum();
        assertEquals(4 - Math.PI * 0.5, outer, 0.02 * (4 - Math.PI * 0.5));
    }

    @Test
    void nanPointsLeaveTheirCellsEmptyAndTheBandsTileTheRestExactly() {
        SliceData bowl = bowl();
        double[][] loss = bowl.loss();
        for (int i = 10; i <= 14; i++) {
            for (int j = 20; j <= 24; j++) {
                loss[i][j] = Double.NaN;
            }
        }
        loss[30][5] = Double.POSITIVE_INFINITY; // a single diverged point
        SliceData holed = new SliceData("holed", "plane", bowl.alpha(), bowl.beta(), loss, null);
        ContourGeometry geometry = Contouring.of(holed, new double[] {0.1, 0.3, 0.6, 1.0, 1.5}, v -> v);
        assertEquals(26, geometry.nonFinitePoints());

        double[] a = holed.alpha();
        double[] b = holed.beta();
        // Around every non-finite point, the parts of its four cells nearer to it than the cells' other diagonal
        // are gaps (a cell with one missing corner keeps the triangle of the other three; one with more, nothing).
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                if (Double.isFinite(loss[i][j])) {
                    continue;
                }
                for (double[] d : new double[][] {{1, 1}, {1, -1}, {-1, 1}, {-1, -1}}) {
                    double x = a[i] + d[0] * H / 4;
                    double y = b[j] + d[1] * H / 4;
                    for (ContourGeometry.Band band : geometry.bands()) {
                        assertFalse(band.area().contains(x, y), "band " + band.index() + " covers (" + x + ", " + y
                                + ") next to the non-finite point (" + i + ", " + j + ")");
                    }
                }
            }
        }
        // the middle of the hole's cells: no band
        for (int i = 10; i <= 13; i++) {
            for (int j = 20; j <= 23; j++) {
                double x = (a[i] + a[i + 1]) / 2;
                double y = (b[j] + b[j + 1]) / 2;
                assertTrue(geometry.bands().stream().noneMatch(band -> band.area().contains(x, y)));
            }
        }
        for (ContourGeometry.Isoline line : geometry.isolines()) {
            for (int p = 0; p + 1 < line.size(); p++) {
                double x = (line.xy()[2 * p] + line.xy()[2 * p + 2]) / 2;
                double y = (line.xy()[2 * p + 1] + line.xy()[2 * p + 3]) / 2;
                assertFalse(isGap(loss, x, y), "a contour line runs through a gap at (" + x + ", " + y + ")");
            }
        }
        // a point well away from the hole lies in exactly one band
        long covering = geometry.bands().stream().filter(band -> band.area().contains(0.9, -0.9)).count();
        assertEquals(1, covering);
        // The bands tile the valid region without overlap or gap: of the 40 × 40 cells, the hole's 36 cells are
        // gaps except the half (a triangle) of its 4 corner cells, and the ∞ point takes half of each of its 4.
        double expected = (40 * 40 - (36 - 4 * 0.5) - 4 * 0.5) * H * H;
        double bands = geometry.bands().stream().mapToDouble(band -> area(band.area())).sum();
        assertEquals(expected, bands, 1e-9 * expected);
        assertEquals(expected, area(geometry.validRegion()), 1e-9 * expected);
    }

    @Test
    void aMissingCornerKeepsTheTriangleOfTheOtherThree() {
        double[][] z = {{1, 1}, {1, Double.NaN}};
        assertEquals(0.5, area(Contouring.validRegion(z)), 1e-12);
        double[][] two = {{1, Double.NaN}, {1, Double.NaN}};
        assertTrue(Contouring.validRegion(two).isEmpty());
    }

    @Test
    void refusesLinesAndLevelsThatDoNotIncrease() {
        SliceData line = SliceData.of("line", grid(5, -1, 1), new double[] {0}, (a, b) -> a * a);
        assertThrows(IllegalArgumentException.class, () -> Contouring.of(line, new double[] {0.5}, v -> v));
        assertThrows(IllegalArgumentException.class, () -> Contouring.of(bowl(), new double[] {0.5, 0.5}, v -> v));
    }

    /**
     * The specification of a gap on the grid [−1, 1]², independent of the implementation: a point of a cell with
     * two or more non-finite corners, or nearer to a cell's only non-finite corner than the other diagonal.
     */
    private static boolean isGap(double[][] loss, double x, double y) {
        int i = Math.min(N - 2, (int) Math.floor((x + 1) / H));
        int j = Math.min(N - 2, (int) Math.floor((y + 1) / H));
        double u = (x + 1) / H - i;
        double v = (y + 1) / H - j;
        boolean[] bad = {!Double.isFinite(loss[i][j]), !Double.isFinite(loss[i + 1][j]),
            !Double.isFinite(loss[i + 1][j + 1]), !Double.isFinite(loss[i][j + 1])};
        int count = 0;
        for (boolean b : bad) {
            count += b ? 1 : 0;
        }
        if (count >= 2) {
            return true;
        }
        double eps = 1e-9;
        return bad[0] && u + v < 1 - eps || bad[1] && (1 - u) + v < 1 - eps || bad[2] && (1 - u) + (1 - v) < 1 - eps
                || bad[3] && u + (1 - v) < 1 - eps;
    }

    /** @return the area a shape encloses (signed areas of its sub-paths summed; holes run the other way) */
    static double area(Shape shape) {
        PathIterator it = shape.getPathIterator(null, 1e-9);
        double[] c = new double[6];
        double total = 0;
        double sx = 0;
        double sy = 0;
        double px = 0;
        double py = 0;
        while (!it.isDone()) {
            int type = it.currentSegment(c);
            if (type == PathIterator.SEG_MOVETO) {
                sx = px = c[0];
                sy = py = c[1];
            } else if (type == PathIterator.SEG_LINETO) {
                total += px * c[1] - c[0] * py;
                px = c[0];
                py = c[1];
            } else if (type == PathIterator.SEG_CLOSE) {
                total += px * sy - sx * py;
                px = sx;
                py = sy;
            }
            it.next();
        }
        return Math.abs(total / 2);
    }
}
