package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run summary ({@link RunSummary}), read without decoding a parameter vector: every count, first and last
 * value of a complete run; epochs completed from the last snapshot (0 for a {@code fit(DataSet)} loop, whose
 * snapshots all say epoch 0); the "diverged" warning at the iteration the metrics turn NaN or infinite; a killed,
 * live, failed or network-less run warned about; and each unreadable or foreign file (another P, another run, a
 * corrupt batch in the middle of the snapshots, a stale or broken result) one problem or warning line naming the
 * file, while everything else is still summarized.
 */
class RunSummaryTest {

    @TempDir
    Path root;

    private final BufferAllocator allocator = Fixtures.allocator("summary-test");

    @AfterEach
    void noLeak() {
        Fixtures.closeChecked(allocator);
    }

    private Path completeRun(String name) throws IOException {
        Path run = root.resolve(name);
        Fixtures.writeRun(run, Fixtures.completeManifest(), 5, 4, 6, allocator);
        Files.writeString(run.resolve(RunFiles.NETWORK), "{}");
        return run;
    }

    @Test
    void aCompleteRunIsSummarizedExactly() throws IOException {
        Path run = completeRun("run");
        RunSummary summary = RunSummary.read(run);
        assertEquals(run, summary.path());
        assertEquals(Fixtures.completeManifest(), summary.manifest());
        assertFalse(summary.recorderAlive());
        assertEquals(4, summary.snapshots());
        assertEquals(0, summary.firstSnapshot());
        assertEquals(30, summary.lastSnapshot());
        assertEquals(1, summary.epochsCompleted(), "the last snapshot (t = 3) says epoch 3 / 2 = 1");
        assertEquals(5, summary.metricRows());
        assertEquals(Fixtures.metricRows(5).get(4), summary.lastMetric());
        assertEquals(10_000_000_005L, summary.updates(), "the last metrics iteration + 1");
        assertEquals(6, summary.curvatureRows());
        assertEquals(List.of(), summary.results());
        Map<String, Long> files = new LinkedHashMap<>();
        for (String name : List.of(RunFiles.CURVATURE, RunFiles.MANIFEST, RunFiles.METRICS, RunFiles.NETWORK,
                RunFiles.SNAPSHOTS)) {
            files.put(name, Files.size(run.resolve(name)));
        }
        assertEquals(files, summary.files());
        // Fixtures' rows 1 and 2 hold a NaN score and gradient norm
        assertEquals(List.of("training diverged: the score or gradient norm is NaN or infinite from iteration"
                + " 10000000001 on"), summary.warnings());
        assertEquals(List.of(), summary.problems());
    }

    @Test
    void aFitDataSetLoopHasCompletedNoEpoch() throws IOException {
        // fit(DataSet) fires no epoch events: every snapshot says epoch 0, and 0 epochs were completed
        Path run = Files.createDirectories(root.resolve("loop"));
        RunManifest manifest = Fixtures.completeManifest();
        manifest.write(run.resolve(RunFiles.MANIFEST));
        Files.writeString(run.resolve(RunFiles.NETWORK), "{}");
        try (SnapshotWriter snapshots = new SnapshotWriter(run.resolve(RunFiles.SNAPSHOTS), Fixtures.P,
                manifest.runId(), allocator)) {
            for (int t = 0; t < 3; t++) {
                snapshots.write(100L * t, 0, 1.0 / (t + 1), Fixtures.params(Fixtures.P, t));
            }
        }
        RunSummary summary = RunSummary.read(run);
        assertEquals(0, summary.epochsCompleted());
        assertEquals(3, summary.snapshots());
        assertEquals(200, summary.lastSnapshot());
        assertEquals(200, summary.updates(), "no metrics: the last snapshot's iteration");
        assertEquals(0, summary.metricRows());
        assertNull(summary.lastMetric());
        assertEquals(-1, summary.divergedAt());
        assertEquals(List.of(), summary.warnings());
        assertEquals(List.of(), summary.problems());
    }

    @Test
    void metricsEndingInNanOrInfinityAreDivergence() throws IOException {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            Path run = Files.createDirectories(root.resolve("diverged-" + Double.toString(bad).charAt(0) + bad));
            Fixtures.completeManifest().write(run.resolve(RunFiles.MANIFEST));
            Files.writeString(run.resolve(RunFiles.NETWORK), "{}");
            try (MetricsWriter metrics = new MetricsWriter(run.resolve(RunFiles.METRICS), Fixtures.RUN_ID, 3,
                    allocator)) {
                for (int i = 0; i < 8; i++) {
                    double score = i < 5 ? 1.0 / (i + 1) : bad;
                    double grad = i < 6 ? 0.5 : bad;
                    metrics.append(new MetricRow(i, 0, 16, score, grad, 0.1, 0.01, i));
                }
            }
            RunSummary summary = RunSummary.read(run);
            assertEquals(5, summary.divergedAt(), "bad = " + bad);
            assertEquals(List.of("training diverged: the score or gradient norm is NaN or infinite from iteration 5"
                    + " on"), summary.warnings());
            assertEquals(8, summary.metricRows());
            assertEquals(8, summary.updates());
            assertEquals(List.of(), summary.problems());
        }
    }

    @Test
    void snapshotsOfAnotherParameterCountAreAProblemLine() throws IOException {
        Path run = completeRun("run");
        try (SnapshotWriter snapshots = new SnapshotWriter(run.resolve(RunFiles.SNAPSHOTS), Fixtures.P + 3,
                Fixtures.RUN_ID, allocator)) {
            snapshots.write(0, 0, 0, new float[Fixtures.P + 3]);
        }
        RunSummary summary = RunSummary.read(run);
        assertEquals(List.of(run.resolve(RunFiles.SNAPSHOTS) + ": holds snapshots of 40 parameters, but the manifest"
                + " says the network has 37: the files do not belong together"), summary.problems());
        assertEquals(0, summary.snapshots());
        assertEquals(5, summary.metricRows(), "the rest is still summarized");
        assertEquals(6, summary.curvatureRows());
    }

    @Test
    void aStreamFromAnotherRunIsAProblemLine() throws IOException {
        Path run = completeRun("run");
        Path other = root.resolve("other");
        Fixtures.writeRun(other, new RunManifest(2, "another-run", "v", "d", "j", "c", Fixtures.P, "FLOAT",
                Fixtures.layout(), null, null, Instant.parse("2026-01-01T00:00:00Z"), null, RunStatus.RUNNING, null),
                2, 1, 1, allocator);
        Files.copy(other.resolve(RunFiles.METRICS), run.resolve(RunFiles.METRICS), StandardCopyOption.REPLACE_EXISTING);
        RunSummary summary = RunSummary.read(run);
        assertEquals(List.of(run.resolve(RunFiles.METRICS) + ": belongs to run \"another-run\", but the manifest is of"
                + " run " + Fixtures.RUN_ID + ": the file was copied from another run"), summary.problems());
        assertEquals(0, summary.metricRows());
        assertEquals(4, summary.snapshots(), "the rest is still summarized");
        assertEquals(30, summary.updates(), "from the snapshots alone");
    }

    @Test
    void aCorruptSnapshotInTheMiddleIsOneProblemLineWithItsOffset() throws IOException {
        Path run = completeRun("run");
        Path file = run.resolve(RunFiles.SNAPSHOTS);
        byte[] bytes = Files.readAllBytes(file);
        Fixtures.MessageSpan third = Fixtures.batches(bytes).get(2);
        Arrays.fill(bytes, (int) third.metadataOffset(), (int) third.bodyOffset(), (byte) 0xFF);
        Files.write(file, bytes);
        RunSummary summary = RunSummary.read(run);
        assertEquals(1, summary.problems().size(), summary.problems().toString());
        String problem = summary.problems().get(0);
        assertTrue(problem.startsWith(file + ": is corrupt: the metadata of message 4 at offset " + third.offset()
                + " cannot be decoded ("), problem);
        Fixtures.assertPrintable(problem);
        assertEquals(5, summary.metricRows(), "the metrics are still summarized");
        assertEquals(6, summary.curvatureRows());
        assertEquals(Fixtures.metricRows(5).get(4), summary.lastMetric());
        assertEquals(5, summary.files().size());
    }

    @Test
    void aCorruptBatchBodyIsOneProblemLine() throws IOException {
        // the scalars are read from the bodies: a batch whose buffers point outside its body is named with its offset
        Path run = completeRun("run");
        Path file = run.resolve(RunFiles.SNAPSHOTS);
        byte[] bytes = Files.readAllBytes(file);
        Fixtures.MessageSpan second = Fixtures.batches(bytes).get(1);
        org.apache.arrow.flatbuf.RecordBatch header = second.recordBatch(bytes);
        int dataBufferOffsetField = -1;
        java.nio.ByteBuffer view = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long dataOffset = header.buffers(1).offset(); // the iteration column's data buffer
        long dataLength = header.buffers(1).length();
        for (int at = (int) second.metadataOffset(); at + 16 <= second.bodyOffset(); at += 8) {
            if (view.getLong(at) == dataOffset && view.getLong(at + 8) == dataLength) {
                dataBufferOffsetField = at;
                break;
            }
        }
        assertTrue(dataBufferOffsetField > 0);
        view.putLong(dataBufferOffsetField, 1L << 40);
        Files.write(file, bytes);
        RunSummary summary = RunSummary.read(run);
        assertEquals(List.of(file + ": is corrupt: record batch 2 at offset " + second.offset() + ": a buffer at body"
                + " offset 1099511627776 lies outside its " + second.bodyLength() + "-byte body"), summary.problems());
        assertEquals(4, summary.snapshots(), "the count comes from the framing");
        assertEquals(-1, summary.lastSnapshot());
        assertEquals(5, summary.metricRows());
    }

    @Test
    void killedLiveFailedAndNetworkLessRunsAreWarned() throws IOException {
        Path run = root.resolve("run");
        Fixtures.writeRun(run, Fixtures.manifest(), 1, 1, 0, allocator);
        assertEquals(List.of("the run was not closed and no recorder holds it: the process was killed (the files hold"
                + " what was written before)"), RunSummary.read(run).warnings());
        try (RunClaim claim = RunClaim.claim(root.resolve("live"), ExistingRunPolicy.FAIL)) {
            Path live = claim.directory();
            Fixtures.writeRun(live, Fixtures.manifest(), 1, 1, 0, allocator);
            RunSummary summary = RunSummary.read(live);
            assertTrue(summary.recorderAlive());
            assertEquals(List.of("the run is still being recorded"), summary.warnings());
            assertTrue(RunClaim.isHeld(live), "summarizing does not release the recorder's claim");
        }
        Fixtures.manifest().finished(Instant.parse("2026-01-02T05:00:00Z"), RunStatus.FAILED, "disk full")
                .write(run.resolve(RunFiles.MANIFEST));
        assertEquals(List.of("recording failed: disk full", "no network.json: post-hoc analyses cannot rebuild the"
                + " network"), RunSummary.read(run).warnings());
    }

    @Test
    void staleAndBrokenResultsAreReported() throws IOException {
        Path run = completeRun("run");
        Results results = Results.of(RunDirectory.open(run));
        try (PendingResult current = results.startRows("current", ResultsTest.SURFACE, ResultsTest.provenance("filter"),
                1)) {
            current.append(ResultsTest.point(1));
            current.commit();
        }
        Provenance stale = Provenance.of("an-older-run", List.of(), Map.of(), Map.of(), Map.of());
        try (PendingResult old = results.startRows("old", ResultsTest.SURFACE, stale, 1)) {
            old.append(ResultsTest.point(2));
            old.commit();
        }
        Path broken = Files.writeString(run.resolve("results/broken.arrows"), "PAR1\u0000\u001b[2J");
        RunSummary summary = RunSummary.read(run);
        assertEquals(List.of("broken", "current", "old"), summary.results().stream().map(Results.ResultInfo::name)
                .toList());
        assertEquals(1, summary.results().get(1).rows());
        assertEquals(List.of("training diverged: the score or gradient norm is NaN or infinite from iteration"
                + " 10000000001 on", run.resolve("results/old.arrows") + " was computed from run \"an-older-run\", not"
                + " this one: it is stale"), summary.warnings());
        assertEquals(1, summary.problems().size());
        assertTrue(summary.problems().get(0).startsWith(broken + ": is not an Arrow IPC stream"),
                summary.problems().get(0));
        Fixtures.assertPrintable(summary.problems().get(0));
    }

    @Test
    void withoutAReadableManifestThereIsNothingToSummarize() throws IOException {
        Path run = Files.createDirectories(root.resolve("run"));
        assertThrows(RunFormatException.class, () -> RunSummary.read(run));
        Files.writeString(run.resolve(RunFiles.MANIFEST), "{");
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunSummary.read(run));
        assertTrue(e.getMessage().startsWith(run.resolve(RunFiles.MANIFEST) + ": is not valid JSON"), e.getMessage());
    }
}
