package org.landscape4j.listener;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Threads' CPU times, for the listener's accounting of its background threads (the writer, the curvature worker):
 * -1 wherever the JVM cannot measure them. A reading costs about 1.5 µs on this project's VMs (a system call), so it
 * is never taken per training callback.
 */
final class CpuClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuClock() {
    }

    /** @return the calling thread's CPU time in nanoseconds, or -1 if unmeasurable */
    static long currentThread() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /** @return another thread's CPU time so far in nanoseconds, or -1 if unmeasurable or the thread has ended */
    static long of(Thread thread) {
        try {
            return THREADS.isThreadCpuTimeSupported() ? THREADS.getThreadCpuTime(thread.getId()) : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }
}
