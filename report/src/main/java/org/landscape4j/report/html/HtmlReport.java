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
 *
 * <p>The live view ({@code landscape4j serve}) serves the same page with one more script ({@link #livePage}),
 * which polls its server for newer data and redraws in place; its policy admits that script and
 * {@code connect-src 'self'}, still nothing else.
 */
public final class HtmlReport {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String RESOURCES = "/org/landscape4j/report/html/";

    private HtmlReport() {
    }

    /** @return the page for a run's data, generated now */
    public static String render(RunData data) {
        return page(modelJson(ReportModel.of(data, Versions.landscape4j(), Instant.now())), null).html();
    }

    /** @return the data the page would embed, as (unescaped) JSON: for the live view's refreshes */
    public static String dataJson(RunData data) {
        return dataJson(data, Instant.now());
    }

    /**
     * @param data      a run's data
     * @param generated the time the page says its data was read
     * @return the data the page would embed, as (unescaped) JSON
     */
    public static String dataJson(RunData data, Instant generated) {
        return modelJson(ReportModel.of(data, Versions.landscape4j(), generated));
    }

    /**
     * The live view's page: the report of {@code dataJson} (from {@link #dataJson}), plus a script that polls
     * {@code live.dataPath()} for newer versions and redraws the plots in place, and a status line saying how
     * current the page is. Its Content-Security-Policy admits the page's two scripts and {@code connect-src
     * 'self'} (the polling), nothing else.
     *
     * @param dataJson the run's data, as {@link #dataJson} writes it
     * @param live     where and how often the page polls, and the version of {@code dataJson}
     * @return the page and its policy (to be sent as a header too)
     */
    public static Page livePage(String dataJson, LiveUpdates live) {
        return page(dataJson, java.util.Objects.requireNonNull(live, "live"));
    }

    /**
     * A generated page and the Content-Security-Policy its {@code <meta>} element carries.
     *
     * @param html                  the page
     * @param contentSecurityPolicy the policy, for a server to send as a header too
     */
    public record Page(String html, String contentSecurityPolicy) {
    }

    private static String modelJson(Map<String, Object> model) {
        try {
            return JSON.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report data cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Page page(String json, LiveUpdates live) {
        String script = resource("report.js");
        String liveScript = live == null ? null : resource("live.js");
        String css = resource("report.css");
        String csp = "default-src 'none'; script-src 'sha256-" + sha256(script) + "'"
                + (live == null ? "" : " 'sha256-" + sha256(liveScript) + "'") + " 'unsafe-eval'; "
                + "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src "
                + (live == null ? "'none'" : "'self'") + "; base-uri 'none'; form-action 'none'";
        StringBuilder page = new StringBuilder(6 << 20);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(csp).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"landscape4j\">\n");
        if (live != null) {
            page.append("<link rel=\"icon\" href=\"data:,\">\n");     // no request for /favicon.ico
        }
        page.append("<title>landscape4j report</title>\n<style>\n").append(css).append("</style>\n</head>\n");
        if (live == null) {
            page.append("<body>\n");
        } else {
            page.append("<body data-l4j-live=\"").append(live.dataPath()).append("\" data-l4j-live-interval=\"")
                    .append(live.interval().toMillis()).append("\" data-l4j-version=\"").append(live.version())
                    .append("\">\n");
        }
        page.append("<header><h1 id=\"l4j-title\">landscape4j report</h1><div class=\"sub\" id=\"l4j-subtitle\">")
                .append("</div>");
        if (live != null) {
            page.append("<div id=\"l4j-live\" class=\"live\">live view:"
                    + " connecting</div>");
        }
        page.append("</header>\n<main>\n<noscript>This report draws its content with JavaScript; open it in a"
                        + " browser with scripts enabled.</noscript>\n<pre id=\"l4j-errors\"></pre>\n<div id=\"app\"></div>\n")
                .append("</main>\n<script type=\"application/json\" id=\"l4j-data\">")
                .append(JsonScript.escape(json)).append("</script>\n")
                .append("<script type=\"application/octet-stream\" id=\"l4j-plotly\" data-version=\"")
                .append(PlotlyAsset.VERSION).append("\">").append(PlotlyAsset.gzipBase64()).append("</script>\n")
                .append("<script>").append(script).append("</script>\n");
        if (live != null) {
            page.append("<script>").append(liveScript).append("</script>\n");
        }
        page.append("</body>\n</html>\n");
        return new Page(page.toString(), csp);
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
