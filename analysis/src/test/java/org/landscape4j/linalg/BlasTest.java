package org.landscape4j.linalg;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The BLAS wrapper against plain Java loops in double precision.
 *
 * <p>Tolerances: DOUBLE results of n = 1001 terms agree to n·u ≈ 1e-13 relative (Higham §3.1; both sides sum the
 * same products, maybe in another order); FLOAT inputs are exactly representable in double, so the reference is
 * exact and OpenBLAS's float accumulation errs by at most n·2⁻²⁴ ≈ 6e-5 relative (observed far less). Element
 * results of axpy are one or two roundings (fused multiply-add or not): within one ulp of the exact value; scal
 * by a power of two and copy are exact.
 */
class BlasTest {

    private static final int N = 1001;

    private static double[] gaussian(long seed, int n) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }

    private static INDArray vector(double[] values, DataType type) {
        return Nd4j.createFromArray(values).castTo(type);
    }

    private static double[] asDoubles(INDArray array) {
        return array.castTo(DataType.DOUBLE).reshape(array.length()).toDoubleVector();
    }

    private static double tolerance(DataType type) {
        return type == DataType.FLOAT ? 6e-5 : 1e-13;
    }

    @Test
    void dotAndNormMatchLoops() {
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = vector(gaussian(1, N), type);
            INDArray y = vector(gaussian(2, N), type);
            double[] xs = asDoubles(x);
            double[] ys = asDoubles(y);
            double dot = 0;
            double squares = 0;
            for (int i = 0; i < N; i++) {
                dot += xs[i] * ys[i];
                squares += xs[i] * xs[i];
            }
            assertEquals(dot, Blas.dot(x, y), tolerance(type) * Math.sqrt(squares) * Math.sqrt(N), type + " dot");
            assertEquals(Math.sqrt(squares), Blas.nrm2(x), tolerance(type) * Math.sqrt(squares), type + " nrm2");
        }
    }

    @Test
    void axpyScalCopyAreSingleRoundings() {
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = vector(gaussian(3, N), type);
            INDArray y = vector(gaussian(4, N), type);
            double[] xs = asDoubles(x);
            double[] ys = asDoubles(y);
            Blas.axpy(0.75, x, y);
            double[] expected = new double[N];
            for (int i = 0; i < N; i++) {
                expected[i] = round(0.75 * xs[i] + ys[i], type);
            }
            // one or two roundings (with or without a fused multiply-add): within one ulp of the values (|v| < 8)
            assertArrayEquals(expected, asDoubles(y), type == DataType.FLOAT ? 8 * 0x1.0p-23 : 8 * 0x1.0p-52,
                    type + " axpy");

            Blas.scal(-2.0, x);
            for (int i = 0; i < N; i++) {
                expected[i] = -2.0 * xs[i];
            }
            assertArrayEquals(expected, asDoubles(x), 0.0, type + " scal by a power of two is exact");

            INDArray target = Nd4j.zeros(type, N);
            Blas.copy(x, target);
            assertArrayEquals(asDoubles(x), asDoubles(target), 0.0, type + " copy");
        }
    }

    private static double round(double value, DataType type) {
        return type == DataType.FLOAT ? (float) value : value;
    }

    /** Intervals of a larger vector (offset views) and [1, n] rows are addressed correctly. */
    @Test
    void viewsWithOffsetsAndRowVectors() {
        INDArray big = vector(gaussian(5, 3 * N), DataType.DOUBLE);
        INDArray middle = big.get(NDArrayIndex.interval(N, 2 * N));
        INDArray other = vector(gaussian(6, N), DataType.DOUBLE).reshape(1, N);
        double[] m = asDoubles(middle);
        double[] o = asDoubles(other);
        double dot = 0;
        for (int i = 0; i < N; i++) {
            dot += m[i] * o[i];
        }
        assertEquals(dot, Blas.dot(middle, other), 1e-12);
        double[] before = asDoubles(big);
        Blas.axpy(1.0, other, middle);
        double[] after = asDoubles(big);
        for (int i = 0; i < 3 * N; i++) {
            double expected = i >= N && i < 2 * N ? before[i] + o[i - N] : before[i];
            assertEquals(expected, after[i], 0.0, "element " + i + ": only the interval changes");
        }
    }

    @Test
    void combineWritesTheLineAndThePlane() {
        INDArray c = vector(gaussian(7, N), DataType.FLOAT);
        INDArray d1 = vector(gaussian(8, N), DataType.FLOAT);
        INDArray d2 = vector(gaussian(9, N), DataType.FLOAT);
        INDArray out = Nd4j.zeros(DataType.FLOAT, N);
        Blas.combine(c, 0.5, d1, -0.25, d2, out);
        double[] cs = asDoubles(c);
        double[] a = asDoubles(d1);
        double[] b = asDoubles(d2);
        double[] actual = asDoubles(out);
        for (int i = 0; i < N; i++) {
            // two roundings of float: (c + 0.5a) rounded, then + (−0.25b) rounded
            double expected = (float) ((float) (cs[i] + 0.5 * a[i]) - 0.25 * b[i]);
            assertEquals(expected, actual[i], 0.0, "element " + i);
        }
        Blas.combine(c, 2.0, d1, out);
        assertEquals((float) (cs[3] + 2.0 * a[3]), out.getDouble(3), 0.0);
    }

    /** A FLOAT θ copied into a DOUBLE buffer (and back) is cast in place. */
    @Test
    void copyBetweenTypesCasts() {
        INDArray source = vector(gaussian(10, N), DataType.FLOAT);
        INDArray target = Nd4j.zeros(DataType.DOUBLE, 1, N);
        Blas.copy(source, target);
        assertArrayEquals(asDoubles(source), asDoubles(target), 0.0);
        INDArray back = Nd4j.zeros(DataType.FLOAT, N);
        Blas.copy(vector(gaussian(11, N), DataType.DOUBLE), back);
        assertEquals((float) gaussian(11, N)[5], back.getFloat(5), 0.0f);
    }

    @Test
    void refusesWhatBlasCannotDo() {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, N);
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> Blas.dot(x, Nd4j.zeros(DataType.DOUBLE, N - 1)));
        assertTrue(length.getMessage().contains(N + " elements") && length.getMessage().contains((N - 1) + ""),
                length.getMessage());
        IllegalArgumentException types = assertThrows(IllegalArgumentException.class,
                () -> Blas.axpy(1, x, Nd4j.zeros(DataType.FLOAT, N)));
        assertTrue(types.getMessage().contains("FLOAT") && types.getMessage().contains("DOUBLE"), types.getMessage());
        IllegalArgumentException matrix = assertThrows(IllegalArgumentException.class,
                () -> Blas.nrm2(Nd4j.zeros(DataType.DOUBLE, 3, 4)));
        assertTrue(matrix.getMessage().contains("[3, 4]"), matrix.getMessage());
        IllegalArgumentException integer = assertThrows(IllegalArgumentException.class,
                () -> Blas.scal(2, Nd4j.zeros(DataType.INT32, 4)));
        assertTrue(integer.getMessage().contains("INT"), integer.getMessage());
        INDArray column = Nd4j.zeros(DataType.DOUBLE, 4, 3).getColumn(1);
        IllegalArgumentException strided = assertThrows(IllegalArgumentException.class,
                () -> Blas.nrm2(Nd4j.zeros(DataType.DOUBLE, 4, 3).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2))));
        assertTrue(strided.getMessage().contains("shape"), strided.getMessage());
        assertEquals(0.0, Blas.nrm2(column), 0.0, "a column of a 'c' matrix has a constant stride: allowed");
        assertThrows(IllegalArgumentException.class, () -> Blas.nrm2(null));
    }
}
