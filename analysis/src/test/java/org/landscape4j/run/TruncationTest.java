package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream cut at any byte reads back exactly its complete record batches and says it was truncated; the same
 * cut in a run whose manifest says its streams were closed is corruption (naming the offset), never a silent
 * truncation. The oracle is independent of the reader: the file's size after each batch the writer flushed (the
 * batch boundaries), and its size after close (the end-of-stream marker is the last 8 bytes).
 */
class TruncationTest {

    @TempDir
    Path dir;

    private final BufferAllocator allocator = Fixtures.allocator("truncation-test");

    @AfterEach
    void noLeak() {
        Fixtures.closeChecked(allocator);
    }

    @Test
    void metricsCutAtEveryByte() throws IOException {
        Path file = dir.resolve(RunFiles.METRICS);
        List<MetricRow> rows = Fixtures.metricRows(7);
        List<Long> boundaries = new ArrayList<>(); // file size after batch k (k = 1..)
        List<Integer> rowsAfter = new ArrayList<>();
        long schemaEnd;
        try (MetricsWriter writer = new MetricsWriter(file, "run-t", 2, allocator)) {
            schemaEnd = Files.size(file);
            for (MetricRow row : rows) {
                writer.append(row);
                if (boundaries.isEmpty() || Files.size(file) > boundaries.get(boundaries.size() - 1)) {
                    if (Files.size(file) > schemaEnd) {
                        boundaries.add(Files.size(file));
                        rowsAfter.add((int) writer.rowsWritten());
                    }
                }
            }
            writer.flush();
            boundaries.add(Files.size(file));
            rowsAfter.add((int) writer.rowsWritten());
        }
        byte[] whole = Files.readAllBytes(file);
        assertEquals(boundaries.get(boundaries.size() - 1) + 8, whole.length, "close adds only the 8-byte marker");
        assertEquals(List.of(2, 4, 6, 7), rowsAfter);
        Path cut = dir.resolve("cut-" + RunFiles.METRICS);
        for (int length = 0; length <= whole.length; length++) {
            Files.write(cut, Arrays.copyOf(whole, length));
            ReadResult<MetricRow> result = MetricsReader.read(cut, allocator, false);
            int expectedRows = 0;
            for (int k = 0; k < boundaries.size(); k++) {
                if (boundaries.get(k) <= length) {
                    expectedRows = rowsAfter.get(k);
                }
            }
            String at = "cut at " + length + " of " + whole.length;
            assertEquals(rows.subList(0, expectedRows), result.rows(), at);
            if (length == whole.length) {
                assertFalse(result.truncated(), at);
                assertNull(result.truncationDetail(), at);
            } else {
                assertTrue(result.truncated(), at);
                assertTrue(result.truncationDetail().startsWith(cut + ": "), result.truncationDetail());
                RunFormatException closed = assertThrows(RunFormatException.class,
                        () -> MetricsReader.read(cut, allocator, true), at);
                assertEquals(cut, closed.file());
                assertTrue(closed.getMessage().contains("is corrupt: the run's manifest says its streams were closed"),
                        closed.getMessage());
                assertTrue(closed.getMessage().contains("offset"), closed.getMessage());
            }
        }
    }

    @Test
    void snapshotsCutAtEveryByte() throws IOException {
        int p = SnapshotRoundTripTest.P;
        Path file = dir.resolve(RunFiles.SNAPSHOTS);
        List<Long> boundaries = new ArrayList<>();
        List<Snapshot> written = new ArrayList<>();
        try (SnapshotWriter writer = new SnapshotWriter(file, p, "run-t", allocator)) {
            boundaries.add(Files.size(file));
            for (int t = 0; t < 4; t++) {
                Snapshot s = new Snapshot(t, 0, t, Fixtures.params(p, t));
                writer.write(s.iteration(), s.epoch(), s.score(), s.params());
                written.add(s);
                boundaries.add(Files.size(file));
            }
        }
        byte[] whole = Files.readAllBytes(file);
        Path cut = dir.resolve("cut-" + RunFiles.SNAPSHOTS);
        for (int length = 0; length <= whole.length; length++) {
            Files.write(cut, Arrays.copyOf(whole, length));
            checkSnapshotPrefix(cut, length, whole.length, boundaries, written, p);
        }
    }

    @Test
    void largeSnapshotsCutAtSampledBytes() throws IOException {
        int p = 100_003;
        Path file = dir.resolve(RunFiles.SNAPSHOTS);
        List<Long> boundaries = new ArrayList<>();
        List<Snapshot> written = new ArrayList<>();
        try (SnapshotWriter writer = new SnapshotWriter(file, p, "run-t", allocator)) {
            boundaries.add(Files.size(file));
            for (int t = 0; t < 3; t++) {
                Snapshot s = new Snapshot(t, t, -t, Fixtures.params(p, t));
                writer.write(s.iteration(), s.epoch(), s.score(), s.params());
                written.add(s);
                boundaries.add(Files.size(file));
            }
        }
        byte[] whole = Files.readAllBytes(file);
        TreeSet<Integer> lengths = new TreeSet<>();
        for (int length = 0; length <= whole.length; length += 4099) {
            lengths.add(length);
        }
        for (long b : boundaries) { // around every boundary, inside the first message's prefix and metadata
            for (int d = -9; d <= 9; d++) {
                lengths.add((int) Math.max(0, Math.min(whole.length, b + d)));
            }
        }
        for (int length = 0; length < 300; length++) {
            lengths.add(length);
        }
        lengths.add(whole.length);
        Path cut = dir.resolve("cut-" + RunFiles.SNAPSHOTS);
        for (int length : lengths) {
            Files.write(cut, Arrays.copyOf(whole, length));
            checkSnapshotPrefix(cut, length, whole.length, boundaries, written, p);
        }
    }

    @Test
    void unclosedWriterLeavesReadableTruncatedStreams() throws IOException {
        Path metrics = dir.resolve(RunFiles.METRICS);
        Path snapshots = dir.resolve(RunFiles.SNAPSHOTS);
        try (MetricsWriter m = new MetricsWriter(metrics, null, 1, allocator);
             SnapshotWriter s = new SnapshotWriter(snapshots, 5, null, allocator)) {
            // before any batch: the schema alone
            assertEquals(List.of(), MetricsReader.read(metrics, allocator, false).rows());
            assertTrue(MetricsReader.read(metrics, allocator, false).truncated());
            m.append(Fixtures.metricRows(1).get(0));
            s.write(9, 1, 0.5, new float[] {1, 2, 3, 4, 5});
            // the writer is still open (as if the JVM had been killed now): complete batches, no end marker
            ReadResult<MetricRow> read = MetricsReader.read(metrics, allocator, false);
            assertEquals(Fixtures.metricRows(1), read.rows());
            assertTrue(read.truncated());
            assertTrue(read.truncationDetail().contains("without the end-of-stream marker after 1 complete record"
                    + " batch"), read.truncationDetail());
            try (SnapshotReader reader = SnapshotReader.open(snapshots, allocator, false)) {
                List<Snapshot> all = new ArrayList<>();
                reader.forEach(all::add);
                assertEquals(List.of(new Snapshot(9, 1, 0.5, new float[] {1, 2, 3, 4, 5})), all);
                assertTrue(reader.truncated());
            }
        }
        assertFalse(MetricsReader.read(metrics, allocator, false).truncated());
    }

    @Test
    void emptyFileIsZeroRowsTruncated() throws IOException {
        Path file = Files.createFile(dir.resolve(RunFiles.METRICS));
        ReadResult<MetricRow> result = MetricsReader.read(file, allocator, false);
        assertEquals(List.of(), result.rows());
        assertTrue(result.truncated());
        assertTrue(result.truncationDetail().contains("is empty"), result.truncationDetail());
        Path snapshots = Files.createFile(dir.resolve(RunFiles.SNAPSHOTS));
        try (SnapshotReader reader = SnapshotReader.open(snapshots, allocator, false)) {
            assertEquals(-1, reader.parameterCount(), "no schema, no P");
            assertFalse(reader.iterator().hasNext());
            assertTrue(reader.truncated());
            assertTrue(reader.truncationDetail().startsWith(snapshots + ": "));
        }
    }

    private void checkSnapshotPrefix(Path cut, int length, int total, List<Long> boundaries, List<Snapshot> written,
                                     int p) throws IOException {
        String at = "cut at " + length + " of " + total;
        int complete = 0;
        for (int k = 1; k < boundaries.size(); k++) {
            if (boundaries.get(k) <= length) {
                complete = k;
            }
        }
        try (SnapshotReader reader = SnapshotReader.open(cut, allocator, false)) {
            assertEquals(length >= boundaries.get(0) ? p : -1, reader.parameterCount(), at);
            assertEquals(complete, reader.count(), at + ": the count comes from the framing");
            List<Snapshot> read = new ArrayList<>();
            reader.forEach(read::add);
            assertEquals(written.subList(0, complete), read, at);
            assertEquals(length < total, reader.truncated(), at);
            if (length < total) {
                assertTrue(reader.truncationDetail().startsWith(cut + ": "), reader.truncationDetail());
            }
        }
    }
}
