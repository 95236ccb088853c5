package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Round trips through {@link SnapshotWriter} and {@link SnapshotReader}: float32 values bit for bit from float
 * arrays and from ND4J vectors of any type and layout, validity bits and metadata as a second reader sees them,
 * wrong lengths refused, and the reader's random access (by index, from the end, repeated iteration).
 */
class SnapshotRoundTripTest {

    /** Not a multiple of 8: the last validity byte is partly used. */
    static final int P = 37;

    @TempDir
    Path dir;

    private final BufferAllocator allocator = Fixtures.allocator("snapshot-test");

    @AfterEach
    void noLeak() {
        Fixtures.closeChecked(allocator);
    }

    @Test
    void floatArraysRoundTripBitForBit() throws IOException {
        Path file = dir.resolve(RunFiles.SNAPSHOTS);
        List<Snapshot> written = new ArrayList<>();
        try (SnapshotWriter writer = new SnapshotWriter(file, P, Fixtures.RUN_ID, allocator)) {
            for (int t = 0; t < 5; t++) {
                Snapshot s = new Snapshot(100L * t, t / 2, t == 3 ? Double.NaN : 1.0 / (t + 1), Fixtures.params(P, t));
                writer.write(s.iteration(), s.epoch(), s.score(), s.params());
                written.add(s);
                assertEquals(t + 1, writer.snapshotsWritten());
            }
        }
        assertEquals(written, readAll(file), "Arrays.equals compares floats bit for bit (NaN, −0 included)");
        assertEquals(List.of(1, 1, 1, 1, 1), MetricsRoundTripTest.batchSizes(file), "one row per record batch");
    }

    @Test
    void validityBitsAndMetadataAreSetForOtherReaders() throws IOException {
        Path file = dir.resolve(RunFiles.SNAPSHOTS);
        try (SnapshotWriter writer = new SnapshotWriter(file, P, Fixtures.RUN_ID, allocator)) {
            writer.write(1, 0, 0.5, Fixtures.params(P, 1));
            writer.write(2, 0, 0.25, Nd4j.linspace(1, P, P, DataType.DOUBLE));
        }
        try (ArrowStreamReader reader = new ArrowStreamReader(FileChannel.open(file, StandardOpenOption.READ),
                allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertEquals(Map.of(RunFiles.FORMAT_VERSION_KEY, "2", RunFiles.TABLE_KEY, "snapshots",
                    RunFiles.PARAMETER_COUNT_KEY, Integer.toString(P), RunFiles.RUN_ID_KEY, Fixtures.RUN_ID),
                    root.getSchema().getCustomMetadata());
            assertEquals(List.of("iteration", "epoch", "score", "params"),
                    root.getSchema().getFields().stream().map(f -> f.getName()).toList());
            assertEquals("item", root.getSchema().findField("params").getChildren().get(0).getName());
            for (int batch = 0; batch < 2; batch++) {
                assertTrue(reader.loadNextBatch());
                FixedSizeListVector params = (FixedSizeListVector) root.getVector("params");
                Float4Vector values = (Float4Vector) params.getDataVector();
                assertEquals(0, params.getNullCount());
                assertEquals(P, values.getValueCount());
                assertEquals(0, values.getNullCount(), "every parameter has its validity bit set");
                for (int i = 0; i < P; i++) {
                    assertFalse(values.isNull(i));
                }
            }
        }
    }

    @Test
    void ndArraysOfAnyTypeAndLayoutAreCastAndCopied() throws IOException {
        float[] theta = Fixtures.params(P, 7);
        INDArray matrix = Nd4j.rand(DataType.FLOAT, 3, P); // c order: rows contiguous, columns strided
        matrix.putRow(1, Nd4j.createFromArray(theta));
        INDArray tall = Nd4j.rand(DataType.FLOAT, P, 3);
        tall.putColumn(2, Nd4j.createFromArray(theta).reshape(P, 1));
        double[] asDouble = new double[P];
        for (int i = 0; i < P; i++) {
            asDouble[i] = theta[i] * 1.0000001; // not representable in float: must be rounded as (float) d
        }
        float[] roundedDouble = new float[P];
        for (int i = 0; i < P; i++) {
            roundedDouble[i] = (float) asDouble[i];
        }
        List<INDArray> inputs = List.of(
                Nd4j.createFromArray(theta),                                  // rank 1, contiguous
                Nd4j.createFromArray(theta).reshape(1, P),                    // DL4J's params() shape
                Nd4j.createFromArray(theta).reshape('f', P, 1),               // column vector
                Nd4j.createFromArray(theta).reshape(1, P).dup('f'),           // f order
                matrix.getRow(1),                                             // view with an offset
                tall.getColumn(2),                                            // strided view with an offset
                Nd4j.createFromArray(asDouble),                               // DOUBLE, cast
                Nd4j.createFromArray(theta).castTo(DataType.FLOAT16));           // FLOAT16, widened exactly
        List<float[]> expected = new ArrayList<>(List.of(theta, theta, theta, theta, theta, theta, roundedDouble));
        expected.add(Nd4j.createFromArray(theta).castTo(DataType.FLOAT16).castTo(DataType.FLOAT).toFloatVector());
        Path file = dir.resolve(RunFiles.SNAPSHOTS);
        try (SnapshotWriter writer = new SnapshotWriter(file, P, Fixtures.RUN_ID, allocator)) {
            for (int i = 0; i < inputs.size(); i++) {
                writer.write(i, 0, i, inputs.get(i));
            }
        }
        List<Snapshot> read = readAll(file);
        assertEquals(inputs.size(), read.size());
        for (int i = 0; i < inputs.size(); i++) {
            assertArrayEquals(expected.get(i), read.get(i).params(), "input " + i + ": " + inputs.get(i).shapeInfoToString());
        }
    }

    @Test
    void wrongLengthOrShapeIsRefusedWithExpectedAndActual() throws IOException {
        Path file = dir.resolve(RunFiles.SNAPSHOTS);
        try (SnapshotWriter writer = new SnapshotWriter(file, P, Fixtures.RUN_ID, allocator)) {
            IllegalArgumentException array = assertThrows(IllegalArgumentException.class,
                    () -> writer.write(0, 0, 0, new float[P + 1]));
            assertTrue(array.getMessage().contains("38 values, expected P = 37"), array.getMessage());
            IllegalArgumentException nd = assertThrows(IllegalArgumentException.class,
                    () -> writer.write(0, 0, 0, Nd4j.zeros(DataType.FLOAT, P - 1)));
            assertTrue(nd.getMessage().contains("36 values, expected P = 37"), nd.getMessage());
            INDArray notAVector = Nd4j.zeros(DataType.FLOAT, 37, 1, 1);
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> writer.write(0, 0, 0, notAVector));
            assertTrue(shape.getMessage().contains("[37, 1, 1]"), shape.getMessage());
            assertEquals(0, writer.snapshotsWritten());
        }
        assertEquals(List.of(), readAll(file), "refused writes left nothing behind");
        assertThrows(IllegalArgumentException.class, () -> new SnapshotWriter(dir.resolve("x"), 0, null, allocator));
    }

    @Test
    void readerIsRandomAccessAndReportsParameterCount() throws IOException {
        Path file = dir.resolve(RunFiles.SNAPSHOTS);
        List<Snapshot> written = new ArrayList<>();
        try (SnapshotWriter writer = new SnapshotWriter(file, P, null, null)) {
            for (int t = 0; t < 4; t++) {
                Snapshot s = new Snapshot(3L + t, 1, 2.0 * t, Fixtures.params(P, t));
                writer.write(s.iteration(), s.epoch(), s.score(), s.params());
                written.add(s);
            }
        }
        try (SnapshotReader reader = SnapshotReader.open(file, allocator, true)) {
            assertEquals(P, reader.parameterCount());
            assertEquals(4, reader.count());
            assertFalse(reader.truncated());
            assertEquals(written.get(2), reader.read(2));
            assertEquals(written.get(0), reader.read(0), "backwards");
            assertEquals(written.get(3), reader.read(-1), "-1 is the last");
            assertEquals(written.get(0), reader.read(-4));
            IndexOutOfBoundsException past = assertThrows(IndexOutOfBoundsException.class, () -> reader.read(4));
            assertTrue(past.getMessage().contains("holds 4 snapshots (0 to 3, or -1 to -4 from the end)"),
                    past.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> reader.read(-5));
            for (int pass = 0; pass < 2; pass++) {
                Iterator<Snapshot> it = reader.iterator();
                for (Snapshot s : written) {
                    assertTrue(it.hasNext());
                    assertEquals(s, it.next());
                }
                assertFalse(it.hasNext());
                assertThrows(java.util.NoSuchElementException.class, it::next);
            }
            assertEquals(List.of(3L, 4L, 5L, 6L), reader.scalars().stream()
                    .map(r -> r.getLong(Snapshot.ITERATION)).toList());
        }
    }

    @Test
    void writeAfterCloseFails() throws IOException {
        SnapshotWriter writer = new SnapshotWriter(dir.resolve(RunFiles.SNAPSHOTS), P, null, allocator);
        writer.close();
        writer.close();
        assertThrows(IllegalStateException.class, () -> writer.write(0, 0, 0, new float[P]));
    }

    private List<Snapshot> readAll(Path file) throws IOException {
        List<Snapshot> read = new ArrayList<>();
        try (SnapshotReader reader = SnapshotReader.open(file, allocator, true)) {
            for (Snapshot s : reader) {
                read.add(s);
            }
            assertFalse(reader.truncated(), reader.truncationDetail());
        }
        return read;
    }
}
