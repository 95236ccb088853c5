package org.landscape4j.cli;

import org.landscape4j.report.figure.FigureOptions;
import picocli.CommandLine.Option;

/** The drawing options shared by {@code plot} and {@code report}. */
final class FigureOptionsMixin {

    @Option(names = "--log", description = "Loss (and its colour) on a log10 scale.")
    boolean log;

    @Option(names = "--levels", paramLabel = "N", defaultValue = "14",
            description = "Contour levels of a 2-D slice, evenly spaced (default: ${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "960x720",
            description = "Figure size in pixels (PNG) or CSS pixels (SVG) (default: ${DEFAULT-VALUE}).")
    String size;

    /** @return the options these flags ask for */
    FigureOptions options() {
        String[] parts = size.toLowerCase(java.util.Locale.ROOT).split("x");
        int w;
        int h;
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            w = Integer.parseInt(parts[0].trim());
            h = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--size " + org.landscape4j.run.SafeText.quote(size)
                    + " is not WIDTHxHEIGHT; pass e.g. --size 1200x900");
        }
        return FigureOptions.defaults().withLogScale(log).withLevels(levels).withSize(w, h);
    }

    /** Figures are drawn without a display. */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
