package org.landscape4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.report.live.LiveServer;
import org.landscape4j.report.live.LiveSettings;
import org.landscape4j.report.testing.TestRuns;
import picocli.CommandLine;

/** {@code landscape4j serve}: the URL it prints answers until it is stopped; its bad inputs and their exit codes. */
class ServeCommandTest {

    @TempDir
    static Path shared;

    static Path run;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeRun() throws Exception {
        run = TestRuns.write(shared.resolve("run"), TestRuns.Contents.metricsOnly());
    }

    static PictureCommandsTest.Outcome execute(String... args) {
        return PictureCommandsTest.execute(args);
    }

    @Test
    void printsItsUrlServesTheRunAndStopsCleanly() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Landscape4jCommand.commandLine().setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true));
        Thread[] thread = new Thread[1];
        CompletableFuture<Integer> code = new CompletableFuture<>();
        thread[0] = new Thread(() -> code.complete(cli.execute("serve", run.toString(), "--port", "0", "--refresh", "1")),
                "serve-under-test");
        thread[0].start();
        Pattern serving = Pattern.compile("Serving (.+) at (http://127\\.0\\.0\\.1:(\\d+)/) - Ctrl-C to stop");
        Matcher m = serving.matcher("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(m = serving.matcher(out.toString())).find()) {
            assertTrue(System.nanoTime() < deadline && thread[0].isAlive(), "no URL printed:\n" + out + err);
            Thread.sleep(20);        // waiting on another thread's output; nothing to join on before it prints
        }
        assertEquals(run.toString(), m.group(1));
        assertTrue(Integer.parseInt(m.group(3)) > 0, "--port 0 picked a real port");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(m.group(2))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("data-l4j-live-interval=\"1000\""), "--refresh reaches the page");
        assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(m.group(2) + "data.json")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        thread[0].interrupt();               // what Ctrl-C does: wake the waiting command
        assertEquals(0, code.get(30, TimeUnit.SECONDS), err.toString());
        assertTrue(out.toString().contains("Stopped serving"), out.toString());
        try {
            http.send(HttpRequest.newBuilder(URI.create(m.group(2))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            throw new AssertionError("the server still answers after the command ended");
        } catch (java.io.IOException expected) {
            // connection refused: stopped
        }
    }

    @Test
    void aPortInUseIsNamedWithWhatToDo() throws Exception {
        try (LiveServer busy = LiveServer.start(LiveSettings.of(run).withPort(0))) {
            PictureCommandsTest.Outcome o = execute("serve", run.toString(), "--port", Integer.toString(busy.port()));
            assertEquals(CommandErrors.INPUT, o.code());
            assertTrue(o.err().contains("port " + busy.port() + " on 127.0.0.1 is already in use")
                    && o.err().contains("--port 0"), o.err());
        }
    }

    @Test
    void badInputsHaveClearMessagesAndExitCodes() {
        PictureCommandsTest.Outcome missing = execute("serve", tmp.resolve("missing").toString(), "--port", "0");
        assertEquals(CommandErrors.INPUT, missing.code(), "as report and inspect: a run that is not there is bad input");
        assertTrue(missing.err().contains("does not exist"), missing.err());
        PictureCommandsTest.Outcome notARun = execute("serve", tmp.toString(), "--port", "0");
        assertEquals(CommandErrors.INPUT, notARun.code());
        assertTrue(notARun.err().contains("manifest.json"), notARun.err());
        assertEquals(2, execute("serve").code(), "RUN_DIR is required");
        PictureCommandsTest.Outcome port = execute("serve", run.toString(), "--port", "70000");
        assertEquals(2, port.code());
        assertTrue(port.err().contains("--port 70000 is not a TCP port"), port.err());
        assertEquals(2, execute("serve", run.toString(), "--port", "http").code());
        assertEquals(2, execute("serve", run.toString(), "--refresh", "0").code());
        PictureCommandsTest.Outcome host = execute("serve", run.toString(), "--port", "0", "--host", "no-such-host.invalid");
        assertEquals(2, host.code());
        assertTrue(host.err().contains("--host \"no-such-host.invalid\" is not a known host"), host.err());
    }

    @Test
    void helpHasExamplesAndExitCodes() {
        PictureCommandsTest.Outcome o = execute("serve", "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("Examples:") && o.out().contains("Exit codes") && o.out().contains("--port 0")
                && o.out().contains("Ctrl-C"), o.out());
        assertTrue(execute("--help").out().contains("serve"), "listed among the commands");
    }
}
