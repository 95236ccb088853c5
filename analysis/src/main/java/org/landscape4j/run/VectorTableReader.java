package org.landscape4j.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a vector table: one row (a few scalars and a P-vector) per record batch. The file's framing is scanned
 * when it is opened, so the number of complete rows is known at once, row k is read without reading rows
 * 0..k-1 ({@link #read(int)}), a range of row k's vector is read without reading the rest of its row
 * ({@link #readRange}), and the scalar columns of every row can be listed without decoding a single vector
 * ({@link #scalars(int)}, {@link #allScalars()}). Memory is O(P) whatever the number of rows.
 *
 * <p>A stream cut at any byte yields its complete rows; {@link #truncated()} says whether the file lacks its
 * end-of-stream marker. Not thread-safe.
 */
public final class VectorTableReader implements Iterable<VectorRow>, AutoCloseable {

    private final Path file;
    private final TableSchema table;
    private final StreamInput in;
    private final int vectorLength;
    private VectorRangeReader ranges;
    private boolean closed;

    private VectorTableReader(Path file, TableSchema table, StreamInput in, int vectorLength) {
        this.file = file;
        this.table = table;
        this.in = in;
        this.vectorLength = vectorLength;
    }

    /**
     * @param file           the file
     * @param table          the vector table it should hold
     * @param parent         the allocator to take a child of, or null for a child of the process's root
     * @param closedByWriter true if the run's manifest says its streams were closed: a missing end-of-stream
     *                       marker is then corruption, not a cut
     * @return a reader; close it
     * @throws RunFormatException       if the file is missing, not regular, not this table, or corrupt
     * @throws NotEnoughMemoryException if the JVM's memory does not suffice
     */
    public static VectorTableReader open(Path file, TableSchema table, BufferAllocator parent, boolean closedByWriter)
            throws IOException {
        if (!table.hasVector()) {
            throw new IllegalArgumentException("table " + table.kind() + " has no vector column");
        }
        StreamInput in = StreamInput.open(file, parent, closedByWriter);
        try {
            int p = in.schema() == null ? -1 : table.check(file, in.schema());
            return new VectorTableReader(file, table, in, p);
        } catch (RunFormatException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return P, the length of every vector, or -1 if the file ends before its schema is complete */
    public int vectorLength() {
        return vectorLength;
    }

    /** @return the number of complete rows, known from the file's framing without decoding any */
    public int rowCount() {
        return in.batchCount();
    }

    /** @return the schema metadata (format version, run id, provenance); empty without a schema */
    public Map<String, String> metadata() {
        Schema schema = in.schema();
        return schema == null || schema.getCustomMetadata() == null ? Map.of() : Map.copyOf(schema.getCustomMetadata());
    }

    Schema schema() {
        return in.schema();
    }

    long completeLength() {
        return in.completeLength();
    }

    /**
     * @param k the row, 0 to {@link #rowCount()} − 1
     * @return its scalar cells, read from the few bytes that hold them (the vector is not decoded)
     */
    public ScalarRow scalars(int k) throws IOException {
        ensureOpen();
        checkRow(k);
        Object[] cells = in.readFirstRowCells(k, table.scalars());
        for (int c = 0; c < cells.length; c++) {
            Column column = table.scalars().get(c);
            if (cells[c] == null && !column.nullable()) {
                throw new RunFormatException(file, "column " + column.name() + " holds a null in row " + k
                        + ", but it is never null in " + table.description());
            }
        }
        return new ScalarRow(table, cells);
    }

    /** @return the scalar cells of every complete row, in file order, without decoding a vector */
    public List<ScalarRow> allScalars() throws IOException {
        List<ScalarRow> rows = new ArrayList<>(rowCount());
        for (int k = 0; k < rowCount(); k++) {
            rows.add(scalars(k));
        }
        return rows;
    }

    /**
     * @param k the row, 0 to {@link #rowCount()} − 1
     * @return row k with a fresh vector array, reading only that row's bytes
     * @throws NotEnoughMemoryException if the heap cannot hold the array (or Arrow's memory the row)
     */
    public VectorRow read(int k) throws IOException {
        ensureOpen();
        checkRow(k);
        float[] vector;
        try {
            vector = new float[Math.max(vectorLength, 0)];
        } catch (OutOfMemoryError e) {
            throw new NotEnoughMemoryException(file, "row " + k + " (" + vectorLength + " floats on the heap)", e);
        }
        ScalarRow scalars = readInto(k, vector);
        return new VectorRow(scalars, vector);
    }

    /**
     * Reads row k's vector into the caller's array (no allocation of P floats).
     *
     * @param k      the row
     * @param target an array of length P
     * @return the row's scalar cells
     */
    public ScalarRow readInto(int k, float[] target) throws IOException {
        ensureOpen();
        checkRow(k);
        if (target.length != vectorLength) {
            throw new IllegalArgumentException("the target holds " + target.length + " floats, the vectors of " + file
                    + " hold " + vectorLength);
        }
        ScalarRow cells = load(k);
        values(k).get(target);
        return cells;
    }

    /**
     * Reads values [from, from + length) of row k's vector into {@code into[offset, offset + length)}, reading only
     * those bytes of the file: the row's record batch is located and validated from its metadata (once per row; see
     * {@link VectorRangeReader}), and not loaded. Refuses what {@link #readInto} refuses (but does not read the
     * scalar columns). Reading a row in chunks this way reads each of its bytes once.
     *
     * @param k      the row, 0 to {@link #rowCount()} − 1
     * @param from   the first value, 0 to P − length
     * @param into   the destination
     * @param offset where in {@code into} the first value goes
     * @param length how many values
     * @throws RunFormatException        if the row's batch is corrupt (naming the file and the batch)
     * @throws IndexOutOfBoundsException if the range lies outside the vector or the destination
     */
    public void readRange(int k, int from, float[] into, int offset, int length) throws IOException {
        ensureOpen();
        checkRow(k);
        if (from < 0 || length < 0 || from > vectorLength - length) {
            throw new IndexOutOfBoundsException("values [" + from + ", " + ((long) from + length) + ") are not inside"
                    + " the " + vectorLength + " values of the vectors of " + file + ": give 0 <= from <= from + length"
                    + " <= " + vectorLength);
        }
        if (offset < 0 || offset > into.length - length) {
            throw new IndexOutOfBoundsException(length + " values from position " + offset + " do not fit an array of "
                    + into.length);
        }
        if (ranges == null) {
            ranges = new VectorRangeReader(in, table, vectorLength);
        }
        if (ranges.locatable()) {
            ranges.read(k, from, into, offset, length);
        } else {                                  // the buffers cannot be counted from the schema: load the batch
            load(k);
            FloatBuffer values = values(k);
            values.position(from);
            values.get(into, offset, length);
        }
    }

    /** Loads row k's batch (if not loaded) and validates it as a row of this table; @return its scalar cells */
    private ScalarRow load(int k) throws IOException {
        if (in.loadedBatch() != k) {
            in.loadBatch(k);
        }
        VectorSchemaRoot root = in.root();
        if (root.getRowCount() != 1) {
            throw new RunFormatException(file, "record batch " + (k + 1) + " holds " + root.getRowCount()
                    + " rows; " + table.description() + " holds exactly one row per record batch");
        }
        FieldVector[] scalars = Cells.vectors(root, table);
        Object[] cells = Cells.readRow(file, table, scalars, 0, k);
        FixedSizeListVector list = (FixedSizeListVector) root.getVector(table.vectorColumn());
        Float4Vector values = (Float4Vector) list.getDataVector();
        if (list.isNull(0)) {
            throw new RunFormatException(file, "the " + table.vectorColumn() + " of row " + k + " is null; it never is in "
                    + table.description());
        }
        if (values.getNullCount() > 0) {
            throw new RunFormatException(file, "the " + table.vectorColumn() + " of row " + k + " holds "
                    + values.getNullCount() + " nulls; every value must be set (its validity bit set)");
        }
        return new ScalarRow(table, cells);
    }

    /** @return the P values of the loaded row k (after {@link #load}), as a little-endian view of Arrow's buffer */
    private FloatBuffer values(int k) {
        FixedSizeListVector list = (FixedSizeListVector) in.root().getVector(table.vectorColumn());
        Float4Vector values = (Float4Vector) list.getDataVector();
        return values.getDataBuffer().nioBuffer(0, vectorLength * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
    }

    /**
     * @return a single-pass iterator over the rows in file order, each with a fresh vector; a row that cannot
     *         be decoded ends the iteration with an {@link UncheckedIOException} whose cause is the
     *         {@link RunFormatException}
     */
    @Override
    public Iterator<VectorRow> iterator() {
        ensureOpen();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < rowCount();
            }

            @Override
            public VectorRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("no further row in " + file);
                }
                try {
                    return read(next++);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** @return true if the file lacks its end-of-stream marker (writer killed or still running) */
    public boolean truncated() {
        return in.truncated();
    }

    /** @return what is missing, naming the file, or null if the file is complete */
    public String truncationDetail() {
        return in.truncationDetail();
    }

    /** Releases the file and all Arrow memory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        in.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the reader of " + file + " is closed");
        }
    }

    private void checkRow(int k) {
        if (k < 0 || k >= rowCount()) {
            throw new IndexOutOfBoundsException(file + " holds " + rowCount() + " complete rows; there is no row " + k);
        }
    }
}
