package org.landscape4j.report.figure;

import org.landscape4j.report.data.OptimizationPath;

/**
 * How a figure is drawn. Immutable; change one setting with a {@code with...} method, starting from
 * {@link #defaults()}.
 *
 * @param title      the title above the plot, or null for the figure's own
 * @param logScale   loss (and its colour) on a log₁₀ scale; non-positive values are then gaps
 * @param levels     the number of contour levels spaced evenly between the smallest and largest loss (they
 *                   bound levels + 1 filled bands)
 * @param levelsGiven explicit contour levels in loss units (increasing), or null to space {@code levels} evenly
 * @param lines      draw the contour lines over the filled contours
 * @param path       an optimization path to overlay on a contour plot, or null
 * @param maxLabels  at most this many path points are labelled by epoch (first and last always)
 * @param width      default width in pixels (PNG) or points (SVG)
 * @param height     default height
 */
public record FigureOptions(String title, boolean logScale, int levels, double[] levelsGiven, boolean lines,
                            OptimizationPath path, int maxLabels, int width, int height) {

    public FigureOptions {
        if (levels < 1 || levels > 200) {
            throw new IllegalArgumentException("levels must be 1 to 200, got " + levels);
        }
        if (width < 50 || height < 50 || width > 20000 || height > 20000) {
            throw new IllegalArgumentException("figure size " + width + "×" + height + " is outside 50 to 20000");
        }
        levelsGiven = levelsGiven == null ? null : levelsGiven.clone();
    }

    /** @return 14 evenly spaced levels, linear colour, contour lines on, no path, 960 × 720 */
    public static FigureOptions defaults() {
        return new FigureOptions(null, false, 14, null, true, null, 12, 960, 720);
    }

    public FigureOptions withTitle(String newTitle) {
        return new FigureOptions(newTitle, logScale, levels, levelsGiven, lines, path, maxLabels, width, height);
    }

    public FigureOptions withLogScale(boolean log) {
        return new FigureOptions(title, log, levels, levelsGiven, lines, path, maxLabels, width, height);
    }

    public FigureOptions withLevels(int count) {
        return new FigureOptions(title, logScale, count, levelsGiven, lines, path, maxLabels, width, height);
    }

    /** @param explicit contour levels in loss units, increasing */
    public FigureOptions withLevels(double... explicit) {
        return new FigureOptions(title, logScale, levels, explicit, lines, path, maxLabels, width, height);
    }

    public FigureOptions withLines(boolean draw) {
        return new FigureOptions(title, logScale, levels, levelsGiven, draw, path, maxLabels, width, height);
    }

    public FigureOptions withPath(OptimizationPath overlay) {
        return new FigureOptions(title, logScale, levels, levelsGiven, lines, overlay, maxLabels, width, height);
    }

    public FigureOptions withSize(int w, int h) {
        return new FigureOptions(title, logScale, levels, levelsGiven, lines, path, maxLabels, w, h);
    }

    /**
     * @param min the smallest finite loss (smallest positive one on a log scale)
     * @param max the largest finite loss
     * @return the contour levels in the contoured scale (loss, or log₁₀ loss): the given ones, else
     *         {@code levels} values evenly spaced strictly between min and max
     */
    public double[] contourLevels(double min, double max) {
        if (levelsGiven != null) {
            double[] z = new double[levelsGiven.length];
            for (int k = 0; k < z.length; k++) {
                z[k] = logScale ? Math.log10(levelsGiven[k]) : levelsGiven[k];
            }
            return z;
        }
        double lo = logScale ? Math.log10(min) : min;
        double hi = logScale ? Math.log10(max) : max;
        if (!(hi > lo)) {
            return new double[] {lo};
        }
        double[] z = new double[levels];
        for (int k = 0; k < levels; k++) {
            z[k] = lo + (hi - lo) * (k + 1) / (levels + 1);
        }
        return z;
    }
}
