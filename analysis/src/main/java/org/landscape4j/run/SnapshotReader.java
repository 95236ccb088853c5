package org.landscape4j.run;

import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;

/**
 * Streams the snapshots of {@link RunFiles#SNAPSHOTS}: one record batch is held in memory at a time, so a
 * trajectory of any length is read in O(P) memory (plus the arrays the caller keeps).
 *
 * <p>A stream cut at any byte yields the snapshots of its complete record batches; {@link #truncated()} says
 * whether the file lacks its end-of-stream marker. The framing is checked when the file is opened, so both
 * are known before iterating. A complete batch that cannot be decoded ends the iteration with an
 * {@link UncheckedIOException} whose cause is a {@link RunFormatException}.
 *
 * <p>Not thread-safe. {@link #iterator()} may be called once.
 */
public final class SnapshotReader implements Iterable<Snapshot>, AutoCloseable {

    private final Path file;
    private final StreamInput in;
    private final int parameterCount;
    private boolean iterated;
    private boolean closed;

    private SnapshotReader(Path file, StreamInput in, int parameterCount) {
        this.file = file;
        this.in = in;
        this.parameterCount = parameterCount;
    }

    /**
     * @param file the snapshots file
     * @return a reader positioned before the first snapshot; close it
     * @throws RunFormatException if the file is missing, not an Arrow IPC stream, or not a snapshots file
     */
    public static SnapshotReader open(Path file) throws RunFormatException {
        return open(file, null);
    }

    /**
     * @param file   the snapshots file
     * @param parent the allocator to take a child allocator of, or null to use a private root allocator
     * @return a reader positioned before the first snapshot; close it
     * @throws RunFormatException as {@link #open(Path)}
     */
    public static SnapshotReader open(Path file, BufferAllocator parent) throws RunFormatException {
        StreamInput in = StreamInput.open(file, parent);
        try {
            int p = in.schema() == null ? -1 : SnapshotSchema.check(file, in.schema());
            return new SnapshotReader(file, in, p);
        } catch (RunFormatException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** @return P, the length of every snapshot, or -1 if the file ends before its schema is complete */
    public int parameterCount() {
        return parameterCount;
    }

    /**
     * @return a single-pass iterator over the snapshots in file order; each has a fresh {@code params} array
     * @throws IllegalStateException if called a second time or after {@link #close()}
     */
    @Override
    public Iterator<Snapshot> iterator() {
        if (closed) {
            throw new IllegalStateException("the snapshot reader of " + file + " is closed");
        }
        if (iterated) {
            throw new IllegalStateException("the snapshots of " + file
                    + " can be iterated once per reader; open another reader to read them again");
        }
        iterated = true;
        return new Iterator<>() {
            private int row;
            private int rows;
            private boolean ended;

            @Override
            public boolean hasNext() {
                while (!ended && row >= rows) {
                    if (closed) {
                        throw new IllegalStateException("the snapshot reader of " + file + " is closed");
                    }
                    try {
                        if (in.loadNextBatch()) {
                            rows = in.root().getRowCount();
                            row = 0;
                        } else {
                            ended = true;
                        }
                    } catch (RunFormatException e) {
                        ended = true;
                        throw new UncheckedIOException(e);
                    }
                }
                return !ended;
            }

            @Override
            public Snapshot next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("no further snapshot in " + file);
                }
                try {
                    return read(row++);
                } catch (RunFormatException e) {
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

    /**
     * Releases the file and all Arrow memory. Closing again does nothing.
     *
     * @throws IllegalStateException if Arrow memory leaked (a bug)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        in.close();
    }

    private Snapshot read(int index) throws RunFormatException {
        VectorSchemaRoot root = in.root();
        BigIntVector iteration = (BigIntVector) root.getVector(SnapshotSchema.ITERATION);
        IntVector epoch = (IntVector) root.getVector(SnapshotSchema.EPOCH);
        Float8Vector score = (Float8Vector) root.getVector(SnapshotSchema.SCORE);
        FixedSizeListVector params = (FixedSizeListVector) root.getVector(SnapshotSchema.PARAMS);
        Float4Vector values = (Float4Vector) params.getDataVector();
        if (iteration.isNull(index) || epoch.isNull(index) || score.isNull(index) || params.isNull(index)) {
            throw new RunFormatException(file, "a snapshot row holds a null in iteration, epoch, score or params;"
                    + " none of them may be null");
        }
        long it = iteration.get(index);
        if (index == 0 && values.getNullCount() > 0) {
            throw new RunFormatException(file, "the params of the snapshot at iteration " + it + " hold "
                    + values.getNullCount() + " nulls; every parameter must be a value (its validity bit set)");
        }
        float[] theta = new float[parameterCount];
        values.getDataBuffer().nioBuffer((long) index * parameterCount * Float.BYTES, parameterCount * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(theta);
        return new Snapshot(it, epoch.get(index), score.get(index), theta);
    }
}
