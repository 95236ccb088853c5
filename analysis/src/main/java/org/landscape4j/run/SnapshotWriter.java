package org.landscape4j.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes parameter snapshots to {@link RunFiles#SNAPSHOTS} as an Arrow IPC stream, one record batch of one
 * row per snapshot, each handed to the operating system at once. The vectors are allocated once and reused:
 * a write copies θ straight into the Arrow buffer, with no P-sized intermediate array.
 *
 * <p>Thread-safe: every method synchronizes, so that a JVM shutdown hook may {@link #close()} the writer
 * while training still writes from another thread. After {@code close()} further writes fail.
 */
public final class SnapshotWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);

    private final StreamOutput out;
    private final int parameterCount;
    private final BigIntVector iteration;
    private final IntVector epoch;
    private final Float8Vector score;
    private final FixedSizeListVector params;
    private final Float4Vector values;
    private long snapshotsWritten;

    /**
     * Creates (or truncates) the file and writes the schema.
     *
     * @param file           the snapshots file, usually {@code runDir.resolve(RunFiles.SNAPSHOTS)}
     * @param parameterCount P, the length of every snapshot, 1 to {@code Integer.MAX_VALUE / 4}
     * @param parent         the allocator to take a child allocator of, or null to own a root allocator
     * @throws IllegalArgumentException if P is out of range
     * @throws IOException              if the file cannot be created
     */
    public SnapshotWriter(Path file, int parameterCount, BufferAllocator parent) throws IOException {
        Objects.requireNonNull(file, "file");
        if (parameterCount < 1 || parameterCount > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalArgumentException("parameterCount is " + parameterCount + "; it must be between 1 and "
                    + Integer.MAX_VALUE / Float.BYTES + " (an Arrow buffer holds at most 2 GiB)");
        }
        this.parameterCount = parameterCount;
        this.out = new StreamOutput(file, SnapshotSchema.schema(parameterCount), parent, "snapshot-writer");
        try {
            VectorSchemaRoot root = out.root();
            iteration = (BigIntVector) root.getVector(SnapshotSchema.ITERATION);
            epoch = (IntVector) root.getVector(SnapshotSchema.EPOCH);
            score = (Float8Vector) root.getVector(SnapshotSchema.SCORE);
            params = (FixedSizeListVector) root.getVector(SnapshotSchema.PARAMS);
            iteration.allocateNew(1);
            epoch.allocateNew(1);
            score.allocateNew(1);
            params.setInitialCapacity(1);
            params.allocateNew();
            values = (Float4Vector) params.getDataVector();
            if (values.getValueCapacity() < parameterCount) {
                throw new IllegalStateException("Arrow allocated room for " + values.getValueCapacity()
                        + " parameters, fewer than P = " + parameterCount);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        LOG.debug("writing snapshots of {} parameters to {}", parameterCount, file);
    }

    /**
     * Writes one snapshot.
     *
     * @param iteration the iteration counter
     * @param epoch     the epoch counter
     * @param score     the training score
     * @param params    θ, exactly P values
     * @throws IllegalArgumentException if {@code params} does not hold P values
     * @throws IOException              if writing fails
     * @throws IllegalStateException    if the writer is closed
     */
    public synchronized void write(long iteration, int epoch, double score, float[] params) throws IOException {
        Objects.requireNonNull(params, "params");
        checkLength(params.length);
        ensureOpen();
        data().asFloatBuffer().put(params);
        writeRow(iteration, epoch, score);
    }

    /**
     * Writes one snapshot from an ND4J vector of any data type (cast to float) and ordering, without copying
     * it to the heap: a contiguous FLOAT vector is copied in one block, others element by element.
     *
     * @param iteration the iteration counter
     * @param epoch     the epoch counter
     * @param score     the training score
     * @param params    θ: a vector (shape [P], [1, P] or [P, 1]) of P values; read, never kept
     * @throws IllegalArgumentException if {@code params} is not a vector of P values
     * @throws IOException              if writing fails
     * @throws IllegalStateException    if the writer is closed
     */
    public synchronized void write(long iteration, int epoch, double score, INDArray params) throws IOException {
        Objects.requireNonNull(params, "params");
        checkLength(params.length());
        if (!params.isVectorOrScalar()) {
            throw new IllegalArgumentException("params has shape " + Arrays.toString(params.shape())
                    + "; expected a vector of shape [" + parameterCount + "], [1, " + parameterCount + "] or ["
                    + parameterCount + ", 1]");
        }
        ensureOpen();
        ByteBuffer target = data();
        if (!copyContiguousFloats(params, target)) {
            DataBuffer source = params.data();
            long stride = vectorStride(params);
            FloatBuffer floats = target.asFloatBuffer();
            for (int i = 0; i < parameterCount; i++) {
                floats.put(i, source.getFloat(i * stride));
            }
        }
        writeRow(iteration, epoch, score);
    }

    /** @return P */
    public int parameterCount() {
        return parameterCount;
    }

    /** @return the number of snapshots written so far */
    public synchronized long snapshotsWritten() {
        return snapshotsWritten;
    }

    /**
     * Writes the end-of-stream marker, closes the file and releases all Arrow memory. Closing again does nothing.
     *
     * @throws IOException if writing fails (the Arrow memory is released all the same)
     */
    @Override
    public synchronized void close() throws IOException {
        if (out.isClosed()) {
            return;
        }
        out.close();
        LOG.debug("closed {} after {} snapshots", out.file(), snapshotsWritten);
    }

    private void checkLength(long length) {
        if (length != parameterCount) {
            throw new IllegalArgumentException("params has " + length + " values, expected P = " + parameterCount
                    + " (the parameter count this snapshot writer was created with)");
        }
    }

    private void ensureOpen() {
        if (out.isClosed()) {
            throw new IllegalStateException("the snapshot writer of " + out.file() + " is closed");
        }
    }

    /** @return the first P floats of the values buffer, as a little-endian view of Arrow's memory */
    private ByteBuffer data() {
        return values.getDataBuffer().nioBuffer(0, parameterCount * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void writeRow(long iterationValue, int epochValue, double scoreValue) throws IOException {
        // The bulk copy above bypasses the vector's setters, which set validity bits: set all P of them here,
        // or other readers (pyarrow, Arrow JS) would see every parameter as null.
        ArrowBuf validity = values.getValidityBuffer();
        int fullBytes = parameterCount / Byte.SIZE;
        validity.setOne(0L, (long) fullBytes);
        for (int i = fullBytes * Byte.SIZE; i < parameterCount; i++) {
            BitVectorHelper.setBit(validity, i);
        }
        params.setNotNull(0);
        iteration.set(0, iterationValue);
        epoch.set(0, epochValue);
        score.set(0, scoreValue);
        iteration.setValueCount(1);
        epoch.setValueCount(1);
        score.setValueCount(1);
        params.setValueCount(1);
        out.writeBatch(1);
        snapshotsWritten++;
    }

    /**
     * Copies a contiguous FLOAT vector in one block from ND4J's native memory. The block is located through
     * {@link DataBuffer#asNio()}, which views the whole allocation from its start, at the vector's offset; the
     * first and last values are checked against ND4J's own accessor, and any doubt falls back to the
     * element-wise copy.
     *
     * @return true if copied
     */
    private boolean copyContiguousFloats(INDArray vector, ByteBuffer target) {
        if (vector.dataType() != DataType.FLOAT || (parameterCount > 1 && vectorStride(vector) != 1)) {
            return false;
        }
        DataBuffer source = vector.data();
        ByteBuffer nio;
        try {
            nio = source.asNio();
        } catch (RuntimeException e) {
            return false;
        }
        long start = vector.offset() * Float.BYTES;
        long end = start + (long) parameterCount * Float.BYTES;
        if (nio == null || start < 0 || end > nio.capacity()) {
            return false;
        }
        ByteBuffer block = nio.duplicate().order(ByteOrder.nativeOrder());
        block.limit((int) end).position((int) start);
        int firstBits = Float.floatToRawIntBits(source.getFloat(0));
        int lastBits = Float.floatToRawIntBits(source.getFloat(parameterCount - 1));
        if (block.getInt((int) start) != firstBits || block.getInt((int) end - Float.BYTES) != lastBits) {
            return false;
        }
        target.put(block);
        return true;
    }

    /** @return the distance in elements between consecutive values of a vector */
    private static long vectorStride(INDArray vector) {
        if (vector.rank() == 0 || vector.length() == 1) {
            return 1;
        }
        long[] shape = vector.shape();
        long[] stride = vector.stride();
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] == vector.length()) {
                return stride[axis];
            }
        }
        throw new IllegalArgumentException("params of shape " + Arrays.toString(shape) + " is not a vector");
    }
}
