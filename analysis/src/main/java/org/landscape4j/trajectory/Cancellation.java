package org.landscape4j.trajectory;

import java.util.concurrent.CancellationException;

/** The interrupt check between snapshots of every long trajectory computation. */
final class Cancellation {

    private Cancellation() {
    }

    /**
     * @param what the computation, for the message
     * @throws CancellationException if the calling thread was interrupted; the interrupt is passed on (the flag
     *                               is set again)
     */
    static void check(String what) {
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new CancellationException(what + " stopped: the calling thread was interrupted");
        }
    }
}
