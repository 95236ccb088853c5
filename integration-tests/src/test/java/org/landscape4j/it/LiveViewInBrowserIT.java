package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.report.live.LiveServer;
import org.landscape4j.report.live.LiveSettings;
import org.landscape4j.report.testing.GrowingRun;

/**
 * The live view in real headless Chromium (the network blocked, but for 127.0.0.1 where the server is): a run that grows while
 * the page is open shows its new metric points, then a new slice section, then "run finished", and "server
 * unreachable" when the server stops, all without a reload, and without a script error or a CSP refusal. Driven
 * over the DevTools protocol ({@link DevTools}), since the page must be watched as it changes; screenshots go to
 * target/browser/ for a human.
 *
 * <p>Needs Chromium, as {@link ReportInBrowserIT}; {@code -Dlandscape4j.skipBrowser=true} skips it.
 */
class LiveViewInBrowserIT {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    /** The plotly element of the training score plot, and what it has drawn. */
    static final String SCORE = "document.querySelector('[data-l4j-key=\"training/score\"]')";

    @Test
    void aGrowingRunShowsItsNewPointsAndResultsWithoutAReload() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean(ReportInBrowserIT.SKIP_PROPERTY),
                ReportInBrowserIT.SKIP_PROPERTY + "=true: browser test skipped");
        Files.createDirectories(ReportInBrowserIT.OUT);
        Path chromium = chromium();
        try (GrowingRun run = GrowingRun.start(tmp.resolve("growing-run"), 30);
             LiveServer server = LiveServer.start(LiveSettings.of(run.directory()).withPort(0)
                     .withInterval(Duration.ofMillis(500)));
             DevTools browser = DevTools.launch(chromium, List.of("--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--enable-unsafe-swiftshader",
                     "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                     "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                     "--disable-backgrounding-occluded-windows", "--window-size=1400,1800"),
                     Files.createTempDirectory(tmp, "profile-"), ReportInBrowserIT.OUT.resolve("live-view.log"))) {
            browser.open(server.uri().toString());
            browser.await("document.body && document.body.getAttribute('data-l4j-status')",
                    v -> v.asText().equals("rendered"), WAIT, "the page to draw its plots");
            assertEquals(30, drawnScorePoints(browser), "the run's 30 metric rows");
            assertEquals("live", browser.evaluate("document.body.getAttribute('data-l4j-live-state')").asText());
            // marks that a reload would wipe out
            browser.evaluate("window.l4jTestMark = 'same page'; " + SCORE + ".l4jTestMark = 'same plot'; true");

            run.appendMetrics(25);
            browser.await(SCORE + ".data[0].x.length", v -> v.asInt() == 55, WAIT, "the 25 new rows to arrive");
            assertEquals(55, drawnScorePoints(browser), "plotly drew the new points");

            run.addSlice("plane-live");
            browser.await("Array.from(document.querySelectorAll('[data-l4j-section=\"slices\"] .l4j-plot'))"
                    + ".map(d => d.getAttribute('data-l4j-rendered') === 'true' && !!d.querySelector('.main-svg'))",
                    v -> v.size() == 2 && v.get(0).asBoolean() && v.get(1).asBoolean(), WAIT,
                    "the new slice's contour and surface to be drawn");
            assertTrue(browser.evaluate("document.querySelector('[data-l4j-section=\"results\"]').textContent")
                    .asText().contains("plane-live"), "its provenance is listed");
            assertEquals("same page same plot", browser.evaluate("window.l4jTestMark + ' ' + " + SCORE + ".l4jTestMark")
                    .asText(), "no reload, and the score plot is the same element, updated in place");
            browser.screenshot(ReportInBrowserIT.OUT.resolve("live-view.png"));
            assertTrue(Files.size(ReportInBrowserIT.OUT.resolve("live-view.png")) > 20_000);

            run.finish();
            JsonNode finished = browser.await("document.getElementById('l4j-live').textContent",
                    v -> v.asText().startsWith("run finished"), WAIT, "the page to see the run end");
            assertTrue(finished.asText().contains("complete"), finished.asText());
            assertEquals(55, drawnScorePoints(browser));
            assertEquals(List.of(), browser.problems(), "no script error, CSP refusal or failed request");
            assertTrue(browser.evaluate("document.body.hasAttribute('data-l4j-errors')").asText().equals("false"),
                    browser.evaluate("document.getElementById('l4j-errors').textContent").asText());

            server.close();
            JsonNode away = browser.await("document.getElementById('l4j-live').textContent",
                    v -> v.asText().startsWith("server unreachable"), WAIT, "the page to notice the server is gone");
            assertTrue(away.asText().contains("landscape4j serve"), away.asText());
            assertEquals("same page", browser.evaluate("window.l4jTestMark").asText(), "the page stays as it was");
            browser.screenshot(ReportInBrowserIT.OUT.resolve("live-view-unreachable.png"));
        }
    }

    /** @return the points plotly computed for the score trace (what it drew, not what it was given) */
    private static int drawnScorePoints(DevTools browser) throws Exception {
        return browser.evaluate(SCORE + ".calcdata[0].length").asInt();
    }

    private static Path chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        fail("no Chromium found (/usr/bin/chromium): install it (apt-get install -y chromium; .ci/run does) or skip"
                + " this test with -D" + ReportInBrowserIT.SKIP_PROPERTY + "=true");
        return null;
    }
}
