package org.landscape4j.dl4j.runtime;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings for a background thread that runs ND4J operations beside training.
 *
 * <p>libnd4j parallelizes an operation over OpenMP threads ({@code OMP_NUM_THREADS}, one per core by default), and
 * an idle OpenMP thread spins for a while before it sleeps. A second Java thread that runs operations (the curvature
 * worker) brings its own team of such threads: on a machine whose cores training's team already keeps busy, the two
 * teams spin against each other, and a worker busy 5 % of the time made the default example's training 1.4 times
 * slower (W3 in the README). OpenMP's thread count is a per-thread setting, so the worker can run its own operations
 * on one thread without touching training's: {@link #runNativeOpsOnOneThread()}.
 */
public final class WorkerThreads {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerThreads.class);

    private WorkerThreads() {
    }

    /**
     * Makes the calling thread's ND4J (libnd4j) operations run on one OpenMP thread; other threads keep theirs. On a
     * backend other than the CPU one, or if the native call is unavailable, does nothing.
     *
     * @return true if the setting was applied
     */
    public static boolean runNativeOpsOnOneThread() {
        try {
            if (!Nd4j.getEnvironment().isCPU()) {
                return false;
            }
            org.nd4j.nativeblas.NativeOps ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
            ops.setOmpNumThreads(1);
            return ops.ompGetMaxThreads() == 1;
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("landscape4j: could not limit {}'s OpenMP threads", Thread.currentThread().getName(), e);
            return false;
        }
    }
}
