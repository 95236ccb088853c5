package org.landscape4j.report.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.landscape4j.report.data.OptimizationPath;
import org.landscape4j.report.data.SliceData;
import org.landscape4j.run.CurvatureRow;
import org.landscape4j.run.MetricRow;
import org.landscape4j.trajectory.AndrewsCurves;
import org.w3c.dom.Document;

/**
 * Every figure type renders from constructed data into non-trivial PNG and well-formed SVG (kept in
 * target/figures for a human to look at), gaps are drawn where values are not finite, and markers sit exactly on
 * the flagged rows.
 */
class FiguresTest {

    static final Path OUT = Path.of("target", "figures");

    @BeforeAll
    static void headless() throws Exception {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(OUT);
    }

    static double[] grid(int n, double lo, double hi) {
        double[] g = new double[n];
        for (int k = 0; k < n; k++) {
            double w = k / (double) (n - 1);
            g[k] = (1 - w) * lo + w * hi;
        }
        return g;
    }

    static SliceData valley() {
        return SliceData.of("valley", grid(41, -1, 1), grid(31, -0.5, 0.5),
                (a, b) -> 0.1 + a * a + 4 * b * b + 0.3 * Math.sin(3 * a));
    }

    static OptimizationPath path() {
        int n = 11;
        double[] x = new double[n];
        double[] y = new double[n];
        long[] it = new long[n];
        int[] epochs = new int[n];
        for (int k = 0; k < n; k++) {
            double t = 1 - k / (double) (n - 1);
            x[k] = 1.2 * t * Math.cos(2 * t);
            y[k] = 0.4 * t * Math.sin(2 * t);
            it[k] = 5L * k;
            epochs[k] = k;
        }
        return new OptimizationPath("trajectory", x, y, it, epochs);
    }

    /** A PNG read back: its size, and enough distinct colours and variance to be a picture, not a blank. */
    static BufferedImage assertPicture(Path png, int w, int h) throws Exception {
        assertTrue(Files.size(png) > 8000, png + " is only " + Files.size(png) + " bytes");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(w, image.getWidth());
        assertEquals(h, image.getHeight());
        Set<Integer> colours = new HashSet<>();
        double sum = 0;
        double sumSq = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                double lum = 0.299 * (rgb >> 16) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
                sum += lum;
                sumSq += lum * lum;
            }
        }
        double n = (double) w * h;
        double variance = sumSq / n - (sum / n) * (sum / n);
        assertTrue(colours.size() > 30, png + " has " + colours.size() + " colours");
        assertTrue(variance > 100, png + " luminance variance " + variance);
        return image;
    }

    static void assertSvg(Path svg, int minPaths) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
        int shapes = 0;
        for (String element : List.of("path", "line", "polyline", "polygon")) {
            shapes += doc.getElementsByTagNameNS("*", element).getLength();
        }
        assertTrue(shapes >= minPaths, svg + " holds " + shapes + " drawn shapes, expected at least " + minPaths);
    }

    static long count(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void contourWithPathAsPngAndSvg() throws Exception {
        Figure figure = Figures.contour(valley(), FigureOptions.defaults().withPath(path()));
        Path png = OUT.resolve("contour.png");
        figure.writePng(png, 800, 600);
        BufferedImage image = assertPicture(png, 800, 600);
        assertTrue(count(image, Charts.PATH.getRGB() & 0xFFFFFF) > 200, "the path is drawn in its colour");
        assertTrue(count(image, Charts.GAP.getRGB() & 0xFFFFFF) < 800 * 600 / 200, "no gap in a finite slice");
        Path svg = OUT.resolve("contour.svg");
        figure.writeSvg(svg);
        assertSvg(svg, 15 + 10);
        String text = Files.readString(svg);
        assertTrue(text.contains("epoch 0") && text.contains("epoch 10"), "the path's ends are labelled by epoch");
    }

    @Test
    void logColourAndNanRegionsAsGaps() throws Exception {
        SliceData v = valley();
        double[][] loss = v.loss();
        for (int i = 0; i < 15; i++) {
            for (int j = 0; j < v.ny(); j++) {
                loss[i][j] = i < 10 ? Double.NaN : Double.POSITIVE_INFINITY;
            }
        }
        SliceData diverged = new SliceData("diverged", "plane", v.alpha(), v.beta(), loss, null);
        Path png = OUT.resolve("contour-nan-log.png");
        Figures.contour(diverged, FigureOptions.defaults().withLogScale(true)).writePng(png, 800, 600);
        BufferedImage image = assertPicture(png, 800, 600);
        // 14 of 40 cell columns are gaps: about a third of the data area, drawn in the gap colour
        long gaps = count(image, Charts.GAP.getRGB() & 0xFFFFFF);
        assertTrue(gaps > 800 * 600 / 12, "the non-finite third of the slice is a gap: " + gaps + " pixels");
        Figures.contour(diverged, FigureOptions.defaults()).writeSvg(OUT.resolve("contour-nan.svg"));
        assertSvg(OUT.resolve("contour-nan.svg"), 10);
    }

    @Test
    void aSliceWithoutAnyFiniteLossStillDrawsItsGap() throws Exception {
        SliceData v = valley();
        double[][] loss = new double[v.nx()][v.ny()];
        for (double[] row : loss) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        Path png = OUT.resolve("contour-all-nan.png");
        Figures.contour(new SliceData("nan", "plane", v.alpha(), v.beta(), loss, null), FigureOptions.defaults())
                .writePng(png, 400, 300);
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(count(image, Charts.GAP.getRGB() & 0xFFFFFF) > 400 * 300 / 3);
        assertThrows(IllegalArgumentException.class, () -> Figures.contour(SliceData.of("l", grid(5, 0, 1),
                new double[] {0}, (a, b) -> a), FigureOptions.defaults()));
    }

    @Test
    void severalLinesOnOnePlotWithGaps() throws Exception {
        List<SliceData> lines = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            double s = k + 1;
            lines.add(SliceData.of("line-" + k, grid(101, -0.5, 1.5), new double[] {0},
                    (a, b) -> a > 1.2 && s == 3 ? Double.NaN : 0.05 + s * (a - 0.5) * (a - 0.5)));
        }
        Figure figure = Figures.curves(lines, FigureOptions.defaults().withLogScale(true));
        XYDataset data = ((XYPlot) figure.chart().getPlot()).getDataset();
        assertEquals(3, data.getSeriesCount());
        assertTrue(Double.isNaN(data.getYValue(2, 100)), "a NaN loss stays NaN (a gap), never 0");
        figure.writePng(OUT.resolve("curves.png"), 800, 500);
        assertPicture(OUT.resolve("curves.png"), 800, 500);
        figure.writeSvg(OUT.resolve("curves.svg"));
        assertSvg(OUT.resolve("curves.svg"), 3);
    }

    @Test
    void trainingCurvesKeepDivergenceAsGaps() throws Exception {
        List<MetricRow> rows = new ArrayList<>();
        for (int t = 0; t < 200; t++) {
            double score = t >= 190 ? Double.NaN : 3 * Math.exp(-t / 40.0) + 0.05;
            rows.add(new MetricRow(t, t / 20, 32, score, 1.0 / (1 + t / 50.0), 0.01 / (1 + t / 80.0),
                    t < 100 ? 0.1 : 0.05, t * 0.02));
        }
        Figure figure = Figures.training(rows, FigureOptions.defaults().withLogScale(true));
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) figure.chart().getPlot();
        assertEquals(3, plot.getSubplots().size());
        XYDataset score = plot.getSubplots().get(0).getDataset();
        assertTrue(Double.isNaN(score.getYValue(0, 195)));
        assertEquals(rows.get(10).score(), score.getYValue(0, 10));
        figure.writePng(OUT.resolve("training.png"), 800, 700);
        assertPicture(OUT.resolve("training.png"), 800, 700);
        figure.writeSvg(OUT.resolve("training.svg"));
        assertSvg(OUT.resolve("training.svg"), 4);
    }

    @Test
    void curvatureMarksExactlyTheFlaggedRows() throws Exception {
        List<CurvatureRow> rows = new ArrayList<>();
        for (int t = 0; t < 60; t++) {
            double kg = 5 + 30 * t / 60.0;
            Double lmax = t % 5 == 0 ? 8 + 40 * t / 60.0 : null; // eigenvalues measured every 5th row
            double eta = 0.05;
            boolean ill = t % 7 == 3;
            rows.add(new CurvatureRow(t, t / 10, 128, 1.0, 0.5, 0.5 * kg, kg, 0.01, -0.02, 0.01 * (kg + 1), kg + 1,
                    -0.02 + 0.005 * (kg + 1), -0.015, lmax, lmax == null ? null : -0.3, null, null, eta, 2 / eta,
                    20L, ill, lmax == null ? null : lmax > 2 / eta, false));
        }
        Figure figure = Figures.curvature(rows, FigureOptions.defaults());
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) figure.chart().getPlot();
        assertEquals(3, plot.getSubplots().size());
        XYDataset curvature = plot.getSubplots().get(0).getDataset();
        int marks = curvature.getSeriesCount() - 1;
        List<Integer> marked = new ArrayList<>();
        for (int k = 0; k < curvature.getItemCount(marks); k++) {
            marked.add((int) curvature.getXValue(marks, k));
            assertEquals(rows.get((int) curvature.getXValue(marks, k)).curvatureStep(), curvature.getYValue(marks, k));
        }
        List<Integer> expected = new ArrayList<>();
        for (int t = 0; t < 60; t++) {
            if (t % 7 == 3) {
                expected.add(t);
            }
        }
        assertEquals(expected, marked, "ill-conditioned markers at exactly the flagged rows");
        XYDataset eigen = plot.getSubplots().get(1).getDataset();
        assertEquals(12, eigen.getItemCount(0), "λmax where measured (every 5th row), nulls left out");
        int eos = eigen.getSeriesCount() - 1;
        for (int k = 0; k < eigen.getItemCount(eos); k++) {
            assertTrue(eigen.getYValue(eos, k) > 40, "edge-of-stability marks only where λmax > 2/η = 40");
        }
        assertTrue(eigen.getItemCount(eos) > 0);
        figure.writePng(OUT.resolve("curvature.png"), 800, 800);
        assertPicture(OUT.resolve("curvature.png"), 800, 800);
        figure.writeSvg(OUT.resolve("curvature.svg"));
        assertSvg(OUT.resolve("curvature.svg"), 5);
    }

    @Test
    void pcaFigures() throws Exception {
        double[] ratios = {0.71, 0.18, 0.06, 0.03};
        Figure variance = Figures.explainedVariance(ratios, FigureOptions.defaults());
        variance.writePng(OUT.resolve("pca-variance.png"), 700, 500);
        assertPicture(OUT.resolve("pca-variance.png"), 700, 500);
        variance.writeSvg(OUT.resolve("pca-variance.svg"));
        assertSvg(OUT.resolve("pca-variance.svg"), 2);

        double[][] z = new double[20][4];
        long[] iterations = new long[20];
        for (int t = 0; t < 20; t++) {
            double s = 1 - t / 19.0;
            z[t] = new double[] {3 * s, s * s, Math.sin(3 * s), 0.1 * t};
            iterations[t] = 10L * t;
        }
        Figure andrews = Figures.andrews(AndrewsCurves.of(z, 101), iterations, FigureOptions.defaults());
        andrews.writePng(OUT.resolve("andrews.png"), 800, 500);
        assertPicture(OUT.resolve("andrews.png"), 800, 500);
        andrews.writeSvg(OUT.resolve("andrews.svg"));
        assertSvg(OUT.resolve("andrews.svg"), 20);

        Figure trajectory = Figures.trajectory(path(), "PC1", "PC2", FigureOptions.defaults());
        trajectory.writePng(OUT.resolve("trajectory.png"), 600, 500);
        assertPicture(OUT.resolve("trajectory.png"), 600, 500);
    }

    /**
     * A run measured once (a short run, a slow schedule): one curvature row must still show its values as
     * markers (a line needs two points), on an iteration axis wide enough to read (not a degenerate range whose
     * ticks all read the same number).
     */
    @Test
    void aSingleMeasurementIsDrawnAsPointsOnAReadableAxis() {
        CurvatureRow row = new CurvatureRow(2, 0, 32, 1.0, 0.5, 2.0, 4.0, 0.01, -0.02, 0.001, 0.1, -0.0195, -0.02,
                6.6, -4.5, 1e-6, 1e-6, null, null, 20L, false, null, false);
        Figure figure = Figures.curvature(List.of(row), FigureOptions.defaults());
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) figure.chart().getPlot();
        assertTrue(plot.getDomainAxis().getRange().getLength() >= 2, plot.getDomainAxis().getRange().toString());
        XYPlot curvature = (XYPlot) plot.getSubplots().get(0);
        org.jfree.chart.renderer.xy.XYLineAndShapeRenderer renderer =
                (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) curvature.getRenderer();
        assertTrue(renderer.getSeriesShapesVisible(0), "κ_g measured once is a marker");
    }
}
