package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.arrow.flatbuf.BodyCompressionMethod;
import org.apache.arrow.flatbuf.CompressionType;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowBodyCompression;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Range reads of a snapshot ({@link SnapshotReader#readRange}, {@link VectorTableReader#readRange}): the values equal
 * those of the full read for random ranges, the first and last values and P not a multiple of any chunk; and a
 * hostile or corrupt batch (nulls, a buffer outside its body, a compressed body, a null list, a damaged byte) is
 * refused with a {@link RunFormatException} naming the file and the batch, as the full read refuses it.
 */
class VectorRangeReadTest {

    @TempDir
    Path dir;

    private final BufferAllocator allocator = Fixtures.allocator("range-test");

    @AfterEach
    void noLeak() {
        Fixtures.closeChecked(allocator);
    }

    @ParameterizedTest(name = "P = {0}")
    @ValueSource(ints = {1, 7, 1000, 4099})
    void rangesEqualTheFullRead(int p) throws IOException {
        Path file = snapshots(p, 5);
        Random random = new Random(p);
        try (SnapshotReader reader = SnapshotReader.open(file, allocator, true)) {
            float[][] full = new float[5][];
            for (int k = 0; k < 5; k++) {
                full[k] = reader.read(k).params();
            }
            float[] into = new float[p];
            for (int trial = 0; trial < 200; trial++) {
                int k = random.nextInt(5);
                int from = random.nextInt(p + 1);
                int to = from + random.nextInt(p - from + 1);
                Arrays.fill(into, 42f);
                reader.readRange(k, from, to, into);
                assertArrayEquals(Arrays.copyOfRange(full[k], from, to), Arrays.copyOf(into, to - from),
                        "snapshot " + k + ", [" + from + ", " + to + ")");
                if (to - from < p) {
                    assertEquals(42f, into[to - from], "nothing is written past the range");
                }
            }
            for (int k = 0; k < 5; k++) {
                reader.readRange(k, 0, 1, into);
                assertEquals(Float.floatToRawIntBits(full[k][0]), Float.floatToRawIntBits(into[0]), "first value");
                reader.readRange(k, p - 1, p, into);
                assertEquals(Float.floatToRawIntBits(full[k][p - 1]), Float.floatToRawIntBits(into[0]), "last value");
                reader.readRange(-1 - k, 0, p, into);
                assertArrayEquals(full[4 - k], into, "the whole vector, counted from the end");
            }
            // chunks of a size that does not divide P cover the vector exactly
            int chunk = 3;
            float[] pieces = new float[p];
            for (int c0 = 0; c0 < p; c0 += chunk) {
                int c1 = Math.min(p, c0 + chunk);
                reader.readRange(2, c0, c1, into);
                System.arraycopy(into, 0, pieces, c0, c1 - c0);
            }
            assertArrayEquals(full[2], pieces);
            // the values the run format keeps bit for bit (NaN, -0, subnormal, ±∞), read as a range
            if (p > 5) {
                reader.readRange(1, 0, 5, into);
                for (int i = 0; i < 5; i++) {
                    assertEquals(Float.floatToRawIntBits(full[1][i]), Float.floatToRawIntBits(into[i]), "value " + i);
                }
            }
        }
    }

    @Test
    void aColumnOfVaryingBufferCountBeforeTheVectorFallsBackToLoadingTheBatch() throws IOException {
        // an extra column (allowed within the format version) of a type whose buffers the schema does not count
        java.util.List<org.apache.arrow.vector.types.pojo.Field> fields =
                new java.util.ArrayList<>(Snapshot.TABLE.arrowSchema(6, Map.of()).getFields());
        fields.add(3, org.apache.arrow.vector.types.pojo.Field.nullable("note",
                new org.apache.arrow.vector.types.pojo.ArrowType.Utf8View()));
        Schema schema = new Schema(fields, Snapshot.TABLE.arrowSchema(6, Map.of()).getCustomMetadata());
        Path file = dir.resolve("view.arrows");
        try (BufferAllocator child = allocator.newChildAllocator("view", 0, Long.MAX_VALUE);
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, child);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             ArrowStreamWriter writer = new ArrowStreamWriter(root,
                     new org.apache.arrow.vector.dictionary.DictionaryProvider.MapDictionaryProvider(), channel)) {
            writer.start();
            org.apache.arrow.vector.ViewVarCharVector note = (org.apache.arrow.vector.ViewVarCharVector)
                    root.getVector("note");
            note.allocateNew();
            note.setSafe(0, "a note longer than twelve bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            fill(root, 6);
            note.setValueCount(1);
            writer.writeBatch();
            writer.end();
        }
        try (SnapshotReader reader = SnapshotReader.open(file, allocator, true)) {
            float[] into = new float[3];
            reader.readRange(0, 2, 5, into);
            assertArrayEquals(new float[] {2.5f, 3.5f, 4.5f}, into);
            assertArrayEquals(Arrays.copyOfRange(reader.read(0).params(), 2, 5), into);
        }
    }

    @Test
    void aRangeOutsideTheVectorIsRefusedWithTheValuesSeen() throws IOException {
        Path file = snapshots(10, 2);
        try (SnapshotReader reader = SnapshotReader.open(file, allocator, true)) {
            float[] into = new float[20];
            IndexOutOfBoundsException past = assertThrows(IndexOutOfBoundsException.class,
                    () -> reader.readRange(0, 5, 11, into));
            assertTrue(past.getMessage().contains("[5, 11)") && past.getMessage().contains("10 values"),
                    past.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> reader.readRange(0, 6, 5, into));
            assertThrows(IndexOutOfBoundsException.class, () -> reader.readRange(0, -1, 2, into));
            assertThrows(IndexOutOfBoundsException.class, () -> reader.readRange(0, 0, 10, new float[9]));
            assertThrows(IndexOutOfBoundsException.class, () -> reader.readRange(2, 0, 1, into));
        }
    }

    @Test
    void nullValuesAreRefusedWhereverTheyLie() throws IOException {
        // one null at value 7 of 10: refused for a range holding it and, as the full read refuses the row, for
        // one that does not
        Path file = foreign("nulls.arrows", 10, root -> {
            Float4Vector values = fill(root, 10);
            values.setNull(7);
        });
        assertRangeRefused(file, 8, 10, "record batch 1", "the params of row 0 holds 1 nulls",
                "validity bit");
        assertRangeRefused(file, 0, 2, "record batch 1", "holds 1 nulls");
        assertFullReadRefused(file, "holds 1 nulls");
    }

    @Test
    void valuesWithoutValidityBitsAreRefused() throws IOException {
        // a writer that bulk-copies the values and forgets the validity bitmap: every value is null to other readers
        Path file = foreign("no-validity.arrows", 10, root -> {
            Float4Vector values = fill(root, 10);
            for (int i = 0; i < 10; i++) {
                values.setNull(i);
            }
            values.getDataBuffer().setFloat(0, 1f);
        });
        assertRangeRefused(file, 0, 3, "record batch 1", "holds 10 nulls");
    }

    @Test
    void aNullListIsRefused() throws IOException {
        Path file = foreign("null-list.arrows", 4, root -> {
            fill(root, 4);
            ((FixedSizeListVector) root.getVector(Snapshot.PARAMS)).setNull(0);
        });
        assertRangeRefused(file, 0, 4, "record batch 1", "the params of row 0 is null");
    }

    @Test
    void aBufferOutsideItsBodyIsRefused() throws IOException {
        int p = 1000;
        Path good = snapshots(p, 3);
        byte[] bytes = Files.readAllBytes(good);
        Fixtures.MessageSpan batch = Fixtures.batches(bytes).get(1);
        org.apache.arrow.flatbuf.RecordBatch header = batch.recordBatch(bytes);
        org.apache.arrow.flatbuf.Buffer data = header.buffers(header.buffersLength() - 1);
        assertEquals(4L * p, data.length(), "the last buffer holds the values");
        // the Buffer struct (offset, length) of the values, found by its bytes in the metadata
        ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = -1;
        for (int i = (int) batch.metadataOffset(); i + 16 <= batch.bodyOffset(); i++) {
            if (view.getLong(i) == data.offset() && view.getLong(i + 8) == data.length()) {
                at = i;
            }
        }
        assertTrue(at > 0, "the values' buffer was found in the metadata");
        view.putLong(at, batch.bodyLength() - 8);                  // starts inside, ends 3992 bytes past the body
        Path file = Files.write(dir.resolve("outside.arrows"), bytes);
        try (SnapshotReader reader = SnapshotReader.open(file, allocator, true)) {
            float[] into = new float[p];
            reader.readRange(0, 0, p, into);                          // the other batches are intact
            reader.readRange(2, 0, p, into);
            RunFormatException e = assertThrows(RunFormatException.class, () -> reader.readRange(1, 0, 1, into));
            CorruptionTest.assertNamesFileAnd(e, file, "is corrupt: record batch 2 at offset " + batch.offset(),
                    "lies outside its " + batch.bodyLength() + "-byte body");
        }
    }

    @Test
    void aCompressedBodyIsRefused() throws IOException {
        Path file = dir.resolve("compressed.arrows");
        Schema schema = Snapshot.TABLE.arrowSchema(4, Map.of());
        try (BufferAllocator child = allocator.newChildAllocator("compressed", 0, Long.MAX_VALUE);
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, child);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            fill(root, 4);
            WriteChannel out = new WriteChannel(channel);
            MessageSerializer.serialize(out, schema);
            try (ArrowRecordBatch plain = new VectorUnloader(root).getRecordBatch();
                 ArrowRecordBatch compressed = new ArrowRecordBatch(1, plain.getNodes(), plain.getBuffers(),
                         new ArrowBodyCompression(CompressionType.LZ4_FRAME, BodyCompressionMethod.BUFFER))) {
                MessageSerializer.serialize(out, compressed);
            }
            ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
        }
        assertRangeRefused(file, 0, 4, "is corrupt: record batch 1", "its body is compressed");
    }

    @Test
    void damagedBytesAreRefusedAsRunFormatExceptionsOnly() throws IOException {
        // seeded fuzzing of range reads: any single damaged byte reads (a value changed) or is refused with a
        // RunFormatException naming the file; never another exception, never leaked Arrow memory
        Path original = snapshots(37, 3);
        byte[] bytes = Files.readAllBytes(original);
        Random random = new Random(11);
        Path mutated = dir.resolve("mutated.arrows");
        int refused = 0;
        float[] into = new float[37];
        for (int trial = 0; trial < 1500; trial++) {
            byte[] copy = bytes.clone();
            int at = random.nextInt(copy.length);
            copy[at] = (byte) (trial % 3 == 0 ? 0xFF : trial % 3 == 1 ? 0 : random.nextInt(256));
            Files.write(mutated, copy);
            try (SnapshotReader reader = SnapshotReader.open(mutated, allocator, trial % 2 == 0)) {
                for (int k = 0; k < reader.count(); k++) {
                    reader.readRange(k, 0, 20, into);
                    reader.readRange(k, 20, 37, into);
                }
            } catch (RunFormatException e) {
                assertEquals(mutated, e.file());
                Fixtures.assertPrintable(e.getMessage());
                refused++;
            } catch (RuntimeException e) {
                fail("byte " + at + " set to " + copy[at] + ": " + e, e);
            }
        }
        assertTrue(refused > 0, "some damage must be detected");
    }

    private Path snapshots(int p, int count) throws IOException {
        Path file = dir.resolve("snapshots-" + p + ".arrows");
        try (SnapshotWriter writer = new SnapshotWriter(file, p, "run-range", allocator)) {
            for (int t = 0; t < count; t++) {
                writer.write(t, 0, t, Fixtures.params(p, t));
            }
        }
        return file;
    }

    /** Fills the one row of a snapshots batch with values 0.5, 1.5, ... (validity bits set) and its scalars. */
    private static Float4Vector fill(VectorSchemaRoot root, int p) {
        ((BigIntVector) root.getVector(Snapshot.ITERATION)).allocateNew(1);
        ((BigIntVector) root.getVector(Snapshot.ITERATION)).set(0, 5);
        ((IntVector) root.getVector(Snapshot.EPOCH)).allocateNew(1);
        ((IntVector) root.getVector(Snapshot.EPOCH)).set(0, 0);
        ((Float8Vector) root.getVector(Snapshot.SCORE)).allocateNew(1);
        ((Float8Vector) root.getVector(Snapshot.SCORE)).set(0, 1);
        FixedSizeListVector params = (FixedSizeListVector) root.getVector(Snapshot.PARAMS);
        params.setInitialCapacity(1);
        params.allocateNew();
        Float4Vector values = (Float4Vector) params.getDataVector();
        for (int i = 0; i < p; i++) {
            values.setSafe(i, i + 0.5f);
        }
        params.setNotNull(0);
        root.getFieldVectors().forEach(v -> v.setValueCount(1));
        values.setValueCount(p);
        root.setRowCount(1);
        return values;
    }

    /** Writes a snapshots stream of one batch filled by {@code fill}, with Arrow's own writer. */
    private Path foreign(String name, int p, Consumer<VectorSchemaRoot> fill) throws IOException {
        Path file = dir.resolve(name);
        try (BufferAllocator child = allocator.newChildAllocator("foreign", 0, Long.MAX_VALUE);
             VectorSchemaRoot root = VectorSchemaRoot.create(Snapshot.TABLE.arrowSchema(p, Map.of()), child);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             ArrowStreamWriter writer = new ArrowStreamWriter(root,
                     new org.apache.arrow.vector.dictionary.DictionaryProvider.MapDictionaryProvider(), channel)) {
            writer.start();
            fill.accept(root);
            writer.writeBatch();
            writer.end();
        }
        return file;
    }

    private void assertRangeRefused(Path file, int from, int to, String... phrases) throws IOException {
        try (SnapshotReader reader = SnapshotReader.open(file, allocator, true)) {
            RunFormatException e = assertThrows(RunFormatException.class,
                    () -> reader.readRange(0, from, to, new float[to - from]));
            CorruptionTest.assertNamesFileAnd(e, file, phrases);
        }
    }

    private void assertFullReadRefused(Path file, String... phrases) throws IOException {
        try (SnapshotReader reader = SnapshotReader.open(file, allocator, true)) {
            RunFormatException e = assertThrows(RunFormatException.class, () -> reader.read(0));
            CorruptionTest.assertNamesFileAnd(e, file, phrases);
        }
    }
}
