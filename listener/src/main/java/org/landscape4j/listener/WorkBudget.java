package org.landscape4j.listener;

import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;

/**
 * Paces a background worker so that it is busy at most a share f of the time elapsed since recording started,
 * counted cumulatively: the worker's busy time B is the wall time between {@link #begin()} and {@link #end()} of
 * each piece of work, minus its waits; at each {@link #checkpoint()} (before each pass of the network over the
 * probe set) it waits while B exceeds f·(t − t₀), that is until t = t₀ + B/f. Nothing is skipped or estimated: a
 * measurement that would take more than its share is stretched in time, pass by pass, whatever its size (the
 * first one, a Lanczos run), and the worker's share stays within f plus one pass at every moment. Work before
 * the share is spent runs at once, so the first pass never waits.
 *
 * <p>{@link #lift()} ends the pacing for good (training is over: the work still in flight may use the machine);
 * a waiting worker resumes within {@value #POLL_MILLIS} ms. The worker's interruption ends a wait with a
 * {@link CancellationException}.
 *
 * <p>Thread-safety: {@link #begin()}, {@link #checkpoint()} and {@link #end()} are called by the one worker thread;
 * {@link #lift()} from any thread.
 */
final class WorkBudget {

    /** The longest single sleep, so that {@link #lift()} and interruption are noticed quickly. */
    static final long POLL_MILLIS = 50;

    private final double share;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private final long start;
    private long busyNanos;
    private long waitedNanos;
    private long since = -1;
    private volatile boolean lifted;

    /** Sleeps for the given nanoseconds (a test substitutes a fake clock's advance). */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    /**
     * @param share f in (0, 1]; 1 paces nothing
     */
    WorkBudget(double share) {
        this(share, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    WorkBudget(double share, LongSupplier clock, Sleeper sleeper) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a work share must be in (0, 1], got " + share);
        }
        this.share = share;
        this.clock = clock;
        this.sleeper = sleeper;
        this.start = clock.getAsLong();
    }

    /** The worker starts a piece of work: it is busy from now. */
    void begin() {
        since = clock.getAsLong();
    }

    /** The worker's piece of work is done: the time since the last {@link #begin()} or checkpoint is counted. */
    void end() {
        count();
        since = -1;
    }

    /**
     * Counts the time since the last {@link #begin()} or checkpoint as busy, then waits until the busy time is
     * within the share of the time elapsed (at once if it is, if the share is 1, or once {@link #lift()} was
     * called). Outside a begin/end pair it only waits.
     *
     * @throws CancellationException if the thread is interrupted while waiting (its flag is set again)
     */
    void checkpoint() {
        count();
        try {
            waitForShare();
        } finally {
            if (since >= 0) {
                since = clock.getAsLong();
            }
        }
    }

    private void count() {
        if (since >= 0) {
            busyNanos += Math.max(0, clock.getAsLong() - since);
        }
    }

    private void waitForShare() {
        if (share >= 1) {
            return;
        }
        while (!lifted) {
            long now = clock.getAsLong();
            long due = start + (long) Math.ceil(busyNanos / share);
            long wait = due - now;
            if (wait <= 0) {
                return;
            }
            long nap = Math.min(wait, POLL_MILLIS * 1_000_000);
            try {
                sleeper.sleep(nap);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while pacing the curvature worker");
            }
            waitedNanos += clock.getAsLong() - now;
        }
    }

    /** Ends the pacing: later and waiting work runs at once. */
    void lift() {
        lifted = true;
    }

    /** @return the busy time counted so far, in nanoseconds */
    long busyNanos() {
        return busyNanos;
    }

    /** @return the time spent waiting for the share so far, in nanoseconds */
    long waitedNanos() {
        return waitedNanos;
    }

    /** @return f */
    double share() {
        return share;
    }
}
