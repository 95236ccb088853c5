package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not what their names say (hardening item 15): a FIFO named like a stream or the manifest is
 * refused as not a regular file without blocking; a device behind a symbolic link is refused as such (never read
 * as an empty or endless stream); a directory, a dangling link; a Parquet file or bytes with control characters
 * given as a stream or as the manifest are refused with their first bytes shown as hexadecimal. No message holds
 * a control character.
 */
class HostileFilesTest {

    private static final Duration NO_HANG = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final BufferAllocator allocator = Fixtures.allocator("hostile-test");

    @AfterEach
    void noLeak() {
        Fixtures.closeChecked(allocator);
    }

    private static void mkfifo(Path path) throws Exception {
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("no mkfifo on this system: " + e.getMessage());
            return;
        }
        assertEquals(0, mkfifo.waitFor(), new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Asserts that reading {@code file} as each kind of run file is refused with one printable line. */
    private static final String LINKED_DEVICE = "is not a regular file (a link to a FIFO, socket or device); run files"
            + " are regular files: remove or replace it";

    private void assertRefusedEverywhere(Path file, String expectedProblem) {
        List<Executable> readers = List.of(
                () -> MetricsReader.read(file, allocator, true),
                () -> SnapshotReader.open(file, allocator, false).close(),
                () -> CurvatureRow.read(file, allocator, false),
                () -> VectorTableReader.open(file, Snapshot.TABLE, allocator, true).close());
        for (Executable reader : readers) {
            RunFormatException e = assertTimeoutPreemptively(NO_HANG, () -> assertThrows(RunFormatException.class,
                    reader));
            assertEquals(file, e.file());
            assertEquals(file + ": " + expectedProblem, e.getMessage());
            Fixtures.assertPrintable(e.getMessage());
        }
    }

    @Test
    void aFifoIsRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve(RunFiles.SNAPSHOTS);
        mkfifo(fifo);
        assertRefusedEverywhere(fifo, "is not a regular file (a FIFO, socket or device); run files are regular files:"
                + " remove or replace it");
        Path manifestFifo = dir.resolve("fifo-run").resolve(RunFiles.MANIFEST);
        Files.createDirectories(manifestFifo.getParent());
        mkfifo(manifestFifo);
        RunFormatException manifest = assertTimeoutPreemptively(NO_HANG,
                () -> assertThrows(RunFormatException.class, () -> RunDirectory.open(manifestFifo.getParent())));
        assertEquals(manifestFifo + ": is not a regular file (a FIFO, socket or device); run files are regular files:"
                + " remove or replace it", manifest.getMessage());
    }

    @Test
    void aFifoInARunIsAProblemLineOfItsSummary() throws Exception {
        Path run = dir.resolve("run");
        Fixtures.writeRun(run, Fixtures.completeManifest(), 1, 1, 1, allocator);
        Files.delete(run.resolve(RunFiles.SNAPSHOTS));
        mkfifo(run.resolve(RunFiles.SNAPSHOTS));
        RunSummary summary = assertTimeoutPreemptively(NO_HANG, () -> RunSummary.read(run));
        assertEquals(List.of(run.resolve(RunFiles.SNAPSHOTS) + ": is not a regular file (a FIFO, socket or device);"
                + " run files are regular files: remove or replace it"), summary.problems());
        assertEquals(1, summary.metricRows());
        assertFalse(summary.files().containsKey(RunFiles.SNAPSHOTS), "only regular files are listed");
    }

    @Test
    void aDeviceBehindALinkIsRefusedNotReadAsEmpty() throws IOException {
        Path urandom = Path.of("/dev/urandom");
        Assumptions.assumeTrue(Files.exists(urandom), "no /dev/urandom");
        Path link = Files.createSymbolicLink(dir.resolve(RunFiles.METRICS), urandom);
        assertRefusedEverywhere(link, LINKED_DEVICE);
        Path manifest = Files.createSymbolicLink(dir.resolve(RunFiles.MANIFEST), urandom);
        RunFormatException e = assertTimeoutPreemptively(NO_HANG, () -> assertThrows(RunFormatException.class,
                () -> RunManifest.read(manifest)));
        assertEquals(manifest + ": " + LINKED_DEVICE, e.getMessage());
        Path null_ = Files.createSymbolicLink(dir.resolve("null.arrows"), Path.of("/dev/null"));
        assertRefusedEverywhere(null_, LINKED_DEVICE);
    }

    @Test
    void directoriesAndDanglingLinksAreNamed() throws IOException {
        Path directory = Files.createDirectories(dir.resolve("dir.arrows"));
        assertRefusedEverywhere(directory, "is a directory; run files are regular files: remove or replace it");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.arrows"), dir.resolve("nowhere"));
        assertRefusedEverywhere(dangling, "does not exist; check the path of the run directory");
    }

    @Test
    void aLinkToARegularFileIsRead() throws IOException {
        Path real = dir.resolve("real.arrows");
        try (MetricsWriter writer = new MetricsWriter(real, null, 1, allocator)) {
            writer.append(Fixtures.metricRows(1).get(0));
        }
        Path link = Files.createSymbolicLink(dir.resolve(RunFiles.METRICS), real);
        assertEquals(Fixtures.metricRows(1), MetricsReader.read(link, allocator, true).rows());
    }

    @Test
    void hostileNamesAndTextInARunAreEscapedInEveryLineOfItsSummary() throws IOException {
        // A run directory is untrusted input: its name, its files' names and its manifest's text may hold
        // control characters that would forge lines or drive a terminal when a summary is printed.
        Path run = dir.resolve("run\u001b]0;pwned\u0007\nINFO all good");
        Fixtures.writeRun(run, Fixtures.manifest(), 3, 0, 0, allocator);
        Fixtures.manifest().finished(Fixtures.manifest().startTime(), RunStatus.FAILED, "disk\u001b[2J full\nINFO ok")
                .write(run.resolve(RunFiles.MANIFEST));
        byte[] metrics = Files.readAllBytes(run.resolve(RunFiles.METRICS));
        Files.write(run.resolve(RunFiles.METRICS), java.util.Arrays.copyOf(metrics, metrics.length - 3));
        try (SnapshotWriter snapshots = new SnapshotWriter(run.resolve(RunFiles.SNAPSHOTS), Fixtures.P,
                Fixtures.RUN_ID, allocator)) {
            snapshots.write(10, 0, 0, new float[Fixtures.P]);
            snapshots.write(5, 0, 0, new float[Fixtures.P]); // not increasing
        }
        Path results = Files.createDirectories(run.resolve(RunFiles.RESULTS));
        Files.writeString(results.resolve("evil\u001b[31m\n.arrows"), "garbage");
        Provenance stale = Provenance.of("old\u001b[2Jrun", List.of(), java.util.Map.of(), java.util.Map.of(),
                java.util.Map.of());
        try (RowStreamWriter writer = new RowStreamWriter(results.resolve("st\u0007ale.arrows"), ResultsTest.SURFACE,
                stale.toMetadata(), 1, allocator)) {
            writer.append(ResultsTest.point(1));
        }
        RunSummary summary = RunSummary.read(run);
        assertEquals(2, summary.problems().size(), summary.problems().toString());
        assertEquals(5, summary.warnings().size(), summary.warnings().toString());
        for (String line : summary.problems()) {
            Fixtures.assertPrintable(line);
            assertTrue(line.startsWith(SafeText.escapeControls(run.toString())), line);
        }
        for (String line : summary.warnings()) {
            Fixtures.assertPrintable(line);
        }
        assertTrue(summary.warnings().contains("recording failed: disk\\u001b[2J full\\nINFO ok"),
                summary.warnings().toString());
        RunFormatException direct = assertThrows(RunFormatException.class,
                () -> MetricsReader.read(results.resolve("evil\u001b[31m\n.arrows"), allocator, true));
        Fixtures.assertPrintable(direct.getMessage());
        assertEquals(results.resolve("evil\u001b[31m\n.arrows"), direct.file(), "the path itself is kept as it is");
    }

    @Test
    void foreignBytesAreShownAsHexadecimal() throws IOException {
        byte[] parquet = {'P', 'A', 'R', '1', 0x15, 0x04, 0x1B, '[', '2', 'J', '\n', 0};
        Path stream = Files.write(dir.resolve("data.parquet.arrows"), parquet);
        assertRefusedEverywhere(stream, "is not an Arrow IPC stream (it starts with 50 41 52 31 15 04 1B 5B, not the"
                + " continuation marker FF FF FF FF); if it was copied or edited, restore the original");
        Path shortFile = Files.write(dir.resolve("short.arrows"), new byte[] {0x1B, '\n'});
        assertRefusedEverywhere(shortFile, "is not an Arrow IPC stream (it starts with 1B 0A, not the continuation"
                + " marker FF FF FF FF); if it was copied or edited, restore the original");
        Path manifest = Files.write(dir.resolve(RunFiles.MANIFEST), parquet);
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunManifest.read(manifest));
        assertTrue(e.getMessage().startsWith(manifest + ": is not valid JSON ("), e.getMessage());
        Fixtures.assertPrintable(e.getMessage());
        Path controls = Files.write(dir.resolve("controls.json"), "\u001b]0;pwned\u0007\u0000{".getBytes(
                StandardCharsets.UTF_8));
        RunFormatException c = assertThrows(RunFormatException.class, () -> RunManifest.read(controls));
        Fixtures.assertPrintable(c.getMessage());
        byte[] notUtf8 = {'{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', ':', '1', '}'};
        Path invalid = Files.write(dir.resolve("invalid.json"), notUtf8);
        RunFormatException u = assertThrows(RunFormatException.class, () -> RunManifest.read(invalid));
        Fixtures.assertPrintable(u.getMessage());
        assertTrue(u.getMessage().contains("lacks the field format_version"), u.getMessage());
    }
}
