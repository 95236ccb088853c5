package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The per-array norms (OpenBLAS nrm2 called at each array's address, and the Java path) against norms summed in
 * double precision element by element on the Java side, over exactly the entries whose role is trainable.
 */
class ArrayNormsTest {

    /** The default example's arrays: 46·128, 128, 128·128, 128, 128·23, 23 (25,495 parameters). */
    private static final long[] EXAMPLE = {46 * 128, 128, 128 * 128, 128, 128 * 23, 23};

    private static ParameterLayout dense(long... sizes) {
        List<ParameterArray> arrays = new ArrayList<>();
        long offset = 0;
        for (int k = 0; k < sizes.length; k++) {
            boolean weight = k % 2 == 0;
            arrays.add(new ParameterArray(k / 2 + (weight ? "_W" : "_b"), String.valueOf(k / 2), "DenseLayer", offset,
                    sizes[k], new long[] {1, sizes[k]}, 'f', weight ? ParameterRole.WEIGHT : ParameterRole.BIAS,
                    weight ? 1 : -1));
            offset += sizes[k];
        }
        return new ParameterLayout(arrays);
    }

    /** A dense layer, a batch-norm layer (gamma, beta trainable; mean, var state), and an output layer. */
    private static ParameterLayout withBatchNorm() {
        return new ParameterLayout(List.of(
                new ParameterArray("0_W", "0", "DenseLayer", 0, 6, new long[] {2, 3}, 'f', ParameterRole.WEIGHT, 1),
                new ParameterArray("0_b", "0", "DenseLayer", 6, 3, new long[] {1, 3}, 'f', ParameterRole.BIAS, -1),
                new ParameterArray("1_gamma", "1", "BatchNormalization", 9, 3, new long[] {1, 3}, 'c',
                        ParameterRole.NORM, -1),
                new ParameterArray("1_beta", "1", "BatchNormalization", 12, 3, new long[] {1, 3}, 'c',
                        ParameterRole.NORM, -1),
                new ParameterArray("1_mean", "1", "BatchNormalization", 15, 3, new long[] {1, 3}, 'c',
                        ParameterRole.STATE, -1),
                new ParameterArray("1_var", "1", "BatchNormalization", 18, 3, new long[] {1, 3}, 'c',
                        ParameterRole.STATE, -1),
                new ParameterArray("2_W", "2", "OutputLayer", 21, 6, new long[] {3, 2}, 'f', ParameterRole.WEIGHT, 1),
                new ParameterArray("2_b", "2", "OutputLayer", 27, 2, new long[] {1, 2}, 'f', ParameterRole.BIAS, -1)));
    }

    /** @return ‖v_s‖ of every trainable array, the squares summed in double from each element read on its own */
    private static double[] reference(INDArray v, ParameterLayout layout) {
        List<Double> norms = new ArrayList<>();
        for (ParameterArray array : layout.arrays()) {
            if (array.role().isTrainable() && array.length() > 0) {
                double sum = 0;
                for (long i = array.offset(); i < array.end(); i++) {
                    double x = v.getDouble(i);
                    sum += x * x;
                }
                norms.add(Math.sqrt(sum));
            }
        }
        return norms.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void assertClose(double[] expected, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], actual[k], relative * expected[k], what + ", array " + k);
        }
    }

    @Test
    void floatNormsAreTheExactNormsToFloatRounding() {
        Nd4j.getRandom().setSeed(5);
        ParameterLayout layout = dense(EXAMPLE);
        INDArray floats = Nd4j.randn(DataType.FLOAT, 1, layout.parameterCount());
        ArrayNorms norms = new ArrayNorms(layout);
        assertEquals(6, norms.count());
        // OpenBLAS's snrm2 sums the squares in double and rounds the root to float: half an ulp, 6e-8 relative;
        // the Java path rounds only in double
        assertClose(reference(floats, layout), norms.of(floats), 1e-7, "FLOAT, direct");
        double[] java = new double[6];
        ArrayNorms.javaNorms(floats, ranges(layout), java);
        assertClose(reference(floats, layout), java, 1e-14, "FLOAT, Java path");
    }

    @Test
    void doubleNormsAgreeToDoubleRounding() {
        Nd4j.getRandom().setSeed(6);
        ParameterLayout layout = dense(EXAMPLE);
        INDArray doubles = Nd4j.randn(DataType.DOUBLE, layout.parameterCount());
        ArrayNorms norms = new ArrayNorms(layout);
        // dnrm2 and the reference differ only by rounding, ~√n·ε relative
        assertClose(reference(doubles, layout), norms.of(doubles), 1e-13, "DOUBLE");
    }

    @Test
    void aViewWithAnOffsetIsReadFromItsOwnStart() {
        Nd4j.getRandom().setSeed(7);
        ParameterLayout layout = dense(EXAMPLE);
        long p = layout.parameterCount();
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray big = Nd4j.randn(type, 1, 2 * p + 5);
            INDArray view = big.get(NDArrayIndex.point(0), NDArrayIndex.interval(p + 3, 2 * p + 3));
            assertEquals(p, view.length());
            double[] expected = reference(view.dup(), layout);
            assertClose(expected, new ArrayNorms(layout).of(view), 1e-7, type + " view");
            double[] java = new double[expected.length];
            ArrayNorms.javaNorms(view, ranges(layout), java);
            assertClose(expected, java, 1e-13, type + " view, Java path");
        }
    }

    @Test
    void aStridedVectorTakesTheJavaPath() {
        ParameterLayout layout = dense(4, 2, 6, 3);
        INDArray matrix = Nd4j.arange(0, 30).castTo(DataType.FLOAT).reshape('c', 15, 2);
        INDArray column = matrix.getColumn(1);                   // stride 2: 1, 3, 5, ...
        assertTrue(column.elementWiseStride() != 1 || column.length() == 1);
        assertClose(reference(column.dup(), layout), new ArrayNorms(layout).of(column), 1e-7, "strided");
    }

    /** Hardening item 11: batch-norm running statistics are not part of ‖g‖ or ‖u‖. */
    @Test
    void leavesOutNonTrainableState() {
        ParameterLayout layout = withBatchNorm();
        ArrayNorms norms = new ArrayNorms(layout);
        assertEquals(6, norms.count());
        assertArrayEquals(new int[] {0, 1, 2, 3, 6, 7}, new int[] {norms.arrayIndex(0), norms.arrayIndex(1),
                norms.arrayIndex(2), norms.arrayIndex(3), norms.arrayIndex(4), norms.arrayIndex(5)});
        INDArray v = Nd4j.arange(1, 30).castTo(DataType.DOUBLE).reshape(1, 29);
        // 1..29 without entries 16..21 (1-based values 16..21 sit at offsets 15..20)
        double expected = 0;
        for (int value = 1; value <= 29; value++) {
            if (value < 16 || value > 21) {
                expected += (double) value * value;
            }
        }
        assertEquals(Math.sqrt(expected), ArrayNorms.total(norms.of(v)), 1e-12);
        INDArray huge = Nd4j.zeros(DataType.FLOAT, 29);
        huge.putScalar(16, 1e6);                            // a running variance
        huge.putScalar(0, 3);
        huge.putScalar(28, 4);
        assertEquals(5.0, ArrayNorms.total(norms.of(huge)), 1e-6, "the running statistic does not count");
    }

    @Test
    void nonFiniteEntriesShowInTheirArrayOnly() {
        ParameterLayout layout = dense(4, 2, 6, 3);
        INDArray v = Nd4j.ones(DataType.FLOAT, 15);
        v.putScalar(7, Float.NaN);                            // in array 2
        double[] n = new ArrayNorms(layout).of(v);
        assertEquals(2.0, n[0], 1e-7);
        assertEquals(Math.sqrt(2), n[1], 1e-7);
        assertTrue(Double.isNaN(n[2]));
        assertEquals(Math.sqrt(3), n[3], 1e-7);
        assertTrue(Double.isNaN(ArrayNorms.total(n)));
    }

    @Test
    void hugeDoubleEntriesDoNotOverflow() {
        ParameterLayout layout = dense(3, 1);
        INDArray v = Nd4j.createFromArray(3e200, 4e200, 0, 1.0);
        double[] n = new ArrayNorms(layout).of(v);
        assertEquals(5e200, n[0], 1e188);
        double[] java = new double[2];
        ArrayNorms.javaNorms(v, ranges(layout), java);
        assertEquals(5e200, java[0], 1e188, "the Java path falls back to scaled BLAS when the sum overflows");
    }

    @Test
    void refusesAVectorOfAnotherLength() {
        ArrayNorms norms = new ArrayNorms(withBatchNorm());
        assertThrows(IllegalArgumentException.class, () -> norms.of(Nd4j.zeros(DataType.FLOAT, 28)));
    }

    /** A rough cost on the default example's 6 arrays, printed for the record, never asserted. */
    @Test
    void normsOfTheDefaultExamplesArraysAreCheap() {
        ParameterLayout layout = dense(EXAMPLE);
        INDArray theta = Nd4j.rand(DataType.FLOAT, layout.parameterCount());
        ArrayNorms norms = new ArrayNorms(layout);
        long[][] ranges = ranges(layout);
        double[] out = new double[6];
        for (int i = 0; i < 2000; i++) {
            norms.of(theta);
            ArrayNorms.javaNorms(theta, ranges, out);
        }
        int rounds = 5000;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            norms.of(theta);
        }
        double direct = (System.nanoTime() - start) / 1e3 / rounds;
        start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            ArrayNorms.javaNorms(theta, ranges, out);
        }
        double java = (System.nanoTime() - start) / 1e3 / rounds;
        System.out.printf("per-array norms of a 25k-parameter FLOAT vector in 6 arrays: %.1f µs per vector (Java"
                + " path: %.1f µs)%n", direct, java);
    }

    private static long[][] ranges(ParameterLayout layout) {
        List<long[]> ranges = new ArrayList<>();
        for (ParameterArray array : layout.arrays()) {
            if (array.role().isTrainable() && array.length() > 0) {
                ranges.add(new long[] {array.offset(), array.end()});
            }
        }
        return ranges.toArray(new long[0][]);
    }
}
