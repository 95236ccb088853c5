package org.landscape4j.slice;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The points of a slice: an nx × ny grid of coordinates (α<sub>i</sub>, β<sub>j</sub>), equally spaced over
 * [xMin, xMax] × [yMin, yMax], ends included:
 * <pre>
 *   α<sub>i</sub> = xMin + i·(xMax − xMin)/(nx − 1),   i = 0 … nx−1
 *   β<sub>j</sub> = yMin + j·(yMax − yMin)/(ny − 1),   j = 0 … ny−1
 * </pre>
 * computed as (1 − w)·min + w·max with w = i/(n − 1), which is the same number up to rounding and gives both
 * ends exactly (α<sub>0</sub> = xMin, α<sub>nx−1</sub> = xMax), and the exact 0 in the middle of a symmetric
 * range with an odd number of points (so the centre of a [−1, 1] plane is θ = c itself), without overflowing for
 * bounds near the largest double.
 *
 * <p><b>One point along an axis.</b> A size of 1 is a single value, not a range: the axis holds min, and max must
 * equal min (a range with one point would silently evaluate its lower end only). A size of 2 or more spans a
 * range, so min &lt; max. A line (a 1-D slice) is the grid nx × 1 with β = 0: {@link #line}.
 *
 * <p><b>Limits.</b> Sizes ≥ 1, bounds finite, at most {@value #MAX_POINTS} points in all (nx·ny): a
 * million forward passes is already days for a large network; evaluate a larger picture as several grids.
 *
 * <p>Points are numbered k = j·nx + i (α varies fastest); that is the order workers take them in.
 *
 * @param nx   the number of points along α, ≥ 1
 * @param ny   the number of points along β, ≥ 1 (1 for a line)
 * @param xMin the first α
 * @param xMax the last α (equal to xMin when nx = 1)
 * @param yMin the first β
 * @param yMax the last β (equal to yMin when ny = 1)
 */
public record GridSpec(int nx, int ny, double xMin, double xMax, double yMin, double yMax) implements Serializable {

    /** The largest number of points of one grid, nx·ny. */
    public static final int MAX_POINTS = 1_000_000;

    /** The lower end of the default range of lines and planes, [−1, 1] (Li et al. 2018). */
    public static final double DEFAULT_MIN = -1.0;
    /** The upper end of the default range of lines and planes. */
    public static final double DEFAULT_MAX = 1.0;

    /** The lower end of the default range of the linear interpolation, [−0.5, 1.5]: beyond both models. */
    public static final double INTERPOLATION_MIN = -0.5;
    /** The upper end of the default range of the linear interpolation. */
    public static final double INTERPOLATION_MAX = 1.5;

    private static final String SIZE_FORMS = "give N for a line or NXxNY for a plane, e.g. 21 or 21x31";
    private static final String RANGE_FORMS = "give xmin,xmax (both axes of a plane) or xmin,xmax,ymin,ymax,"
            + " e.g. -1,1 or -1,1,-0.5,0.5";

    public GridSpec {
        checkAxis("nx", nx, "xMin", xMin, "xMax", xMax, "α");
        checkAxis("ny", ny, "yMin", yMin, "yMax", yMax, "β");
        long points = (long) nx * ny;
        if (points > MAX_POINTS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the grid %d x %d has %,d points, more than"
                    + " the limit of %,d: use fewer points, or split the picture into several grids", nx, ny, points,
                    MAX_POINTS));
        }
    }

    private static void checkAxis(String sizeName, int size, String minName, double min, String maxName, double max,
                                  String symbol) {
        if (size < 1) {
            throw new IllegalArgumentException(sizeName + " = " + size + ": a grid needs at least 1 point along "
                    + symbol + " (2 or more to span a range)");
        }
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException(minName + " = " + min + ", " + maxName + " = " + max + ": the bounds of "
                    + symbol + " must be finite numbers");
        }
        if (size == 1 && min != max) {
            throw new IllegalArgumentException(sizeName + " = 1 holds the single value " + symbol + " = " + minName
                    + " = " + min + ", but " + maxName + " = " + max + ": give " + sizeName + " ≥ 2 to span ["
                    + min + ", " + max + "], or " + maxName + " = " + minName + " for one value");
        }
        if (size >= 2 && !(min < max)) {
            throw new IllegalArgumentException(minName + " = " + min + " must be below " + maxName + " = " + max
                    + " for " + sizeName + " = " + size + " points along " + symbol);
        }
    }

    /** @return the line grid of n points over [min, max], with β = 0 */
    public static GridSpec line(int n, double min, double max) {
        return new GridSpec(n, 1, min, max, 0.0, 0.0);
    }

    /** @return the nx × ny grid over [xMin, xMax] × [yMin, yMax] */
    public static GridSpec plane(int nx, int ny, double xMin, double xMax, double yMin, double yMax) {
        return new GridSpec(nx, ny, xMin, xMax, yMin, yMax);
    }

    /** @return the n × n grid over [min, max]² */
    public static GridSpec square(int n, double min, double max) {
        return new GridSpec(n, n, min, max, min, max);
    }

    /** @return nx·ny, the number of grid points */
    public int points() {
        return nx * ny;
    }

    /** @return 1 for a grid with ny = 1 (a line), else 2 */
    public int dimensions() {
        return ny == 1 ? 1 : 2;
    }

    /** @return α<sub>i</sub>, 0 ≤ i &lt; nx */
    public double alpha(int i) {
        return coordinate(i, nx, xMin, xMax, "i");
    }

    /** @return β<sub>j</sub>, 0 ≤ j &lt; ny */
    public double beta(int j) {
        return coordinate(j, ny, yMin, yMax, "j");
    }

    /** @return the index i of point k = j·nx + i */
    public int i(int k) {
        return k % nx;
    }

    /** @return the index j of point k = j·nx + i */
    public int j(int k) {
        return k / nx;
    }

    /** @return the point number k = j·nx + i */
    public int index(int i, int j) {
        if (i < 0 || i >= nx || j < 0 || j >= ny) {
            throw new IndexOutOfBoundsException("point (i = " + i + ", j = " + j + ") is outside the " + nx + " x " + ny
                    + " grid");
        }
        return j * nx + i;
    }

    private static double coordinate(int index, int size, double min, double max, String name) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(name + " = " + index + " is outside [0, " + (size - 1) + "]");
        }
        if (index == 0) {
            return min;
        }
        if (index == size - 1) {
            return max;
        }
        double w = (double) index / (size - 1);
        return (1 - w) * min + w * max;
    }

    /** @return the grid as provenance settings: nx, ny, x_min, x_max, y_min, y_max */
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("nx", nx);
        settings.put("ny", ny);
        settings.put("x_min", xMin);
        settings.put("x_max", xMax);
        settings.put("y_min", yMin);
        settings.put("y_max", yMax);
        return settings;
    }

    // ------------------------------------------------------------------ the command line's forms

    /**
     * Parses a grid size: {@code "21"} (a line of 21 points, ny = 1) or {@code "21x31"} (nx = 21, ny = 31; 'x',
     * 'X' or '×', spaces allowed around the numbers).
     *
     * @return {nx, ny}
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static int[] parseSize(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the grid size is empty: " + SIZE_FORMS);
        }
        String[] parts = text.trim().split("\\s*[xX×]\\s*", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("grid size \"" + text + "\" has " + parts.length + " dimensions: "
                    + SIZE_FORMS);
        }
        int nx = parseCount(parts[0], text);
        int ny = parts.length == 2 ? parseCount(parts[1], text) : 1;
        return new int[] {nx, ny};
    }

    private static int parseCount(String part, String text) {
        String trimmed = part.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("grid size \"" + text + "\" lacks a number: " + SIZE_FORMS);
        }
        int value;
        try {
            value = Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("grid size \"" + text + "\": \"" + trimmed + "\" is not a whole number"
                    + (trimmed.matches("[0-9]{10,}") ? " that fits (the grid holds at most " + MAX_POINTS
                    + " points)" : "") + "; " + SIZE_FORMS, e);
        }
        if (value < 1) {
            throw new IllegalArgumentException("grid size \"" + text + "\": " + value + " points; each size must be at"
                    + " least 1 (2 or more to span a range)");
        }
        return value;
    }

    /**
     * Parses a range: {@code "-1,1"} (xmin,xmax) or {@code "-1,1,-0.5,0.5"} (xmin,xmax,ymin,ymax), numbers in
     * Java's decimal syntax (a '.' for the decimal point), spaces allowed.
     *
     * @return the 2 or 4 numbers
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static double[] parseRange(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the range is empty: " + RANGE_FORMS);
        }
        String[] parts = text.trim().split("\\s*,\\s*", -1);
        if (parts.length != 2 && parts.length != 4) {
            throw new IllegalArgumentException("range \"" + text + "\" has " + parts.length + " number"
                    + (parts.length == 1 ? "" : "s") + ": " + RANGE_FORMS);
        }
        double[] values = new double[parts.length];
        for (int k = 0; k < parts.length; k++) {
            String part = parts[k].trim();
            try {
                values[k] = Double.parseDouble(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("range \"" + text + "\": \"" + part + "\" is not a number; "
                        + RANGE_FORMS, e);
            }
            if (!Double.isFinite(values[k]) || part.matches("(?i).*(nan|infinity|[fd])$")) {
                throw new IllegalArgumentException("range \"" + text + "\": \"" + part + "\" is not a finite decimal"
                        + " number; " + RANGE_FORMS);
            }
        }
        return values;
    }

    /**
     * Parses the command line's pair of options: a size ({@link #parseSize}) and a range ({@link #parseRange}).
     * A line (size "21") takes xmin,xmax; a plane (size "21x31") takes xmin,xmax for both axes or
     * xmin,xmax,ymin,ymax.
     *
     * @throws IllegalArgumentException for text that is not understood, a β range given to a line, or a grid that
     *                                  {@link GridSpec} refuses
     */
    public static GridSpec parse(String size, String range) {
        int[] sizes = parseSize(size);
        double[] bounds = parseRange(range);
        boolean line = !size.trim().matches(".*[xX×].*");
        if (line) {
            if (bounds.length == 4) {
                throw new IllegalArgumentException("range \"" + range + "\" gives a β range, but the grid size \""
                        + size + "\" is a line, which has none: give xmin,xmax, or a size NXxNY for a plane");
            }
            return line(sizes[0], bounds[0], bounds[1]);
        }
        return bounds.length == 2 ? new GridSpec(sizes[0], sizes[1], bounds[0], bounds[1], bounds[0], bounds[1])
                : new GridSpec(sizes[0], sizes[1], bounds[0], bounds[1], bounds[2], bounds[3]);
    }

    @Override
    public String toString() {
        return dimensions() == 1 && yMin == 0
                ? String.format(Locale.ROOT, "%d points over α ∈ [%s, %s]", nx, xMin, xMax)
                : String.format(Locale.ROOT, "%d x %d points over α ∈ [%s, %s], β ∈ [%s, %s]", nx, ny, xMin, xMax,
                yMin, yMax);
    }
}
