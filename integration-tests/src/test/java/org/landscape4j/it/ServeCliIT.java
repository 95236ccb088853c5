package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.report.testing.TestRuns;

/**
 * {@code landscape4j serve} as users run it, the runnable jar with plain {@code java -jar}: it prints the URL it
 * serves, answers there, and a termination signal (what Ctrl-C and {@code kill} send) stops it cleanly with exit
 * code 0.
 */
class ServeCliIT {

    @TempDir
    Path tmp;

    @Test
    void theJarServesUntilItIsSignalledAndThenExitsWithZero() throws Exception {
        Path run = TestRuns.write(tmp.resolve("run"), TestRuns.Contents.metricsOnly());
        Path jar = ChildJvm.root().resolve("cli/target/landscape4j-cli.jar");
        Path log = tmp.resolve("serve.err");
        Path stdout = tmp.resolve("serve.out");
        Process serve = ChildJvm.plainJar(ChildJvm.currentJava(), jar, "serve", run.toString(), "--port", "0")
                .redirectOutput(stdout.toFile()).redirectError(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(stdout, StandardCharsets.UTF_8).contains("\n")) {
                assertTrue(serve.isAlive() && System.nanoTime() < deadline, "no URL printed:\n" + Files.readString(log));
                Thread.sleep(50);               // another process's output: nothing to wait on but the file
            }
            String line = Files.readAllLines(stdout, StandardCharsets.UTF_8).get(0);
            Matcher url = Pattern.compile("^Serving .+ at (http://127\\.0\\.0\\.1:\\d+/) - Ctrl-C to stop$").matcher(line);
            assertTrue(url.find(), line);
            HttpResponse<String> data = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url.group(1) + "data.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, data.statusCode());
            assertTrue(data.body().contains("\"metric_rows\":" + TestRuns.EPOCHS * TestRuns.UPDATES_PER_EPOCH),
                    data.body());

            serve.destroy();                    // SIGTERM, handled as Ctrl-C is
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "serve did not stop");
            assertEquals(0, serve.exitValue(), Files.readString(log));
            assertEquals(java.util.List.of(line, "Stopped serving " + run + "."),
                    Files.readAllLines(stdout, StandardCharsets.UTF_8));
        } finally {
            serve.destroyForcibly();
        }
    }
}
