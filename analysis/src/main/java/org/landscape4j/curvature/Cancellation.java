package org.landscape4j.curvature;

import java.util.concurrent.CancellationException;

/** The cancellation check between two operator products: the thread's interrupt status. */
final class Cancellation {

    private Cancellation() {
    }

    /**
     * @param what what is being computed, for the message
     * @param done the number of products computed so far
     * @throws CancellationException if the current thread is interrupted; its interrupt status stays set, so that
     *                               the caller's own loop sees it too
     */
    static void check(String what, long done) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException(what + " was cancelled (thread interrupted) after " + done
                    + " operator products");
        }
    }
}
