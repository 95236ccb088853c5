package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link VectorCopy} on every path (bulk copy of contiguous FLOAT with and without an offset, element-wise for
 * DOUBLE, strided views and views with an offset) into both a {@code float[]} and a little-endian direct
 * {@link FloatBuffer} like Arrow's, compared exactly with ND4J's own cast ({@code castTo(FLOAT).toFloatVector()},
 * the same rounding); wrong lengths and non-vectors are refused. Ported from the listener's ParameterCopyTest.
 */
class VectorCopyTest {

    private static void assertCopies(INDArray source) {
        float[] expected = source.castTo(DataType.FLOAT).dup('c').reshape(source.length()).toFloatVector();
        float[] target = new float[(int) source.length()];
        VectorCopy.into(source, target);
        assertArrayEquals(expected, target, "into float[] from " + source.shapeInfoToString());
        // an Arrow-like target: a little-endian view of direct memory, its position not moved
        FloatBuffer arrow = ByteBuffer.allocateDirect(target.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        VectorCopy.into(source, arrow);
        assertEquals(0, arrow.position(), "absolute puts");
        float[] copied = new float[target.length];
        arrow.get(copied);
        assertArrayEquals(expected, copied, "into a FloatBuffer from " + source.shapeInfoToString());
    }

    @Test
    void copiesContiguousFloatsWithAndWithoutOffset() {
        Nd4j.getRandom().setSeed(1);
        INDArray matrix = Nd4j.rand(DataType.FLOAT, 4, 25);
        assertCopies(matrix.reshape(1, 100));
        assertCopies(matrix.reshape(100));
        assertCopies(matrix.getRow(2));                        // a view at offset 50
        assertCopies(matrix.getRow(0));
        assertCopies(matrix.getRow(3).reshape(25, 1));         // column-vector shape of a view
        assertCopies(Nd4j.createFromArray(new float[] {7.5f}));
    }

    @Test
    void copiesDoublesRoundedToNearestFloat() {
        Nd4j.getRandom().setSeed(2);
        INDArray doubles = Nd4j.rand(DataType.DOUBLE, 1, 33).muli(1e3);
        assertCopies(doubles);
        INDArray exact = Nd4j.createFromArray(1.0000001, 1e-46, 3.4028235677973366e38, -0.0, Double.NaN, 1e300);
        float[] target = new float[6];
        VectorCopy.into(exact, target);
        assertArrayEquals(new float[] {(float) 1.0000001, (float) 1e-46, (float) 3.4028235677973366e38, -0.0f,
            Float.NaN, Float.POSITIVE_INFINITY}, target, "as a (float) cast rounds");
        assertCopies(Nd4j.rand(DataType.DOUBLE, 6, 9).getRow(4));   // a DOUBLE view at offset 36
    }

    @Test
    void copiesStridedViews() {
        Nd4j.getRandom().setSeed(3);
        assertCopies(Nd4j.rand(DataType.FLOAT, 5, 7).getColumn(3));   // stride 7, offset 3
        assertCopies(Nd4j.rand(DataType.FLOAT, 37, 3).getColumn(2));  // stride 3, offset 2, to the last element
        assertCopies(Nd4j.rand(DataType.DOUBLE, 11, 4).getColumn(1)); // DOUBLE, strided
        assertCopies(Nd4j.rand(DataType.FLOAT, 'f', 6, 5).getRow(4));  // f order: a row is strided
        INDArray big = Nd4j.rand(DataType.FLOAT, 20, 10);
        assertCopies(big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 17),
                org.nd4j.linalg.indexing.NDArrayIndex.point(6)));    // a sub-column
        for (INDArray column : List.of(big.getColumn(0), big.getColumn(9))) {
            assertCopies(column);
        }
    }

    @Test
    void refusesAWrongLengthOrANonVector() {
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> VectorCopy.into(Nd4j.zeros(DataType.FLOAT, 1, 3), new float[4]));
        assertEquals("the vector has 3 values, the target room for 4", length.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VectorCopy.into(Nd4j.zeros(DataType.FLOAT, 5),
                FloatBuffer.allocate(4)));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> VectorCopy.into(Nd4j.zeros(DataType.FLOAT, 2, 3), new float[6]));
        assertEquals("shape [2, 3] is not a vector", shape.getMessage());
    }
}
