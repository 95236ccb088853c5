package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.apache.arrow.memory.RootAllocator;
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

/** Foreign, corrupt and inconsistent files are refused with a {@link RunFormatException} naming file and problem. */
class CorruptionTest {

    @TempDir
    Path dir;

    private final RootAllocator allocator = new RootAllocator();

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
        try (MetricsWriter writer = new MetricsWriter(metrics, allocator, 1)) {
            writer.append(Fixtures.metricRows(1).get(0));
        }
        Path snapshots = dir.resolve(RunFiles.SNAPSHOTS);
        try (SnapshotWriter writer = new SnapshotWriter(snapshots, 3, allocator)) {
            writer.write(0, 0, 0, new float[3]);
        }
        assertSnapshotsProblem(metrics, "has no column params", "not a snapshots file (snapshots.arrows)");
        assertMetricsProblem(snapshots, "has no columns batch_size, grad_norm", "not a metrics file");
    }

    @Test
    void paramsOfTheWrongTypeAreNamed() throws IOException {
        Field intItem = new Field("item", FieldType.notNullable(Columns.INT32), null);
        Path ints = foreignSnapshots("ints.arrows",
                new Field("params", FieldType.notNullable(new ArrowType.FixedSizeList(3)), List.of(intItem)), null);
        assertSnapshotsProblem(ints, "column params has type FixedSizeList<int32>[3], expected FixedSizeList<float32>");
        Field floatItem = new Field("item", FieldType.notNullable(Columns.FLOAT32), null);
        Path list = foreignSnapshots("list.arrows",
                new Field("params", FieldType.notNullable(ArrowType.List.INSTANCE), List.of(floatItem)), null);
        assertSnapshotsProblem(list, "column params has type List<float32>, expected FixedSizeList<float32>");
        Path doubles = foreignSnapshots("doubles.arrows", new Field("params", FieldType.notNullable(Columns.FLOAT64),
                null), null);
        assertSnapshotsProblem(doubles, "column params has type float64, expected FixedSizeList<float32>");
    }

    @Test
    void scalarColumnOfTheWrongTypeIsNamed() throws IOException {
        Schema schema = new Schema(List.of(Columns.notNull("iteration", Columns.INT32),
                Columns.notNull("epoch", Columns.INT32), Columns.notNull("score", Columns.FLOAT64),
                SnapshotSchema.schema(3).findField("params")));
        Path file = writeStream(dir.resolve("int32.arrows"), schema, root -> { });
        assertSnapshotsProblem(file, "column iteration has type int32, expected int64");
    }

    @Test
    void newerFormatVersionAndInconsistentMetadataAreRefused() throws IOException {
        Map<String, String> newer = new HashMap<>(SnapshotSchema.schema(3).getCustomMetadata());
        newer.put(RunFiles.FORMAT_VERSION_KEY, "2");
        Path file = writeStream(dir.resolve("v2.arrows"), new Schema(SnapshotSchema.schema(3).getFields(), newer),
                root -> { });
        assertSnapshotsProblem(file, "format version 2", "upgrade landscape4j");
        Map<String, String> wrongP = new HashMap<>(SnapshotSchema.schema(3).getCustomMetadata());
        wrongP.put(RunFiles.PARAMETER_COUNT_KEY, "4");
        Path inconsistent = writeStream(dir.resolve("p.arrows"),
                new Schema(SnapshotSchema.schema(3).getFields(), wrongP), root -> { });
        assertSnapshotsProblem(inconsistent, "landscape4j.parameter_count is \"4\"", "3 values per row");
        Path metrics = writeStream(dir.resolve("m.arrows"), new Schema(MetricsSchema.FIELDS,
                Map.of(RunFiles.FORMAT_VERSION_KEY, "7")), root -> { });
        assertMetricsProblem(metrics, "format version 7");
    }

    @Test
    void nullInANonNullMetricsColumnIsRefused() throws IOException {
        Path file = writeStream(dir.resolve("null-score.arrows"), MetricsSchema.SCHEMA, root -> {
            root.getFieldVectors().forEach(v -> ((org.apache.arrow.vector.FixedWidthVector) v).allocateNew(2));
            for (int i = 0; i < 2; i++) {
                ((BigIntVector) root.getVector("iteration")).set(i, i);
                ((IntVector) root.getVector("epoch")).set(i, 0);
                ((IntVector) root.getVector("batch_size")).set(i, 1);
                for (String name : MetricsSchema.BASE_DOUBLES) {
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
        Path file = writeStream(dir.resolve("no-validity.arrows"), SnapshotSchema.schema(3), root -> {
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
        assertSnapshotsProblem(file, "hold 3 nulls", "validity bit");
    }

    @Test
    void brokenFramingIsCorruptNotTruncated() throws IOException {
        Path good = dir.resolve(RunFiles.METRICS);
        try (MetricsWriter writer = new MetricsWriter(good, allocator, 1)) {
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
        try (MetricsWriter writer = new MetricsWriter(metrics, allocator, 2)) {
            for (MetricRow row : Fixtures.metricRows(5)) {
                writer.append(row);
            }
        }
        Path snapshots = dir.resolve(RunFiles.SNAPSHOTS);
        try (SnapshotWriter writer = new SnapshotWriter(snapshots, 11, allocator)) {
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
                try {
                    if (original == metrics) {
                        MetricsReader.read(mutated, allocator);
                    } else {
                        try (SnapshotReader reader = SnapshotReader.open(mutated, allocator)) {
                            reader.forEach(s -> { });
                        }
                    }
                } catch (RunFormatException | UncheckedIOException e) {
                    RunFormatException cause = e instanceof UncheckedIOException u
                            ? assertInstanceOf(RunFormatException.class, u.getCause()) : (RunFormatException) e;
                    assertEquals(mutated, cause.file());
                    refused++;
                } catch (RuntimeException e) {
                    fail("byte " + at + " of " + original.getFileName() + " set to " + copy[at] + ": " + e, e);
                }
            }
        }
        assertTrue(refused > 0, "some mutations must be detected");
    }

    private Path foreignSnapshots(String name, Field params, Consumer<VectorSchemaRoot> fill) throws IOException {
        List<Field> fields = new ArrayList<>(SnapshotSchema.SCALARS);
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

    private static void assertMetricsProblem(Path file, String... phrases) {
        RunFormatException e = assertThrows(RunFormatException.class, () -> MetricsReader.read(file));
        assertNamesFileAnd(e, file, phrases);
    }

    private void assertSnapshotsProblem(Path file, String... phrases) {
        RunFormatException e = assertThrows(RunFormatException.class, () -> {
            try (SnapshotReader reader = SnapshotReader.open(file, allocator)) {
                for (Snapshot ignored : reader) {
                    // read everything
                }
            } catch (UncheckedIOException wrapped) {
                throw wrapped.getCause();
            }
        });
        assertNamesFileAnd(e, file, phrases);
    }

    private static void assertNamesFileAnd(RunFormatException e, Path file, String... phrases) {
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), () -> "\"" + phrase + "\" not in: " + e.getMessage());
        }
    }
}
