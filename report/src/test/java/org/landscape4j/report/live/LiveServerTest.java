package org.landscape4j.report.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.report.testing.GrowingRun;
import org.landscape4j.report.testing.TestRuns;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.RunFormatException;

/**
 * The live view's server on a free port against small real runs: the page and the data with their headers, a
 * 304 while the data is current, nothing else served (no file, whatever the path), read-only, a foreign Host
 * refused, a port in use named, and the data following a run that grows (rows, a new result, the end, a cut tail).
 */
class LiveServerTest {

    @TempDir
    static Path shared;

    static Path run;
    static LiveServer server;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @BeforeAll
    static void serveAFullRun() throws Exception {
        run = TestRuns.write(shared.resolve("run"), TestRuns.Contents.full());
        server = LiveServer.start(LiveSettings.of(run).withPort(0));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> get(LiveServer s, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(s.uri().resolve(path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** A request written byte for byte (no client normalizes its path): the status line and the whole response. */
    static String[] raw(int port, String requestLine, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new String[] {response.lines().findFirst().orElse(""), response};
        }
    }

    static void assertSafeHeaders(HttpResponse<?> response, String contentType) {
        assertEquals(contentType, header(response, "Content-Type"), response.uri().toString());
        assertEquals("no-store", header(response, "Cache-Control"));
        assertEquals("nosniff", header(response, "X-Content-Type-Options"));
        String csp = header(response, "Content-Security-Policy");
        assertTrue(csp != null && csp.startsWith("default-src 'none'") && csp.contains("frame-ancestors 'none'"), csp);
    }

    @Test
    void servesTheLivePageWithAPolicyThatAdmitsOnlyItsOwnScriptsAndPollingItsServer() throws Exception {
        HttpResponse<String> page = get(server, "/");
        assertEquals(200, page.statusCode());
        assertSafeHeaders(page, "text/html; charset=utf-8");
        String html = page.body();
        String csp = header(page, "Content-Security-Policy");
        assertTrue(csp.contains("connect-src 'self'"), csp);
        Matcher hashes = Pattern.compile("'sha256-([A-Za-z0-9+/=]+)'").matcher(csp);
        Matcher scripts = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int inline = 0;
        while (scripts.find()) {
            assertTrue(hashes.find(), "a hash for each inline script");
            assertEquals(hashes.group(1), Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(scripts.group(1).getBytes(StandardCharsets.UTF_8))), "the policy admits exactly that script");
            inline++;
        }
        assertEquals(2, inline, "the report's script and the live script");
        assertFalse(hashes.find());
        assertTrue(html.contains("content=\"" + csp.replace("; frame-ancestors 'none'", "") + "\""),
                "the page's own policy is the same (frame-ancestors only works as a header)");
        assertTrue(html.contains("data-l4j-live=\"data.json\""));
        assertTrue(html.contains("id=\"l4j-live\""), "a status line");

        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(server.uri())
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(Long.toString(html.getBytes(StandardCharsets.UTF_8).length), header(head, "Content-Length"));
        assertSafeHeaders(head, "text/html; charset=utf-8");
    }

    @Test
    void servesTheRunsDataWithATagAndA304WhileItIsCurrent() throws Exception {
        HttpResponse<String> data = get(server, "/data.json");
        assertEquals(200, data.statusCode());
        assertSafeHeaders(data, "application/json; charset=utf-8");
        JsonNode model = JSON.readTree(data.body());
        assertEquals(TestRuns.EPOCHS * TestRuns.UPDATES_PER_EPOCH, model.get("metrics").get("score").size());
        assertEquals(3, model.get("slices").size());
        assertEquals("complete", model.get("run").get("status").asText());
        String tag = header(data, "ETag");
        assertTrue(tag.matches("\"[A-Za-z0-9_-]+\""), tag);
        assertTrue(get(server, "/").body().contains("data-l4j-version=\"" + tag.replace("\"", "") + "\""),
                "the page knows the version it embeds, so its first poll costs a 304");

        HttpResponse<String> same = get(server, "/data.json", "If-None-Match", tag);
        assertEquals(304, same.statusCode());
        assertEquals("", same.body());
        assertEquals(tag, header(same, "ETag"));
        assertEquals(304, get(server, "/data.json", "If-None-Match", "\"x\", W/" + tag).statusCode());
        assertEquals(200, get(server, "/data.json", "If-None-Match", "\"other\"").statusCode());
        assertEquals(200, get(server, "/data.json?t=1").statusCode(), "a query is ignored");
    }

    @Test
    void servesNoFileWhateverThePathAndNoListing() throws Exception {
        String runId = JSON.readTree(get(server, "/data.json").body()).get("run").get("run_id").asText();
        String host = "127.0.0.1:" + server.port();
        for (String path : List.of("/../manifest.json", "/..%2fmanifest.json", "/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd",
                "//etc/passwd", "/manifest.json", "/metrics.arrows", "/results/", "/results", "/results/plane-final.arrows",
                "/data.json/../manifest.json", "/./data.json", "/index.html", "/favicon.ico", "/data.json/",
                "/DATA.JSON", "/%64ata.json", "/.landscape4j.lock", "/" + run.toAbsolutePath())) {
            String[] response = raw(server.port(), "GET " + path + " HTTP/1.1", host);
            assertEquals("HTTP/1.1 404 Not Found", response[0], path);
            assertFalse(response[1].contains(runId), path + " shows nothing of the run");
            String headers = response[1].toLowerCase(java.util.Locale.ROOT);      // the JDK server recases names
            assertTrue(headers.contains("\ncache-control: no-store"), response[1]);
            assertTrue(headers.contains("\nx-content-type-options: nosniff"), response[1]);
        }
        assertTrue(raw(server.port(), "GET / HTTP/1.1", host)[0].endsWith("200 OK"));
    }

    @Test
    void isReadOnly() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")) {
            for (String path : List.of("/", "/data.json", "/manifest.json")) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(server.uri().resolve(path))
                        .method(method, HttpRequest.BodyPublishers.ofString("x")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(405, response.statusCode(), method + " " + path);
                assertEquals("GET, HEAD", header(response, "Allow"));
            }
        }
        assertTrue(Files.exists(run.resolve(RunFiles.MANIFEST)));
    }

    @Test
    void refusesRequestsForAnotherHostName() throws Exception {
        String[] rebound = raw(server.port(), "GET /data.json HTTP/1.1", "attacker.example:" + server.port());
        assertEquals("HTTP/1.1 403 Forbidden", rebound[0], "a page whose name was re-pointed at 127.0.0.1 reads nothing");
        assertFalse(rebound[1].contains("\"metrics\""));
        for (String host : List.of("localhost:", "127.0.0.1:", "[::1]:", "LOCALHOST:")) {
            assertEquals("HTTP/1.1 200 OK", raw(server.port(), "GET /data.json HTTP/1.1", host + server.port())[0], host);
        }
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        PortInUseException e = assertThrows(PortInUseException.class,
                () -> LiveServer.start(LiveSettings.of(run).withPort(server.port())));
        assertEquals(server.port(), e.port());
        assertTrue(e.getMessage().contains("port " + server.port() + " on 127.0.0.1 is already in use"), e.getMessage());
    }

    @Test
    void refusesADirectoryThatHoldsNoRunBeforeListening() {
        RunFormatException missing = assertThrows(RunFormatException.class,
                () -> LiveServer.start(LiveSettings.of(tmp.resolve("missing")).withPort(0)));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        RunFormatException notARun = assertThrows(RunFormatException.class,
                () -> LiveServer.start(LiveSettings.of(tmp).withPort(0)));
        assertTrue(notARun.getMessage().contains(RunFiles.MANIFEST), notARun.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LiveSettings.of(tmp).withPort(65536));
        assertThrows(IllegalArgumentException.class, () -> LiveSettings.of(tmp).withInterval(Duration.ofMillis(10)));
    }

    @Test
    void theDataFollowsARunThatGrows() throws Exception {
        try (GrowingRun growing = GrowingRun.start(tmp.resolve("growing"), 20);
             LiveServer live = LiveServer.start(LiveSettings.of(growing.directory()).withPort(0))) {
            HttpResponse<String> first = get(live, "/data.json");
            JsonNode model = JSON.readTree(first.body());
            assertEquals(20, model.get("metrics").get("score").size());
            assertEquals("running", model.get("run").get("status").asText());
            assertTrue(model.get("run").get("recorder_alive").asBoolean());
            String tag = header(first, "ETag");
            assertEquals(304, get(live, "/data.json", "If-None-Match", tag).statusCode());

            growing.appendMetrics(15);
            HttpResponse<String> grown = get(live, "/data.json", "If-None-Match", tag);
            assertEquals(200, grown.statusCode(), "new rows make a new version");
            assertEquals(35, JSON.readTree(grown.body()).get("metrics").get("score").size());
            assertNotEquals(tag, header(grown, "ETag"));
            tag = header(grown, "ETag");

            growing.addSlice("plane-live");
            HttpResponse<String> withSlice = get(live, "/data.json", "If-None-Match", tag);
            assertEquals(200, withSlice.statusCode());
            JsonNode sliced = JSON.readTree(withSlice.body());
            assertEquals(1, sliced.get("slices").size());
            assertEquals("plane-live", sliced.get("slices").get(0).get("name").asText());
            assertTrue(get(live, "/").body().contains("plane-live"), "a reload shows it too");
            tag = header(withSlice, "ETag");

            growing.finish();
            HttpResponse<String> finished = get(live, "/data.json", "If-None-Match", tag);
            assertEquals(200, finished.statusCode());
            assertEquals("complete", JSON.readTree(finished.body()).get("run").get("status").asText());
            assertEquals(35, JSON.readTree(finished.body()).get("metrics").get("score").size());
        }
    }

    @Test
    void aStreamCutMidBatchIsReadUpToItsLastWholeBatch() throws Exception {
        Path dir = tmp.resolve("killed");
        try (GrowingRun growing = GrowingRun.start(dir, 12)) {
            growing.appendMetrics(8);
        }                               // closed as a killed process leaves it: no end marker, manifest running
        byte[] partialMessage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x98, 0, 0, 0, 1, 2, 3};
        Files.write(dir.resolve(RunFiles.METRICS), partialMessage, StandardOpenOption.APPEND);
        try (LiveServer live = LiveServer.start(LiveSettings.of(dir).withPort(0))) {
            HttpResponse<String> data = get(live, "/data.json");
            assertEquals(200, data.statusCode(), data.body());
            JsonNode model = JSON.readTree(data.body());
            assertEquals(20, model.get("metrics").get("score").size());
            assertEquals(0, model.get("problems").size(), model.get("problems").toString());
            assertFalse(model.get("run").get("recorder_alive").asBoolean());
            assertTrue(model.get("run").get("warnings").toString().contains("killed"), model.get("run").toString());
        }
    }

    @Test
    void aRunThatCannotBeReadNowIsA503UntilItCanBeAgain() throws Exception {
        Path dir = TestRuns.write(tmp.resolve("moving"), TestRuns.Contents.metricsOnly());
        try (LiveServer live = LiveServer.start(LiveSettings.of(dir).withPort(0))) {
            assertEquals(200, get(live, "/data.json").statusCode());
            Path aside = tmp.resolve("aside.json");
            Files.move(dir.resolve(RunFiles.MANIFEST), aside);
            HttpResponse<String> gone = get(live, "/data.json");
            assertEquals(503, gone.statusCode());
            assertTrue(gone.body().contains(RunFiles.MANIFEST), gone.body());
            assertEquals("3", header(gone, "Retry-After"));
            assertSafeHeaders(gone, "text/plain; charset=utf-8");
            assertEquals(503, get(live, "/").statusCode());
            Files.move(aside, dir.resolve(RunFiles.MANIFEST));
            assertEquals(200, get(live, "/data.json").statusCode());
        }
    }
}
