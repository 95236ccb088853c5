package org.landscape4j.report.figure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.landscape4j.report.data.OptimizationPath;
import org.landscape4j.report.data.PcaData;
import org.landscape4j.report.data.RunData;
import org.landscape4j.report.data.SliceData;
import org.landscape4j.trajectory.AndrewsCurves;

/**
 * Every static figure of a run, written into a directory: {@code training}, {@code curvature} (when measured),
 * {@code slice-NAME} for each 2-D slice, {@code lines} for the 1-D slices together, and per PCA
 * {@code pca-NAME-variance}, {@code pca-NAME-path} and {@code pca-NAME-andrews}.
 */
public final class RunFigures {

    /** The file formats. */
    public enum Format {
        PNG("png"), SVG("svg");

        private final String extension;

        Format(String extension) {
            this.extension = extension;
        }

        /** @return the file extension, without a dot */
        public String extension() {
            return extension;
        }
    }

    /** One figure to draw, and its file name without extension. */
    public record Planned(String name, Supplier<Figure> figure) {
    }

    private RunFigures() {
    }

    /** @return the figures a run has data for, not drawn yet */
    public static List<Planned> plan(RunData data, FigureOptions options) {
        List<Planned> planned = new ArrayList<>();
        if (!data.metrics().isEmpty()) {
            planned.add(new Planned("training", () -> Figures.training(data.metrics(), options.withLogScale(true))));
        }
        if (!data.curvature().isEmpty()) {
            planned.add(new Planned("curvature", () -> Figures.curvature(data.curvature(), options)));
        }
        List<SliceData> lines = new ArrayList<>();
        for (SliceData slice : data.slices()) {
            if (slice.isLine()) {
                lines.add(slice);
            } else if (slice.nx() >= 2) {
                planned.add(new Planned("slice-" + slice.name(), () -> Figures.contour(slice, options)));
            }
        }
        if (!lines.isEmpty()) {
            planned.add(new Planned("lines", () -> Figures.curves(lines, options)));
        }
        for (PcaData pca : data.pcas()) {
            String base = "pca-" + pca.name();
            planned.add(new Planned(base + "-variance", () -> Figures.explainedVariance(pca.ratios(), options)));
            if (!pca.hasCoordinates()) {
                continue;
            }
            if (pca.components() >= 2) {
                planned.add(new Planned(base + "-path", () -> {
                    OptimizationPath path = pca.path(0, 1, data.epochOfIteration());
                    return Figures.trajectory(path, String.format(java.util.Locale.ROOT, "PC1 (%.1f %%)",
                            100 * pca.ratios()[0]), String.format(java.util.Locale.ROOT, "PC2 (%.1f %%)",
                            100 * pca.ratios()[1]), options);
                }));
            }
            planned.add(new Planned(base + "-andrews", () -> Figures.andrews(AndrewsCurves.of(pca.coordinates(), 201),
                    pca.iterations(), options)));
        }
        return planned;
    }

    /**
     * Draws a planned figure into {@code directory} as {@code NAME.png} or {@code NAME.svg} at the options' size.
     *
     * @return the file written
     */
    public static Path write(Planned planned, Path directory, Format format, FigureOptions options) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(planned.name() + "." + format.extension());
        Figure figure = planned.figure().get();
        if (format == Format.PNG) {
            figure.writePng(file, options.width(), options.height());
        } else {
            figure.writeSvg(file, options.width(), options.height());
        }
        return file;
    }
}
