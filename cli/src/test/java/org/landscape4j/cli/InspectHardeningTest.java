package org.landscape4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.MetricsWriter;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.RunStatus;
import org.landscape4j.run.SnapshotWriter;

/**
 * {@code landscape4j inspect} against damaged and hostile run directories (the hardening issue, items 6, 12, 14
 * and 15): whatever the bytes, it ends with exit code 0 or 1, every problem is one line on standard error with
 * no stack trace, the intact files are still summarized, and no control character from the run reaches the
 * terminal.
 */
class InspectHardeningTest {

    private static final int P = 37;
    private static final int SNAPSHOTS = 12;

    @TempDir
    Path tmp;

    /** What one inspect printed. */
    private record Output(int exitCode, String out, String err) {
    }

    private static Output inspect(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Landscape4jCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Output(code, out.toString(), err.toString());
    }

    private static ParameterLayout layout(String layerType) {
        return new ParameterLayout(List.of(
                new ParameterArray("0_W", "0", layerType, 0, 32, new long[] {4, 8}, 'f', ParameterRole.WEIGHT, 1),
                new ParameterArray("0_b", "0", layerType, 32, 5, new long[] {1, 5}, 'f', ParameterRole.BIAS, -1)));
    }

    /** A complete run of P = 37 parameters: 12 snapshots, 30 metric rows. */
    private Path completeRun(String name, Map<String, Long> seeds, String layerType, RunStatus status,
                             String failure, double lastScore) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        RunManifest manifest = RunManifest.start("test", "1.0.0-M2.1", "17", "org.example.Net", P, "FLOAT",
                layout(layerType), Map.of("note", "x"), seeds, Instant.parse("2026-01-01T00:00:00Z"));
        try (SnapshotWriter snapshots = new SnapshotWriter(dir.resolve(RunFiles.SNAPSHOTS), P, manifest.runId(), null);
             MetricsWriter metrics = new MetricsWriter(dir.resolve(RunFiles.METRICS), manifest.runId(), 7, null)) {
            for (int k = 0; k < SNAPSHOTS; k++) {
                float[] theta = new float[P];
                for (int i = 0; i < P; i++) {
                    theta[i] = (float) Math.sin(k * 31 + i);
                }
                snapshots.write(k * 3L, k, 1.0 / (k + 1), theta);
            }
            for (int i = 0; i < 30; i++) {
                metrics.append(new MetricRow(i, i / 3, 4, i == 29 ? lastScore : 2.0 / (i + 1), 0.5, 0.01, 0.1, i));
            }
        }
        Files.writeString(dir.resolve(RunFiles.NETWORK), "{}", StandardCharsets.UTF_8);
        manifest.finished(Instant.parse("2026-01-01T00:01:00Z"), status, failure).write(dir.resolve(RunFiles.MANIFEST));
        return dir;
    }

    private Path completeRun(String name) throws IOException {
        return completeRun(name, Map.of("data", 1L), "DenseLayer", RunStatus.COMPLETE, null, 0.05);
    }

    private static void assertOneLineProblems(Output output) {
        assertFalse(output.err().contains("\tat "), "no stack trace:\n" + output.err());
        for (String line : output.err().lines().toList()) {
            assertTrue(line.startsWith("landscape4j inspect: "), "every problem is one prefixed line: " + line);
        }
        assertNoControlCharacters(output.out());
        assertNoControlCharacters(output.err());
    }

    private static void assertNoControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            assertFalse(c != '\n' && (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)),
                    "control character U+" + Integer.toHexString(c) + " at " + i + " in:\n" + text);
        }
    }

    @Test
    void aCompleteRunIsSummarizedWithExitCodeZero() throws IOException {
        Output output = inspect("inspect", completeRun("ok").toString());
        assertEquals(0, output.exitCode(), output.err());
        assertTrue(output.out().contains("snapshots    12 (iterations 0..33)"), output.out());
        assertTrue(output.out().contains("metrics      30 rows"), output.out());
        assertEquals("", output.err());
    }

    /**
     * Item 6: a corrupt snapshot batch (its metadata damaged) in a complete run: one line naming the file and the
     * offset, exit code 1, and the metrics are still summarized.
     */
    @Test
    void aCorruptSnapshotBatchIsOneLineAndTheRestIsStillSummarized() throws IOException {
        Path dir = completeRun("corrupt");
        Path snapshots = dir.resolve(RunFiles.SNAPSHOTS);
        byte[] bytes = Files.readAllBytes(snapshots);
        int batchSize = (bytes.length - 8 - firstMessageLength(bytes)) / SNAPSHOTS;
        int third = firstMessageLength(bytes) + 3 * batchSize;           // the 4th batch's message
        for (int i = 12; i < 40; i++) {
            bytes[third + i] ^= (byte) 0x5A;                               // inside its flatbuffer metadata
        }
        Files.write(snapshots, bytes);
        Output output = inspect("inspect", dir.toString());
        assertEquals(1, output.exitCode());
        assertOneLineProblems(output);
        List<String> problems = output.err().lines().toList();
        assertEquals(1, problems.size(), output.err());
        assertTrue(problems.get(0).contains("snapshots.arrows") && problems.get(0).contains("offset"), problems.get(0));
        assertTrue(output.out().contains("metrics      30 rows"), "the intact metrics are still summarized");
    }

    /** Item 6, fuzzed: 300 seeded byte flips anywhere in the snapshots of a complete run. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void seededFlipsInSnapshotsNeverEscapeAsStackTraces() throws IOException {
        Path dir = completeRun("fuzz");
        Path snapshots = dir.resolve(RunFiles.SNAPSHOTS);
        byte[] original = Files.readAllBytes(snapshots);
        Random random = new Random(20261125);
        int corrupt = 0;
        for (int trial = 0; trial < 300; trial++) {
            byte[] bytes = original.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            }
            Files.write(snapshots, bytes);
            Output output = inspect("inspect", dir.toString());
            assertTrue(output.exitCode() == 0 || output.exitCode() == 1, "exit " + output.exitCode() + ":\n"
                    + output.err());
            assertOneLineProblems(output);
            if (output.exitCode() == 1) {
                corrupt++;
                assertTrue(output.out().contains("metrics      30 rows"), output.out());
            }
        }
        System.out.println(corrupt + " of 300 flipped snapshot files were reported corrupt; the rest flipped θ values"
                + " (undetectable without checksums) or padding");
        assertTrue(corrupt > 0);
    }

    /**
     * Item 14: a seed name with a newline and ANSI escapes must not forge a "status complete" line under a failed
     * run, and a layer type must not set the terminal's title: every control character is shown escaped.
     */
    @Test
    void hostileTextFromTheRunIsEscaped() throws IOException {
        Map<String, Long> seeds = new LinkedHashMap<>();
        seeds.put("x\n\u001b[0mstatus       complete", 1L);
        Path dir = completeRun("hostile", seeds, "Dense\u001b]0;pwned\u0007\u202eLayer", RunStatus.FAILED,
                "disk\rfull", 0.05);
        Output output = inspect("inspect", dir.toString());
        assertEquals(0, output.exitCode(), output.err());
        assertOneLineProblems(output);
        assertFalse(output.out().lines().anyMatch(line -> line.startsWith("status       complete")), output.out());
        assertTrue(output.out().contains("status       failed"), output.out());
        assertTrue(output.out().contains("\\u001b]0;pwned\\u0007"), output.out());
        assertTrue(output.out().contains("\\u202e"), "a bidi override is shown, not obeyed");
        assertTrue(output.out().contains("disk\\rfull"), output.out());
    }

    /** Item 12: metrics ending in NaN/Infinity are flagged. */
    @Test
    void aDivergedRunSaysSo() throws IOException {
        Path dir = completeRun("diverged", Map.of(), "DenseLayer", RunStatus.COMPLETE, null, Double.NaN);
        Output output = inspect("inspect", dir.toString());
        assertEquals(0, output.exitCode(), output.err());
        assertTrue(output.out().contains("training diverged") && output.out().contains("iteration 29"), output.out());
    }

    /** Item 15: a FIFO in a stream's place is refused at once, never opened (opening it would block forever). */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aFifoInPlaceOfAStreamDoesNotHang() throws Exception {
        Path dir = completeRun("fifo");
        Path snapshots = dir.resolve(RunFiles.SNAPSHOTS);
        Files.delete(snapshots);
        Process mkfifo = new ProcessBuilder("mkfifo", snapshots.toString()).start();
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo is not available");
        Output output = inspect("inspect", dir.toString());
        assertEquals(1, output.exitCode());
        assertOneLineProblems(output);
        assertTrue(output.err().contains("not a regular file"), output.err());
    }

    /** Item 15: a device in a stream's place (a link to /dev/urandom) is refused, not read as "empty". */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aDeviceInPlaceOfAStreamIsRefused() throws Exception {
        Path dir = completeRun("device");
        Path metrics = dir.resolve(RunFiles.METRICS);
        Files.delete(metrics);
        Files.createSymbolicLink(metrics, Path.of("/dev/urandom"));
        Output output = inspect("inspect", dir.toString());
        assertEquals(1, output.exitCode());
        assertOneLineProblems(output);
        assertTrue(output.err().contains("metrics.arrows") && output.err().contains("not a regular file"),
                output.err());
        assertFalse(output.err().contains("empty"), output.err());
    }

    /** Item 15: a binary file (Parquet's magic and control bytes) as the manifest: one safe line. */
    @Test
    void aBinaryManifestIsQuotedSafely() throws IOException {
        Path dir = completeRun("parquet");
        byte[] parquet = new byte[256];
        new Random(7).nextBytes(parquet);
        System.arraycopy("PAR1".getBytes(StandardCharsets.US_ASCII), 0, parquet, 0, 4);
        parquet[10] = 0x1B;
        parquet[11] = '[';
        parquet[12] = '2';
        parquet[13] = 'J';                                                   // "clear screen"
        Files.write(dir.resolve(RunFiles.MANIFEST), parquet);
        Output output = inspect("inspect", dir.toString());
        assertEquals(1, output.exitCode());
        assertOneLineProblems(output);
        assertEquals(1, output.err().lines().count(), output.err());
        assertTrue(output.err().contains("manifest.json"), output.err());
    }

    /** @return the length of the schema message at the start of a stream */
    private static int firstMessageLength(byte[] bytes) {
        int metadata = (bytes[4] & 0xFF) | (bytes[5] & 0xFF) << 8 | (bytes[6] & 0xFF) << 16 | (bytes[7] & 0xFF) << 24;
        return 8 + metadata;
    }
}
