package org.landscape4j.run;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedWidthVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.pojo.Schema;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a vector table ({@link TableSchema#ofVectors}): rows of a few scalar columns and one P-vector of
 * float32, one row per record batch, each handed to the operating system at once. Snapshots, directions, PCA
 * components, incremental-PCA state and Ritz vectors are all such tables. The vectors are allocated once and
 * reused: a write copies the vector straight into Arrow's buffer, with no P-sized intermediate array.
 *
 * <p>Thread-safe: every method synchronizes, so that a JVM shutdown hook may close the writer while another
 * thread writes. After {@code close()} or {@code abandon()} further writes fail.
 */
public final class VectorTableWriter implements RunStream {

    private static final Logger LOG = LoggerFactory.getLogger(VectorTableWriter.class);

    private final TableSchema table;
    private final StreamOutput out;
    private final int vectorLength;
    private final FieldVector[] scalars;
    private final FixedSizeListVector list;
    private final Float4Vector values;
    private long rowsWritten;

    private VectorTableWriter(TableSchema table, StreamOutput out, int vectorLength, long rowsBefore) {
        this.table = table;
        this.out = out;
        this.vectorLength = vectorLength;
        this.rowsWritten = rowsBefore;
        try {
            scalars = Cells.vectors(out.root(), table);
            for (FieldVector vector : scalars) {
                ((FixedWidthVector) vector).allocateNew(1);
            }
            list = (FixedSizeListVector) out.root().getVector(table.vectorColumn());
            list.setInitialCapacity(1);
            list.allocateNew();
            values = (Float4Vector) list.getDataVector();
            if (values.getValueCapacity() < vectorLength) {
                throw new IllegalStateException("Arrow allocated room for " + values.getValueCapacity()
                        + " values, fewer than P = " + vectorLength);
            }
        } catch (RuntimeException e) {
            out.abandon();
            throw e;
        }
    }

    /**
     * Creates (or truncates) the file and writes the schema.
     *
     * @param file         the file
     * @param table        a vector table
     * @param vectorLength P, 1 to {@code Integer.MAX_VALUE / 4}
     * @param metadata     schema metadata besides what the table adds (run id, provenance)
     * @param parent       the allocator to take a child of, or null for a child of the process's root
     */
    public static VectorTableWriter create(Path file, TableSchema table, int vectorLength, Map<String, String> metadata,
                                           BufferAllocator parent) throws IOException {
        Objects.requireNonNull(file, "file");
        requireVectorTable(table);
        Schema schema = table.arrowSchema(vectorLength, metadata);
        VectorTableWriter writer = new VectorTableWriter(table, StreamOutput.create(file, schema, parent,
                table.kind() + "-writer"), vectorLength, 0);
        LOG.debug("writing {} of {} values per row to {}", table.kind(), vectorLength, file);
        return writer;
    }

    /**
     * Continues a vector table that was not closed (a computation killed half-way): keeps its complete rows and
     * appends after them. The schema (and with it the metadata) must be the one given.
     *
     * @param file  the file, as a reader has opened it
     * @param table the table
     * @param reader a reader of the file that was checked (its rows are kept); it may be closed afterwards
     */
    static VectorTableWriter continueAfter(Path file, TableSchema table, VectorTableReader reader,
                                           BufferAllocator parent) throws IOException {
        requireVectorTable(table);
        StreamOutput out = StreamOutput.continueAfter(file, reader.schema(), reader.completeLength(), parent,
                table.kind() + "-writer");
        return new VectorTableWriter(table, out, reader.vectorLength(), reader.rowCount());
    }

    private static void requireVectorTable(TableSchema table) {
        if (!Objects.requireNonNull(table, "table").hasVector()) {
            throw new IllegalArgumentException("table " + table.kind() + " has no vector column: write it with a"
                    + " RowStreamWriter");
        }
    }

    /** @return the table */
    public TableSchema table() {
        return table;
    }

    /** @return P */
    public int vectorLength() {
        return vectorLength;
    }

    /** @return the number of rows in the file (for a continued table, the kept rows included) */
    public synchronized long rowsWritten() {
        return rowsWritten;
    }

    /**
     * Writes one row.
     *
     * @param cells  one cell per scalar column, in the table's order
     * @param vector exactly P values
     * @throws IllegalArgumentException if a cell or the vector's length does not fit
     * @throws IOException              if writing fails
     * @throws IllegalStateException    if the writer is closed
     */
    public synchronized void write(Object[] cells, float[] vector) throws IOException {
        Objects.requireNonNull(vector, "vector");
        checkLength(vector.length);
        table.checkCells(cells);
        ensureOpen();
        data().put(vector);
        writeRow(cells);
    }

    /**
     * Writes one row from an ND4J vector of any floating-point type (rounded to float) and any ordering or
     * stride, without copying it to the heap.
     *
     * @param cells  one cell per scalar column, in the table's order
     * @param vector a vector (shape [P], [1, P] or [P, 1]); read, never kept
     */
    public synchronized void write(Object[] cells, INDArray vector) throws IOException {
        Objects.requireNonNull(vector, "vector");
        checkLength(vector.length());
        table.checkCells(cells);
        ensureOpen();
        VectorCopy.into(vector, data());
        writeRow(cells);
    }

    /** Writes the end-of-stream marker, closes the file and releases all Arrow memory. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (out.isClosed()) {
            return;
        }
        out.close();
        LOG.debug("closed {} after {} rows", out.file(), rowsWritten);
    }

    /** Releases the file and memory without the end-of-stream marker (after a failure). Idempotent. */
    public synchronized void abandon() {
        out.abandon();
    }

    private void checkLength(long length) {
        if (length != vectorLength) {
            throw new IllegalArgumentException("the vector has " + length + " values, expected P = " + vectorLength
                    + " (the length of every vector of this " + table.kind() + " table)");
        }
    }

    private void ensureOpen() {
        if (out.isClosed()) {
            throw new IllegalStateException("the " + table.kind() + " writer of " + out.file() + " is closed");
        }
    }

    /** @return the first P floats of the values buffer, a little-endian view of Arrow's memory */
    private FloatBuffer data() {
        return values.getDataBuffer().nioBuffer(0, vectorLength * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
    }

    private void writeRow(Object[] cells) throws IOException {
        // The bulk copy bypasses the vector's setters, which set validity bits: set all P of them here, or
        // other readers (pyarrow, Arrow JS) would see every value as null.
        ArrowBuf validity = values.getValidityBuffer();
        int fullBytes = vectorLength / Byte.SIZE;
        validity.setOne(0L, (long) fullBytes);
        for (int i = fullBytes * Byte.SIZE; i < vectorLength; i++) {
            BitVectorHelper.setBit(validity, i);
        }
        list.setNotNull(0);
        for (int c = 0; c < scalars.length; c++) {
            Cells.set(scalars[c], table.scalars().get(c).type(), 0, cells[c]);
            scalars[c].setValueCount(1);
        }
        list.setValueCount(1);
        out.writeBatch(1);
        rowsWritten++;
    }
}
