package org.landscape4j.report.figure;

import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;

/**
 * A shape given in data coordinates, filled and/or outlined, on linear axes of a vertical plot. Unlike
 * JFreeChart's {@code XYShapeAnnotation}, which derives the mapping from the shape's own bounds (undefined for
 * a horizontal or vertical line), the mapping comes from the axes' ranges.
 */
final class DataShape extends AbstractXYAnnotation {

    private static final long serialVersionUID = 1L;

    private final transient Shape shape;
    private final transient Stroke stroke;
    private final transient Paint outline;
    private final transient Paint fill;

    /**
     * @param shape   in data coordinates
     * @param stroke  the outline's stroke, or null for no outline
     * @param outline the outline's paint, or null for no outline
     * @param fill    the fill, or null for no fill
     */
    DataShape(Shape shape, Stroke stroke, Paint outline, Paint fill) {
        this.shape = shape;
        this.stroke = stroke;
        this.outline = outline;
        this.fill = fill;
    }

    @Override
    public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis, ValueAxis rangeAxis,
                     int rendererIndex, PlotRenderingInfo info) {
        PlotOrientation orientation = plot.getOrientation();
        RectangleEdge domainEdge = Plot.resolveDomainAxisLocation(plot.getDomainAxisLocation(), orientation);
        RectangleEdge rangeEdge = Plot.resolveRangeAxisLocation(plot.getRangeAxisLocation(), orientation);
        double x0 = domainAxis.getLowerBound();
        double x1 = domainAxis.getUpperBound();
        double y0 = rangeAxis.getLowerBound();
        double y1 = rangeAxis.getUpperBound();
        double xx0 = domainAxis.valueToJava2D(x0, dataArea, domainEdge);
        double xx1 = domainAxis.valueToJava2D(x1, dataArea, domainEdge);
        double yy0 = rangeAxis.valueToJava2D(y0, dataArea, rangeEdge);
        double yy1 = rangeAxis.valueToJava2D(y1, dataArea, rangeEdge);
        double sx = (xx1 - xx0) / (x1 - x0);
        double sy = (yy1 - yy0) / (y1 - y0);
        AffineTransform toScreen = new AffineTransform(sx, 0, 0, sy, xx0 - x0 * sx, yy0 - y0 * sy);
        Shape screen = toScreen.createTransformedShape(shape);
        if (fill != null) {
            g2.setPaint(fill);
            g2.fill(screen);
        }
        if (stroke != null && outline != null) {
            g2.setPaint(outline);
            g2.setStroke(stroke);
            g2.draw(screen);
        }
    }
}
