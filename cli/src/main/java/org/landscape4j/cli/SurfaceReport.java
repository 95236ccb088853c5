package org.landscape4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.run.SafeText;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceSummary;

/** What {@code surface} and {@code interpolate} print about the slice they wrote: as text, or as JSON. */
final class SurfaceReport {

    private SurfaceReport() {
    }

    /** @return the summary as a JSON object: file written, grid, min/max/centre loss, seconds, workers */
    static Map<String, Object> json(Path file, Path directionsFile, GridSpec grid, DirectionSet directions,
                                    SliceSummary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file.toString());
        json.put("directions_file", directionsFile == null ? null : directionsFile.toString());
        json.put("grid", grid.settings());
        json.put("points", summary.points());
        json.put("evaluated", summary.evaluated());
        json.put("resumed", summary.resumed());
        json.put("non_finite", summary.nonFinite());
        json.put("min_loss", point(summary.minimum()));
        json.put("max_loss", point(summary.maximum()));
        json.put("centre_loss", point(summary.centre()));
        if (directions != null) {
            json.put("normalization", directions.settings().normalization().jsonName());
            json.put("cosines", directions.cosines().stream().map(c -> Map.of("first", c.first(), "second",
                    c.second(), "before", c.before(), "after", c.after())).toList());
        }
        json.put("seconds", summary.seconds());
        json.put("ms_per_point", summary.millisecondsPerPoint());
        json.put("workers", summary.workers());
        return json;
    }

    private static Map<String, Object> point(SlicePoint point) {
        if (point == null) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("i", point.i());
        json.put("j", point.j());
        json.put("alpha", point.alpha());
        json.put("beta", point.beta());
        json.put("loss", point.loss());
        json.put("accuracy", Double.isNaN(point.accuracy()) ? null : point.accuracy());
        return json;
    }

    static void print(PrintWriter out, Path file, Path directionsFile, GridSpec grid, DirectionSet directions,
                      SliceSummary summary) {
        out.println("wrote        " + SafeText.escapeControls(file.toString()));
        if (directionsFile != null) {
            out.println("directions   " + SafeText.escapeControls(directionsFile.toString())
                    + (directions == null ? "" : " (" + directions.settings().normalization().jsonName()
                    + " normalization" + cosines(directions) + ")"));
        }
        out.println("grid         " + grid);
        out.println("points       " + summary.points() + (summary.resumed() == 0 ? ""
                : " (" + summary.resumed() + " resumed from an interrupted run)")
                + (summary.nonFinite() == 0 ? "" : ", " + summary.nonFinite() + " with a NaN or infinite loss"));
        out.println("loss         " + describe("min", summary.minimum()) + "; " + describe("max", summary.maximum())
                + "; " + describe("centre", summary.centre()));
        out.println(String.format(Locale.ROOT, "time         %.1f s, %.2f ms per point, %d worker(s)", summary.seconds(),
                summary.millisecondsPerPoint(), summary.workers()));
    }

    private static String cosines(DirectionSet directions) {
        List<org.landscape4j.direction.Cosine> cosines = directions.cosines();
        if (cosines.isEmpty()) {
            return "";
        }
        org.landscape4j.direction.Cosine c = cosines.get(0);
        return String.format(Locale.ROOT, ", cos(d1, d2) = %.4f%s", c.before(),
                directions.orthogonalized() ? String.format(Locale.ROOT, ", %.1e after Gram-Schmidt", c.after()) : "");
    }

    private static String describe(String what, SlicePoint point) {
        if (point == null) {
            return what + " none";
        }
        return String.format(Locale.ROOT, "%s %.6g at (%.4g, %.4g)", what, point.loss(), point.alpha(), point.beta());
    }
}
