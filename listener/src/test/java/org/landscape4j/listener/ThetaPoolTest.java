package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Shared θ copies: reference counting, the bounded pool, and never waiting on a stopped writer. */
class ThetaPoolTest {

    @Test
    void aCopySharedByTwoHoldersReturnsToThePoolAfterBothRelease() {
        ThetaPool pool = new ThetaPool(3, 1);
        SharedTheta theta = pool.take(() -> true);
        theta.reset(10, 2, 0.5);                          // the event's reference
        SharedTheta first = theta.retain();
        SharedTheta second = theta.retain();
        theta.release();                                  // the event is over
        assertEquals(0, pool.available());
        first.release();
        assertEquals(0, pool.available(), "one holder still reads it");
        second.release();
        assertEquals(1, pool.available());
        assertSame(theta, pool.take(() -> true), "the buffer is reused, not reallocated");
        assertEquals(1, pool.created());
    }

    @Test
    void buffersNotYetAllocatedCountAsAvailable() {
        ThetaPool pool = new ThetaPool(3, 2);
        assertEquals(2, pool.available(), "none allocated yet: both can be had without waiting");
        SharedTheta first = pool.take(() -> true);
        first.reset(1, 0, 0.5);
        assertEquals(1, pool.available());
        SharedTheta second = pool.take(() -> true);
        second.reset(2, 0, 0.5);
        assertEquals(0, pool.available(), "both held");
        first.release();
        assertEquals(1, pool.available());
        second.release();
        assertEquals(2, pool.available());
        assertEquals(2, pool.capacity());
    }

    @Test
    void smallNetworksGetMoreBuffersLargeOnesTwo() {
        assertEquals(16, LandscapeListener.thetaBuffers(25_495), "100 KB each: the maximum, 16, fits in 64 MiB");
        assertEquals(8, LandscapeListener.thetaBuffers(2L << 20), "8 MiB each");
        assertEquals(4, LandscapeListener.thetaBuffers(4L << 20), "16 MiB each");
        assertEquals(2, LandscapeListener.thetaBuffers(8L << 20), "32 MiB each: the minimum");
        assertEquals(2, LandscapeListener.thetaBuffers(100_000_000L), "400 MB each: the minimum, never more");
    }

    @Test
    void refusesUseAfterReleaseAndDoubleRelease() {
        ThetaPool pool = new ThetaPool(2, 1);
        SharedTheta theta = pool.take(() -> true);
        theta.reset(0, 0, Double.NaN);
        theta.release();
        assertThrows(IllegalStateException.class, theta::values);
        assertThrows(IllegalStateException.class, theta::release);
    }

    /**
     * Hardening item 3: with every buffer held by work a dead writer will never do, taking another one must return
     * (null), not block the training thread.
     */
    @Test
    void neverWaitsForAWriterThatHasStopped() throws Exception {
        ThetaPool pool = new ThetaPool(4, 2);
        SharedTheta a = pool.take(() -> true);
        SharedTheta b = pool.take(() -> true);
        assertNotNull(a);
        assertNotNull(b);
        AtomicBoolean writerAlive = new AtomicBoolean(true);
        Thread training = new Thread(() -> assertNull(pool.take(writerAlive::get)));
        training.start();
        writerAlive.set(false);
        training.join(10_000);
        assertTrue(!training.isAlive(), "the training thread returned once the writer had stopped");
    }

    @Test
    void waitsForABufferWhileTheWriterWorks() throws Exception {
        ThetaPool pool = new ThetaPool(4, 1);
        SharedTheta held = pool.take(() -> true);
        held.reset(1, 0, 0);
        SharedTheta[] got = new SharedTheta[1];
        Thread training = new Thread(() -> got[0] = pool.take(() -> true));
        training.start();
        held.release();                                  // the writer is done with it
        training.join(10_000);
        assertSame(held, got[0], "backpressure: the training thread got the buffer back");
    }
}
