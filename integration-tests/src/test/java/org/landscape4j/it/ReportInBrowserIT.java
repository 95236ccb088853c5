package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.cli.Landscape4jCommand;
import org.landscape4j.examples.ExamplesMain;
import org.landscape4j.report.testing.TestRuns;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.trajectory.ExactPca;
import org.landscape4j.trajectory.PcaResult;
import org.landscape4j.trajectory.PcaSettings;
import org.landscape4j.trajectory.PcaTable;
import org.landscape4j.trajectory.SnapshotSelection;
import org.landscape4j.trajectory.SnapshotSource;
import org.landscape4j.trajectory.TrajectoryProgress;
import picocli.CommandLine;

/**
 * The HTML report opened in real headless Chromium with the network blocked: the report of a real run (the
 * default example trained 4 epochs, a surface and a line evaluated by the CLI, a PCA of its snapshots) draws
 * every plot (each plotly div holds its SVG) without a script error, and the report of a hostile run (markup and
 * script in every text field) runs none of it: the page title stays, no injected element exists, the text shows
 * as text. Screenshots go to target/browser/ for a human.
 *
 * <p>Needs Chromium ({@code apt-get install chromium}; .ci/run installs it); {@code -Dlandscape4j.skipBrowser=true}
 * skips this test on a machine without one.
 */
class ReportInBrowserIT {

    static final String SKIP_PROPERTY = "landscape4j.skipBrowser";
    static final Path OUT = Path.of("target", "browser");

    @TempDir
    static Path tmp;

    static Path realRun;
    static Path hostileRun;

    @BeforeAll
    static void writeRunsAndReports() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean(SKIP_PROPERTY), SKIP_PROPERTY + "=true: browser test skipped");
        Files.createDirectories(OUT);
        realRun = tmp.resolve("modular-addition");
        assertEquals(0, new CommandLine(new ExamplesMain()).execute("--out", realRun.toString(), "--epochs", "4"));
        cli("surface", realRun.toString(), "--grid", "9x7", "--range", "-1,1,-0.6,0.6", "--workers", "2");
        cli("surface", realRun.toString(), "--line", "--grid", "21", "--directions", "gradient", "--workers", "2");
        RunDirectory run = RunDirectory.open(realRun);
        try (SnapshotReader reader = run.openSnapshots(null)) {
            PcaSettings settings = PcaSettings.of(3);
            PcaResult pca = ExactPca.compute(SnapshotSource.of(reader), settings, TrajectoryProgress.NONE).orElseThrow();
            PcaTable.write(Results.of(run), "trajectory-pca", pca,
                    PcaTable.provenance(run.manifest().runId(), pca, settings, SnapshotSelection.ALL));
        }
        cli("report", realRun.toString(), "--out", OUT.resolve("real-run.html").toString());

        hostileRun = TestRuns.write(tmp.resolve("run"), TestRuns.Contents.hostile(TestRuns.HOSTILE));
        cli("report", hostileRun.toString(), "--out", OUT.resolve("hostile-run.html").toString());
    }

    private static void cli(String... args) {
        StringWriter err = new StringWriter();
        int code = Landscape4jCommand.commandLine().setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(err)).execute(args);
        assertEquals(0, code, String.join(" ", args) + ":\n" + err);
    }

    /** What Chromium printed: the DOM after the scripts ran (stdout) and its log with the page's console. */
    record Browser(String dom, String log) {
    }

    @Test
    void everyPlotOfARealRunsReportRendersWithoutAScriptError() throws Exception {
        Browser browser = open(OUT.resolve("real-run.html"), "real-run");
        assertRendered(browser, 9);
        assertTrue(browser.dom().contains("trajectory-pca"), "the PCA is shown");
        assertTrue(browser.dom().contains("<title>landscape4j report: modular-addition</title>"));
    }

    @Test
    void aHostileRunsReportRunsNoneOfItsMarkup() throws Exception {
        Browser browser = open(OUT.resolve("hostile-run.html"), "hostile-run");
        assertRendered(browser, 9);
        String dom = browser.dom();
        assertTrue(dom.contains("<title>landscape4j report: run</title>"), "the title is the page's own");
        Matcher title = Pattern.compile("<title>(.*?)</title>").matcher(dom);
        assertTrue(title.find());
        assertFalse(title.group(1).contains(TestRuns.PWNED), "no injected script ran (it would retitle the page)");
        assertFalse(Pattern.compile("<img\\b").matcher(dom).find(), "no injected element exists");
        assertFalse(dom.contains("alert(1)</script>"), "no injected script element exists");
        assertTrue(dom.contains("&lt;script&gt;document.title="), "the markup is shown as text");
        assertTrue(dom.contains("1 &amp; \"out\""), "quotes and ampersands are shown as they are");
        assertEquals(3, count(Pattern.compile("<script\\b"), dom), "only the page's own three script elements");
    }

    private static void assertRendered(Browser browser, int atLeastPlots) {
        String dom = browser.dom();
        assertTrue(dom.contains("data-l4j-status=\"rendered\""), "the page finished drawing:\n" + tail(browser.log()));
        Matcher plots = Pattern.compile("data-l4j-plots=\"(\\d+)\"").matcher(dom);
        assertTrue(plots.find());
        int n = Integer.parseInt(plots.group(1));
        assertTrue(n >= atLeastPlots, n + " plots");
        assertEquals(n, count(Pattern.compile("data-l4j-rendered=\"true\""), dom), "every plot reported drawn");
        // independent of the page's own bookkeeping: each plot div holds plotly's SVG
        List<Integer> starts = new ArrayList<>();
        Matcher divs = Pattern.compile("<div[^>]*\\bid=\"plot-(\\d+)\"").matcher(dom);
        while (divs.find()) {
            starts.add(divs.start());
        }
        assertEquals(n, starts.size(), "one div per plot");
        for (int k = 0; k < n; k++) {
            String div = dom.substring(starts.get(k), k + 1 < n ? starts.get(k + 1) : dom.length());
            assertTrue(div.contains("class=\"main-svg\""), "plot " + k + " holds no plotly SVG");
        }
        Matcher body = Pattern.compile("<body[^>]*>").matcher(dom);
        assertTrue(body.find());
        assertFalse(body.group().contains("data-l4j-errors"), "the page caught a script error:\n" + errors(dom));
        assertTrue(dom.contains("<pre id=\"l4j-errors\"></pre>"), errors(dom));
        for (String line : browser.log().lines().toList()) {
            if (line.contains("CONSOLE") && (line.contains("Uncaught") || line.contains("Error"))) {
                fail("the page logged an error: " + line);
            }
            if (line.contains("Refused to")) {
                fail("the Content-Security-Policy blocked something the page needs: " + line);
            }
        }
    }

    private static Browser open(Path page, String name) throws Exception {
        Path chromium = chromium();
        String url = page.toAbsolutePath().toUri().toString();
        List<String> flags = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--enable-unsafe-swiftshader", "--proxy-server=127.0.0.1:9",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=20000", "--window-size=1400,3200");
        Path profile = Files.createTempDirectory(tmp, "profile-");
        List<String> dump = new ArrayList<>(flags);
        dump.add("--user-data-dir=" + profile);
        dump.add("--dump-dom");
        dump.add(url);
        String[] result = run(dump, name + "-dump");
        List<String> shot = new ArrayList<>(flags);
        shot.add("--user-data-dir=" + Files.createTempDirectory(tmp, "profile-"));
        shot.add("--screenshot=" + OUT.resolve(name + ".png").toAbsolutePath());
        shot.add(url);
        run(shot, name + "-screenshot");
        assertTrue(Files.size(OUT.resolve(name + ".png")) > 20_000, "a screenshot of the report");
        return new Browser(result[0], result[1]);
    }

    /** @return {stdout, stderr} of a finished Chromium */
    private static String[] run(List<String> command, String name) throws IOException, InterruptedException {
        Path stdout = OUT.resolve(name + ".out");
        Path stderr = OUT.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Chromium did not finish in 180 s: " + String.join(" ", command));
        }
        String log = Files.readString(stderr, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "Chromium failed:\n" + tail(log));
        return new String[] {Files.readString(stdout, StandardCharsets.UTF_8), log};
    }

    private static Path chromium() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        fail("no Chromium found (/usr/bin/chromium): install it (apt-get install -y chromium; .ci/run does) or skip"
                + " this test with -D" + SKIP_PROPERTY + "=true");
        return null;
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String errors(String dom) {
        Matcher m = Pattern.compile("<pre id=\"l4j-errors\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        return m.find() ? m.group(1) : "";
    }

    private static String tail(String log) {
        List<String> lines = log.lines().filter(l -> !l.contains("dbus")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
