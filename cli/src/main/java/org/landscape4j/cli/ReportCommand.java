package org.landscape4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.landscape4j.report.data.RunData;
import org.landscape4j.report.figure.FigureOptions;
import org.landscape4j.report.figure.RunFigures;
import org.landscape4j.report.html.HtmlReport;
import org.landscape4j.run.SafeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code landscape4j report RUN_DIR [--out FILE] [--png DIR] [--svg DIR]}: the run's offline HTML report and,
 * when asked, its static figures. Exit code 0 if everything could be read (unreadable results are listed in the
 * report and here, with exit code 1), 2 usage, 3 internal error.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a run's report: one self-contained HTML file (works offline; plotly is inlined) with"
                + " the run summary, the provenance of every result, training curves, curvature, every slice"
                + " (interactive contours and 3-D surface) and the PCA path; optionally every figure as PNG or SVG."},
        footer = {"", "Examples:",
            "  landscape4j report runs/modular-addition                      # runs/modular-addition/report.html",
            "  landscape4j report runs/modular-addition --out /tmp/r.html --png figures/",
            "  landscape4j report runs/modular-addition --svg paper/ --log --size 800x600",
            "", "Exit codes: 0 written, 1 unreadable run or result (what could be read is still written),"
                + " 2 usage error, 3 internal error."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run directory.")
    Path runDirectory;

    @Option(names = "--out", paramLabel = "FILE", description = "The HTML file (default: RUN_DIR/report.html).")
    Path out;

    @Option(names = "--png", paramLabel = "DIR", description = "Also write every figure as PNG into DIR.")
    Path png;

    @Option(names = "--svg", paramLabel = "DIR", description = "Also write every figure as SVG into DIR.")
    Path svg;

    @Mixin
    FigureOptionsMixin figureOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return CommandErrors.run("report", spec.commandLine().getErr(), this::report);
    }

    private int report() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FigureOptions options = figureOptions.options();
        RunData data = RunData.read(runDirectory);
        List<RunFigures.Planned> figures = png == null && svg == null ? List.of() : RunFigures.plan(data, options);
        int total = 1 + figures.size() * ((png == null ? 0 : 1) + (svg == null ? 0 : 1));
        List<Path> written = new ArrayList<>();
        FigureOptionsMixin.headless();
        try (Progress progress = Progress.start("report", total, 0, System.err)) {
            Path html = HtmlReport.write(data, out != null ? out : runDirectory.resolve("report.html"));
            written.add(html);
            progress.step();
            for (RunFigures.Planned figure : figures) {
                if (png != null) {
                    written.add(RunFigures.write(figure, png, RunFigures.Format.PNG, options));
                    progress.step();
                }
                if (svg != null) {
                    written.add(RunFigures.write(figure, svg, RunFigures.Format.SVG, options));
                    progress.step();
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.util.concurrent.CancellationException("interrupted after " + written.size()
                            + " files");
                }
            }
        }
        for (Path file : written) {
            stdout.println(SafeText.escapeControls(file.toString()));
        }
        stdout.flush();
        for (String problem : data.problems()) {
            err.println("landscape4j report: " + SafeText.escapeControls(problem));
        }
        err.flush();
        return data.problems().isEmpty() ? 0 : CommandErrors.INPUT;
    }
}
