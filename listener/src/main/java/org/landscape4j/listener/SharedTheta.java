package org.landscape4j.listener;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One copy of θ taken for one training event and shared by every recorder that needs it: a pooled
 * {@code float[P]} with a reference count. Each holder calls {@link #release()} once when done (on whichever
 * thread); the last release returns the buffer to its {@link ThetaPool}. The values must not be changed.
 */
public final class SharedTheta {

    private final ThetaPool pool;
    private final float[] values;
    private final AtomicInteger references = new AtomicInteger();
    private long updates;
    private int epoch;
    private double score;

    SharedTheta(ThetaPool pool, float[] values) {
        this.pool = pool;
        this.values = values;
    }

    /** Fills the buffer for a new event, with one reference (the event's). */
    void reset(long updates, int epoch, double score) {
        this.updates = updates;
        this.epoch = epoch;
        this.score = score;
        references.set(1);
    }

    /** @return θ as float32, in the layout's order; read only, and only while holding a reference */
    public float[] values() {
        if (references.get() <= 0) {
            throw new IllegalStateException("this θ copy was released");
        }
        return values;
    }

    /** @return the number of parameter updates applied when θ was copied */
    public long updates() {
        return updates;
    }

    /** @return the number of epochs completed when θ was copied */
    public int epoch() {
        return epoch;
    }

    /** @return the training score of the last update's minibatch when θ was copied (NaN before any) */
    public double score() {
        return score;
    }

    /** @return this, with one more reference that the new holder must release */
    SharedTheta retain() {
        int now = references.incrementAndGet();
        if (now <= 1) {
            throw new IllegalStateException("retained a released θ copy");
        }
        return this;
    }

    /** Drops one reference; the last returns the buffer to the pool. */
    public void release() {
        int now = references.decrementAndGet();
        if (now == 0) {
            pool.giveBack(this);
        } else if (now < 0) {
            throw new IllegalStateException("a θ copy was released more often than retained");
        }
    }

    float[] buffer() {
        return values;
    }
}
