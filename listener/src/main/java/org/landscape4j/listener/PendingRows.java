package org.landscape4j.listener;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Rows collected on the training thread until they are handed to the writer as one record batch: when
 * {@code batchRows} have gathered, at an epoch end if at least {@value #EPOCH_END_INTERVAL_MILLIS} ms have passed
 * since the last hand-off (so that rows reach the file, and the live view, within about a second without a
 * hand-off per epoch when epochs take milliseconds), and when the listener closes.
 *
 * @param <T> the row type
 */
final class PendingRows<T> {

    /** The least time between two hand-offs at epoch ends. */
    static final long EPOCH_END_INTERVAL_MILLIS = 1000;

    private final int batchRows;
    private final LongSupplier clock;
    private List<T> rows = new ArrayList<>();
    private long lastHandOff;

    /** @param batchRows the rows of a full batch */
    PendingRows(int batchRows) {
        this(batchRows, System::nanoTime);
    }

    PendingRows(int batchRows, LongSupplier clock) {
        this.batchRows = batchRows;
        this.clock = clock;
        this.lastHandOff = clock.getAsLong();
    }

    /** @return true if a full batch has gathered */
    boolean add(T row) {
        rows.add(row);
        return rows.size() >= batchRows;
    }

    /** @return true if an epoch end should hand the rows over now */
    boolean dueAtEpochEnd() {
        return !rows.isEmpty() && clock.getAsLong() - lastHandOff >= EPOCH_END_INTERVAL_MILLIS * 1_000_000;
    }

    /** @return the rows gathered (possibly none), which this object no longer holds */
    List<T> take() {
        List<T> batch = rows;
        rows = new ArrayList<>();
        lastHandOff = clock.getAsLong();
        return batch;
    }
}
