package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vector table ({@link VectorTableWriter}, {@link VectorTableReader}): the row count comes from the framing;
 * row k is read without decoding any other row (proved by zeroing the bodies of all the others, which makes
 * them undecodable), and the scalars of every row without decoding any vector (proved by zeroing every vector,
 * and by the Arrow allocator's peak staying below one vector's size); {@code scalars(k)} and
 * {@code readInto(k, buffer)} give exactly what was written; a record batch holding two rows is refused.
 */
class VectorTableTest {

    static final int P = 50_000;
    static final int ROWS = 100;

    /** PCA components: index, explained variance (NaN once), an optional tag, the component. */
    static final TableSchema COMPONENTS = TableSchema.ofVectors("components", "components.arrows", List.of(
            Column.required("index", ColumnType.INT32),
            Column.required("variance", ColumnType.FLOAT64),
            Column.optional("tag", ColumnType.INT64)), "component");

    @TempDir
    Path dir;

    private final BufferAllocator allocator = Fixtures.allocator("vector-table-test");
    private Path file;
    private final List<Object[]> cells = new ArrayList<>();

    @BeforeEach
    void write() throws IOException {
        file = dir.resolve("components.arrows");
        try (VectorTableWriter writer = VectorTableWriter.create(file, COMPONENTS, P,
                Map.of(RunFiles.RUN_ID_KEY, "run-v"), allocator)) {
            for (int k = 0; k < ROWS; k++) {
                Object[] row = {k, k == 7 ? Double.NaN : 1.0 / (k + 1), k % 3 == 0 ? null : 1000L * k};
                writer.write(row, vector(k));
                cells.add(row);
                assertEquals(k + 1, writer.rowsWritten());
            }
        }
    }

    @AfterEach
    void noLeak() {
        Fixtures.closeChecked(allocator);
    }

    /** A vector that differs in every row: row k's first value is k, its last −k. */
    static float[] vector(int k) {
        float[] v = Fixtures.params(P, k);
        v[0] = k;
        v[P - 1] = -k;
        return v;
    }

    private ScalarRow scalars(int k) {
        return new ScalarRow(COMPONENTS, cells.get(k));
    }

    @Test
    void rowCountScalarsAndRowsReadBackExactly() throws IOException {
        try (VectorTableReader reader = VectorTableReader.open(file, COMPONENTS, allocator, true)) {
            assertEquals(ROWS, reader.rowCount());
            assertEquals(P, reader.vectorLength());
            assertEquals(Map.of(RunFiles.FORMAT_VERSION_KEY, "2", RunFiles.TABLE_KEY, "components",
                    RunFiles.PARAMETER_COUNT_KEY, "50000", RunFiles.RUN_ID_KEY, "run-v"), reader.metadata());
            for (int k : new int[] {57, 3, 99, 0, 7, 57}) {
                VectorRow row = reader.read(k);
                assertEquals(scalars(k), row.scalars(), "row " + k);
                assertArrayEquals(vector(k), row.vector(), "row " + k);
            }
            float[] buffer = new float[P];
            assertEquals(scalars(42), reader.readInto(42, buffer));
            assertArrayEquals(vector(42), buffer);
            List<ScalarRow> expected = new ArrayList<>();
            for (int k = 0; k < ROWS; k++) {
                expected.add(scalars(k));
                assertEquals(scalars(k), reader.scalars(k), "scalars of row " + k);
            }
            assertEquals(expected, reader.allScalars());
            assertEquals(null, reader.scalars(3).get("tag"), "a null in a nullable column stays null");
            assertTrue(Double.isNaN(reader.scalars(7).getDouble("variance")));
            int k = 0;
            for (VectorRow row : reader) {
                assertEquals(scalars(k), row.scalars());
                assertEquals(-k, row.vector()[P - 1]);
                k++;
            }
            assertEquals(ROWS, k);
        }
    }

    @Test
    void allScalarsDecodeNoVector() throws IOException {
        BufferAllocator reading = Fixtures.allocator("scalars-only");
        try (VectorTableReader reader = VectorTableReader.open(file, COMPONENTS, reading, true)) {
            assertEquals(ROWS, reader.allScalars().size());
        }
        assertTrue(reading.getPeakMemoryAllocation() < (long) P * Float.BYTES,
                "peak " + reading.getPeakMemoryAllocation() + " bytes while reading 100 rows' scalars");
        Fixtures.closeChecked(reading);
        // the proof by damage: every vector's buffers zeroed (undecodable: validity bits cleared), scalars exact
        byte[] bytes = Files.readAllBytes(file);
        for (Fixtures.MessageSpan batch : Fixtures.batches(bytes)) {
            RecordBatch header = batch.recordBatch(bytes);
            int firstVectorBuffer = 2 * COMPONENTS.scalars().size();
            for (int b = firstVectorBuffer; b < header.buffersLength(); b++) {
                Buffer buffer = header.buffers(b);
                Arrays.fill(bytes, (int) (batch.bodyOffset() + buffer.offset()),
                        (int) (batch.bodyOffset() + buffer.offset() + buffer.length()), (byte) 0);
            }
        }
        Path damaged = Files.write(dir.resolve("no-vectors.arrows"), bytes);
        try (VectorTableReader reader = VectorTableReader.open(damaged, COMPONENTS, allocator, true)) {
            List<ScalarRow> expected = new ArrayList<>();
            for (int k = 0; k < ROWS; k++) {
                expected.add(scalars(k));
            }
            assertEquals(expected, reader.allScalars());
            RunFormatException control = assertThrows(RunFormatException.class, () -> reader.read(5));
            assertTrue(control.getMessage().contains("the component of row 5 is null"), control.getMessage());
        }
    }

    @Test
    void rowKIsReadWithoutDecodingTheOthers() throws IOException {
        int k = 42;
        byte[] bytes = Files.readAllBytes(file);
        List<Fixtures.MessageSpan> batches = Fixtures.batches(bytes);
        assertEquals(ROWS, batches.size());
        for (int j = 0; j < ROWS; j++) {
            if (j != k) {
                Fixtures.MessageSpan batch = batches.get(j);
                Arrays.fill(bytes, (int) batch.bodyOffset(), (int) batch.end(), (byte) 0);
            }
        }
        Path damaged = Files.write(dir.resolve("only-42.arrows"), bytes);
        try (VectorTableReader reader = VectorTableReader.open(damaged, COMPONENTS, allocator, true)) {
            assertEquals(ROWS, reader.rowCount(), "the count needs no body");
            VectorRow row = reader.read(k);
            assertEquals(scalars(k), row.scalars());
            assertArrayEquals(vector(k), row.vector());
            float[] buffer = new float[P];
            assertEquals(scalars(k), reader.readInto(k, buffer));
            assertArrayEquals(vector(k), buffer);
            for (int j : new int[] {0, k - 1, k + 1, ROWS - 1}) {   // control: the damage makes the others fail
                RunFormatException e = assertThrows(RunFormatException.class, () -> reader.read(j));
                assertTrue(e.getMessage().contains("holds a null in row " + j), e.getMessage());
            }
            assertEquals(scalars(k), reader.read(k).scalars(), "row k still reads after the failures");
        }
    }

    @Test
    void misuseIsRefusedWithTheNumbers() throws IOException {
        VectorTableReader reader = VectorTableReader.open(file, COMPONENTS, allocator, true);
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> reader.readInto(0, new float[P - 1]));
        assertEquals("the target holds 49999 floats, the vectors of " + file + " hold 50000", length.getMessage());
        IndexOutOfBoundsException past = assertThrows(IndexOutOfBoundsException.class, () -> reader.read(ROWS));
        assertEquals(file + " holds 100 complete rows; there is no row 100", past.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> reader.scalars(-1));
        reader.close();
        reader.close();
        assertThrows(IllegalStateException.class, () -> reader.read(0));
        assertThrows(IllegalArgumentException.class,
                () -> VectorTableReader.open(file, MetricRow.TABLE, allocator, true), "not a vector table");
        try (VectorTableWriter writer = VectorTableWriter.create(dir.resolve("w.arrows"), COMPONENTS, 3, null,
                allocator)) {
            IllegalArgumentException cell = assertThrows(IllegalArgumentException.class,
                    () -> writer.write(new Object[] {null, 1.0, null}, new float[3]));
            assertEquals("table components, column index (int32, never null): cannot hold null", cell.getMessage());
            assertThrows(IllegalArgumentException.class, () -> writer.write(new Object[] {1, 1.0}, new float[3]));
            assertThrows(IllegalArgumentException.class, () -> writer.write(new Object[] {1L, 1.0, null},
                    new float[3]));
            assertEquals(0, writer.rowsWritten());
        }
    }

    @Test
    void aBatchHoldingTwoRowsIsRefused() throws IOException {
        Path two = dir.resolve("two-rows.arrows");
        BufferAllocator raw = Fixtures.allocator("raw-writer");
        try (VectorSchemaRoot root = VectorSchemaRoot.create(COMPONENTS.arrowSchema(3, Map.of()), raw);
             FileChannel channel = FileChannel.open(two, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ArrowStreamWriter writer = new ArrowStreamWriter(root, new DictionaryProvider.MapDictionaryProvider(),
                     channel)) {
            writer.start();
            IntVector index = (IntVector) root.getVector("index");
            Float8Vector variance = (Float8Vector) root.getVector("variance");
            BigIntVector tag = (BigIntVector) root.getVector("tag");
            FixedSizeListVector component = (FixedSizeListVector) root.getVector("component");
            index.allocateNew(2);
            variance.allocateNew(2);
            tag.allocateNew(2);
            component.setInitialCapacity(2);
            component.allocateNew();
            Float4Vector values = (Float4Vector) component.getDataVector();
            for (int row = 0; row < 2; row++) {
                index.set(row, row);
                variance.set(row, 0.5 * row);
                tag.setNull(row);
                component.setNotNull(row);
                for (int i = 0; i < 3; i++) {
                    values.set(3 * row + i, row + 0.25f * i);
                }
            }
            values.setValueCount(6);
            root.setRowCount(2);
            writer.writeBatch();
            writer.end();
        }
        Fixtures.closeChecked(raw);
        try (VectorTableReader reader = VectorTableReader.open(two, COMPONENTS, allocator, true)) {
            assertEquals(1, reader.rowCount(), "one record batch");
            RunFormatException read = assertThrows(RunFormatException.class, () -> reader.read(0));
            assertEquals(two + ": record batch 1 holds 2 rows; a components file (components.arrows) holds exactly"
                    + " one row per record batch", read.getMessage());
            RunFormatException scalars = assertThrows(RunFormatException.class, () -> reader.scalars(0));
            assertTrue(scalars.getMessage().contains("it holds 2 rows; a vector table holds one per batch"),
                    scalars.getMessage());
        }
    }
}
