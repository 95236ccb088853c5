package org.landscape4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.report.data.SliceData;
import org.landscape4j.report.testing.TestRuns;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import picocli.CommandLine;

/** {@code report}, {@code plot} and {@code export-vtk} on small complete runs: what they write, and their exit codes. */
class PictureCommandsTest {

    @TempDir
    static Path shared;

    static Path run;

    @TempDir
    Path tmp;

    record Outcome(int code, String out, String err) {
    }

    @BeforeAll
    static void writeRun() throws Exception {
        run = TestRuns.write(shared.resolve("run"), TestRuns.Contents.full());
    }

    static Outcome execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Landscape4jCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void reportWritesTheHtmlAndEveryFigureAsPngAndSvg() throws Exception {
        Path png = tmp.resolve("png");
        Path svg = tmp.resolve("svg");
        Outcome o = execute("report", run.toString(), "--out", tmp.resolve("r.html").toString(), "--png",
                png.toString(), "--svg", svg.toString(), "--size", "640x480");
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.size(tmp.resolve("r.html")) > 2_000_000);
        List<String> expected = List.of("training", "curvature", "slice-plane-final", "lines", "pca-pca-variance",
                "pca-pca-path", "pca-pca-andrews");
        for (String name : expected) {
            var image = ImageIO.read(png.resolve(name + ".png").toFile());
            assertEquals(640, image.getWidth(), name);
            assertEquals(480, image.getHeight(), name);
            assertTrue(Files.readString(svg.resolve(name + ".svg")).contains("<svg"), name);
        }
        try (Stream<Path> files = Files.list(png)) {
            assertEquals(expected.size(), files.count());
        }
        assertEquals(1 + 2 * expected.size(), o.out().lines().count(), "one line per file written:\n" + o.out());
    }

    @Test
    void aRunWithOnlyMetricsGetsItsReportAndTrainingFigure() throws Exception {
        Path metricsOnly = TestRuns.write(tmp.resolve("m"), TestRuns.Contents.metricsOnly());
        Outcome o = execute("report", metricsOnly.toString(), "--png", tmp.resolve("png").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.exists(metricsOnly.resolve("report.html")));
        try (Stream<Path> files = Files.list(tmp.resolve("png"))) {
            assertEquals(List.of("training.png"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void reportRefusesADirectoryThatIsNotARun() {
        Outcome o = execute("report", tmp.toString());
        assertEquals(CommandErrors.INPUT, o.code());
        assertTrue(o.err().contains("manifest.json"), o.err());
        assertEquals(2, execute("report").code(), "RUN_DIR is required");
    }

    @Test
    void plotDrawsSlicesMetricsAndCurvatureAndRefusesOtherTables() throws Exception {
        Outcome plane = execute("plot", run.resolve("results/plane-final.arrows").toString(), "--out",
                tmp.resolve("plane.svg").toString(), "--log");
        assertEquals(0, plane.code(), plane.err());
        Document svg = parse(tmp.resolve("plane.svg"));
        assertEquals("svg", svg.getDocumentElement().getLocalName());
        Outcome line = execute("plot", run.resolve("results/line-gradient.arrows").toString(), "--out",
                tmp.resolve("line.png").toString());
        assertEquals(0, line.code(), line.err());
        assertEquals(960, ImageIO.read(tmp.resolve("line.png").toFile()).getWidth());
        assertEquals(0, execute("plot", run.resolve("metrics.arrows").toString(), "--out",
                tmp.resolve("metrics.png").toString()).code());
        assertEquals(0, execute("plot", run.resolve("curvature.arrows").toString(), "--out",
                tmp.resolve("curvature.png").toString()).code());
        Outcome snapshots = execute("plot", run.resolve("snapshots.arrows").toString(), "--out",
                tmp.resolve("s.png").toString());
        assertEquals(CommandErrors.INPUT, snapshots.code());
        assertTrue(snapshots.err().contains("\"snapshots\" table"), snapshots.err());
        assertEquals(CommandErrors.INPUT, execute("plot", run.resolve("metrics.arrows").toString(), "--out",
                tmp.resolve("x.gif").toString()).code());
        assertEquals(CommandErrors.INPUT, execute("plot", tmp.resolve("missing.arrows").toString()).code());
    }

    @Test
    void exportVtkWritesEveryFinitePointAndEveryFiniteQuad() throws Exception {
        Path slice = run.resolve("results/plane-final.arrows");
        Path vtp = tmp.resolve("plane.vtp");
        Outcome o = execute("export-vtk", slice.toString(), "--out", vtp.toString());
        assertEquals(0, o.code(), o.err());

        SliceData data = SliceData.read(slice);
        double[][] loss = data.loss();
        int points = 0;
        int quads = 0;
        for (int i = 0; i < data.nx(); i++) {
            for (int j = 0; j < data.ny(); j++) {
                points += Double.isFinite(loss[i][j]) ? 1 : 0;
                if (i + 1 < data.nx() && j + 1 < data.ny() && Double.isFinite(loss[i][j])
                        && Double.isFinite(loss[i + 1][j]) && Double.isFinite(loss[i][j + 1])
                        && Double.isFinite(loss[i + 1][j + 1])) {
                    quads++;
                }
            }
        }
        assertTrue(points < data.nx() * data.ny(), "the test slice has NaN points");

        Document doc = parse(vtp);
        Element piece = (Element) doc.getElementsByTagName("Piece").item(0);
        assertEquals(points, Integer.parseInt(piece.getAttribute("NumberOfPoints")));
        assertEquals(quads, Integer.parseInt(piece.getAttribute("NumberOfPolys")));
        String[] xyz = arrayText(doc, "Points").split("\\s+");
        assertEquals(3 * points, xyz.length);
        String[] lossValues = arrayText(doc, "loss").split("\\s+");
        assertEquals(points, lossValues.length);
        for (int k = 0; k < points; k++) {
            assertEquals(Double.parseDouble(xyz[3 * k + 2]), Double.parseDouble(lossValues[k]), "point " + k);
            assertTrue(Double.isFinite(Double.parseDouble(lossValues[k])));
        }
        String[] connectivity = arrayText(doc, "connectivity").split("\\s+");
        assertEquals(4 * quads, connectivity.length);
        for (String id : connectivity) {
            int v = Integer.parseInt(id);
            assertTrue(v >= 0 && v < points, "connectivity " + v + " refers to a point");
        }
        String[] offsets = arrayText(doc, "offsets").split("\\s+");
        assertEquals(quads, offsets.length);
        assertEquals(4 * quads, Integer.parseInt(offsets[quads - 1]));
        assertTrue(o.out().contains(points + " points, " + quads + " quads"), o.out());

        Outcome line = execute("export-vtk", run.resolve("results/line-gradient.arrows").toString(), "--out",
                tmp.resolve("line.vtp").toString());
        assertEquals(CommandErrors.INPUT, line.code());
        assertTrue(line.err().contains("one-dimensional"), line.err());
    }

    @Test
    void everyNewCommandHasExamplesInItsHelp() {
        for (String command : List.of("report", "plot", "export-vtk")) {
            Outcome o = execute(command, "--help");
            assertEquals(0, o.code());
            assertTrue(o.out().contains("Examples:") && o.out().contains("Exit codes"), command + ":\n" + o.out());
        }
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static String arrayText(Document doc, String name) {
        var arrays = doc.getElementsByTagName("DataArray");
        for (int k = 0; k < arrays.getLength(); k++) {
            Element array = (Element) arrays.item(k);
            if (name.equals(array.getAttribute("Name"))) {
                return array.getTextContent().trim();
            }
        }
        throw new AssertionError("no DataArray named " + name);
    }
}
