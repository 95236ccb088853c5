package org.landscape4j.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.report.data.RunData;
import org.landscape4j.report.testing.TestRuns;

/**
 * The HTML report is one self-contained page whose only scripts are its own three blocks; the run's data comes
 * back out of the page's JSON block exactly (text and all), hostile markup in the run never appears as markup,
 * non-finite values are nulls (gaps), and a run with only metrics still gets its report.
 */
class HtmlReportTest {

    @TempDir
    Path tmp;

    /** Pages kept for a human (and a browser) to look at. */
    static final Path SAMPLES = Path.of("target", "report-samples");

    private static final Pattern SCRIPT_TAG = Pattern.compile("<script\\b", Pattern.CASE_INSENSITIVE);

    static JsonNode dataOf(String page) throws Exception {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"l4j-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), "the page carries its data block");
        return new ObjectMapper().readTree(m.group(1));
    }

    static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aFullRunsReportCarriesEveryPartAndNoNetworkReference() throws Exception {
        Path run = TestRuns.write(tmp.resolve("run"), TestRuns.Contents.full());
        Path out = HtmlReport.write(RunData.read(run), run.resolve("report.html"));
        String page = Files.readString(out, StandardCharsets.UTF_8);
        Files.createDirectories(SAMPLES);
        Files.copy(out, SAMPLES.resolve("full.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(3, count(SCRIPT_TAG, page), "data, plotly asset, the page's script");
        assertTrue(page.contains("Content-Security-Policy") && page.contains("default-src 'none'"));
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//").matcher(page).find(),
                "nothing is loaded from a network");
        assertTrue(page.length() > 2_000_000 && page.length() < 7_000_000, "plotly inlined: " + page.length());
        JsonNode data = dataOf(page);
        assertEquals(TestRuns.EPOCHS * TestRuns.UPDATES_PER_EPOCH, data.get("metrics").get("score").size());
        assertEquals(3, data.get("slices").size());
        JsonNode plane = data.get("slices").get(2); // in name order: interpolation, line-gradient, plane-final
        assertEquals("plane-final", plane.get("name").asText());
        assertEquals(17, plane.get("z").size(), "z is row-major in β");
        assertEquals(21, plane.get("z").get(0).size());
        assertTrue(plane.get("z").get(16).get(20).isNull(), "a NaN loss is a null (a gap), never a number");
        assertTrue(plane.get("non_finite").asInt() > 0);
        assertEquals(1, data.get("pca").size());
        JsonNode pca = data.get("pca").get(0);
        assertEquals(TestRuns.EPOCHS + 1, pca.get("x").size());
        assertEquals("epoch 0", pca.get("labels").get(0).asText());
        assertEquals(5, data.get("results").size(), "three slices, the PCA and its coordinates");
        for (JsonNode result : data.get("results")) {
            assertTrue(result.get("provenance").get("current").asBoolean(), result.toString());
        }
        JsonNode curvature = data.get("curvature");
        assertTrue(curvature.get("lambda_max").get(1).isNull(), "an unmeasured λmax stays null");
        assertTrue(curvature.get("ill_conditioned").get(1).asBoolean());
        assertEquals(0, data.get("problems").size(), data.get("problems").toString());
    }

    @Test
    void hostileTextFromTheRunNeverBecomesMarkup() throws Exception {
        Path run = TestRuns.write(tmp.resolve("hostile<b>run</b>"), TestRuns.Contents.hostile(TestRuns.HOSTILE));
        String page = HtmlReport.render(RunData.read(run));
        Files.createDirectories(SAMPLES);
        Files.writeString(SAMPLES.resolve("hostile.html"), page, StandardCharsets.UTF_8);
        assertEquals(3, count(SCRIPT_TAG, page), "no script element but the page's own three");
        assertFalse(page.contains("<img"), "no image element from the run");
        assertFalse(page.contains("<b>"), "no markup from the directory name");
        assertFalse(page.contains("\u2028") || page.contains("\u2029"), "line separators escaped");
        int dataStart = page.indexOf("id=\"l4j-data\">") + "id=\"l4j-data\">".length();
        int dataEnd = page.indexOf("</script>", dataStart);
        String block = page.substring(dataStart, dataEnd);
        assertFalse(block.contains("<") || block.contains(">") || block.contains("&"), "markup characters escaped");
        JsonNode data = dataOf(page);
        JsonNode runNode = data.get("run");
        assertEquals("org.deeplearning4j.nn.multilayer.MultiLayerNetwork" + TestRuns.HOSTILE,
                runNode.get("network_class").asText(), "the text itself is kept, to be shown as text");
        assertEquals("0_W" + TestRuns.HOSTILE, runNode.get("layout").get(0).get("name").asText());
        assertEquals("1 & \"out\"", runNode.get("layout").get(2).get("layer").asText());
        assertTrue(runNode.get("seeds").has(TestRuns.HOSTILE));
        assertTrue(page.contains("textContent"), "the page writes run text as text");
        assertFalse(HtmlReport.class.getResource("/org/landscape4j/report/html/report.js") == null);
        String script = new String(HtmlReport.class.getResourceAsStream("/org/landscape4j/report/html/report.js")
                .readAllBytes(), StandardCharsets.UTF_8);
        assertFalse(script.contains("innerHTML") || script.contains("outerHTML") || script.contains("insertAdjacentHTML")
                || script.contains("document.write"), "the page's script never parses text as HTML");
    }

    @Test
    void aRunWithOnlyMetricsStillGetsItsReport() throws Exception {
        Path run = TestRuns.write(tmp.resolve("metrics-only"), TestRuns.Contents.metricsOnly());
        String page = HtmlReport.render(RunData.read(run));
        JsonNode data = dataOf(page);
        assertEquals(TestRuns.EPOCHS * TestRuns.UPDATES_PER_EPOCH, data.get("metrics").get("iteration").size());
        assertTrue(data.get("curvature").isNull());
        assertEquals(0, data.get("slices").size());
        assertEquals(0, data.get("pca").size());
        assertNull(data.get("run").get("epochs_completed").textValue());
    }

    @Test
    void theLivePageAddsOnlyItsPollingScriptAndTheStaticReportStillConnectsNowhere() throws Exception {
        Path run = TestRuns.write(tmp.resolve("hostile"), TestRuns.Contents.hostile(TestRuns.HOSTILE));
        RunData data = RunData.read(run);
        String report = HtmlReport.render(data);
        assertTrue(report.contains("connect-src 'none'"), "the offline report may connect nowhere");
        assertFalse(report.contains("l4j-live"), "and has no live parts");

        HtmlReport.Page live = HtmlReport.livePage(HtmlReport.dataJson(data),
                new LiveUpdates("data.json", java.time.Duration.ofSeconds(2), "v1"));
        String page = live.html();
        assertEquals(4, count(SCRIPT_TAG, page), "data, plotly, the report's script and the live script");
        assertTrue(live.contentSecurityPolicy().contains("connect-src 'self'"), live.contentSecurityPolicy());
        assertTrue(page.contains("content=\"" + live.contentSecurityPolicy() + "\""));
        assertTrue(page.contains("data-l4j-live=\"data.json\" data-l4j-live-interval=\"2000\" data-l4j-version=\"v1\""));
        assertFalse(page.contains("<img") || page.contains("<b>"), "run text is still never markup");
        assertEquals(dataOf(report).get("run"), dataOf(page).get("run"), "the same data as the report");
        String script = new String(HtmlReport.class.getResourceAsStream("/org/landscape4j/report/html/live.js")
                .readAllBytes(), StandardCharsets.UTF_8);
        assertFalse(script.contains("innerHTML") || script.contains("outerHTML") || script.contains("insertAdjacentHTML")
                || script.contains("document.write") || script.contains("eval("), "the live script never parses text");
    }

    @Test
    void jsonScriptEscapesEverythingThatCouldEndTheElement() {
        assertEquals("{\"a\":\"\\u003c/script\\u003e\\u0026\\u2028\\u2029\"}",
                JsonScript.escape("{\"a\":\"</script>&\u2028\u2029\"}"));
    }
}
