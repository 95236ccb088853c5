package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Foreign, corrupt and inconsistent files are refused with a {@link RunFormatException} naming the file and the
 * problem, never with another exception from inside Arrow, and without leaking Arrow memory: wrong tables and
 * types, newer versions, nulls where none may be, broken framing, 3,000 seeded byte mutations, and every
 * flip of the length fields of a complete run (which must read as corruption at an offset, never as a stream
 * that was merely cut short).
 */
class CorruptionTest {

    @TempDir
    Path dir;

    private final BufferAllocator allocator = Fixtures.allocator("corruption-test");

    @AfterEach
    void noLeak() {
        Fixtures.closeChecked(allocator);
    }

    @Test
    void randomBytesAreNotAStream() throws IOException {
        byte[] noise = new byte[4096];
        new Random(20240501L).nextBytes(noise);
        Path file = Files.write(dir.resolve("noise.arrows"), noise);
        assertMetricsProblem(file, "is not an Arrow IPC stream");
        assertSnapshotsProblem(file, "is not an Arrow IPC stream");
    }

    @Test
    void jsonIsNotAStream() throws IOException {
        Path file = dir.resolve(RunFiles.METRICS);
        Fixtures.manifest().write(file);
        assertMetricsProblem(file, "is not an Arrow IPC stream");
    }

    @Test
    void missingFileIsNamed() {
        assertMetricsProblem(dir.resolve("absent.arrows"), "does not exist");
        assertSnapshotsProblem(dir.resolve("absent.arrows"), "does not exist");
    }

    @Test
    void metricsAndSnapshotsFilesAreNotInterchangeable() throws IOException {
        Path metrics = dir.resolve(RunFiles.METRICS);
        try (MetricsWriter writer = new MetricsWriter(metrics, null, 1, allocator)) {
            writer.append(Fixtures.metricRows(1).get(0));
        }
        Path snapshots = dir.resolve(RunFiles.SNAPSHOTS);
        try (SnapshotWriter writer = new SnapshotWriter(snapshots, 3, null, allocator)) {
            writer.write(0, 0, 0, new float[3]);
        }
        // the table kind in the metadata names both
        assertSnapshotsProblem(metrics, "is a \"metrics\" table (schema metadata landscape4j.table), not a"
                + " snapshots file (snapshots.arrows)");
        assertMetricsProblem(snapshots, "is a \"snapshots\" table (schema metadata landscape4j.table), not a"
                + " metrics file (metrics.arrows)");
        // without the kind (a foreign or version-1 file), the missing columns say it
        Path foreignMetrics = writeStream(dir.resolve("foreign-metrics.arrows"),
                new Schema(MetricRow.TABLE.arrowSchema(0, Map.of()).getFields()), root -> { });
        assertSnapshotsProblem(foreignMetrics, "has no column params",
                "not a snapshots file (snapshots.arrows)");
        Path foreignSnapshots = writeStream(dir.resolve("foreign-snapshots.arrows"),
                new Schema(Snapshot.TABLE.arrowSchema(3, Map.of()).getFields()), root -> { });
        assertMetricsProblem(foreignSnapshots, "has no columns batch_size, grad_norm, update_norm, learning_rate,"
                + " wall_time_s", "not a metrics file (metrics.arrows)");
    }

    @Test
    void paramsOfTheWrongTypeAreNamed() throws IOException {
        Field intItem = new Field("item", FieldType.notNullable(ColumnType.INT32.arrow()), null);
        Path ints = foreignSnapshots("ints.arrows",
                new Field("params", FieldType.notNullable(new ArrowType.FixedSizeList(3)), List.of(intItem)), null);
        assertSnapshotsProblem(ints, "column params has type FixedSizeList<int32>[3], expected FixedSizeList<float32>");
        Field floatItem = new Field("item", FieldType.notNullable(ColumnType.FLOAT32_ARROW), null);
        Path list = foreignSnapshots("list.arrows",
                new Field("params", FieldType.notNullable(ArrowType.List.INSTANCE), List.of(floatItem)), null);
        assertSnapshotsProblem(list, "column params has type \"List\"<float32>, expected FixedSizeList<float32>");
        Path doubles = foreignSnapshots("doubles.arrows", new Field("params", FieldType.notNullable(ColumnType.FLOAT64.arrow()),
                null), null);
        assertSnapshotsProblem(doubles, "column params has type float64, expected FixedSizeList<float32>");
    }

    @Test
    void scalarColumnOfTheWrongTypeIsNamed() throws IOException {
        Schema schema = new Schema(List.of(notNull("iteration", ColumnType.INT32), notNull("epoch", ColumnType.INT32),
                notNull("score", ColumnType.FLOAT64), snapshotSchema(3).findField("params")));
        Path file = writeStream(dir.resolve("int32.arrows"), schema, root -> { });
        assertSnapshotsProblem(file, "column iteration has type int32, expected int64");
    }

    @Test
    void newerFormatVersionAndInconsistentMetadataAreRefused() throws IOException {
        Map<String, String> newer = new HashMap<>(snapshotSchema(3).getCustomMetadata());
        newer.put(RunFiles.FORMAT_VERSION_KEY, "3");
        Path file = writeStream(dir.resolve("v3.arrows"), new Schema(snapshotSchema(3).getFields(), newer),
                root -> { });
        assertSnapshotsProblem(file, "format version 3", "upgrade landscape4j");
        Map<String, String> wrongP = new HashMap<>(snapshotSchema(3).getCustomMetadata());
        wrongP.put(RunFiles.PARAMETER_COUNT_KEY, "4");
        Path inconsistent = writeStream(dir.resolve("p.arrows"),
                new Schema(snapshotSchema(3).getFields(), wrongP), root -> { });
        assertSnapshotsProblem(inconsistent, "landscape4j.parameter_count is \"4\"", "3 values per row");
        Path metrics = writeStream(dir.resolve("m.arrows"), new Schema(MetricRow.TABLE.arrowSchema(0, Map.of())
                .getFields(), Map.of(RunFiles.FORMAT_VERSION_KEY, "7")), root -> { });
        assertMetricsProblem(metrics, "format version 7");
        Path garbage = writeStream(dir.resolve("g.arrows"), new Schema(MetricRow.TABLE.arrowSchema(0, Map.of())
                .getFields(), Map.of(RunFiles.FORMAT_VERSION_KEY, "two\u001b[2J")), root -> { });
        assertMetricsProblem(garbage, "landscape4j.format_version is \"two\\u001b[2J\", expected an integer");
    }

    @Test
    void nullInANonNullMetricsColumnIsRefused() throws IOException {
        Path file = writeStream(dir.resolve("null-score.arrows"), MetricRow.TABLE.arrowSchema(0, Map.of()), root -> {
            root.getFieldVectors().forEach(v -> ((org.apache.arrow.vector.FixedWidthVector) v).allocateNew(2));
            for (int i = 0; i < 2; i++) {
                ((BigIntVector) root.getVector("iteration")).set(i, i);
                ((IntVector) root.getVector("epoch")).set(i, 0);
                ((IntVector) root.getVector("batch_size")).set(i, 1);
                for (String name : List.of("score", "grad_norm", "update_norm", "learning_rate", "wall_time_s")) {
                    ((Float8Vector) root.getVector(name)).set(i, 1.0);
                }
            }
            ((Float8Vector) root.getVector("score")).setNull(1);
            root.getFieldVectors().forEach(v -> v.setValueCount(2));
            root.setRowCount(2);
        });
        assertMetricsProblem(file, "column score holds a null in row 1");
    }

    @Test
    void paramsWithoutValidityBitsAreRefused() throws IOException {
        // What a writer that bulk-copies into the data buffer and forgets the validity bitmap produces:
        // other readers would see nulls, so ours must refuse rather than read zeros or garbage as values.
        Path file = writeStream(dir.resolve("no-validity.arrows"), snapshotSchema(3), root -> {
            ((BigIntVector) root.getVector("iteration")).allocateNew(1);
            ((BigIntVector) root.getVector("iteration")).set(0, 5);
            ((IntVector) root.getVector("epoch")).allocateNew(1);
            ((IntVector) root.getVector("epoch")).set(0, 0);
            ((Float8Vector) root.getVector("score")).allocateNew(1);
            ((Float8Vector) root.getVector("score")).set(0, 1);
            FixedSizeListVector params = (FixedSizeListVector) root.getVector("params");
            params.setInitialCapacity(1);
            params.allocateNew();
            Float4Vector values = (Float4Vector) params.getDataVector();
            values.getDataBuffer().setFloat(0, 1f);
            values.getDataBuffer().setFloat(4, 2f);
            values.getDataBuffer().setFloat(8, 3f);
            params.setNotNull(0);
            root.getFieldVectors().forEach(v -> v.setValueCount(1));
            root.setRowCount(1);
        });
        assertSnapshotsProblem(file, "the params of row 0 holds 3 nulls", "validity bit");
    }

    @Test
    void brokenFramingIsCorruptNotTruncated() throws IOException {
        Path good = dir.resolve(RunFiles.METRICS);
        try (MetricsWriter writer = new MetricsWriter(good, null, 1, allocator)) {
            writer.append(Fixtures.metricRows(1).get(0));
        }
        byte[] bytes = Files.readAllBytes(good);
        int second = (int) firstMessageLength(bytes);
        byte[] marker = bytes.clone();
        marker[second] = 0x12;
        assertMetricsProblem(Files.write(dir.resolve("marker.arrows"), marker), "is corrupt",
                "offset " + second, "do not start an Arrow IPC message");
        byte[] length = bytes.clone();
        ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).putInt(second + 4, 0x7FFFFFF0);
        assertMetricsProblem(Files.write(dir.resolve("length.arrows"), length), "is corrupt",
                "declares 2147483632 bytes of metadata");
        byte[] first = bytes.clone();
        System.arraycopy(bytes, second, first, 0, 8 + ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN)
                .getInt(second + 4)); // a record batch where the schema should be
        assertMetricsProblem(Files.write(dir.resolve("first.arrows"), first), "first message is a RecordBatch");
    }

    @Test
    void mutatedBytesNeverEscapeAsAnotherException() throws IOException {
        // Seeded fuzzing: any single corrupted byte either reads (a value changed, or a cut-like end) or is
        // refused with a RunFormatException naming the file: never an exception from deep inside Arrow.
        Path metrics = dir.resolve(RunFiles.METRICS);
        try (MetricsWriter writer = new MetricsWriter(metrics, null, 2, allocator)) {
            for (MetricRow row : Fixtures.metricRows(5)) {
                writer.append(row);
            }
        }
        Path snapshots = dir.resolve(RunFiles.SNAPSHOTS);
        try (SnapshotWriter writer = new SnapshotWriter(snapshots, 11, null, allocator)) {
            for (int t = 0; t < 3; t++) {
                writer.write(t, 0, t, Fixtures.params(11, t));
            }
        }
        Random random = new Random(7L);
        int refused = 0;
        for (Path original : List.of(metrics, snapshots)) {
            byte[] bytes = Files.readAllBytes(original);
            Path mutated = dir.resolve("mutated-" + original.getFileName());
            for (int trial = 0; trial < 1500; trial++) {
                byte[] copy = bytes.clone();
                int at = random.nextInt(copy.length);
                copy[at] = (byte) (trial % 3 == 0 ? 0xFF : trial % 3 == 1 ? 0 : random.nextInt(256));
                Files.write(mutated, copy);
                boolean closedByWriter = trial % 2 == 0;
                try {
                    if (original == metrics) {
                        MetricsReader.read(mutated, allocator, closedByWriter);
                    } else {
                        try (SnapshotReader reader = SnapshotReader.open(mutated, allocator, closedByWriter)) {
                            reader.forEach(s -> { });
                            reader.scalars();
                        }
                    }
                } catch (RunFormatException | UncheckedIOException e) {
                    RunFormatException cause = e instanceof UncheckedIOException u
                            ? assertInstanceOf(RunFormatException.class, u.getCause()) : (RunFormatException) e;
                    assertEquals(mutated, cause.file());
                    Fixtures.assertPrintable(cause.getMessage());
                    refused++;
                } catch (RuntimeException e) {
                    fail("byte " + at + " of " + original.getFileName() + " set to " + copy[at] + ": " + e, e);
                }
            }
        }
        assertTrue(refused > 0, "some mutations must be detected");
        assertEquals(0, allocator.getAllocatedMemory(), "no refused file leaked Arrow memory");
    }

    @Test
    void lengthFieldFlipsOfACompleteRunAreCorruptionAtAnOffset() throws IOException {
        // Item 2 of the hardening issue: in a run whose manifest says "complete", a damaged length field (the
        // int32 metadata length of a message, or the int64 body length inside its flatbuffer metadata) must read
        // as corruption naming the byte offset, never as a stream the writer did not close, and never lose rows
        // silently. Every byte of both fields of every message of all three streams, with six values each.
        Path original = dir.resolve("original");
        Fixtures.writeRun(original, Fixtures.completeManifest(), 7, 4, 5, allocator);
        List<MetricRow> metricRows = Fixtures.metricRows(7);
        List<Snapshot> snapshots = Fixtures.snapshots(4, Fixtures.P);
        List<CurvatureRow> curvatureRows = Fixtures.curvatureRows(5);
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        for (String name : RunFiles.RUN_FILES) {
            if (Files.exists(original.resolve(name))) {
                Files.copy(original.resolve(name), run.resolve(name));
            }
        }
        Random random = new Random(2L);
        int cases = 0;
        for (String name : List.of(RunFiles.METRICS, RunFiles.SNAPSHOTS, RunFiles.CURVATURE)) {
            byte[] bytes = Files.readAllBytes(original.resolve(name));
            Path file = run.resolve(name);
            for (Fixtures.MessageSpan message : Fixtures.messages(bytes)) {
                List<Integer> fieldBytes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    fieldBytes.add((int) message.offset() + 4 + i);
                }
                int body = Fixtures.bodyLengthFieldOffset(bytes, message);
                for (int i = 0; body >= 0 && i < 8; i++) {
                    fieldBytes.add(body + i);
                }
                for (int at : fieldBytes) {
                    int old = bytes[at] & 0xFF;
                    for (int value : new int[] {0x00, 0xFF, old ^ 0x01, old ^ 0x80, (old + 8) & 0xFF,
                        random.nextInt(256)}) {
                        if (value == old) {
                            continue;
                        }
                        byte[] copy = bytes.clone();
                        copy[at] = (byte) value;
                        Files.write(file, copy);
                        String what = name + " byte " + at + " (message at " + message.offset() + ") " + old + " -> "
                                + value;
                        cases++;
                        try {
                            RunDirectory opened = RunDirectory.open(run);
                            switch (name) {
                                case RunFiles.METRICS -> {
                                    ReadResult<MetricRow> read = opened.readMetrics(allocator);
                                    assertFalse(read.truncated(), what);
                                    assertEquals(metricRows.size(), read.rows().size(), what + ": rows lost silently");
                                }
                                case RunFiles.CURVATURE -> {
                                    ReadResult<CurvatureRow> read = opened.readCurvature(allocator);
                                    assertFalse(read.truncated(), what);
                                    assertEquals(curvatureRows.size(), read.rows().size(),
                                            what + ": rows lost silently");
                                }
                                default -> {
                                    try (SnapshotReader reader = opened.openSnapshots(allocator)) {
                                        assertFalse(reader.truncated(), what);
                                        assertEquals(snapshots.size(), reader.count(), what + ": rows lost silently");
                                        reader.scalars();
                                        reader.forEach(snapshot -> { });
                                    }
                                }
                            }
                            fail(what + " was not noticed");
                        } catch (RunFormatException | UncheckedIOException e) {
                            RunFormatException cause = e instanceof UncheckedIOException u
                                    ? assertInstanceOf(RunFormatException.class, u.getCause()) : (RunFormatException) e;
                            assertEquals(file, cause.file(), what);
                            Fixtures.assertPrintable(cause.getMessage());
                            assertTrue(cause.getMessage().contains("is corrupt"), () -> what + ": " + cause.getMessage());
                            assertTrue(cause.getMessage().contains("offset"), () -> what + ": " + cause.getMessage());
                            assertFalse(cause.getMessage().contains("the writer was not closed"),
                                    () -> what + ": " + cause.getMessage());
                        } catch (RuntimeException e) {
                            fail(what + ": " + e, e);
                        }
                    }
                }
            }
            Files.write(file, bytes);
        }
        assertTrue(cases > 500, cases + " cases");
        assertEquals(0, allocator.getAllocatedMemory(), "no refused file leaked Arrow memory");
    }

    @Test
    void bytesAfterTheEndMarkerAreNeverSilentlyIgnoredInAClosedRun() throws IOException {
        // A run whose streams were closed cannot have bytes after the end-of-stream marker: a length field before
        // it was damaged (and an early "marker" was read inside a message), or the file was appended to.
        Path good = dir.resolve(RunFiles.METRICS);
        try (MetricsWriter writer = new MetricsWriter(good, null, 1, allocator)) {
            for (MetricRow row : Fixtures.metricRows(3)) {
                writer.append(row);
            }
        }
        byte[] bytes = Files.readAllBytes(good);
        byte[] appended = java.util.Arrays.copyOf(bytes, bytes.length + 16);
        Path file = Files.write(dir.resolve("appended.arrows"), appended);
        RunFormatException e = assertThrows(RunFormatException.class, () -> MetricsReader.read(file, allocator, true));
        assertNamesFileAnd(e, file, "is corrupt", "offset " + (bytes.length - 8), "16 bytes");
        ReadResult<MetricRow> lenient = MetricsReader.read(file, allocator, false);
        assertEquals(Fixtures.metricRows(3), lenient.rows());
        assertTrue(lenient.truncated(), "reported, not silent");
        assertTrue(lenient.truncationDetail().contains("16 bytes"), lenient.truncationDetail());
        // the metadata length of the second batch set to 0: reads as an end-of-stream marker followed by bytes
        List<Fixtures.MessageSpan> batches = Fixtures.batches(bytes);
        byte[] zeroed = bytes.clone();
        ByteBuffer.wrap(zeroed).order(ByteOrder.LITTLE_ENDIAN).putInt((int) batches.get(1).offset() + 4, 0);
        Path early = Files.write(dir.resolve("early.arrows"), zeroed);
        RunFormatException marker = assertThrows(RunFormatException.class,
                () -> MetricsReader.read(early, allocator, true));
        assertNamesFileAnd(marker, early, "is corrupt", "offset " + batches.get(1).offset());
        assertTrue(MetricsReader.read(early, allocator, false).truncated(), "1 of 3 batches: not silent");
    }

    @Test
    void anAbsurdRowCountIsCorruptionNotAShortageOfMemory() throws IOException {
        // The row count and the column lengths in a batch's metadata say 2^27 rows while the body holds 2: Arrow
        // would allocate validity buffers of gigabytes for them. The reader's own cap (derived from the file's
        // largest body) stops it, and that is the file's fault, also under a caller's generous allocator limit.
        Path good = dir.resolve(RunFiles.METRICS);
        try (MetricsWriter writer = new MetricsWriter(good, null, 2, allocator)) {
            for (MetricRow row : Fixtures.metricRows(2)) {
                writer.append(row);
            }
        }
        byte[] bytes = Files.readAllBytes(good);
        Fixtures.MessageSpan batch = Fixtures.batches(bytes).get(0);
        ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int replaced = 0;
        for (int at = (int) batch.metadataOffset(); at + 8 <= batch.bodyOffset(); at += 8) {
            if (view.getLong(at) == 2) {
                view.putLong(at, 1L << 27);
                replaced++;
            }
        }
        org.apache.arrow.flatbuf.RecordBatch header = batch.recordBatch(bytes);
        assertEquals(1L << 27, header.length(), "the row count was found");
        assertEquals(1 + MetricRow.TABLE.scalars().size(), replaced, "the row count and every column's length");
        Path absurd = Files.write(dir.resolve("absurd.arrows"), bytes);
        BufferAllocator generous = allocator.newChildAllocator("generous-caller", 0, 1L << 30);
        RunFormatException e = assertThrows(RunFormatException.class,
                () -> MetricsReader.read(absurd, generous, true));
        assertNamesFileAnd(e, absurd, "is corrupt: record batch 1 at offset " + batch.offset(),
                "it declares more data than its " + batch.bodyLength() + " bytes can hold");
        assertEquals(0, generous.getAllocatedMemory());
        generous.close();
    }

    private static Schema snapshotSchema(int p) {
        return Snapshot.TABLE.arrowSchema(p, Map.of());
    }

    private static Field notNull(String name, ColumnType type) {
        return new Field(name, FieldType.notNullable(type.arrow()), null);
    }

    private Path foreignSnapshots(String name, Field params, Consumer<VectorSchemaRoot> fill) throws IOException {
        List<Field> fields = new ArrayList<>(snapshotSchema(3).getFields().subList(0, 3));
        fields.add(params);
        return writeStream(dir.resolve(name), new Schema(fields), fill == null ? root -> { } : fill);
    }

    /** Writes a stream with one batch filled by {@code fill} (or none if it leaves the row count at 0). */
    private Path writeStream(Path file, Schema schema, Consumer<VectorSchemaRoot> fill) throws IOException {
        try (BufferAllocator child = allocator.newChildAllocator("foreign", 0, Long.MAX_VALUE);
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, child);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING);
             ArrowStreamWriter writer = new ArrowStreamWriter(root, new DictionaryProvider.MapDictionaryProvider(),
                     channel)) {
            writer.start();
            fill.accept(root);
            if (root.getRowCount() > 0) {
                writer.writeBatch();
            }
            writer.end();
        }
        return file;
    }

    private static long firstMessageLength(byte[] stream) {
        ByteBuffer buffer = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(-1, buffer.getInt(0));
        return 8L + buffer.getInt(4); // the schema has no body
    }

    private void assertMetricsProblem(Path file, String... phrases) {
        RunFormatException e = assertThrows(RunFormatException.class, () -> MetricsReader.read(file, allocator, false));
        assertNamesFileAnd(e, file, phrases);
    }

    private void assertSnapshotsProblem(Path file, String... phrases) {
        RunFormatException e = assertThrows(RunFormatException.class, () -> {
            try (SnapshotReader reader = SnapshotReader.open(file, allocator, false)) {
                for (Snapshot ignored : reader) {
                    // read everything
                }
            } catch (UncheckedIOException wrapped) {
                throw wrapped.getCause();
            }
        });
        assertNamesFileAnd(e, file, phrases);
    }

    static void assertNamesFileAnd(RunFormatException e, Path file, String... phrases) {
        assertEquals(file, e.file());
        Fixtures.assertPrintable(e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), () -> "\"" + phrase + "\" not in: " + e.getMessage());
        }
    }
}
