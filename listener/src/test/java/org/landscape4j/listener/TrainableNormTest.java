package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The trainable-only norm against a norm summed in double precision, element by element, on the Java side,
 * over exactly the entries whose role is trainable.
 */
class TrainableNormTest {

    private static ParameterLayout allTrainable(long p) {
        return new ParameterLayout(List.of(new ParameterArray("0_W", "0", "DenseLayer", 0, p, new long[] {1, p}, 'f',
                ParameterRole.WEIGHT, 1)));
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

    private static double reference(INDArray v, ParameterLayout layout) {
        double sum = 0;
        for (ParameterArray array : layout.arrays()) {
            if (array.role().isTrainable()) {
                for (long i = array.offset(); i < array.end(); i++) {
                    double x = v.getDouble(i);
                    sum += x * x;
                }
            }
        }
        return Math.sqrt(sum);
    }

    @Test
    void matchesADoublePrecisionReferenceOnAllTrainableVectors() {
        Nd4j.getRandom().setSeed(5);
        INDArray doubles = Nd4j.randn(DataType.DOUBLE, 1, 25_495);
        TrainableNorm norm = new TrainableNorm(allTrainable(25_495));
        assertTrue(norm.coversAll());
        // double: dnrm2 and the reference differ only by rounding, ~√n·ε relative
        assertEquals(reference(doubles, allTrainable(25_495)), norm.of(doubles), 1e-13 * norm.of(doubles));
        INDArray floats = doubles.castTo(DataType.FLOAT);
        // float: snrm2 accumulates in float; its error stays ~√n·ε_float ≈ 2e-5 relative at worst here
        assertEquals(reference(floats, allTrainable(25_495)), norm.of(floats), 2e-5 * norm.of(floats));
    }

    /** Hardening item 11: batch-norm running statistics are not part of ‖g‖ or ‖u‖. */
    @Test
    void leavesOutNonTrainableState() {
        ParameterLayout layout = withBatchNorm();
        TrainableNorm norm = new TrainableNorm(layout);
        assertFalse(norm.coversAll());
        assertEquals(23, norm.trainableCount());
        INDArray v = Nd4j.arange(1, 30).castTo(DataType.DOUBLE).reshape(1, 29);
        // 1..29 without entries 16..21 (1-based values 16..21 sit at offsets 15..20)
        double expected = 0;
        for (int value = 1; value <= 29; value++) {
            if (value < 16 || value > 21) {
                expected += (double) value * value;
            }
        }
        assertEquals(Math.sqrt(expected), norm.of(v), 1e-12);
        assertEquals(reference(v, layout), norm.of(v), 1e-12);
        INDArray huge = Nd4j.zeros(DataType.FLOAT, 29);
        huge.putScalar(16, 1e6);                            // a running variance
        huge.putScalar(0, 3);
        huge.putScalar(28, 4);
        assertEquals(5.0, norm.of(huge), 1e-6, "the running statistic does not count");
    }

    @Test
    void refusesAVectorOfAnotherLength() {
        TrainableNorm norm = new TrainableNorm(withBatchNorm());
        assertThrows(IllegalArgumentException.class, () -> norm.of(Nd4j.zeros(DataType.FLOAT, 28)));
    }
}
