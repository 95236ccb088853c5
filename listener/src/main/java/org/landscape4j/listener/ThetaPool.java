package org.landscape4j.listener;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A bounded pool of {@code float[P]} buffers for θ copies, so that recording holds O(P · buffers) memory
 * whatever happens. When every buffer is in use (the writer is behind), the training thread waits for one:
 * backpressure, never unbounded memory. It never waits for a writer that cannot give one back: the wait polls
 * {@code writerAlive} and gives up (returning null) when the writer has stopped.
 */
final class ThetaPool {

    private final int parameterCount;
    private final int capacity;
    private final BlockingQueue<SharedTheta> free;
    private int created;

    /**
     * @param parameterCount P
     * @param capacity       buffers at most
     */
    ThetaPool(int parameterCount, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a θ pool needs at least one buffer, got " + capacity);
        }
        this.parameterCount = parameterCount;
        this.capacity = capacity;
        this.free = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * @param writerAlive whether the thread that releases buffers still runs
     * @return a buffer with one reference, or null if none is free and the writer has stopped (or the thread was
     *         interrupted, whose flag is then set again)
     */
    SharedTheta take(BooleanSupplier writerAlive) {
        SharedTheta buffer = free.poll();
        if (buffer != null) {
            return buffer;
        }
        synchronized (this) {
            if (created < capacity) {
                created++;
                return new SharedTheta(this, new float[parameterCount]);
            }
        }
        try {
            while (true) {
                buffer = free.poll(50, TimeUnit.MILLISECONDS);
                if (buffer != null) {
                    return buffer;
                }
                if (!writerAlive.getAsBoolean()) {
                    return free.poll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    void giveBack(SharedTheta buffer) {
        free.offer(buffer);
    }

    /** @return the buffers allocated so far */
    synchronized int created() {
        return created;
    }

    /** @return the buffers a {@link #take} may have now without waiting: the free ones and those not yet allocated */
    int available() {
        int unallocated;
        synchronized (this) {
            unallocated = capacity - created;
        }
        return free.size() + unallocated;
    }

    /** @return the most buffers this pool allocates */
    int capacity() {
        return capacity;
    }
}
