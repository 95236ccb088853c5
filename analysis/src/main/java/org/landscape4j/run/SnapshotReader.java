package org.landscape4j.run;

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
 * Streams {@code snapshots.arrows}: one record batch in memory at a time, one {@code float[P]} per snapshot
 * handed out, so a trajectory of T snapshots never needs T·P floats. Single pass.
 */
public final class SnapshotReader implements Iterable<Snapshot>, AutoCloseable {

    private final ArrowStreamFile stream;
    private final int parameterCount;
    private boolean iterated;

    private SnapshotReader(ArrowStreamFile stream, int parameterCount) {
        this.stream = stream;
        this.parameterCount = parameterCount;
    }

    /** @throws RunFormatException if the file is missing, foreign or has another schema */
    public static SnapshotReader open(Path file) throws RunFormatException {
        return open(file, null);
    }

    /**
     * @param parent the allocator to take the reader's child allocator from (its limit caps the memory reading
     *               may hold: one record batch), or null for a private root allocator
     * @throws RunFormatException if the file is missing, foreign or has another schema
     */
    public static SnapshotReader open(Path file, BufferAllocator parent) throws RunFormatException {
        int[] count = {-1};
        ArrowStreamFile stream = ArrowStreamFile.open(file, "snapshots", schema -> {
            count[0] = SnapshotSchema.parameterCount(schema);
            if (count[0] < 0) {
                return "it has no params column of type FixedSizeList<float32>";
            }
            return ArrowStreamFile.checkFields(schema, SnapshotSchema.fields(count[0]));
        }, parent);
        return new SnapshotReader(stream, Math.max(count[0], 0));
    }

    /** @return P; 0 for a stream truncated before its schema */
    public int parameterCount() {
        return parameterCount;
    }

    @Override
    public Iterator<Snapshot> iterator() {
        if (iterated) {
            throw new IllegalStateException("a SnapshotReader is read once; open the file again");
        }
        iterated = true;
        return new Iterator<>() {
            private int row;
            private boolean loaded;

            @Override
            public boolean hasNext() {
                while (!loaded || row >= stream.root().getRowCount()) {
                    if (!stream.next()) {
                        return false;
                    }
                    loaded = true;
                    row = 0;
                }
                return true;
            }

            @Override
            public Snapshot next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                VectorSchemaRoot root = stream.root();
                FixedSizeListVector list = (FixedSizeListVector) root.getVector(3);
                Float4Vector values = (Float4Vector) list.getDataVector();
                float[] params = new float[parameterCount];
                int base = row * parameterCount;
                for (int i = 0; i < parameterCount; i++) {
                    params[i] = values.get(base + i);
                }
                Snapshot snapshot = new Snapshot(((BigIntVector) root.getVector(0)).get(row),
                        ((IntVector) root.getVector(1)).get(row), ((Float8Vector) root.getVector(2)).get(row),
                        params);
                row++;
                return snapshot;
            }
        };
    }

    /** @return true if the stream ended early; valid once iteration has ended */
    public boolean truncated() {
        return stream.truncation() != null;
    }

    /** @return why the stream ended early, naming the file; null if it did not */
    public String truncationDetail() {
        return stream.truncation();
    }

    @Override
    public void close() {
        stream.close();
    }
}
