package org.landscape4j.trajectory;

import java.io.IOException;
import java.util.Objects;
import org.landscape4j.run.SnapshotReader;

/**
 * Random access to the T parameter vectors of a trajectory, one at a time or a range of parameters at a time: what
 * every trajectory analysis reads. A source never holds the T×P matrix for the analyses; {@link #of(SnapshotReader)}
 * reads each snapshot (or range of one) from disk when asked (a snapshots.arrows file of a run),
 * {@link #inMemory(float[][])} wraps vectors the caller already holds (small cases, tests).
 */
public interface SnapshotSource {

    /** @return T, the number of snapshots */
    int count();

    /** @return P, the length of every snapshot */
    int parameterCount();

    /**
     * @param index 0 to {@link #count()} − 1
     * @return θ of that snapshot, P floats; the caller may keep the array but must not modify it (an in-memory
     *         source hands out its own, a reader a fresh one)
     */
    float[] read(int index) throws IOException;

    /** @return the training iteration of the snapshot (its index when unknown) */
    long iteration(int index) throws IOException;

    /**
     * Reads parameters [from, to) of a snapshot into {@code into[0, to − from)}: what the analyses that stream the
     * snapshots by column chunks call ({@link ColumnChunks}). This default reads the whole snapshot ({@link #read}) and
     * copies the range, which costs nothing for a source that hands out arrays it holds; {@link #of(SnapshotReader)}
     * reads only the range's bytes from the file.
     *
     * @param index 0 to {@link #count()} − 1
     * @param from  the first parameter, 0 ≤ from ≤ to ≤ P
     * @param to    one past the last parameter
     * @param into  at least to − from floats
     * @throws IllegalArgumentException  if the snapshot does not hold P values
     * @throws IndexOutOfBoundsException if the range lies outside [0, P) or does not fit {@code into}
     */
    default void readRange(int index, int from, int to, float[] into) throws IOException {
        float[] row = read(index);
        if (row.length != parameterCount()) {
            throw new IllegalArgumentException("snapshot " + index + " holds " + row.length + " values, expected P = "
                    + parameterCount());
        }
        if (from < 0 || to < from || to > row.length || to - from > into.length) {
            throw new IndexOutOfBoundsException("parameters [" + from + ", " + to + ") of snapshot " + index
                    + " into " + into.length + " floats: give 0 <= from <= to <= P = " + row.length + " and room for"
                    + " to - from values");
        }
        System.arraycopy(row, from, into, 0, to - from);
    }

    /**
     * @param reader an open snapshots reader; not closed by the source
     * @return its complete snapshots, each read from disk when asked
     */
    static SnapshotSource of(SnapshotReader reader) {
        Objects.requireNonNull(reader, "reader");
        int count = reader.count();
        int p = reader.parameterCount();
        return new SnapshotSource() {
            @Override
            public int count() {
                return count;
            }

            @Override
            public int parameterCount() {
                return p;
            }

            @Override
            public float[] read(int index) throws IOException {
                return reader.read(checkIndex(index, count)).params();
            }

            @Override
            public long iteration(int index) throws IOException {
                return reader.scalars(checkIndex(index, count)).getLong(org.landscape4j.run.Snapshot.ITERATION);
            }

            @Override
            public void readRange(int index, int from, int to, float[] into) throws IOException {
                reader.readRange(checkIndex(index, count), from, to, into);
            }
        };
    }

    /**
     * @param rows T vectors of equal length P (not copied); the iterations are 0, 1, ..., T − 1
     * @return a source over them
     */
    static SnapshotSource inMemory(float[][] rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.length == 0) {
            throw new IllegalArgumentException("a trajectory needs at least one snapshot, got none");
        }
        int p = rows[0].length;
        for (int t = 0; t < rows.length; t++) {
            if (rows[t].length != p) {
                throw new IllegalArgumentException("snapshot " + t + " holds " + rows[t].length + " values, snapshot 0"
                        + " holds " + p + ": every snapshot must have the same length P");
            }
        }
        return new SnapshotSource() {
            @Override
            public int count() {
                return rows.length;
            }

            @Override
            public int parameterCount() {
                return p;
            }

            @Override
            public float[] read(int index) {
                return rows[checkIndex(index, rows.length)];
            }

            @Override
            public long iteration(int index) {
                return checkIndex(index, rows.length);
            }
        };
    }

    /**
     * @param selection which snapshots to keep
     * @return the selected snapshots of this source, renumbered 0 to n − 1 in order
     * @throws IllegalArgumentException if the selection is empty for this source
     */
    default SnapshotSource select(SnapshotSelection selection) {
        int[] indices = selection.indices(count());
        SnapshotSource parent = this;
        return new SnapshotSource() {
            @Override
            public int count() {
                return indices.length;
            }

            @Override
            public int parameterCount() {
                return parent.parameterCount();
            }

            @Override
            public float[] read(int index) throws IOException {
                return parent.read(indices[checkIndex(index, indices.length)]);
            }

            @Override
            public long iteration(int index) throws IOException {
                return parent.iteration(indices[checkIndex(index, indices.length)]);
            }

            @Override
            public void readRange(int index, int from, int to, float[] into) throws IOException {
                parent.readRange(indices[checkIndex(index, indices.length)], from, to, into);
            }

            @Override
            public int sourceIndex(int index) {
                return parent.sourceIndex(indices[checkIndex(index, indices.length)]);
            }
        };
    }

    /** @return the snapshot's position in the file or array this source was selected from (itself if not selected) */
    default int sourceIndex(int index) {
        return checkIndex(index, count());
    }

    /** @return the iterations of every snapshot, in order */
    default long[] iterations() throws IOException {
        long[] iterations = new long[count()];
        for (int t = 0; t < iterations.length; t++) {
            iterations[t] = iteration(t);
        }
        return iterations;
    }

    private static int checkIndex(int index, int count) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("snapshot " + index + " does not exist: the trajectory holds " + count
                    + " snapshots (0 to " + (count - 1) + ")");
        }
        return index;
    }
}
