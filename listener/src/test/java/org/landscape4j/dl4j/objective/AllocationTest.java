package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.linalg.Blas;
import org.landscape4j.objective.Objective;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.buffer.factory.DataBufferFactory;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No P-sized allocation per point. The network is W2's MLP 100-1000-900-10 (P = 1,011,910 FLOAT parameters) on 4
 * examples, so P·4 = 4 MB dwarfs the activations (4 × ~2000 floats = 32 kB): any P-sized array would stand out.
 *
 * <p><b>Counters.</b> ND4J M2.1 has no allocation listener for the CPU backend (its {@code AllocationsTracker} sees
 * only workspaces and constants, JavaCPP's {@code Pointer.totalBytes()} not the buffers libnd4j allocates), so the
 * test wraps ND4J's {@link DataBufferFactory} in a counting proxy for the measured loops: every data buffer ND4J's
 * Java side creates passes through it. It counts the bytes of new buffers not attached to a workspace (a native
 * allocation each) and the largest one; wrappers and views of existing memory (factory methods taking a buffer
 * or pointer) are not allocations and are skipped. A positive control (one {@code dup()} of θ inside the window)
 * shows the counter sees a P-sized allocation. Heap: {@code com.sun.management.ThreadMXBean}'s per-thread
 * allocated bytes.
 *
 * <p><b>Bounds.</b> Per call, native bytes below P·4/50 and no single buffer of P/10 elements or more; heap
 * below P·4/10. What is expected instead: evaluate() keeps DL4J's detached activations, 4 × (100 + 1000 + 900 +
 * 10) floats ≈ 32 kB, the gradient pass runs in DL4J's workspaces (≈ 2 kB outside them); DL4J builds a few
 * thousand small Java objects per pass (observed 140-170 kB of heap per call). The numbers are printed.
 */
class AllocationTest {

    private static final AtomicLong BYTES = new AtomicLong();
    private static final AtomicLong LARGEST = new AtomicLong();
    private static final AtomicLong BUFFERS = new AtomicLong();

    private static MultiLayerNetwork w2() {
        MultiLayerNetwork network = new MultiLayerNetwork(Fixtures.base(DataType.FLOAT).list()
                .layer(new DenseLayer.Builder().nIn(100).nOut(1000).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(1000).nOut(900).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(900).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
        network.init();
        return network;
    }

    /** Installs the counting proxy; returns the original factory, to be restored. */
    private static DataBufferFactory install() throws ReflectiveOperationException {
        Field field = Nd4j.class.getDeclaredField("DATA_BUFFER_FACTORY_INSTANCE");
        field.setAccessible(true);
        DataBufferFactory original = (DataBufferFactory) field.get(null);
        DataBufferFactory counting = (DataBufferFactory) Proxy.newProxyInstance(
                DataBufferFactory.class.getClassLoader(), new Class<?>[]{DataBufferFactory.class},
                (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(original, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof DataBuffer buffer && allocates(args) && !buffer.isAttached()) {
                        long bytes = buffer.length() * buffer.getElementSize();
                        BYTES.addAndGet(bytes);
                        BUFFERS.incrementAndGet();
                        LARGEST.accumulateAndGet(buffer.length(), Math::max);
                    }
                    return result;
                });
        field.set(null, counting);
        return original;
    }

    /** A factory call wrapping existing memory (a buffer, a pointer, a Java buffer) allocates nothing new. */
    private static boolean allocates(Object[] args) {
        if (args != null) {
            for (Object arg : args) {
                if (arg instanceof DataBuffer || arg instanceof org.bytedeco.javacpp.Pointer
                        || arg instanceof java.nio.Buffer) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void restore(DataBufferFactory original) throws ReflectiveOperationException {
        Field field = Nd4j.class.getDeclaredField("DATA_BUFFER_FACTORY_INSTANCE");
        field.setAccessible(true);
        field.set(null, original);
    }

    private static void reset() {
        BYTES.set(0);
        LARGEST.set(0);
        BUFFERS.set(0);
    }

    private static long heap() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @Test
    void evaluateAndGradientAllocateNothingParameterSized() throws Exception {
        MultiLayerNetwork network = w2();
        long p = network.numParams();
        DataSet data = Fixtures.classification(5, 4, 100, 10, DataType.FLOAT);
        try (Objective objective = NetworkObjectiveFactory.builder(network).data(data).build().create()) {
            INDArray center = network.params().dup();
            INDArray direction = Fixtures.gaussian(3, 1, (int) p, DataType.FLOAT).reshape(p);
            INDArray gradient = Nd4j.create(DataType.FLOAT, p);
            // warm up: workspaces sized, lazily created views made
            for (int i = 0; i < 5; i++) {
                Blas.combine(center, 1e-3 * i, direction, objective.parameters());
                objective.evaluate();
                objective.gradient(gradient);
            }
            DataBufferFactory original = install();
            try {
                reset();
                INDArray control = objective.parameters().dup();
                long controlBytes = BYTES.get();
                long controlLargest = LARGEST.get();
                assertTrue(controlBytes >= 4 * p && controlLargest == p,
                        "the counter sees a P-sized dup: " + controlBytes + " bytes, largest " + controlLargest);
                control.close();

                int evaluations = 1000;
                reset();
                long heapBefore = heap();
                double checksum = 0;
                for (int i = 0; i < evaluations; i++) {
                    Blas.combine(center, 1e-4 * (i % 10), direction, objective.parameters());
                    checksum += objective.evaluate().loss();
                }
                long evaluateHeap = (heap() - heapBefore) / evaluations;
                long evaluateNative = BYTES.get() / evaluations;
                long evaluateLargest = LARGEST.get();
                long evaluateBuffers = BUFFERS.get() / evaluations;

                int gradients = 100;
                reset();
                heapBefore = heap();
                for (int i = 0; i < gradients; i++) {
                    Blas.combine(center, 1e-4 * (i % 10), direction, objective.parameters());
                    objective.gradient(gradient);
                }
                long gradientHeap = (heap() - heapBefore) / gradients;
                long gradientNative = BYTES.get() / gradients;
                long gradientLargest = LARGEST.get();
                long gradientBuffers = BUFFERS.get() / gradients;

                System.out.printf("P = %d (P·4 = %d bytes); per evaluate(): native %d bytes in %d buffers, largest"
                                + " %d elements, heap %d bytes; per gradient(): native %d bytes in %d buffers, largest"
                                + " %d elements, heap %d bytes (checksum %.6f)%n", p, 4 * p, evaluateNative,
                        evaluateBuffers, evaluateLargest, evaluateHeap, gradientNative, gradientBuffers,
                        gradientLargest, gradientHeap, checksum);
                assertTrue(evaluateNative < 4 * p / 50, "evaluate native bytes per call " + evaluateNative);
                assertTrue(gradientNative < 4 * p / 50, "gradient native bytes per call " + gradientNative);
                assertTrue(evaluateLargest < p / 10, "largest evaluate buffer " + evaluateLargest + " elements");
                assertTrue(gradientLargest < p / 10, "largest gradient buffer " + gradientLargest + " elements");
                assertTrue(evaluateHeap < 4 * p / 10, "evaluate heap bytes per call " + evaluateHeap);
                assertTrue(gradientHeap < 4 * p / 10, "gradient heap bytes per call " + gradientHeap);
            } finally {
                restore(original);
            }
            assertEquals(DataType.FLOAT, gradient.dataType());
        }
    }
}
