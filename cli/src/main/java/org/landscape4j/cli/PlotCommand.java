package org.landscape4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.landscape4j.report.data.PcaData;
import org.landscape4j.report.data.SliceData;
import org.landscape4j.report.figure.Figure;
import org.landscape4j.report.figure.FigureOptions;
import org.landscape4j.report.figure.Figures;
import org.landscape4j.run.CurvatureRow;
import org.landscape4j.run.MetricsReader;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.SafeText;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.trajectory.PcaTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code landscape4j plot FILE [--out x.png|x.svg]}: one figure of one file, chosen by the file's table kind: a
 * 2-D slice as filled contours, a 1-D slice as a curve, metrics.arrows as training curves, curvature.arrows as
 * curvature along training, a PCA result as its explained variance.
 */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draws one file as a PNG or SVG figure: a slice result (2-D: filled contours; 1-D: a curve),"
                + " a run's metrics.arrows or curvature.arrows, or a PCA result.",
        footer = {"", "Examples:",
            "  landscape4j plot runs/modular-addition/results/surface-it500.arrows        # ... surface-it500.png",
            "  landscape4j plot runs/modular-addition/results/surface-it500.arrows --log --out plane.svg",
            "  landscape4j plot runs/modular-addition/metrics.arrows --out training.png",
            "", "Exit codes: 0 written, 1 unreadable or unsupported file, 2 usage error, 3 internal error."})
final class PlotCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "A slice or PCA result, metrics.arrows or curvature.arrows.")
    Path file;

    @Option(names = "--out", paramLabel = "FILE",
            description = "The figure, .png or .svg (default: FILE with .png instead of .arrows).")
    Path out;

    @Option(names = "--title", paramLabel = "TEXT", description = "The figure's title.")
    String title;

    @Mixin
    FigureOptionsMixin figureOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("plot", spec.commandLine().getErr(), this::plot);
    }

    private int plot() throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(SafeText.escapeControls(file.toString()) + (Files.exists(file)
                    ? " is not a regular file" : " does not exist") + ": give a .arrows file of a run or its results");
        }
        Path target = out != null ? out : file.resolveSibling(file.getFileName().toString()
                .replaceFirst("\\.arrows$", "") + ".png");
        String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean svg = name.endsWith(".svg");
        if (!svg && !name.endsWith(".png")) {
            throw new IllegalArgumentException("--out " + SafeText.quote(target.toString())
                    + " must end in .png or .svg");
        }
        FigureOptions options = figureOptions.options().withTitle(title);
        FigureOptionsMixin.headless();
        Figure figure = draw(kindOf(file), options);
        if (svg) {
            figure.writeSvg(target);
        } else {
            figure.writePng(target);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(SafeText.escapeControls(target.toString()));
        stdout.flush();
        return 0;
    }

    private Figure draw(String kind, FigureOptions options) throws IOException {
        switch (kind) {
            case SliceTable.KIND -> {
                SliceData slice = SliceData.read(file);
                return slice.isLine() ? Figures.curves(List.of(slice), options) : Figures.contour(slice, options);
            }
            case "metrics" -> {
                var rows = MetricsReader.read(file).rows();
                if (rows.isEmpty()) {
                    throw new IllegalArgumentException(file + " holds no metric row yet: nothing to draw");
                }
                return Figures.training(rows, options.logScale() ? options : options.withLogScale(true));
            }
            case "curvature" -> {
                var rows = CurvatureRow.read(file, null, false).rows();
                if (rows.isEmpty()) {
                    throw new IllegalArgumentException(file + " holds no curvature row yet: nothing to draw");
                }
                return Figures.curvature(rows, options);
            }
            case PcaTable.KIND -> {
                return Figures.explainedVariance(PcaData.read(file).ratios(), options);
            }
            case SliceData.CURVATURE_MAP -> {
                return Figures.contour(SliceData.readCurvatureMap(file), options);
            }
            default -> throw new IllegalArgumentException(SafeText.escapeControls(file.toString()) + " holds a "
                    + SafeText.quote(kind) + " table; plot draws slice, curvature-map and PCA results, "
                    + RunFiles.METRICS + " and " + RunFiles.CURVATURE);
        }
    }

    /** @return the table kind of a stream, from its schema metadata */
    private static String kindOf(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        for (Results.ResultInfo info : Results.at(parent).list()) {
            if (info.file().getFileName().equals(file.getFileName())) {
                if (info.problem() != null && "?".equals(info.kind())) {
                    throw new org.landscape4j.run.RunFormatException(file, info.problem());
                }
                return info.kind();
            }
        }
        throw new IllegalArgumentException(SafeText.escapeControls(file.toString())
                + " is not an Arrow stream (.arrows) of landscape4j");
    }
}
