package org.landscape4j.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads the snapshots of {@link RunFiles#SNAPSHOTS} (a {@link VectorTableReader} of {@link Snapshot#TABLE}):
 * the count at once from the file's framing, snapshot k without reading the ones before it, a range of a snapshot's
 * parameters without reading the rest of it, the iterations of all without decoding any θ, or all of them streamed
 * in O(P) memory.
 */
public final class SnapshotReader implements Iterable<Snapshot>, AutoCloseable {

    private final VectorTableReader table;

    private SnapshotReader(VectorTableReader table) {
        this.table = table;
    }

    /**
     * @param file the snapshots file
     * @return a reader; close it
     * @throws RunFormatException if the file is missing, not regular, not a snapshots stream, or corrupt
     */
    public static SnapshotReader open(Path file) throws IOException {
        return open(file, null, false);
    }

    /**
     * @param file           the snapshots file
     * @param parent         the allocator to take a child of, or null for a child of the process's root
     * @param closedByWriter true if the run's manifest says its streams were closed (see {@link RunStatus})
     * @return a reader; close it
     */
    public static SnapshotReader open(Path file, BufferAllocator parent, boolean closedByWriter) throws IOException {
        return new SnapshotReader(VectorTableReader.open(file, Snapshot.TABLE, parent, closedByWriter));
    }

    /** @return P, the length of every snapshot, or -1 if the file ends before its schema is complete */
    public int parameterCount() {
        return table.vectorLength();
    }

    /** @return the number of complete snapshots, from the file's framing (no θ is decoded) */
    public int count() {
        return table.rowCount();
    }

    /** @return the schema metadata (run id, format version, P) */
    public Map<String, String> metadata() {
        return table.metadata();
    }

    /** @return snapshot k (0-based; negative k counts from the end, -1 the last), reading only its bytes */
    public Snapshot read(int k) throws IOException {
        return Snapshot.from(table.read(index(k)));
    }

    /**
     * Reads θ<sub>from</sub> .. θ<sub>to−1</sub> of snapshot k into {@code into[0, to − from)}, reading only those
     * bytes of the file ({@link VectorTableReader#readRange}): streaming the snapshots by column chunks this way reads
     * each byte once and never holds a whole snapshot.
     *
     * @param k    the snapshot (0-based; negative k counts from the end, -1 the last)
     * @param from the first parameter, 0 ≤ from ≤ to ≤ P
     * @param to   one past the last parameter
     * @param into at least to − from floats
     * @throws RunFormatException if the snapshot's record batch is corrupt (naming the file and the batch)
     */
    public void readRange(int k, int from, int to, float[] into) throws IOException {
        if (to < from) {
            throw new IndexOutOfBoundsException("parameters [" + from + ", " + to + ") of " + table.file()
                    + ": the range ends before it starts; give from <= to");
        }
        table.readRange(index(k), from, into, 0, to - from);
    }

    private int index(int k) {
        int index = k < 0 ? count() + k : k;
        if (index < 0 || index >= count()) {
            throw new IndexOutOfBoundsException("snapshot " + k + " does not exist: " + table.file() + " holds "
                    + count() + " snapshots (0 to " + (count() - 1) + ", or -1 to -" + count() + " from the end)");
        }
        return index;
    }

    /**
     * @return the iteration, epoch and score of snapshot k (negative k counts from the end), from the few bytes
     *         that hold them (θ is not decoded)
     */
    public ScalarRow scalars(int k) throws IOException {
        return table.scalars(index(k));
    }

    /** @return the iteration, epoch and score of every snapshot, without decoding any θ */
    public List<ScalarRow> scalars() throws IOException {
        return table.allScalars();
    }

    /**
     * @return a single-pass iterator over the snapshots in file order, each with a fresh {@code params} array; a
     *         snapshot that cannot be decoded ends it with an {@link UncheckedIOException} around the
     *         {@link RunFormatException}
     */
    @Override
    public Iterator<Snapshot> iterator() {
        Iterator<VectorRow> rows = table.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Snapshot next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return Snapshot.from(rows.next());
            }
        };
    }

    /** @return true if the file lacks its end-of-stream marker (writer killed or still running) */
    public boolean truncated() {
        return table.truncated();
    }

    /** @return what is missing, naming the file, or null if the file is complete */
    public String truncationDetail() {
        return table.truncationDetail();
    }

    /** Releases the file and all Arrow memory. Idempotent. */
    @Override
    public void close() {
        table.close();
    }

}
