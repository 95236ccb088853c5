package org.landscape4j.direction;

import org.junit.jupiter.api.Test;
import org.landscape4j.testing.NativeAllocations;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Normalization allocates nothing of size P, on P = 1,000,000 FLOAT parameters (4 MB per vector) in a layout
 * with 6,000 filters: a dense weight [500, 1000] 'f', a convolution kernel [4000, 1, 5, 5] 'c', a second dense
 * weight [397, 1000] 'f', a bias and batch-norm γ, β, mean, variance.
 *
 * <p><b>Heap</b>: {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} around one call, after a warm-up
 * (class loading and JIT compilation allocate once). <b>Native</b>: ND4J's memory lives off the heap, so its data
 * buffer factory is wrapped in a counting proxy ({@code NativeAllocations}) during the call: every
 * new, non-workspace buffer ND4J's Java side creates is counted; a positive control ({@code dup()} of d inside the
 * window) shows the counter sees a P-sized allocation.
 *
 * <p><b>Bounds</b>: heap below 4·P/100 = 40 kB per call, far below the 4·P bytes of one FLOAT copy (what is
 * expected: a few small objects; one per filter would already be 6,000 × 32 bytes = 192 kB, so this also shows no
 * per-filter objects); native: no byte at all.
 */
class NormalizerAllocationTest {

    private static final int P = 1_000_000;

    private static final ParameterLayout LAYOUT = new ParameterLayout(List.of(
            new ParameterArray("0_W", "0", "DenseLayer", 0, 500_000, new long[]{500, 1000}, 'f',
                    ParameterRole.WEIGHT, 1),
            new ParameterArray("1_W", "1", "ConvolutionLayer", 500_000, 100_000, new long[]{4000, 1, 5, 5}, 'c',
                    ParameterRole.WEIGHT, 0),
            new ParameterArray("2_W", "2", "DenseLayer", 600_000, 397_000, new long[]{397, 1000}, 'f',
                    ParameterRole.WEIGHT, 1),
            new ParameterArray("2_b", "2", "DenseLayer", 997_000, 1000, new long[]{1, 1000}, 'c',
                    ParameterRole.BIAS, -1),
            new ParameterArray("3_gamma", "3", "BatchNormalization", 998_000, 500, new long[]{1, 500}, 'c',
                    ParameterRole.NORM, -1),
            new ParameterArray("3_beta", "3", "BatchNormalization", 998_500, 500, new long[]{1, 500}, 'c',
                    ParameterRole.NORM, -1),
            new ParameterArray("3_mean", "3", "BatchNormalization", 999_000, 500, new long[]{1, 500}, 'c',
                    ParameterRole.STATE, -1),
            new ParameterArray("3_var", "3", "BatchNormalization", 999_500, 500, new long[]{1, 500}, 'c',
                    ParameterRole.STATE, -1)));

    @Test
    void normalizeAllocatesNothingParameterSized() throws Exception {
        assertTrue(LAYOUT.parameterCount() == P);
        INDArray theta = Nd4j.create(DataType.FLOAT, P);
        Directions.fillGaussian(1, theta);
        INDArray direction = Nd4j.create(DataType.FLOAT, P);
        Directions.fillGaussian(2, direction);
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            for (Normalization normalization : Normalization.values()) {
                Normalizer.normalize(direction, theta, LAYOUT, new DirectionSettings(normalization, warmUp % 2 == 0));
            }
        }
        try (NativeAllocations counter = NativeAllocations.install()) {
            for (Normalization normalization : Normalization.values()) {
                for (boolean include : new boolean[]{false, true}) {
                    Directions.fillGaussian(2, direction);
                    DirectionSettings settings = new DirectionSettings(normalization, include);
                    counter.reset();
                    long before = NativeAllocations.threadHeap();
                    Normalizer.normalize(direction, theta, LAYOUT, settings);
                    long heap = NativeAllocations.threadHeap() - before;
                    long nativeBytes = counter.bytes();
                    System.out.printf("normalize %s include=%s: heap %d B, native %d B%n", normalization, include,
                            heap, nativeBytes);
                    assertTrue(heap < 4L * P / 100, settings + ": " + heap + " bytes of heap");
                    assertTrue(nativeBytes == 0, settings + ": " + nativeBytes + " native bytes");
                }
            }
            counter.reset();
            INDArray copy = direction.dup();
            assertTrue(counter.bytes() >= 4L * P, "positive control: the counter sees a dup() of d, "
                    + counter.bytes() + " bytes");
            copy.close();
        }
    }
}
