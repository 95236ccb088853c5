package org.landscape4j.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The product forms of {@link SafeGemm}, against Java sums, on the shapes the trajectory analyses use (column chunks of
 * thousands of columns, up to {@value SafeGemm#MAX_ROWS} output rows, operands that are views of consecutive rows):
 * run under the test JVM's BLAS kernel, which on AVX-512 BF16 machines is the one that gets larger calls wrong.
 * Tolerance: 1e-13 of the sum of the terms' magnitudes (rounding of sums of up to 9,000 terms is ~1e-12 of it at
 * worst, typically far less).
 */
class SafeGemmTest {

    @ParameterizedTest(name = "{0}×{1} from K = {2}")
    @CsvSource({"1, 9000, 3", "12, 9000, 50", "128, 5000, 12", "128, 300, 400", "50, 10240, 50", "7, 1, 9000"})
    void aTimesBIntoAColumnMajorBlock(int m, int n, int k) {
        INDArray a = random(m + 2, k, 1).get(NDArrayIndex.interval(1, m + 1), NDArrayIndex.all());   // a row view
        INDArray b = random(k, n, 2);
        INDArray out = Nd4j.create(DataType.DOUBLE, new long[] {m, n}, 'f');
        SafeGemm.multiply(a, b, false, out, 0.0);
        check(a.toDoubleMatrix(), b.toDoubleMatrix(), false, out.toDoubleMatrix(), null);
    }

    @ParameterizedTest(name = "{0}×{1} from K = {2}, accumulated")
    @CsvSource({"128, 140, 10240", "50, 50, 10240", "16, 6, 20000", "3, 128, 9000"})
    void aTimesBTransposedAccumulated(int m, int n, int k) {
        INDArray a = random(m, k, 3);
        INDArray b = random(n + 3, k, 4).get(NDArrayIndex.interval(3, n + 3), NDArrayIndex.all());
        INDArray out = random(m, n, 5).dup('f');
        double[][] before = out.toDoubleMatrix();
        SafeGemm.multiply(a, b, true, out, 1.0);
        check(a.toDoubleMatrix(), b.toDoubleMatrix(), true, out.toDoubleMatrix(), before);
    }

    @Test
    void anUnsafeOutputIsRefused() {
        INDArray a = random(200, 4, 6);
        INDArray b = random(4, 3, 7);
        assertThrows(IllegalArgumentException.class, () -> SafeGemm.multiply(a, b, false,
                Nd4j.create(DataType.DOUBLE, new long[] {200, 3}, 'f'), 0.0));
        IllegalArgumentException rowMajor = assertThrows(IllegalArgumentException.class, () -> SafeGemm.multiply(
                a.get(NDArrayIndex.interval(0, 2), NDArrayIndex.all()), b, false, Nd4j.create(DataType.DOUBLE, 2, 3),
                0.0));
        assertTrue(rowMajor.getMessage().contains("column-major"), rowMajor.getMessage());
        assertArrayEquals(new int[][] {{0, 128}, {128, 256}, {256, 300}}, SafeGemm.blocks(300));
        assertArrayEquals(new int[][] {{0, 1}}, SafeGemm.blocks(1));
    }

    private static INDArray random(int rows, int columns, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] values = new double[rows][columns];
        for (double[] row : values) {
            for (int j = 0; j < columns; j++) {
                row[j] = random.nextDouble() - 0.5;
            }
        }
        return Nd4j.createFromArray(values);
    }

    private static void check(double[][] a, double[][] b, boolean transposeB, double[][] out, double[][] before) {
        int k = a[0].length;
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[0].length; j++) {
                double sum = before == null ? 0 : before[i][j];
                double magnitude = Math.abs(sum);
                for (int l = 0; l < k; l++) {
                    double term = a[i][l] * (transposeB ? b[j][l] : b[l][j]);
                    sum += term;
                    magnitude += Math.abs(term);
                }
                assertEquals(sum, out[i][j], 1e-13 * magnitude, "entry " + i + ", " + j);
            }
        }
    }
}
