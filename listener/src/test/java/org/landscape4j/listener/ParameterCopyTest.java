package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every path of the copy against ND4J's own {@code toFloatVector()}; exact (the same float rounding). */
class ParameterCopyTest {

    private static void assertCopies(INDArray params) {
        float[] target = new float[(int) params.length()];
        ParameterCopy.into(params, target);
        assertArrayEquals(params.castTo(DataType.FLOAT).toFloatVector(), target);
    }

    @Test
    void copiesContiguousFloatsWithAndWithoutOffset() {
        Nd4j.getRandom().setSeed(1);
        INDArray matrix = Nd4j.rand(DataType.FLOAT, 4, 25);
        assertCopies(matrix.reshape(1, 100));
        assertCopies(matrix.getRow(2));                        // a view at offset 50
    }

    @Test
    void copiesDoublesAndStridedViews() {
        Nd4j.getRandom().setSeed(2);
        INDArray doubles = Nd4j.rand(DataType.DOUBLE, 1, 33).muli(1e3);
        assertCopies(doubles);                                 // rounded to nearest float
        assertCopies(Nd4j.rand(DataType.FLOAT, 5, 7).getColumn(3));   // stride 7
    }

    @Test
    void refusesAWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> ParameterCopy.into(Nd4j.zeros(DataType.FLOAT, 1, 3),
                new float[4]));
    }
}
