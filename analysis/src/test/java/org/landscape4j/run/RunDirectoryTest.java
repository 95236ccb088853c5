package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a run directory ({@link RunDirectory}): the manifest is required; the streams are read back exactly;
 * every stream must belong to the manifest's run (a stream copied from another run, or a version-2 run's stream
 * without a run id, is refused naming both ids) and snapshots must hold the manifest's P; a recorder's claim
 * shows as {@link RunDirectory#recorderAlive()}; {@link RunDirectory#files()} lists the run's and the results'
 * files without the lock file.
 */
class RunDirectoryTest {

    @TempDir
    Path root;

    private final BufferAllocator allocator = Fixtures.allocator("run-directory-test");

    @AfterEach
    void noLeak() {
        Fixtures.closeChecked(allocator);
    }

    @Test
    void openRequiresAnExistingDirectoryWithAManifest() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunDirectory.open(empty));
        assertEquals(empty + ": has no manifest.json: not a landscape4j run directory", e.getMessage());
        RunFormatException absent = assertThrows(RunFormatException.class,
                () -> RunDirectory.open(root.resolve("absent")));
        assertEquals(root.resolve("absent") + ": does not exist; check the path of the run directory",
                absent.getMessage());
        Path file = Files.writeString(root.resolve("file"), "x");
        RunFormatException notDir = assertThrows(RunFormatException.class, () -> RunDirectory.open(file));
        assertEquals(file + ": is a file, not a run directory; give the directory that holds manifest.json",
                notDir.getMessage());
    }

    @Test
    void aCompleteRunReadsBackExactly() throws IOException {
        Path run = root.resolve("run");
        Fixtures.writeRun(run, Fixtures.completeManifest(), 5, 3, 6, allocator);
        Files.createDirectories(run.resolve(RunFiles.RESULTS));
        Files.writeString(run.resolve(RunFiles.RESULTS).resolve("x.arrows"), "x");
        Files.writeString(run.resolve("a-notes.txt"), "x");
        Files.writeString(run.resolve(RunFiles.LOCK), "");
        RunDirectory opened = RunDirectory.open(run);
        assertEquals(run, opened.path());
        assertEquals(Fixtures.completeManifest(), opened.manifest());
        assertEquals(run.resolve(RunFiles.METRICS), opened.file(RunFiles.METRICS));
        assertTrue(opened.has(RunFiles.CURVATURE));
        assertFalse(opened.has(RunFiles.NETWORK));
        assertEquals(run.resolve(RunFiles.RESULTS), opened.resultsDirectory());
        assertTrue(RunDirectory.holdsRun(run));
        assertFalse(opened.recorderAlive());
        ReadResult<MetricRow> metrics = opened.readMetrics(allocator);
        assertEquals(Fixtures.metricRows(5), metrics.rows());
        assertFalse(metrics.truncated());
        assertEquals(Fixtures.RUN_ID, metrics.runId());
        ReadResult<CurvatureRow> curvature = opened.readCurvature(allocator);
        assertEquals(Fixtures.curvatureRows(6), curvature.rows());
        try (SnapshotReader snapshots = opened.openSnapshots(allocator)) {
            List<Snapshot> read = new ArrayList<>();
            snapshots.forEach(read::add);
            assertEquals(Fixtures.snapshots(3, Fixtures.P), read);
        }
        assertEquals(List.of(run.resolve("a-notes.txt"), run.resolve(RunFiles.CURVATURE),
                run.resolve(RunFiles.MANIFEST), run.resolve(RunFiles.METRICS), run.resolve(RunFiles.RESULTS)
                        .resolve("x.arrows"), run.resolve(RunFiles.SNAPSHOTS)), opened.files());
    }

    @Test
    void recorderAliveWhileClaimed() throws IOException {
        Path run = root.resolve("run");
        try (RunClaim claim = RunClaim.claim(run, ExistingRunPolicy.FAIL)) {
            Fixtures.manifest().write(run.resolve(RunFiles.MANIFEST));
            assertTrue(RunDirectory.open(run).recorderAlive());
        }
        assertFalse(RunDirectory.open(run).recorderAlive());
    }

    @Test
    void aStreamCopiedFromAnotherRunIsRefusedNamingBothIds() throws IOException {
        Path run = root.resolve("run");
        Fixtures.writeRun(run, Fixtures.completeManifest(), 3, 2, 2, allocator);
        Path other = root.resolve("other");
        RunManifest otherManifest = new RunManifest(2, "other-run-id", "v", "d", "j", "c", Fixtures.P, "FLOAT",
                Fixtures.layout(), null, null, Fixtures.manifest().startTime(), null, RunStatus.RUNNING, null);
        Fixtures.writeRun(other, otherManifest, 3, 2, 2, allocator);
        for (String name : List.of(RunFiles.METRICS, RunFiles.SNAPSHOTS, RunFiles.CURVATURE)) {
            Files.copy(other.resolve(name), run.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        RunDirectory opened = RunDirectory.open(run);
        String expected = ": belongs to run \"other-run-id\", but the manifest is of run " + Fixtures.RUN_ID
                + ": the file was copied from another run";
        RunFormatException metrics = assertThrows(RunFormatException.class, () -> opened.readMetrics(allocator));
        assertEquals(run.resolve(RunFiles.METRICS) + expected, metrics.getMessage());
        RunFormatException curvature = assertThrows(RunFormatException.class, () -> opened.readCurvature(allocator));
        assertEquals(run.resolve(RunFiles.CURVATURE) + expected, curvature.getMessage());
        RunFormatException snapshots = assertThrows(RunFormatException.class, () -> opened.openSnapshots(allocator));
        assertEquals(run.resolve(RunFiles.SNAPSHOTS) + expected, snapshots.getMessage());
    }

    @Test
    void aVersion2RunsStreamWithoutARunIdIsRefused() throws IOException {
        Path run = Files.createDirectories(root.resolve("run"));
        Fixtures.completeManifest().write(run.resolve(RunFiles.MANIFEST));
        try (MetricsWriter metrics = new MetricsWriter(run.resolve(RunFiles.METRICS), null, 1, allocator);
             SnapshotWriter snapshots = new SnapshotWriter(run.resolve(RunFiles.SNAPSHOTS), Fixtures.P, null,
                     allocator)) {
            metrics.append(Fixtures.metricRows(1).get(0));
            snapshots.write(0, 0, 0, Fixtures.params(Fixtures.P, 0));
        }
        RunDirectory opened = RunDirectory.open(run);
        RunFormatException metrics = assertThrows(RunFormatException.class, () -> opened.readMetrics(allocator));
        assertEquals(run.resolve(RunFiles.METRICS) + ": carries no run id, but the manifest is of run "
                + Fixtures.RUN_ID + ": it is not a file of this run", metrics.getMessage());
        RunFormatException snapshots = assertThrows(RunFormatException.class, () -> opened.openSnapshots(allocator));
        assertTrue(snapshots.getMessage().contains("carries no run id"), snapshots.getMessage());
        // checkRunId is the one check every reader of the run uses
        RunFormatException direct = assertThrows(RunFormatException.class,
                () -> opened.checkRunId(run.resolve("x"), Map.of(RunFiles.FORMAT_VERSION_KEY, "2")));
        assertTrue(direct.getMessage().contains("carries no run id"), direct.getMessage());
        opened.checkRunId(run.resolve("x"), Map.of(RunFiles.RUN_ID_KEY, Fixtures.RUN_ID));
    }

    @Test
    void snapshotsOfAnotherParameterCountAreRefused() throws IOException {
        Path run = Files.createDirectories(root.resolve("run"));
        Fixtures.completeManifest().write(run.resolve(RunFiles.MANIFEST));
        try (SnapshotWriter snapshots = new SnapshotWriter(run.resolve(RunFiles.SNAPSHOTS), Fixtures.P + 1,
                Fixtures.RUN_ID, allocator)) {
            snapshots.write(0, 0, 0, new float[Fixtures.P + 1]);
        }
        RunFormatException e = assertThrows(RunFormatException.class,
                () -> RunDirectory.open(run).openSnapshots(allocator));
        assertEquals(run.resolve(RunFiles.SNAPSHOTS) + ": holds snapshots of 38 parameters, but the manifest says the"
                + " network has 37: the files do not belong together", e.getMessage());
    }

    @Test
    void aRunningRunsCutStreamIsTruncatedAClosedRunsIsCorrupt() throws IOException {
        Path run = root.resolve("run");
        Fixtures.writeRun(run, Fixtures.manifest(), 4, 2, 0, allocator);
        Path metrics = run.resolve(RunFiles.METRICS);
        byte[] bytes = Files.readAllBytes(metrics);
        Files.write(metrics, java.util.Arrays.copyOf(bytes, bytes.length - 8)); // killed before the end marker
        ReadResult<MetricRow> running = RunDirectory.open(run).readMetrics(allocator);
        assertTrue(running.truncated());
        assertEquals(Fixtures.metricRows(4), running.rows());
        Fixtures.completeManifest().write(run.resolve(RunFiles.MANIFEST));
        RunFormatException closed = assertThrows(RunFormatException.class,
                () -> RunDirectory.open(run).readMetrics(allocator));
        assertEquals(metrics + ": is corrupt: the run's manifest says its streams were closed, but it ends after 2"
                + " complete record batches at offset " + (bytes.length - 8) + " without the end-of-stream marker;"
                + " the 2 record batches before offset " + (bytes.length - 8) + " are intact; restore the file from a"
                + " copy", closed.getMessage());
    }
}
