package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Round trips, torn tails and foreign files for both streams. All round trips are exact. */
class RunStreamsTest {

    private static final int P = 37;

    @TempDir
    Path tmp;

    private static MetricRow row(long i) {
        return new MetricRow(i, (int) (i / 3), 4, 1.0 / (i + 1), 0.5 + i, 0.01 * i, 0.1, i * 0.25, null);
    }

    @Test
    void metricsRoundTripExactlyWithNullsAndNaNs() throws IOException {
        Path file = tmp.resolve(RunFiles.METRICS);
        Curvature partial = new Curvature(1.5, 0.25, Double.NaN, 2.0, -0.1, -0.09, 7.0, -0.5, true);
        List<MetricRow> rows = List.of(row(0),
                new MetricRow(1, 0, 3, Double.NaN, Double.NaN, 0.2, Double.NaN, 1.0, partial), row(2), row(3));
        try (BufferAllocator parent = new RootAllocator()) {
            try (MetricsWriter writer = new MetricsWriter(file, parent, 3)) {
                for (MetricRow r : rows) {
                    writer.append(r);
                }
                assertEquals(3, writer.rowsWritten(), "one full batch of 3 written, one row pending");
            }
            assertEquals(0, parent.getAllocatedMemory(), "the writer released every buffer");
        }
        MetricsReadResult read = MetricsReader.read(file);
        assertFalse(read.truncated());
        assertNull(read.truncationDetail());
        assertEquals(rows, read.rows(), "records compare doubles bitwise: NaN stays NaN, nulls stay null");
        assertNull(read.rows().get(0).curvature());
        assertTrue(Double.isNaN(read.rows().get(1).curvature().stepHessStep()), "a NaN field is a null cell");
    }

    @Test
    void snapshotsRoundTripFromFloatsAndDoubles() throws IOException {
        Path file = tmp.resolve(RunFiles.SNAPSHOTS);
        float[] first = randomFloats(1);
        double[] second = new double[P];
        for (int i = 0; i < P; i++) {
            second[i] = Math.PI * i - 7;
        }
        try (BufferAllocator parent = new RootAllocator()) {
            try (SnapshotWriter writer = new SnapshotWriter(file, P, parent)) {
                writer.write(0, 0, Double.NaN, first);
                writer.write(5, 1, 0.75, Nd4j.createFromArray(second).reshape(1, P));
                assertThrows(IllegalArgumentException.class, () -> writer.write(6, 1, 0, new float[P - 1]));
                assertEquals(2, writer.snapshotsWritten());
            }
            assertEquals(0, parent.getAllocatedMemory());
        }
        List<Snapshot> read = readAll(file);
        assertEquals(2, read.size());
        assertArrayEquals(first, read.get(0).params());
        assertTrue(Double.isNaN(read.get(0).score()));
        float[] expected = new float[P];
        for (int i = 0; i < P; i++) {
            expected[i] = (float) second[i];
        }
        assertArrayEquals(expected, read.get(1).params(), "a double vector is stored as its nearest floats");
        assertEquals(5, read.get(1).iteration());
        assertEquals(1, read.get(1).epoch());
    }

    /** Cut a closed 5-snapshot stream at a dense sample of lengths: never an exception, only complete rows. */
    @Test
    void aStreamCutAnywhereReadsItsCompleteBatchesAndSaysTruncated() throws IOException {
        Path full = tmp.resolve("full.arrows");
        List<float[]> written = new ArrayList<>();
        try (SnapshotWriter writer = new SnapshotWriter(full, P, null)) {
            for (int k = 0; k < 5; k++) {
                written.add(randomFloats(k + 10));
                writer.write(k, 0, k, written.get(k));
            }
        }
        byte[] bytes = Files.readAllBytes(full);
        int previousRows = 0;
        for (int cut = 0; cut <= bytes.length; cut += (cut < 64 || cut > bytes.length - 64) ? 1 : 7) {
            Path part = tmp.resolve("cut.arrows");
            Files.write(part, Arrays.copyOf(bytes, cut));
            List<Snapshot> rows = new ArrayList<>();
            boolean truncated;
            try (SnapshotReader reader = SnapshotReader.open(part)) {
                reader.forEach(rows::add);
                truncated = reader.truncated();
                if (truncated) {
                    assertTrue(reader.truncationDetail().contains("cut.arrows"), reader.truncationDetail());
                }
            }
            assertEquals(cut < bytes.length, truncated, "cut at " + cut + " of " + bytes.length);
            assertTrue(rows.size() >= previousRows, "a longer prefix never reads fewer rows");
            for (int k = 0; k < rows.size(); k++) {
                assertArrayEquals(written.get(k), rows.get(k).params(), "row " + k + " at cut " + cut);
            }
            previousRows = rows.size();
        }
        assertEquals(5, previousRows);
    }

    /** A writer that was killed leaves complete batches and no end-of-stream marker. */
    @Test
    void aStreamWithoutItsEndMarkerIsTruncatedButComplete() throws IOException {
        Path file = tmp.resolve(RunFiles.METRICS);
        Path copy = tmp.resolve("killed.arrows");
        try (MetricsWriter writer = new MetricsWriter(file, null, 2)) {
            for (int i = 0; i < 4; i++) {
                writer.append(row(i));
            }
            Files.copy(file, copy);                                // what a kill -9 would leave
        }
        MetricsReadResult read = MetricsReader.read(copy);
        assertTrue(read.truncated());
        assertTrue(read.truncationDetail().contains("end-of-stream"), read.truncationDetail());
        assertEquals(List.of(row(0), row(1), row(2), row(3)), read.rows());
    }

    @Test
    void foreignAndCorruptFilesNameTheFileAndTheProblem() throws IOException {
        Path random = tmp.resolve("random.arrows");
        byte[] noise = new byte[4096];
        new Random(3).nextBytes(noise);
        noise[0] = 1;
        Files.write(random, noise);
        RunFormatException e = assertThrows(RunFormatException.class, () -> SnapshotReader.open(random));
        assertTrue(e.getMessage().contains("random.arrows") && e.getMessage().contains("not an Arrow IPC stream"),
                e.getMessage());

        Path json = tmp.resolve("manifest-as-stream.arrows");
        Files.writeString(json, "{\"format_version\": 1}", StandardCharsets.UTF_8);
        assertThrows(RunFormatException.class, () -> MetricsReader.read(json));

        Path metrics = tmp.resolve(RunFiles.METRICS);
        try (MetricsWriter writer = new MetricsWriter(metrics, null, 1)) {
            writer.append(row(0));
        }
        RunFormatException wrongStream = assertThrows(RunFormatException.class, () -> SnapshotReader.open(metrics));
        assertTrue(wrongStream.getMessage().contains("params"), wrongStream.getMessage());
        Path snapshots = tmp.resolve(RunFiles.SNAPSHOTS);
        try (SnapshotWriter writer = new SnapshotWriter(snapshots, P, null)) {
            writer.write(0, 0, 0, new float[P]);
        }
        RunFormatException wrongColumns = assertThrows(RunFormatException.class, () -> MetricsReader.read(snapshots));
        assertTrue(wrongColumns.getMessage().contains("snapshots.arrows"), wrongColumns.getMessage());

        RunFormatException missing = assertThrows(RunFormatException.class,
                () -> MetricsReader.read(tmp.resolve("nothing.arrows")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void readersStreamOneBatchAtATimeFromAFloatNetwork() throws IOException {
        Path file = tmp.resolve("floats.arrows");
        try (SnapshotWriter writer = new SnapshotWriter(file, P, null)) {
            writer.write(1, 0, 0.5, Nd4j.arange(0, P).castTo(DataType.FLOAT));
        }
        try (SnapshotReader reader = SnapshotReader.open(file)) {
            assertEquals(P, reader.parameterCount());
            Snapshot only = reader.iterator().next();
            assertEquals(P - 1, only.params()[P - 1], 0f);
            assertThrows(IllegalStateException.class, reader::iterator, "single pass");
        }
    }

    private List<Snapshot> readAll(Path file) throws IOException {
        List<Snapshot> rows = new ArrayList<>();
        try (SnapshotReader reader = SnapshotReader.open(file)) {
            reader.forEach(rows::add);
            assertFalse(reader.truncated());
        }
        return rows;
    }

    private static float[] randomFloats(long seed) {
        Random random = new Random(seed);
        float[] values = new float[P];
        for (int i = 0; i < P; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
