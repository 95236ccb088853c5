package org.landscape4j.curvature;

import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Random;

/**
 * Seeded random vectors for the starting vectors and probes, reproducible on every JVM ({@code java.util.Random}'s
 * algorithm is specified by the JDK): element i of a vector is drawn i-th from the generator, after the elements
 * of the vectors drawn before it from the same generator.
 */
final class RandomVectors {

    private RandomVectors() {
    }

    /** out ← N(0, I) entries from {@code random.nextGaussian()}; out is a fresh contiguous vector. */
    static void gaussian(Random random, INDArray out) {
        DataBuffer data = contiguous(out);
        for (long i = 0, n = out.length(); i < n; i++) {
            data.put(i, random.nextGaussian());
        }
    }

    /** out ← Rademacher entries, ±1 with probability ½ each ({@code random.nextBoolean()} true → +1). */
    static void rademacher(Random random, INDArray out) {
        DataBuffer data = contiguous(out);
        for (long i = 0, n = out.length(); i < n; i++) {
            data.put(i, random.nextBoolean() ? 1.0 : -1.0);
        }
    }

    private static DataBuffer contiguous(INDArray out) {
        if (out.isView() || out.elementWiseStride() != 1) {
            throw new IllegalArgumentException("random vectors are drawn into the algorithm's own contiguous"
                    + " vectors, not a view");
        }
        return out.data();
    }
}
