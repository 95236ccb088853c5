package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes {@code snapshots.arrows}: one record batch of one row per snapshot, written straight to the file, so
 * that a killed run keeps every complete snapshot. Memory: one P-float row buffer. Thread-safe.
 */
public final class SnapshotWriter implements AutoCloseable {

    private final Path file;
    private final int parameterCount;
    private final ArrowStreamSink sink;
    private long written;

    /**
     * @param parameterCount P, at least 1
     * @param parent         the allocator to take a child from, or null to own a root allocator
     */
    public SnapshotWriter(Path file, int parameterCount, BufferAllocator parent) throws IOException {
        if (parameterCount < 1) {
            throw new IllegalArgumentException("a snapshot needs at least 1 parameter, got " + parameterCount);
        }
        this.file = file;
        this.parameterCount = parameterCount;
        this.sink = new ArrowStreamSink(file, SnapshotSchema.schema(parameterCount), parent, "snapshots");
    }

    /** Writes one snapshot from a float array of length P. */
    public synchronized void write(long iteration, int epoch, double score, float[] params) throws IOException {
        checkLength(params.length);
        VectorSchemaRoot root = sink.root();
        FixedSizeListVector list = (FixedSizeListVector) root.getVector(3);
        list.setInitialCapacity(1);               // the child gets exactly P floats, not Arrow's default rows' worth
        root.allocateNew();
        ((BigIntVector) root.getVector(0)).setSafe(0, iteration);
        ((IntVector) root.getVector(1)).setSafe(0, epoch);
        ((Float8Vector) root.getVector(2)).setSafe(0, score);
        list.setNotNull(0);
        Float4Vector values = (Float4Vector) list.getDataVector();
        values.setValueCount(parameterCount);     // grows the child to P values when needed
        for (int i = 0; i < parameterCount; i++) {
            values.set(i, params[i]);             // set() also marks the value valid (a bulk copy would not)
        }
        root.setRowCount(1);
        sink.writeBatch();
        written++;
    }

    /** Writes one snapshot from a vector of length P of any floating type (cast to float32). */
    public synchronized void write(long iteration, int epoch, double score, INDArray params) throws IOException {
        checkLength(params.length());
        INDArray floats = params.dataType() == DataType.FLOAT ? params : params.castTo(DataType.FLOAT);
        write(iteration, epoch, score, floats.reshape(floats.length()).toFloatVector());
    }

    private void checkLength(long length) {
        if (length != parameterCount) {
            throw new IllegalArgumentException("a snapshot of " + file.getFileName() + " needs " + parameterCount
                    + " parameters, got " + length);
        }
    }

    /** @return the snapshots written so far */
    public synchronized long snapshotsWritten() {
        return written;
    }

    /** Writes the end-of-stream marker and releases every Arrow buffer. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        sink.close();
    }
}
