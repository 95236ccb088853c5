package org.landscape4j.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * Writes {@code metrics.arrows}: rows are buffered and written as one record batch when {@code rowsPerBatch}
 * are pending or on {@link #flush()}; each batch goes straight to the file (no user-space buffer), so a kill
 * loses at most the pending rows. Thread-safe.
 */
public final class MetricsWriter implements AutoCloseable {

    static {
        ArrowRuntime.configure();
    }

    private final Path file;
    private final BufferAllocator allocator;
    private final FileChannel channel;
    private final VectorSchemaRoot root;
    private final ArrowStreamWriter writer;
    private final int rowsPerBatch;
    private final List<MetricRow> pending = new ArrayList<>();
    private long rowsWritten;
    private boolean closed;

    /**
     * @param parent       the allocator to take a child from, or null to own a root allocator
     * @param rowsPerBatch rows per record batch, at least 1
     */
    public MetricsWriter(Path file, BufferAllocator parent, int rowsPerBatch) throws IOException {
        if (rowsPerBatch < 1) {
            throw new IllegalArgumentException("rowsPerBatch must be at least 1, got " + rowsPerBatch);
        }
        this.file = file;
        this.rowsPerBatch = rowsPerBatch;
        this.allocator = parent == null ? new RootAllocator() : parent.newChildAllocator("metrics", 0, Long.MAX_VALUE);
        FileChannel opened = null;
        VectorSchemaRoot createdRoot = null;
        try {
            opened = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            createdRoot = VectorSchemaRoot.create(MetricsSchema.SCHEMA, allocator);
            ArrowStreamWriter created = new ArrowStreamWriter(createdRoot, null, opened);
            created.start();
            this.channel = opened;
            this.root = createdRoot;
            this.writer = created;
        } catch (IOException | RuntimeException e) {
            if (createdRoot != null) {
                createdRoot.close();
            }
            if (opened != null) {
                opened.close();
            }
            allocator.close();
            throw e;
        }
    }

    /** Buffers a row; writes a record batch when {@code rowsPerBatch} rows are pending. */
    public synchronized void append(MetricRow row) throws IOException {
        ensureOpen();
        pending.add(row);
        if (pending.size() >= rowsPerBatch) {
            flush();
        }
    }

    /** Writes the pending rows as one record batch (nothing if none). */
    public synchronized void flush() throws IOException {
        ensureOpen();
        writePending();
    }

    private void writePending() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        root.allocateNew();
        for (int i = 0; i < pending.size(); i++) {
            MetricsSchema.set(root, i, pending.get(i));
        }
        root.setRowCount(pending.size());
        writer.writeBatch();
        rowsWritten += pending.size();
        pending.clear();
        root.clear();
    }

    /** @return the rows written to the file so far (pending rows excluded) */
    public synchronized long rowsWritten() {
        return rowsWritten;
    }

    /** Flushes, writes the end-of-stream marker and releases every Arrow buffer. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writePending();
            writer.end();
        } finally {
            writer.close();
            root.close();
            channel.close();
            allocator.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException(file + ": the metrics writer is closed");
        }
    }
}
