package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;

/**
 * Shared test data: a small layout and manifest, metric rows with NaN and infinities, curvature rows with NaN
 * and null cells, deterministic θ vectors, allocators checked for leaks, and byte-level views of streams.
 */
final class Fixtures {

    /** The run id of {@link #manifest()}. */
    static final String RUN_ID = "5f0c3a52-8d1e-4c5b-9a77-0123456789ab";

    /** P of {@link #layout()}. */
    static final int P = 37;

    private Fixtures() {
    }

    /** A dense layer (f-ordered W [4, 3], filters along axis 1), its bias, a batch-norm layer, a conv kernel. */
    static ParameterLayout layout() {
        return new ParameterLayout(List.of(
                new ParameterArray("0_W", "0", "DenseLayer", 0, 12, new long[] {4, 3}, 'f', ParameterRole.WEIGHT, 1),
                new ParameterArray("0_b", "0", "DenseLayer", 12, 3, new long[] {1, 3}, 'f', ParameterRole.BIAS, -1),
                new ParameterArray("1_gamma", "1", "BatchNormalization", 15, 3, new long[] {1, 3}, 'c',
                        ParameterRole.NORM, -1),
                new ParameterArray("1_mean", "1", "BatchNormalization", 18, 3, new long[] {1, 3}, 'c',
                        ParameterRole.STATE, -1),
                new ParameterArray("2_W", "conv", "ConvolutionLayer", 21, 16, new long[] {2, 1, 2, 4}, 'c',
                        ParameterRole.WEIGHT, 0)));
    }

    /** A running version-2 manifest of run {@link #RUN_ID} with P = {@value #P}. */
    static RunManifest manifest() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("snapshot_every", 10);
        settings.put("curvature", Map.of("probe_batch_size", 128, "epsilon", 1.0e-5));
        settings.put("directions", List.of("gradient", "random"));
        settings.put("normalization", ParameterRole.WEIGHT);
        settings.put("note", "θ über alles ✓");
        settings.put("pca", null);
        Map<String, Long> seeds = new LinkedHashMap<>();
        seeds.put("probe_batch", 42L);
        seeds.put("directions", -7L);
        return new RunManifest(RunFiles.FORMAT_VERSION, RUN_ID, "0.1.0-SNAPSHOT", "1.0.0-M2.1", "17.0.15",
                "org.deeplearning4j.nn.multilayer.MultiLayerNetwork", P, "FLOAT", layout(), settings, seeds,
                Instant.parse("2026-01-02T03:04:05.123456789Z"), null, RunStatus.RUNNING, null);
    }

    /** {@link #manifest()} closed with status complete. */
    static RunManifest completeManifest() {
        return manifest().finished(Instant.parse("2026-01-02T04:00:00Z"), RunStatus.COMPLETE, null);
    }

    /** Rows with NaN in several columns, +∞, −0 and a long iteration beyond int range. */
    static List<MetricRow> metricRows(int count) {
        List<MetricRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double score = i == 1 ? Double.NaN : 2.0 / (i + 1);
            rows.add(new MetricRow(10_000_000_000L + i, i / 5, 32 + i, score,
                    i == 2 ? Double.NaN : Math.sqrt(i + 0.5), i == 3 ? Double.POSITIVE_INFINITY : 0.1 * i,
                    i == 4 ? Double.NaN : 0.01, i == 5 ? -0.0 : i * 0.123));
        }
        return rows;
    }

    /**
     * Curvature rows cycling through: nothing measured (all nullable cells null), every field measured with a
     * distinct value, every measured field NaN, and a mix of null, NaN, −0, ±∞ and extreme values.
     */
    static List<CurvatureRow> curvatureRows(int count) {
        List<CurvatureRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long it = 7L * i;
            rows.add(switch (i % 4) {
                case 0 -> new CurvatureRow(it, i, 256, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null);
                case 1 -> distinctCurvature(it, i);
                case 2 -> new CurvatureRow(it, i, 256, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, 0L, Boolean.FALSE, Boolean.FALSE, Boolean.FALSE);
                default -> new CurvatureRow(it, i, 1, 0.25, null, Double.NaN, -0.0, 1e-300, -1e300,
                        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, null, 3.5, null, -2.0, Double.NaN, null,
                        0.1, 20.0, null, Boolean.TRUE, null, Boolean.TRUE);
            });
        }
        return rows;
    }

    /** A curvature row whose every field holds a value no other field holds. */
    static CurvatureRow distinctCurvature(long iteration, int epoch) {
        return new CurvatureRow(iteration, epoch, 1003, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5,
                12.5, 13.5, 14.5, 15.5, 16.5, 17L, Boolean.TRUE, Boolean.FALSE, Boolean.TRUE);
    }

    /** A deterministic θ for snapshot t, with the float values that are easy to lose (NaN, ±0, ∞, subnormal). */
    static float[] params(int p, int t) {
        float[] theta = new float[p];
        for (int i = 0; i < p; i++) {
            theta[i] = (float) Math.sin(0.37 * i + t) * (1 + t);
        }
        if (p > 5) {
            theta[0] = -0.0f;
            theta[1] = Float.NaN;
            theta[2] = Float.MIN_VALUE;
            theta[3] = Float.NEGATIVE_INFINITY;
            theta[4] = Float.MAX_VALUE;
        }
        return theta;
    }

    /** @return a fresh child of the process's root allocator, as every reader and writer takes one */
    static BufferAllocator allocator(String name) {
        return ArrowMemory.child(null, name, Long.MAX_VALUE);
    }

    /** Closes an allocator after asserting that nothing is still allocated from it. */
    static void closeChecked(BufferAllocator allocator) {
        assertEquals(0, allocator.getAllocatedMemory(), () -> "Arrow memory leaked: " + allocator.toVerboseString());
        allocator.close();
    }

    /** Writes a run directory: manifest, metrics, snapshots and curvature of {@code manifest}'s run. */
    static void writeRun(Path dir, RunManifest manifest, int metricRows, int snapshots, int curvatureRows,
                         BufferAllocator allocator) throws IOException {
        Files.createDirectories(dir);
        manifest.write(dir.resolve(RunFiles.MANIFEST));
        try (MetricsWriter metrics = new MetricsWriter(dir.resolve(RunFiles.METRICS), manifest.runId(), 2, allocator);
             SnapshotWriter snaps = new SnapshotWriter(dir.resolve(RunFiles.SNAPSHOTS),
                     (int) manifest.parameterCount(), manifest.runId(), allocator);
             RowStreamWriter curvature = new RowStreamWriter(dir.resolve(RunFiles.CURVATURE), CurvatureRow.TABLE,
                     manifest.streamMetadata(), 3, allocator)) {
            for (MetricRow row : metricRows(metricRows)) {
                metrics.append(row);
            }
            for (int t = 0; t < snapshots; t++) {
                snaps.write(10L * t, t / 2, 1.0 / (t + 1), params((int) manifest.parameterCount(), t));
            }
            for (CurvatureRow row : curvatureRows(curvatureRows)) {
                curvature.append(row.toCells());
            }
        }
    }

    /** The snapshots {@link #writeRun} writes. */
    static List<Snapshot> snapshots(int count, int p) {
        List<Snapshot> list = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            list.add(new Snapshot(10L * t, t / 2, 1.0 / (t + 1), params(p, t)));
        }
        return list;
    }

    /** Where the messages of a stream lie: offset, metadata length, body length; from the bytes alone. */
    record MessageSpan(long offset, int metadataLength, long bodyLength, byte headerType) {

        long metadataOffset() {
            return offset + 8;
        }

        long bodyOffset() {
            return offset + 8 + metadataLength;
        }

        long end() {
            return bodyOffset() + bodyLength;
        }

        /** @return the record batch header of this message's metadata in {@code stream} */
        RecordBatch recordBatch(byte[] stream) {
            Message message = Message.getRootAsMessage(metadata(stream));
            return (RecordBatch) message.header(new RecordBatch());
        }

        ByteBuffer metadata(byte[] stream) {
            return ByteBuffer.wrap(stream, (int) metadataOffset(), metadataLength).slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** @return every complete message of a well-formed stream (the end-of-stream marker not included) */
    static List<MessageSpan> messages(byte[] stream) {
        ByteBuffer bytes = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
        List<MessageSpan> spans = new ArrayList<>();
        int pos = 0;
        while (pos + 8 <= stream.length) {
            assertEquals(-1, bytes.getInt(pos), "continuation marker at " + pos);
            int metadataLength = bytes.getInt(pos + 4);
            if (metadataLength == 0) {
                break;
            }
            Message message = Message.getRootAsMessage(ByteBuffer.wrap(stream, pos + 8, metadataLength).slice()
                    .order(ByteOrder.LITTLE_ENDIAN));
            MessageSpan span = new MessageSpan(pos, metadataLength, message.bodyLength(), message.headerType());
            spans.add(span);
            pos = (int) span.end();
        }
        return spans;
    }

    /** @return the record-batch messages of a stream */
    static List<MessageSpan> batches(byte[] stream) {
        return messages(stream).stream().filter(m -> m.headerType() == org.apache.arrow.flatbuf.MessageHeader.RecordBatch)
                .toList();
    }

    /**
     * @return the absolute offset in {@code stream} of the int64 body length inside the flatbuffer metadata of
     *         {@code span}: the one 8-byte position whose change changes what the metadata says the body length is;
     *         -1 for a message without a body (the schema), whose metadata does not store the 0
     */
    static int bodyLengthFieldOffset(byte[] stream, MessageSpan span) {
        if (span.bodyLength() == 0) {
            return -1; // a flatbuffer does not store a field holding its default value
        }
        int found = -1;
        for (int at = (int) span.metadataOffset(); at + 8 <= span.bodyOffset(); at++) {
            if (ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).getLong(at) != span.bodyLength()) {
                continue;
            }
            byte[] copy = stream.clone();
            copy[at] ^= 0x10;
            long seen;
            try {
                seen = Message.getRootAsMessage(new MessageSpan(span.offset(), span.metadataLength(), 0, (byte) 0)
                        .metadata(copy)).bodyLength();
            } catch (RuntimeException e) {
                continue;
            }
            if (seen != span.bodyLength()) {
                assertEquals(-1, found, "the body length is stored once");
                found = at;
            }
        }
        assertTrue(found >= 0, "no body length field found in the message at " + span.offset());
        return found;
    }

    /** Asserts that a message is one line without control characters (safe to print, cannot forge lines). */
    static void assertPrintable(String message) {
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            int at = i;
            assertFalse(c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0),
                    () -> "control character U+" + Integer.toHexString(c) + " at " + at + " in: " + message);
        }
    }
}
