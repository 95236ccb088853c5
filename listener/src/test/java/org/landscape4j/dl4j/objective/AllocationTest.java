package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.testing.NativeAllocations;
import org.landscape4j.linalg.Blas;
import org.landscape4j.objective.Objective;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No P-sized allocation per point. The network is W2's MLP 100-1000-900-10 (P = 1,010,910 FLOAT parameters) on 4
 * examples, so P·4 = 4 MB dwarfs the activations (4 × ~2000 floats = 32 kB): any P-sized array would stand out.
 *
 * <p><b>Counters.</b> {@link NativeAllocations} (a counting proxy around ND4J's data buffer factory: the native
 * buffers ND4J creates outside workspaces, and the largest) for the measured loops. A positive control (one
 * {@code dup()} of θ inside the window) shows the counter sees a P-sized allocation. Heap:
 * {@code com.sun.management.ThreadMXBean}'s per-thread allocated bytes.
 *
 * <p><b>Bounds.</b> Per call, native bytes below P·4/50 and no single buffer of P/10 elements or more; heap
 * below P·4/10. What is expected instead: evaluate() keeps DL4J's detached activations, 4 × (100 + 1000 + 900 +
 * 10) floats ≈ 32 kB, the gradient pass runs in DL4J's workspaces (≈ 2 kB outside them); DL4J builds a few
 * thousand small Java objects per pass (observed 140-170 kB of heap per call). The numbers are printed.
 */
class AllocationTest {

    @Test
    void evaluateAndGradientAllocateNothingParameterSized() throws Exception {
        MultiLayerNetwork network = Fixtures.w2(DataType.FLOAT);
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
            try (NativeAllocations counter = NativeAllocations.install()) {
                counter.reset();
                INDArray control = objective.parameters().dup();
                long controlBytes = counter.bytes();
                long controlLargest = counter.largest();
                assertTrue(controlBytes >= 4 * p && controlLargest == p,
                        "the counter sees a P-sized dup: " + controlBytes + " bytes, largest " + controlLargest);
                control.close();

                int evaluations = 1000;
                counter.reset();
                long heapBefore = NativeAllocations.threadHeap();
                double checksum = 0;
                for (int i = 0; i < evaluations; i++) {
                    Blas.combine(center, 1e-4 * (i % 10), direction, objective.parameters());
                    checksum += objective.evaluate().loss();
                }
                long evaluateHeap = (NativeAllocations.threadHeap() - heapBefore) / evaluations;
                long evaluateNative = counter.bytes() / evaluations;
                long evaluateLargest = counter.largest();
                long evaluateBuffers = counter.buffers() / evaluations;

                int gradients = 100;
                counter.reset();
                heapBefore = NativeAllocations.threadHeap();
                for (int i = 0; i < gradients; i++) {
                    Blas.combine(center, 1e-4 * (i % 10), direction, objective.parameters());
                    objective.gradient(gradient);
                }
                long gradientHeap = (NativeAllocations.threadHeap() - heapBefore) / gradients;
                long gradientNative = counter.bytes() / gradients;
                long gradientLargest = counter.largest();
                long gradientBuffers = counter.buffers() / gradients;

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
            }
            assertEquals(DataType.FLOAT, gradient.dataType());
        }
    }
}
