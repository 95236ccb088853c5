package org.landscape4j.report.html;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.landscape4j.report.PlotlyAsset;
import org.landscape4j.report.data.RunData;
import org.landscape4j.run.Versions;

/**
 * The offline HTML report of a run: one self-contained file (plotly.js inlined, gzip + Base64, inflated by the
 * browser), which shows the run summary, every result's provenance, the training curves, the curvature along
 * training, every slice (interactive contours and a 3-D surface; 1-D slices on one plot) and each trajectory PCA
 * (explained variance, the path on PC1/PC2 labelled by epoch, Andrews curves).
 *
 * <p>A run directory is untrusted input. Its data goes into the page only as JSON inside
 * {@code <script type="application/json">}, with {@code < > &} and U+2028/2029 escaped ({@link JsonScript}), and
 * the page's fixed script builds the DOM from it with {@code textContent}. A Content-Security-Policy admits only
 * that script (by its SHA-256) and no network at all, so even markup that got through could neither run nor load
 * anything.
 */
public final class HtmlReport {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String RESOURCES = "/org/landscape4j/report/html/";

    private HtmlReport() {
    }

    /** @return the page for a run's data, generated now */
    public static String render(RunData data) {
        return render(ReportModel.of(data, Versions.landscape4j(), Instant.now()));
    }

    /** @return the data the page would embed, as (unescaped) JSON: for the live view's refreshes */
    public static String dataJson(RunData data) {
        try {
            return JSON.writeValueAsString(ReportModel.of(data, Versions.landscape4j(), Instant.now()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report data cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String render(Map<String, Object> model) {
        String json;
        try {
            json = JSON.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report data cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        String script = resource("report.js");
        String css = resource("report.css");
        String csp = "default-src 'none'; script-src 'sha256-" + sha256(script) + "' 'unsafe-eval'; "
                + "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; "
                + "base-uri 'none'; form-action 'none'";
        StringBuilder page = new StringBuilder(6 << 20);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(csp).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"landscape4j\">\n")
                .append("<title>landscape4j report</title>\n<style>\n").append(css).append("</style>\n</head>\n<body>\n")
                .append("<header><h1 id=\"l4j-title\">landscape4j report</h1><div class=\"sub\" id=\"l4j-subtitle\">")
                .append("</div></header>\n<main>\n<noscript>This report draws its content with JavaScript; open it in a"
                        + " browser with scripts enabled.</noscript>\n<pre id=\"l4j-errors\"></pre>\n<div id=\"app\"></div>\n")
                .append("</main>\n<script type=\"application/json\" id=\"l4j-data\">")
                .append(JsonScript.escape(json)).append("</script>\n")
                .append("<script type=\"application/octet-stream\" id=\"l4j-plotly\" data-version=\"")
                .append(PlotlyAsset.VERSION).append("\">").append(PlotlyAsset.gzipBase64()).append("</script>\n")
                .append("<script>").append(script).append("</script>\n</body>\n</html>\n");
        return page.toString();
    }

    /**
     * Writes the report of a run (created or replaced atomically: a reader never sees half a page).
     *
     * @return the file written
     */
    public static Path write(RunData data, Path out) throws IOException {
        String page = render(data);
        Path target = out.toAbsolutePath();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, page, StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        return target;
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCES + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
