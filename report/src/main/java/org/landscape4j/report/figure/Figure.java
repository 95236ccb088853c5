package org.landscape4j.report.figure;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * A drawn figure (a JFreeChart chart) that writes itself as PNG or SVG, headless. The chart is exposed for a
 * caller who wants to restyle it before writing.
 */
public final class Figure {

    private final JFreeChart chart;
    private final int width;
    private final int height;

    Figure(JFreeChart chart, int width, int height) {
        this.chart = Objects.requireNonNull(chart, "chart");
        this.width = width;
        this.height = height;
    }

    /** @return the chart, to restyle before writing */
    public JFreeChart chart() {
        return chart;
    }

    /** @return the default width */
    public int width() {
        return width;
    }

    /** @return the default height */
    public int height() {
        return height;
    }

    /** @return the figure drawn into an RGB image of w × h pixels, anti-aliased */
    public BufferedImage render(int w, int h) {
        checkSize(w, h);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            chart.draw(g, new Rectangle2D.Double(0, 0, w, h));
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes a PNG of the default size. */
    public void writePng(Path file) throws IOException {
        writePng(file, width, height);
    }

    /** Writes a PNG of w × h pixels (created or replaced). */
    public void writePng(Path file, int w, int h) throws IOException {
        BufferedImage image = render(w, h);
        createParent(file);
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        }
    }

    /** @return the figure as an SVG document of w × h (user units = CSS pixels) */
    public String svg(int w, int h) {
        checkSize(w, h);
        SVGGraphics2D g = new SVGGraphics2D(w, h);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        chart.draw(g, new Rectangle2D.Double(0, 0, w, h));
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + g.getSVGElement() + "\n";
    }

    /** Writes an SVG of the default size. */
    public void writeSvg(Path file) throws IOException {
        writeSvg(file, width, height);
    }

    /** Writes an SVG of w × h (created or replaced), UTF-8. */
    public void writeSvg(Path file, int w, int h) throws IOException {
        String document = svg(w, h);
        createParent(file);
        Files.writeString(file, document, StandardCharsets.UTF_8);
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static void checkSize(int w, int h) {
        if (w < 50 || h < 50 || w > 20000 || h > 20000) {
            throw new IllegalArgumentException("figure size " + w + "×" + h + " is outside 50 to 20000");
        }
    }
}
