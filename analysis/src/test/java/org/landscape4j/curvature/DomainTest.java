package org.landscape4j.curvature;

import org.junit.jupiter.api.Test;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainTest {

    private static final ParameterLayout LAYOUT = new ParameterLayout(List.of(
            new ParameterArray("0_W", "0", "Dense", 0, 4, new long[]{2, 2}, 'f', ParameterRole.WEIGHT, 1),
            new ParameterArray("0_b", "0", "Dense", 4, 2, new long[]{1, 2}, 'c', ParameterRole.BIAS, -1),
            new ParameterArray("1_gamma", "1", "BatchNormalization", 6, 2, new long[]{2}, 'c', ParameterRole.NORM,
                    -1),
            new ParameterArray("1_mean", "1", "BatchNormalization", 8, 2, new long[]{2}, 'c', ParameterRole.STATE,
                    -1),
            new ParameterArray("2_W", "2", "Dense", 10, 2, new long[]{2, 1}, 'f', ParameterRole.WEIGHT, 1)));

    @Test
    void factoriesMergeAdjacentArraysAndSkipState() {
        Domain trainable = Domain.trainable(LAYOUT);
        assertEquals(List.of(new Domain.Block(0, 8), new Domain.Block(10, 2)), trainable.blocks());
        assertEquals(10, trainable.size());
        assertEquals(12, trainable.dimension());
        Domain layer = Domain.layers(LAYOUT, List.of("1"));
        assertEquals(List.of(new Domain.Block(6, 2)), layer.blocks());
        assertTrue(Domain.all(12).isAll());
        assertThrows(IllegalArgumentException.class, () -> Domain.layers(LAYOUT, List.of("9")));
        assertThrows(IllegalArgumentException.class, () -> Domain.arrays(LAYOUT, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Domain(12, List.of(new Domain.Block(4, 4), new Domain.Block(2, 3))));
        assertThrows(IllegalArgumentException.class, () -> new Domain(5, List.of(new Domain.Block(4, 4))));
    }

    @Test
    void projectionAndNorm() {
        Domain domain = Domain.arrays(LAYOUT, List.of("0_b", "2_W"));
        INDArray v = Nd4j.createFromArray(1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertEquals(Math.sqrt(25 + 36 + 121 + 144), domain.norm(v), 1e-12);
        INDArray row = v.reshape(1, 12).dup();
        domain.project(row);
        assertArrayEquals(new double[]{0, 0, 0, 0, 5, 6, 0, 0, 0, 0, 11, 12}, Matrices.values(row), 0.0);
        assertThrows(IllegalArgumentException.class, () -> domain.project(Nd4j.create(DataType.DOUBLE, 11)));
    }
}
