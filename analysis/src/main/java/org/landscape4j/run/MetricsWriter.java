package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Writes {@link MetricRow}s to {@link RunFiles#METRICS}: a {@link RowStreamWriter} of {@link MetricRow#TABLE},
 * {@code rowsPerBatch} rows per record batch. Thread-safe.
 */
public final class MetricsWriter implements RunStream {

    private final RowStreamWriter rows;

    /**
     * Creates (or truncates) the file and writes the schema.
     *
     * @param file         the metrics file, usually {@code runDir.resolve(RunFiles.METRICS)}
     * @param runId        the run id written into the schema metadata, or null
     * @param rowsPerBatch rows per record batch, at least 1
     * @param parent       the allocator to take a child of, or null for a child of the process's root
     */
    public MetricsWriter(Path file, String runId, int rowsPerBatch, BufferAllocator parent) throws IOException {
        this.rows = new RowStreamWriter(file, MetricRow.TABLE, runId == null ? Map.of()
                : Map.of(RunFiles.RUN_ID_KEY, runId), rowsPerBatch, parent);
    }

    /** Buffers a row; writes a record batch when {@code rowsPerBatch} rows are pending. */
    public void append(MetricRow row) throws IOException {
        rows.append(row.toCells());
    }

    /** Writes the pending rows as one record batch (nothing if none is pending). */
    public void flush() throws IOException {
        rows.flush();
    }

    /** @return the number of rows written to the file so far (not counting pending ones) */
    public long rowsWritten() {
        return rows.rowsWritten();
    }

    /** Writes the pending rows and the end-of-stream marker, closes the file. Idempotent. */
    @Override
    public void close() throws IOException {
        rows.close();
    }

    /** Releases the file without the end-of-stream marker (after a failure). */
    public void abandon() {
        rows.abandon();
    }
}
