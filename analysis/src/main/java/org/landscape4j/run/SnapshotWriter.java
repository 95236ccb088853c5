package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes parameter snapshots to {@link RunFiles#SNAPSHOTS}: a {@link VectorTableWriter} of
 * {@link Snapshot#TABLE}, one row per record batch, θ copied straight into Arrow's buffer. Thread-safe.
 */
public final class SnapshotWriter implements RunStream {

    private final VectorTableWriter table;

    /**
     * Creates (or truncates) the file and writes the schema.
     *
     * @param file           the snapshots file, usually {@code runDir.resolve(RunFiles.SNAPSHOTS)}
     * @param parameterCount P, 1 to {@code Integer.MAX_VALUE / 4}
     * @param runId          the run id written into the schema metadata, or null
     * @param parent         the allocator to take a child of, or null for a child of the process's root
     */
    public SnapshotWriter(Path file, int parameterCount, String runId, BufferAllocator parent) throws IOException {
        this.table = VectorTableWriter.create(file, Snapshot.TABLE, parameterCount,
                runId == null ? Map.of() : Map.of(RunFiles.RUN_ID_KEY, runId), parent);
    }

    /** Writes one snapshot of exactly P values. */
    public void write(long iteration, int epoch, double score, float[] params) throws IOException {
        table.write(Snapshot.cells(iteration, epoch, score), params);
    }

    /** Writes one snapshot from an ND4J vector of any type and stride (rounded to float), without a heap copy. */
    public void write(long iteration, int epoch, double score, INDArray params) throws IOException {
        table.write(Snapshot.cells(iteration, epoch, score), params);
    }

    /** @return P */
    public int parameterCount() {
        return table.vectorLength();
    }

    /** @return the number of snapshots written so far */
    public long snapshotsWritten() {
        return table.rowsWritten();
    }

    @Override
    public long rowsWritten() {
        return table.rowsWritten();
    }

    /** Writes the end-of-stream marker and closes the file. Idempotent. */
    @Override
    public void close() throws IOException {
        table.close();
    }

    /** Releases the file without the end-of-stream marker (after a failure). */
    public void abandon() {
        table.abandon();
    }
}
