package org.landscape4j.report.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.landscape4j.report.data.OptimizationPath;
import org.landscape4j.trajectory.AndrewsCurves;

/** Figures of a trajectory PCA: explained variance, the path in a component plane, Andrews curves. */
final class PcaCharts {

    private PcaCharts() {
    }

    /** Bars: each component's explained-variance ratio; a line: their cumulative sum. */
    static Figure explainedVariance(double[] ratios, FigureOptions o) {
        if (ratios.length == 0) {
            throw new IllegalArgumentException("no component to draw");
        }
        XYSeries bars = new XYSeries("explained variance ratio", false, true);
        XYSeries cumulative = new XYSeries("cumulative", false, true);
        double sum = 0;
        for (int i = 0; i < ratios.length; i++) {
            sum += ratios[i];
            bars.add(i + 1, ratios[i]);
            cumulative.add(i + 1, sum);
        }
        XYSeriesCollection barData = new XYSeriesCollection(bars);
        barData.setIntervalWidth(0.7);
        XYBarRenderer barRenderer = new XYBarRenderer();
        barRenderer.setBarPainter(new StandardXYBarPainter());
        barRenderer.setShadowVisible(false);
        barRenderer.setSeriesPaint(0, Viridis.at(0.35));
        NumberAxis components = (NumberAxis) Charts.axis("principal component", false);
        components.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        components.setRange(0.4, ratios.length + 0.6);
        ValueAxis share = Charts.axis("share of the trajectory's variance", false);
        share.setRange(0, 1.05);
        XYPlot plot = new XYPlot(barData, components, share, barRenderer);
        XYLineAndShapeRenderer line = new XYLineAndShapeRenderer(true, true);
        line.setSeriesPaint(0, Charts.categorical(1));
        line.setSeriesStroke(0, new BasicStroke(2f));
        plot.setDataset(1, new XYSeriesCollection(cumulative));
        plot.setRenderer(1, line);
        Charts.style(plot);
        String title = o.title() != null ? o.title() : "PCA of the trajectory: explained variance";
        JFreeChart chart = Charts.chart(title, plot, true);
        Charts.subtitle(chart, String.format(Locale.ROOT, "%d component%s explain %.1f %%", ratios.length,
                ratios.length == 1 ? "" : "s", 100 * sum));
        return new Figure(chart, o.width(), o.height());
    }

    /** The path in the plane of two components, its points labelled by epoch. */
    static Figure trajectory(OptimizationPath path, String xLabel, String yLabel, FigureOptions o) {
        XYSeriesCollection data = new XYSeriesCollection(Charts.pathSeries(path));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Charts.stylePath(renderer, 0);
        XYPlot plot = new XYPlot(data, Charts.axis(xLabel, false), Charts.axis(yLabel, false), renderer);
        Charts.style(plot);
        Charts.labelPath(plot, path, o.maxLabels());
        String title = o.title() != null ? o.title() : "Optimization path: " + path.label();
        return new Figure(Charts.chart(title, plot, false), o.width(), o.height());
    }

    /**
     * One Andrews curve per snapshot, coloured by its place in training (viridis: dark the first snapshot,
     * yellow the last), with a colour bar of iterations.
     */
    static Figure andrews(AndrewsCurves curves, long[] iterations, FigureOptions o) {
        int n = curves.values().length;
        if (n == 0) {
            throw new IllegalArgumentException("no Andrews curve to draw");
        }
        if (iterations.length != n) {
            throw new IllegalArgumentException(n + " curves but " + iterations.length + " iterations");
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = Charts.lines();
        long first = iterations[0];
        long last = iterations[n - 1];
        for (int s = 0; s < n; s++) {
            data.addSeries(Charts.series("it " + iterations[s] + " #" + s, curves.t(), curves.values()[s], false));
            double t = last > first ? (iterations[s] - first) / (double) (last - first) : 0.5;
            Color c = Viridis.at(t);
            renderer.setSeriesPaint(s, new Color(c.getRed(), c.getGreen(), c.getBlue(), 200));
            renderer.setSeriesStroke(s, new BasicStroke(1.2f));
        }
        XYPlot plot = new XYPlot(data, Charts.axis("t", false), Charts.axis("f(t)", false), renderer);
        Charts.style(plot);
        String title = o.title() != null ? o.title() : "Andrews curves of the snapshots' PCA coordinates";
        JFreeChart chart = Charts.chart(title, plot, false);
        Charts.subtitle(chart, "f(t) = z₁/√2 + z₂ sin t + z₃ cos t + z₄ sin 2t + ...; one curve per snapshot");
        double lower = first;
        double upper = last > first ? last : first + 1;
        ValueAxis bar = Charts.axis("iteration", false);
        bar.setRange(lower, upper);
        Charts.colourBar(chart, new Charts.ContinuousScale(lower, upper, false, Viridis::at), bar);
        return new Figure(chart, o.width(), o.height());
    }
}
