package org.landscape4j.slice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The grid: coordinates (ends exact, the centre of a symmetric odd grid exactly 0, the rest equal to
 * xMin + i·(xMax − xMin)/(nx − 1) within a few units in the last place of the range), point numbering, the
 * command line's forms, and every refusal with a message naming the value and what is allowed.
 */
class GridSpecTest {

    @Test
    void coordinatesAreEquallySpacedWithExactEndsAndCentre() {
        GridSpec grid = GridSpec.plane(21, 31, -1, 1, -0.5, 0.75);
        assertEquals(651, grid.points());
        assertEquals(2, grid.dimensions());
        assertEquals(-1.0, grid.alpha(0));
        assertEquals(1.0, grid.alpha(20));
        assertEquals(0.0, grid.alpha(10), 0.0, "the centre of [-1, 1] with 21 points is exactly 0");
        assertEquals(-0.5, grid.beta(0));
        assertEquals(0.75, grid.beta(30));
        for (int i = 0; i < 21; i++) {
            // the textbook formula, in double; both round differently by at most an ulp or two of the range
            assertEquals(-1 + i * (2.0 / 20), grid.alpha(i), 4 * Math.ulp(1.0), "α_" + i);
        }
        for (int j = 0; j < 31; j++) {
            assertEquals(-0.5 + j * (1.25 / 30), grid.beta(j), 4 * Math.ulp(1.0), "β_" + j);
        }
        for (int i = 1; i < 21; i++) {
            assertTrue(grid.alpha(i) > grid.alpha(i - 1), "increasing");
        }
        // huge bounds: (1 − w)·min + w·max does not overflow where max − min would
        GridSpec huge = GridSpec.line(3, -Double.MAX_VALUE, Double.MAX_VALUE);
        assertEquals(0.0, huge.alpha(1));
        assertEquals(Double.MAX_VALUE, huge.alpha(2));
    }

    @Test
    void pointsAreNumberedWithAlphaFastest() {
        GridSpec grid = GridSpec.plane(4, 3, 0, 3, 0, 2);
        assertEquals(7, grid.index(3, 1));
        assertEquals(3, grid.i(7));
        assertEquals(1, grid.j(7));
        assertThrows(IndexOutOfBoundsException.class, () -> grid.index(4, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> grid.alpha(4));
        assertThrows(IndexOutOfBoundsException.class, () -> grid.beta(-1));
    }

    @Test
    void aLineHasOneBetaOfZeroAndASinglePointAxisHoldsItsValue() {
        GridSpec line = GridSpec.line(11, -0.5, 1.5);
        assertEquals(1, line.ny());
        assertEquals(1, line.dimensions());
        assertEquals(0.0, line.beta(0));
        assertEquals(0.5, line.alpha(5));
        GridSpec single = new GridSpec(1, 1, 0.25, 0.25, 0, 0);
        assertEquals(0.25, single.alpha(0));
        assertEquals(Map.of("nx", 11, "ny", 1, "x_min", -0.5, "x_max", 1.5, "y_min", 0.0, "y_max", 0.0),
                line.settings());
    }

    @Test
    void badGridsAreRefusedNamingTheValue() {
        assertMessage(() -> new GridSpec(0, 5, -1, 1, -1, 1), "nx = 0", "at least 1 point");
        assertMessage(() -> new GridSpec(5, -2, -1, 1, -1, 1), "ny = -2", "at least 1 point");
        assertMessage(() -> new GridSpec(5, 5, 1, -1, -1, 1), "xMin = 1.0 must be below xMax = -1.0", "nx = 5");
        assertMessage(() -> new GridSpec(5, 5, -1, 1, 2, 2), "yMin = 2.0 must be below yMax = 2.0");
        assertMessage(() -> new GridSpec(1, 5, -1, 1, -1, 1), "nx = 1 holds the single value", "xMax = 1.0",
                "give nx ≥ 2");
        assertMessage(() -> new GridSpec(5, 5, Double.NaN, 1, -1, 1), "xMin = NaN", "finite");
        assertMessage(() -> new GridSpec(5, 5, -1, 1, -1, Double.POSITIVE_INFINITY), "yMax = Infinity", "finite");
        assertMessage(() -> new GridSpec(1001, 1000, -1, 1, -1, 1), "1001 x 1000", "1,001,000 points",
                "limit of 1,000,000");
        assertMessage(() -> new GridSpec(Integer.MAX_VALUE, 2, -1, 1, -1, 1), "limit of 1,000,000");
        assertEquals(1_000_000, new GridSpec(1000, 1000, -1, 1, -1, 1).points(), "exactly the limit is allowed");
    }

    @Test
    void commandLineFormsParse() {
        assertArrayEquals(new int[] {21, 1}, GridSpec.parseSize("21"));
        assertArrayEquals(new int[] {21, 31}, GridSpec.parseSize("21x31"));
        assertArrayEquals(new int[] {21, 31}, GridSpec.parseSize(" 21 X 31 "));
        assertArrayEquals(new int[] {7, 9}, GridSpec.parseSize("7×9"));
        assertArrayEquals(new double[] {-1, 1}, GridSpec.parseRange("-1,1"));
        assertArrayEquals(new double[] {-1, 1, -0.5, 0.5}, GridSpec.parseRange("-1, 1, -0.5, 0.5"));
        assertEquals(GridSpec.line(21, -1, 1), GridSpec.parse("21", "-1,1"));
        assertEquals(GridSpec.plane(21, 31, -1, 1, -1, 1), GridSpec.parse("21x31", "-1,1"));
        assertEquals(GridSpec.plane(21, 31, -1, 1, -0.5, 0.5), GridSpec.parse("21x31", "-1,1,-0.5,0.5"));
        assertEquals(GridSpec.line(1, 0.5, 0.5), GridSpec.parse("1", "0.5,0.5"));
    }

    @Test
    void commandLineMistakesAreExplained() {
        assertMessage(() -> GridSpec.parseSize(""), "grid size is empty", "e.g. 21 or 21x31");
        assertMessage(() -> GridSpec.parseSize("21x"), "\"21x\" lacks a number");
        assertMessage(() -> GridSpec.parseSize("21x31x4"), "3 dimensions");
        assertMessage(() -> GridSpec.parseSize("abc"), "\"abc\" is not a whole number");
        assertMessage(() -> GridSpec.parseSize("2.5"), "\"2.5\" is not a whole number");
        assertMessage(() -> GridSpec.parseSize("99999999999"), "not a whole number that fits");
        assertMessage(() -> GridSpec.parseSize("0x5"), "0 points", "at least 1");
        assertMessage(() -> GridSpec.parseRange("-1"), "has 1 number:", "xmin,xmax");
        assertMessage(() -> GridSpec.parseRange("-1,1,2"), "has 3 numbers", "xmin,xmax,ymin,ymax");
        assertMessage(() -> GridSpec.parseRange("-1,abc"), "\"abc\" is not a number");
        assertMessage(() -> GridSpec.parseRange("-1,NaN"), "\"NaN\" is not a finite decimal number");
        assertMessage(() -> GridSpec.parseRange("-1,1e400"), "\"1e400\" is not a finite decimal number");
        assertMessage(() -> GridSpec.parseRange("-1,1f"), "\"1f\" is not a finite decimal number");
        assertMessage(() -> GridSpec.parseRange("-1,,1,2"), "\"\" is not a number");
        assertMessage(() -> GridSpec.parse("21", "-1,1,-1,1"), "is a line, which has none");
        assertMessage(() -> GridSpec.parse("21x21", "1,-1"), "xMin = 1.0 must be below xMax = -1.0");
        assertMessage(() -> GridSpec.parse("2000x2000", "-1,1"), "4,000,000 points");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message \"" + e.getMessage() + "\" should contain \"" + part
                    + "\"");
        }
    }
}
