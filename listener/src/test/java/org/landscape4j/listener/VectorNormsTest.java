package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The BLAS path against a norm summed in double precision, element by element, on the Java side. */
class VectorNormsTest {

    private static double reference(INDArray v) {
        double sum = 0;
        for (long i = 0; i < v.length(); i++) {
            double x = v.getDouble(i);
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    @Test
    void matchesADoublePrecisionReference() {
        Nd4j.getRandom().setSeed(5);
        INDArray doubles = Nd4j.randn(DataType.DOUBLE, 1, 25_495);
        // double: dnrm2 and the reference differ only by rounding, ~√n·ε relative
        assertEquals(reference(doubles), VectorNorms.l2(doubles), 1e-13 * reference(doubles));
        INDArray floats = doubles.castTo(DataType.FLOAT);
        // float: snrm2 accumulates in float; its error stays ~√n·ε_float ≈ 2e-5 relative at worst here
        assertEquals(reference(floats), VectorNorms.l2(floats), 2e-5 * reference(floats));
    }

    @Test
    void handlesViewsWithOffsetsAndStridesAndOtherTypes() {
        INDArray matrix = Nd4j.arange(0, 12).castTo(DataType.DOUBLE).reshape('c', 3, 4);
        INDArray row = matrix.getRow(1);              // offset 4, contiguous: 4, 5, 6, 7
        assertEquals(Math.sqrt(16 + 25 + 36 + 49), VectorNorms.l2(row), 1e-12);
        INDArray column = matrix.getColumn(2);        // stride 4: 2, 6, 10
        assertEquals(Math.sqrt(4 + 36 + 100), VectorNorms.l2(column), 1e-12);
        INDArray half = Nd4j.createFromArray(3f, 4f).castTo(DataType.HALF);
        assertEquals(5.0, VectorNorms.l2(half), 1e-2, "HALF falls back to ND4J's own norm");
        assertEquals(0.0, VectorNorms.l2(Nd4j.zeros(DataType.FLOAT, 1, 5)), 0.0);
    }
}
