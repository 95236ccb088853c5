package org.landscape4j.report.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.geom.Path2D;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeriesCollection;
import org.landscape4j.report.contour.ContourGeometry;
import org.landscape4j.report.contour.Contouring;
import org.landscape4j.report.data.OptimizationPath;
import org.landscape4j.report.data.SliceData;

/**
 * The filled-contour plot of a 2-D slice: bands between contour levels in viridis (log₁₀ of the loss when asked),
 * contour lines over them, grey where the loss is not finite (a gap, never a value), a colour bar of the bands,
 * and the optimization path with its epochs when one is given.
 */
final class ContourChart {

    private ContourChart() {
    }

    static Figure draw(SliceData slice, FigureOptions o) {
        if (slice.isLine()) {
            throw new IllegalArgumentException("slice " + slice.name() + " is one-dimensional: draw it with"
                    + " Figures.curves");
        }
        boolean log = o.logScale();
        double[] range = slice.finiteRange();
        double min = log ? slice.smallestPositive() : range[0];
        double max = range[1];
        DoubleUnaryOperator toZ = log ? Math::log10 : DoubleUnaryOperator.identity();

        ValueAxis xAxis = Charts.axis(axisLabel(slice, 0), false);
        ValueAxis yAxis = Charts.axis(axisLabel(slice, 1), false);
        XYSeriesCollection paths = new XYSeriesCollection();
        OptimizationPath path = o.path();
        if (path != null) {
            paths.addSeries(Charts.pathSeries(path));
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        if (path != null) {
            Charts.stylePath(renderer, 0);
        }
        XYPlot plot = new XYPlot(paths, xAxis, yAxis, renderer);
        Charts.style(plot);
        plot.setBackgroundPaint(Charts.GAP);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);

        String quantity = SliceData.CURVATURE_MAP.equals(slice.kind()) ? "|λmin/λmax|" : "loss";
        String title = o.title() != null ? o.title()
                : (quantity.equals("loss") ? "Loss landscape: " : "Hessian |λmin/λmax|: ") + slice.name();
        JFreeChart chart = Charts.chart(title, plot, path != null);
        Charts.subtitle(chart, describe(slice, log));

        if (Double.isFinite(min) && Double.isFinite(max)) {
            double[] levels = o.contourLevels(min, max);
            ContourGeometry geometry = Contouring.of(slice, levels, toZ);
            Color[] colours = new Color[levels.length + 1];
            for (int k = 0; k < colours.length; k++) {
                colours[k] = Viridis.at((k + 0.5) / colours.length);
            }
            for (ContourGeometry.Band band : geometry.bands()) {
                Color colour = colours[band.index()];
                // the outline in the fill colour closes the anti-aliasing seams between neighbouring bands
                renderer.addAnnotation(new DataShape(band.area(), new BasicStroke(0.6f), colour, colour),
                        Layer.BACKGROUND);
            }
            if (o.lines()) {
                BasicStroke stroke = new BasicStroke(0.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
                Color ink = new Color(0, 0, 0, 120);
                for (ContourGeometry.Isoline line : geometry.isolines()) {
                    renderer.addAnnotation(new DataShape(polyline(line), stroke, ink, null), Layer.BACKGROUND);
                }
            }
            double lower = min;
            double upper = max > min ? max : (log ? min * 10 : min + 1);
            ValueAxis barAxis = Charts.axis(log ? quantity + " (log scale)" : quantity, log);
            barAxis.setRange(lower, upper);
            Charts.colourBar(chart, new BandScale(lower, upper, levels, colours, log), barAxis);
        } else {
            Charts.subtitle(chart, "no point has a finite " + quantity + (log ? " above 0" : "") + ": nothing to colour");
        }
        xAxis.setRange(extent(slice.alpha(), path == null ? null : path.x()));
        yAxis.setRange(extent(slice.beta(), path == null ? null : path.y()));
        if (path != null) {
            Charts.labelPath(plot, path, o.maxLabels());
        }
        return new Figure(chart, o.width(), o.height());
    }

    private static String describe(SliceData slice, boolean log) {
        int gaps = slice.nonFiniteCount();
        String grid = slice.nx() + " × " + slice.ny() + " " + slice.kind() + (log ? ", colour log₁₀(loss)" : "");
        return gaps == 0 ? grid : String.format(Locale.ROOT, "%s; grey: %d point%s without a finite loss%s", grid,
                gaps, gaps == 1 ? "" : "s", log ? " above 0" : "");
    }

    static String axisLabel(SliceData slice, int axis) {
        return switch (slice.kind()) {
            case "plane", "three_models", "three-models" -> axis == 0 ? "α (along d₁)" : "β (along d₂)";
            case "bilinear", "barycentric" -> axis == 0 ? "α" : "β";
            default -> axis == 0 ? "α" : "β";
        };
    }

    /** @return the grid's extent, widened (with a margin of 4 %) on a side where the path leaves the grid */
    private static Range extent(double[] grid, double[] path) {
        double gridLo = grid[0];
        double gridHi = grid[grid.length - 1];
        double lo = gridLo;
        double hi = gridHi;
        if (path != null) {
            for (double v : path) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            double margin = 0.04 * (hi - lo);
            lo = lo < gridLo ? lo - margin : lo;
            hi = hi > gridHi ? hi + margin : hi;
        }
        return hi > lo ? new Range(lo, hi) : new Range(lo - 0.5, lo + 0.5);
    }

    private static Path2D polyline(ContourGeometry.Isoline line) {
        double[] xy = line.xy();
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int k = 2; k < xy.length; k += 2) {
            p.lineTo(xy[k], xy[k + 1]);
        }
        if (line.closed()) {
            p.closePath();
        }
        return p;
    }

    /** The colour bar of filled contours: one flat colour per band between consecutive levels. */
    record BandScale(double lower, double upper, double[] zLevels, Color[] colours, boolean log) implements PaintScale {

        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            double z = log ? Math.log10(value) : value;
            int k = 0;
            while (k < zLevels.length && z >= zLevels[k]) {
                k++;
            }
            return colours[k];
        }
    }
}
