package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedWidthVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link MetricRow}s to {@link RunFiles#METRICS} as an Arrow IPC stream, {@code rowsPerBatch} rows per
 * record batch. Rows are buffered on the heap until a batch is full or {@link #flush()} is called; each batch
 * goes to the operating system at once, so a killed run keeps every batch written before.
 *
 * <p>Thread-safe: every method synchronizes, so that a JVM shutdown hook may {@link #close()} the writer
 * while training still appends from another thread. After {@code close()} further calls fail.
 */
public final class MetricsWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsWriter.class);

    private final StreamOutput out;
    private final int rowsPerBatch;
    private final List<MetricRow> pending;
    private long rowsWritten;

    /**
     * Creates (or truncates) the file and writes the schema.
     *
     * @param file         the metrics file, usually {@code runDir.resolve(RunFiles.METRICS)}
     * @param parent       the allocator to take a child allocator of, or null to own a root allocator
     * @param rowsPerBatch rows per record batch, at least 1; larger batches cost less space, smaller ones lose
     *                     fewer rows when the run is killed
     * @throws IllegalArgumentException if {@code rowsPerBatch < 1}
     * @throws IOException              if the file cannot be created
     */
    public MetricsWriter(Path file, BufferAllocator parent, int rowsPerBatch) throws IOException {
        Objects.requireNonNull(file, "file");
        if (rowsPerBatch < 1) {
            throw new IllegalArgumentException("rowsPerBatch is " + rowsPerBatch + "; it must be at least 1");
        }
        this.rowsPerBatch = rowsPerBatch;
        this.pending = new ArrayList<>(Math.min(rowsPerBatch, 4096));
        this.out = new StreamOutput(file, MetricsSchema.SCHEMA, parent, "metrics-writer");
        LOG.debug("writing metrics to {}, {} rows per batch", file, rowsPerBatch);
    }

    /**
     * Buffers a row; writes a record batch when {@code rowsPerBatch} rows are pending.
     *
     * @param row the row
     * @throws IOException           if writing a batch fails
     * @throws IllegalStateException if the writer is closed
     */
    public synchronized void append(MetricRow row) throws IOException {
        Objects.requireNonNull(row, "row");
        ensureOpen();
        pending.add(row);
        if (pending.size() >= rowsPerBatch) {
            writePending();
        }
    }

    /**
     * Writes the pending rows as one record batch (nothing if none is pending).
     *
     * @throws IOException           if writing fails
     * @throws IllegalStateException if the writer is closed
     */
    public synchronized void flush() throws IOException {
        ensureOpen();
        writePending();
    }

    /** @return the number of rows written to the file so far (not counting pending ones) */
    public synchronized long rowsWritten() {
        return rowsWritten;
    }

    /**
     * Writes the pending rows and the end-of-stream marker, closes the file and releases all Arrow memory.
     * Closing again does nothing.
     *
     * @throws IOException if writing fails (the Arrow memory is released all the same)
     */
    @Override
    public synchronized void close() throws IOException {
        if (out.isClosed()) {
            return;
        }
        try {
            writePending();
        } finally {
            out.close();
        }
        LOG.debug("closed {} after {} rows", out.file(), rowsWritten);
    }

    private void ensureOpen() {
        if (out.isClosed()) {
            throw new IllegalStateException("the metrics writer of " + out.file() + " is closed");
        }
    }

    private void writePending() throws IOException {
        int n = pending.size();
        if (n == 0) {
            return;
        }
        VectorSchemaRoot root = out.root();
        for (FieldVector vector : root.getFieldVectors()) {
            ((FixedWidthVector) vector).allocateNew(n);
        }
        BigIntVector iteration = (BigIntVector) root.getVector(MetricsSchema.ITERATION);
        IntVector epoch = (IntVector) root.getVector(MetricsSchema.EPOCH);
        IntVector batchSize = (IntVector) root.getVector(MetricsSchema.BATCH_SIZE);
        Float8Vector[] base = doubles(root, MetricsSchema.BASE_DOUBLES);
        Float8Vector[] curvature = doubles(root, MetricsSchema.CURVATURE_DOUBLES);
        BitVector ill = (BitVector) root.getVector(MetricsSchema.ILL_CONDITIONED);
        for (int i = 0; i < n; i++) {
            MetricRow row = pending.get(i);
            // set(i, v) sets the validity bit too: every non-null cell must have it, or other readers see null
            iteration.set(i, row.iteration());
            epoch.set(i, row.epoch());
            batchSize.set(i, row.batchSize());
            double[] values = {row.score(), row.gradientNorm(), row.updateNorm(), row.learningRate(),
                row.wallTimeSeconds()};
            for (int c = 0; c < base.length; c++) {
                base[c].set(i, values[c]);
            }
            Curvature k = row.curvature();
            double[] kv = k == null ? null : k.values();
            for (int c = 0; c < curvature.length; c++) {
                if (kv == null || Double.isNaN(kv[c])) {
                    curvature[c].setNull(i);
                } else {
                    curvature[c].set(i, kv[c]);
                }
            }
            if (k == null || k.illConditioned() == null) {
                ill.setNull(i);
            } else {
                ill.set(i, k.illConditioned() ? 1 : 0);
            }
        }
        for (FieldVector vector : root.getFieldVectors()) {
            vector.setValueCount(n);
        }
        out.writeBatch(n);
        rowsWritten += n;
        pending.clear();
    }

    private static Float8Vector[] doubles(VectorSchemaRoot root, List<String> names) {
        Float8Vector[] vectors = new Float8Vector[names.size()];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (Float8Vector) root.getVector(names.get(i));
        }
        return vectors;
    }
}
