package org.landscape4j.report.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.landscape4j.report.data.SliceData;
import org.landscape4j.run.CurvatureRow;
import org.landscape4j.run.MetricRow;

/** Line plots: 1-D slices, the training metrics and the curvature measured along training. */
final class LineCharts {

    private LineCharts() {
    }

    /** Several 1-D slices on one plot: loss against α, one coloured line each, gaps where not finite. */
    static Figure curves(List<SliceData> slices, FigureOptions o) {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("no 1-D slice to draw");
        }
        boolean log = o.logScale();
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = Charts.lines();
        for (SliceData slice : slices) {
            if (!slice.isLine()) {
                throw new IllegalArgumentException("slice " + slice.name() + " is " + slice.nx() + " × " + slice.ny()
                        + ": curves draws 1-D slices; draw a plane with Figures.contour");
            }
            int k = data.getSeriesCount();
            data.addSeries(Charts.series(unique(data, slice.name()), slice.alpha(), slice.lineLoss(), log));
            renderer.setSeriesPaint(k, Charts.categorical(k));
            renderer.setSeriesStroke(k, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, Charts.axis("α", false), Charts.axis(log ? "loss (log scale)" : "loss", log),
                renderer);
        Charts.style(plot);
        String title = o.title() != null ? o.title() : slices.size() == 1 ? "Loss along " + slices.get(0).name()
                : "Loss along " + slices.size() + " lines";
        JFreeChart chart = Charts.chart(title, plot, true);
        int gaps = slices.stream().mapToInt(SliceData::nonFiniteCount).sum();
        if (gaps > 0) {
            Charts.subtitle(chart, gaps + " point" + (gaps == 1 ? "" : "s") + " without a finite loss: drawn as gaps");
        }
        return new Figure(chart, o.width(), o.height());
    }

    /** Score, gradient norm and learning rate against the iteration, one panel each, sharing the x axis. */
    static Figure training(List<MetricRow> rows, FigureOptions o) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no metric row to draw");
        }
        boolean log = o.logScale();
        double[] x = new double[rows.size()];
        double[] score = new double[x.length];
        double[] grad = new double[x.length];
        double[] update = new double[x.length];
        double[] lr = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            MetricRow r = rows.get(k);
            x[k] = r.iteration();
            score[k] = r.score();
            grad[k] = r.gradientNorm();
            update[k] = r.updateNorm();
            lr[k] = r.learningRate();
        }
        NumberAxis iteration = iterationAxis();
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(iteration);
        combined.setGap(12);
        combined.add(panel(log ? "score (log)" : "score", log, series("score", x, score, log)), 3);
        combined.add(panel(log ? "norm (log)" : "norm", log, 1, series("‖∇L‖ (gradient norm)", x, grad, log),
                series("‖Δθ‖ (update norm)", x, update, log)), 2);
        combined.add(panel("learning rate", false, 3, series("learning rate", x, lr, false)), 1);
        String title = o.title() != null ? o.title() : "Training";
        JFreeChart chart = Charts.chart(title, combined, true);
        return new Figure(chart, o.width(), o.height());
    }

    /**
     * The curvature along training: κ<sub>g</sub> = gᵀHg/‖g‖² and uᵀHu/‖u‖² with the ill-conditioned rows
     * (½uᵀHu &gt; |gᵀu|) marked; λmax (and λmin) against the stability threshold 2/η with the edge-of-stability
     * rows (λmax &gt; 2/η) marked; the predicted (gᵀu + ½uᵀHu) and observed loss changes. A value not measured
     * (null) is left out; a measured NaN is a gap.
     */
    static Figure curvature(List<CurvatureRow> rows, FigureOptions o) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no curvature row to draw");
        }
        NumberAxis iteration = iterationAxis();
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(iteration);
        combined.setGap(12);
        int panels = 0;

        XYSeries kg = measured("κ_g = gᵀHg/‖g‖²", rows, CurvatureRow::curvatureGrad);
        XYSeries ku = measured("uᵀHu/‖u‖²", rows, CurvatureRow::curvatureStep);
        XYSeries ill = flagged("ill-conditioned: ½uᵀHu > |gᵀu|", rows, CurvatureRow::illConditioned,
                r -> r.curvatureStep() != null ? r.curvatureStep() : r.curvatureGrad());
        if (!kg.isEmpty() || !ku.isEmpty()) {
            combined.add(markedPanel("curvature", 0, List.of(kg, ku), ill, new Color(0xD6, 0x27, 0x28)), 2);
            panels++;
        }
        XYSeries lmax = measured("λmax", rows, CurvatureRow::lambdaMax);
        XYSeries lmin = measured("λmin", rows, CurvatureRow::lambdaMin);
        XYSeries edge = measured("2/η (edge of stability)", rows, CurvatureRow::stabilityThreshold);
        XYSeries eos = flagged("λmax > 2/η", rows, CurvatureRow::edgeOfStability, CurvatureRow::lambdaMax);
        if (!lmax.isEmpty() || !lmin.isEmpty()) {
            List<XYSeries> lines = new ArrayList<>(List.of(lmax, edge));
            if (!lmin.isEmpty()) {
                lines.add(lmin);
            }
            combined.add(markedPanel("eigenvalue", 5, lines, eos, new Color(0x94, 0x67, 0xBD)), 2);
            panels++;
        }
        XYSeries predicted = measured("predicted gᵀu + ½uᵀHu", rows, CurvatureRow::predictedChange);
        XYSeries observed = measured("observed ΔL", rows, CurvatureRow::observedChange);
        if (!predicted.isEmpty() || !observed.isEmpty()) {
            combined.add(panel("loss change", false, 8, predicted, observed), 1);
            panels++;
        }
        if (panels == 0) {
            combined.add(panel("value", false, new XYSeries("nothing measured")), 1);
        }
        String title = o.title() != null ? o.title() : "Curvature along training";
        JFreeChart chart = Charts.chart(title, combined, true);
        if (panels == 0) {
            Charts.subtitle(chart, "no curvature quantity was measured in these rows");
        }
        return new Figure(chart, o.width(), o.height());
    }

    /** Series with fewer points than this are drawn with markers on their points. */
    static final int SHAPES_BELOW = 30;

    /** The shared iteration axis: integer ticks, and a range of at least 2 even when one iteration is drawn. */
    private static NumberAxis iterationAxis() {
        NumberAxis iteration = (NumberAxis) Charts.axis("iteration", false);
        iteration.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        iteration.setAutoRangeMinimumSize(2.0);
        return iteration;
    }

    private static XYPlot panel(String label, boolean log, XYSeries... series) {
        return panel(label, log, 0, series);
    }

    /** A panel of lines coloured from categorical colour {@code firstColour} on (distinct across panels). */
    private static XYPlot panel(String label, boolean log, int firstColour, XYSeries... series) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = Charts.lines();
        for (XYSeries s : series) {
            int k = data.getSeriesCount();
            data.addSeries(s);
            renderer.setSeriesPaint(k, Charts.categorical(firstColour + k));
            renderer.setSeriesStroke(k, new BasicStroke(1.6f));
            // a short series (a run of a few updates, a value measured once) shows its points: a line needs two
            renderer.setSeriesShapesVisible(k, s.getItemCount() < SHAPES_BELOW);
        }
        ValueAxis axis = Charts.axis(label, log);
        XYPlot plot = new XYPlot(data, null, axis, renderer);
        Charts.style(plot);
        return plot;
    }

    /** A panel of lines, plus markers (triangles, no line) at the flagged rows. */
    private static XYPlot markedPanel(String label, int firstColour, List<XYSeries> lines, XYSeries marks,
                                      Color markColour) {
        XYPlot plot = panel(label, false, firstColour, lines.toArray(new XYSeries[0]));
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        XYSeriesCollection data = (XYSeriesCollection) plot.getDataset();
        int k = data.getSeriesCount();
        data.addSeries(marks);
        renderer.setSeriesLinesVisible(k, false);
        renderer.setSeriesShapesVisible(k, true);
        renderer.setSeriesPaint(k, markColour);
        Path2D.Double triangle = new Path2D.Double();
        triangle.moveTo(0, -5);
        triangle.lineTo(4.5, 3.5);
        triangle.lineTo(-4.5, 3.5);
        triangle.closePath();
        renderer.setSeriesShape(k, triangle);
        return plot;
    }

    private static XYSeries series(String name, double[] x, double[] y, boolean log) {
        return Charts.series(name, x, y, log);
    }

    /** @return (iteration, value) of the rows where the value was measured; NaN kept (a gap) */
    private static XYSeries measured(String name, List<CurvatureRow> rows, Function<CurvatureRow, Double> value) {
        XYSeries series = new XYSeries(name, false, true);
        for (CurvatureRow row : rows) {
            Double v = value.apply(row);
            if (v != null) {
                series.add(row.iteration(), Double.isFinite(v) ? v : Double.NaN);
            }
        }
        return series;
    }

    /** @return markers at (iteration, where) of the rows whose flag is true and whose position is known */
    private static XYSeries flagged(String name, List<CurvatureRow> rows, Function<CurvatureRow, Boolean> flag,
                                    Function<CurvatureRow, Double> where) {
        XYSeries series = new XYSeries(name, false, true);
        for (CurvatureRow row : rows) {
            Double y = where.apply(row);
            if (Boolean.TRUE.equals(flag.apply(row)) && y != null && Double.isFinite(y)) {
                series.add(row.iteration(), y);
            }
        }
        return series;
    }

    private static String unique(XYSeriesCollection data, String name) {
        String candidate = name;
        for (int n = 2; data.getSeriesIndex(candidate) >= 0; n++) {
            candidate = name + " (" + n + ")";
        }
        return candidate;
    }
}
