package org.landscape4j.dl4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** OpenMP's thread count is per thread: a worker limited to one leaves the other threads' setting alone. */
class WorkerThreadsTest {

    @Test
    void aWorkerRunsOnOneOpenMpThreadAndTheOthersKeepTheirs() throws InterruptedException {
        Nd4j.create(1);                                     // loads the backend
        int before = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        AtomicBoolean applied = new AtomicBoolean();
        AtomicInteger inWorker = new AtomicInteger();
        Thread worker = new Thread(() -> {
            applied.set(WorkerThreads.runNativeOpsOnOneThread());
            inWorker.set(NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
            Nd4j.rand(64, 64).mmul(Nd4j.rand(64, 64));      // operations still run
        });
        worker.start();
        worker.join();
        assertTrue(applied.get());
        assertEquals(1, inWorker.get());
        assertEquals(before, NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(),
                "this thread keeps its OpenMP threads");
    }
}
