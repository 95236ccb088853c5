package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedWidthVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows of a table of scalar columns ({@link TableSchema#ofRows}) as an Arrow IPC stream,
 * {@code rowsPerBatch} rows per record batch. Rows are buffered on the heap until a batch is full or
 * {@link #flush()} is called; each batch goes to the operating system at once, so a killed run keeps every
 * batch written before.
 *
 * <p>Thread-safe: every method synchronizes, so that a JVM shutdown hook may close the writer while another
 * thread appends. After {@code close()} or {@code abandon()} further calls fail.
 */
public final class RowStreamWriter implements RunStream {

    private static final Logger LOG = LoggerFactory.getLogger(RowStreamWriter.class);

    private final TableSchema table;
    private final StreamOutput out;
    private final int rowsPerBatch;
    private final List<Object[]> pending;
    private long rowsWritten;

    /**
     * Creates (or truncates) the file and writes the schema.
     *
     * @param file         the file
     * @param table        the table (without a vector column)
     * @param metadata     schema metadata besides what the table adds (the run id, provenance)
     * @param rowsPerBatch rows per record batch, at least 1
     * @param parent       the allocator to take a child of, or null for a child of the process's root
     */
    public RowStreamWriter(Path file, TableSchema table, Map<String, String> metadata, int rowsPerBatch,
                           BufferAllocator parent) throws IOException {
        this(file, table, table.arrowSchema(0, metadata), -1, 0, rowsPerBatch, parent);
    }

    /**
     * Continues a stream that was not closed: keeps its first {@code completeLength} bytes ({@code rowsBefore}
     * complete rows) and appends after them.
     */
    static RowStreamWriter continueAfter(Path file, TableSchema table, org.apache.arrow.vector.types.pojo.Schema schema,
                                         long completeLength, long rowsBefore, int rowsPerBatch,
                                         BufferAllocator parent) throws IOException {
        return new RowStreamWriter(file, table, schema, completeLength, rowsBefore, rowsPerBatch, parent);
    }

    private RowStreamWriter(Path file, TableSchema table, org.apache.arrow.vector.types.pojo.Schema schema,
                            long continueAt, long rowsBefore, int rowsPerBatch, BufferAllocator parent)
            throws IOException {
        Objects.requireNonNull(file, "file");
        this.table = Objects.requireNonNull(table, "table");
        if (table.hasVector()) {
            throw new IllegalArgumentException("table " + table.kind() + " has a vector column: write it with a"
                    + " VectorTableWriter");
        }
        if (rowsPerBatch < 1) {
            throw new IllegalArgumentException("rowsPerBatch is " + rowsPerBatch + "; it must be at least 1");
        }
        this.rowsPerBatch = rowsPerBatch;
        this.pending = new ArrayList<>(Math.min(rowsPerBatch, 4096));
        this.out = continueAt < 0 ? StreamOutput.create(file, schema, parent, table.kind() + "-writer")
                : StreamOutput.continueAfter(file, schema, continueAt, parent, table.kind() + "-writer");
        this.rowsWritten = rowsBefore;
        LOG.debug("writing {} to {}, {} rows per batch", table.kind(), file, rowsPerBatch);
    }

    /** @return the table */
    public TableSchema table() {
        return table;
    }

    /**
     * Buffers a row; writes a record batch when {@code rowsPerBatch} rows are pending.
     *
     * @param cells one cell per scalar column, in the table's order (see {@link TableSchema#index})
     * @throws IllegalArgumentException if a cell does not fit its column
     * @throws IOException              if writing a batch fails
     * @throws IllegalStateException    if the writer is closed
     */
    public synchronized void append(Object[] cells) throws IOException {
        table.checkCells(cells);
        ensureOpen();
        pending.add(cells.clone());
        if (pending.size() >= rowsPerBatch) {
            writePending();
        }
    }

    /** Writes the pending rows as one record batch (nothing if none is pending). */
    public synchronized void flush() throws IOException {
        ensureOpen();
        writePending();
    }

    /** @return the number of rows written to the file so far (not counting pending ones) */
    public synchronized long rowsWritten() {
        return rowsWritten;
    }

    /** @return the number of rows buffered and not yet written */
    public synchronized int rowsPending() {
        return pending.size();
    }

    /** Writes the pending rows and the end-of-stream marker, closes the file, releases the memory. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (out.isClosed()) {
            return;
        }
        try {
            writePending();
        } catch (IOException | RuntimeException e) {
            out.abandon();
            throw e;
        }
        out.close();
        LOG.debug("closed {} after {} rows", out.file(), rowsWritten);
    }

    /** Releases the file and memory without writing pending rows or the end-of-stream marker (after a failure). */
    public synchronized void abandon() {
        pending.clear();
        out.abandon();
    }

    private void ensureOpen() {
        if (out.isClosed()) {
            throw new IllegalStateException("the " + table.kind() + " writer of " + out.file() + " is closed");
        }
    }

    private void writePending() throws IOException {
        int n = pending.size();
        if (n == 0) {
            return;
        }
        FieldVector[] vectors = Cells.vectors(out.root(), table);
        for (FieldVector vector : vectors) {
            ((FixedWidthVector) vector).allocateNew(n);
        }
        for (int i = 0; i < n; i++) {
            Object[] cells = pending.get(i);
            for (int c = 0; c < vectors.length; c++) {
                Cells.set(vectors[c], table.scalars().get(c).type(), i, cells[c]);
            }
        }
        for (FieldVector vector : vectors) {
            vector.setValueCount(n);
        }
        out.writeBatch(n);
        rowsWritten += n;
        pending.clear();
    }
}
