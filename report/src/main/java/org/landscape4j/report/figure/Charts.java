package org.landscape4j.report.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.util.function.DoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.landscape4j.report.data.OptimizationPath;

/** The shared look of every figure (fonts, colours, axes) and small building blocks. */
final class Charts {

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    /** What a gap (no finite value) looks like behind the filled contours. */
    static final Color GAP = new Color(0xD0, 0xD0, 0xD0);
    static final Color PATH = new Color(0xE4, 0x1A, 0x1C);

    /** Tableau's ten categorical colours (matplotlib's default cycle), for lines that are told apart by colour. */
    private static final int[] CATEGORICAL = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
        0x7f7f7f, 0xbcbd22, 0x17becf};

    private Charts() {
    }

    static Color categorical(int k) {
        return new Color(CATEGORICAL[Math.floorMod(k, CATEGORICAL.length)]);
    }

    static JFreeChart chart(String title, Plot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 8));
        if (chart.getLegend() != null) {
            chart.getLegend().setItemFont(TICK);
            chart.getLegend().setFrame(new org.jfree.chart.block.BlockBorder(Color.WHITE));
        }
        return chart;
    }

    static void subtitle(JFreeChart chart, String text) {
        TextTitle subtitle = new TextTitle(text, SUBTITLE);
        subtitle.setPaint(Color.DARK_GRAY);
        chart.addSubtitle(subtitle);
    }

    static void style(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xE0, 0xE0, 0xE0));
        plot.setRangeGridlinePaint(new Color(0xE0, 0xE0, 0xE0));
        plot.setOutlinePaint(Color.GRAY);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
    }

    /** @return a linear axis, or a log₁₀ axis when {@code log} */
    static ValueAxis axis(String label, boolean log) {
        ValueAxis axis;
        if (log) {
            LogAxis logAxis = new LogAxis(label);
            logAxis.setBase(10);
            logAxis.setSmallestValue(1e-300);
            logAxis.setNumberFormatOverride(new CompactFormat());
            axis = logAxis;
        } else {
            NumberAxis number = new NumberAxis(label);
            number.setAutoRangeIncludesZero(false);
            axis = number;
        }
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(TICK);
        return axis;
    }

    /** @return a line renderer without shapes, lines 1.6 px wide */
    static XYLineAndShapeRenderer lines() {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDefaultStroke(new BasicStroke(1.6f));
        renderer.setAutoPopulateSeriesStroke(false);
        return renderer;
    }

    /**
     * @return a series of (x, y) in the given order; a y that is not finite (or not positive on a log axis)
     *         becomes NaN, which the line renderers draw as a gap
     */
    static XYSeries series(String name, double[] x, double[] y, boolean log) {
        XYSeries series = new XYSeries(name, false, true);
        for (int k = 0; k < x.length; k++) {
            series.add(x[k], drawable(y[k], log));
        }
        return series;
    }

    /** @return v if it can be drawn on the axis, else NaN (a gap) */
    static double drawable(double v, boolean log) {
        return Double.isFinite(v) && (!log || v > 0) ? v : Double.NaN;
    }

    /** @return the path as a series (drawn as lines and circles) */
    static XYSeries pathSeries(OptimizationPath path) {
        XYSeries series = new XYSeries(path.label(), false, true);
        for (int k = 0; k < path.size(); k++) {
            series.add(path.x()[k], path.y()[k]);
        }
        return series;
    }

    /** Styles series {@code index} of {@code renderer} as an optimization path. */
    static void stylePath(XYLineAndShapeRenderer renderer, int index) {
        renderer.setSeriesLinesVisible(index, true);
        renderer.setSeriesShapesVisible(index, true);
        renderer.setSeriesPaint(index, PATH);
        renderer.setSeriesStroke(index, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        renderer.setSeriesShape(index, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        renderer.setSeriesFillPaint(index, Color.WHITE);
        renderer.setSeriesOutlinePaint(index, PATH);
        renderer.setUseFillPaint(true);
        renderer.setUseOutlinePaint(true);
        renderer.setDrawOutlines(true);
    }

    /** Labels the path's points by epoch (at most {@code maxLabels}, the first and the last always). */
    static void labelPath(XYPlot plot, OptimizationPath path, int maxLabels) {
        for (int k = 0; k < path.size(); k++) {
            if (maxLabels > 0 && path.labelled(k, maxLabels)) {
                XYTextAnnotation label = new XYTextAnnotation(" " + path.pointLabel(k), path.x()[k], path.y()[k]);
                label.setFont(NOTE);
                label.setPaint(Color.BLACK);
                label.setTextAnchor(TextAnchor.BOTTOM_LEFT);
                label.setBackgroundPaint(new Color(255, 255, 255, 200));
                label.setOutlineVisible(false);
                plot.addAnnotation(label, false);
            }
        }
    }

    /** Adds a colour bar on the right showing {@code scale} on {@code axis}. */
    static void colourBar(JFreeChart chart, PaintScale scale, ValueAxis axis) {
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(16);
        legend.setSubdivisionCount(512);
        legend.setAxisOffset(4);
        legend.setMargin(new RectangleInsets(10, 10, 10, 6));
        legend.setStripOutlineVisible(true);
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);
    }

    /** Tick labels: plain decimals from 0.001 to 10⁴ (at most 3 significant digits), else like 1.5e-05. */
    static final class CompactFormat extends java.text.NumberFormat {

        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
            double abs = Math.abs(number);
            String text;
            if (number == 0 || (abs >= 1e-3 && abs < 1e4)) {
                text = new java.math.BigDecimal(number).round(new java.math.MathContext(3)).stripTrailingZeros()
                        .toPlainString();
            } else {
                text = String.format(java.util.Locale.ROOT, "%.2g", number).replace("e+0", "e").replace("e+", "e")
                        .replace("e-0", "e-");
                text = text.replaceAll("\\.?0+e", "e");
            }
            return toAppendTo.append(text);
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
            return format((double) number, toAppendTo, pos);
        }

        @Override
        public Number parse(String source, java.text.ParsePosition parsePosition) {
            throw new UnsupportedOperationException("tick labels are not parsed");
        }
    }

    /** A continuous paint scale from a function of a position in [0, 1]. */
    record ContinuousScale(double lower, double upper, boolean log, DoubleFunction<Paint> colours)
            implements PaintScale {

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
            double t = log ? (Math.log10(value) - Math.log10(lower)) / (Math.log10(upper) - Math.log10(lower))
                    : (value - lower) / (upper - lower);
            return colours.apply(Double.isFinite(t) ? t : 0);
        }
    }
}
