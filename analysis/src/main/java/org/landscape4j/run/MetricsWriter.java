package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes {@code metrics.arrows}: rows are buffered and written as one record batch when {@code rowsPerBatch}
 * are pending or on {@link #flush()}; each batch goes straight to the file (no user-space buffer), so a kill
 * loses at most the pending rows. Thread-safe.
 */
public final class MetricsWriter implements AutoCloseable {

    private final ArrowStreamSink sink;
    private final int rowsPerBatch;
    private final List<MetricRow> pending = new ArrayList<>();
    private long rowsWritten;

    /**
     * @param parent       the allocator to take a child from, or null to own a root allocator
     * @param rowsPerBatch rows per record batch, at least 1
     */
    public MetricsWriter(Path file, BufferAllocator parent, int rowsPerBatch) throws IOException {
        if (rowsPerBatch < 1) {
            throw new IllegalArgumentException("rowsPerBatch must be at least 1, got " + rowsPerBatch);
        }
        this.rowsPerBatch = rowsPerBatch;
        this.sink = new ArrowStreamSink(file, MetricsSchema.SCHEMA, parent, "metrics");
    }

    /** Buffers a row; writes a record batch when {@code rowsPerBatch} rows are pending. */
    public synchronized void append(MetricRow row) throws IOException {
        sink.root();                                   // refuses a closed writer
        pending.add(row);
        if (pending.size() >= rowsPerBatch) {
            flush();
        }
    }

    /** Writes the pending rows as one record batch (nothing if none). */
    public synchronized void flush() throws IOException {
        VectorSchemaRoot root = sink.root();
        if (pending.isEmpty()) {
            return;
        }
        root.allocateNew();
        for (int i = 0; i < pending.size(); i++) {
            MetricsSchema.set(root, i, pending.get(i));
        }
        root.setRowCount(pending.size());
        sink.writeBatch();
        rowsWritten += pending.size();
        pending.clear();
    }

    /** @return the rows written to the file so far (pending rows excluded) */
    public synchronized long rowsWritten() {
        return rowsWritten;
    }

    /** Flushes, writes the end-of-stream marker and releases every Arrow buffer. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (sink.isClosed()) {
            return;
        }
        try {
            flush();
        } finally {
            sink.close();
        }
    }
}
