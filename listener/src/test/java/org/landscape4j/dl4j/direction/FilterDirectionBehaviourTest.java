package org.landscape4j.dl4j.direction;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.landscape4j.direction.DirectionSettings;
import org.landscape4j.direction.Normalizer;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.dl4j.layout.NetworkLayouts;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What filter normalization means in a real DL4J network: a filter is the set of weights of ONE output unit.
 *
 * <p>For a weight array of a hidden layer and one filter o, a direction is drawn that is random in filter o's
 * block of θ, zero in every other weight, and random in every bias, batch-norm γ/β and running mean/variance
 * (which the default settings must zero). After filter normalization (the default settings) the direction is
 * non-zero in filter o's block only, with ‖d<sub>o</sub>‖ = ‖θ<sub>o</sub>‖ (up to the 1e-10 guard); moving θ by it changes unit o of that
 * layer (its outputs move by at least 1e-3 on some example) and leaves every other unit of the layer bit for bit
 * unchanged, in inference mode. The same holds one layer on, through batch normalization, which in inference mode
 * is an affine map per unit.
 *
 * <p>Networks: {@link Fixtures#convolutional} (conv 2×2 with 2 filters and identity activation, so its output
 * is its pre-activation → batch norm → dense 5, tanh) and {@link Fixtures#batchNormalized} (dense 5, tanh → batch
 * norm). tanh is strictly increasing, so a dense unit's output moves exactly when its pre-activation does.
 * Bitwise equality of the other units holds because their weights, inputs and the BLAS blocking are unchanged.
 */
class FilterDirectionBehaviourTest {

    private static final int EXAMPLES = 16;

    /** The output of one unit (a column of [n, units], a channel of [n, channels, h, w]) as a flat array. */
    private static double[] unit(INDArray activations, int unit) {
        INDArray slice = activations.rank() == 4
                ? activations.get(NDArrayIndex.all(), NDArrayIndex.point(unit), NDArrayIndex.all(), NDArrayIndex.all())
                : activations.get(NDArrayIndex.all(), NDArrayIndex.point(unit));
        return slice.dup().castTo(DataType.DOUBLE).reshape(slice.length()).toDoubleVector();
    }

    /**
     * @param network    the network (its parameters are restored afterwards)
     * @param features   the inputs
     * @param weightName the weight array whose filter is moved
     * @param filter     o
     * @param layers     the indices of {@code feedForward}'s list to inspect (1 = the first layer's output)
     */
    private static void onlyOneUnitMoves(MultiLayerNetwork network, INDArray features, String weightName, int filter,
                                         int... layers) {
        ParameterLayout layout = NetworkLayouts.of(network);
        ParameterArray weight = layout.find(weightName).orElseThrow();
        assertEquals(ParameterRole.WEIGHT, weight.role());
        long p = layout.parameterCount();
        INDArray theta = network.params().dup().reshape(p);
        long from = weight.offset() + filter * weight.filterLength();
        long to = from + weight.filterLength();

        Random random = new Random(31 * filter + weightName.hashCode());
        INDArray d = Nd4j.zeros(DataType.DOUBLE, p);
        for (ParameterArray array : layout.arrays()) {
            boolean oneDimensional = array.role() != ParameterRole.WEIGHT;
            for (long i = array.offset(); i < array.end(); i++) {
                if (oneDimensional || (array == weight && i >= from && i < to)) {
                    d.putScalar(i, random.nextGaussian());
                }
            }
        }
        double raw = d.get(NDArrayIndex.interval(from, to)).norm2Number().doubleValue();
        Normalizer.normalize(d, theta, layout, DirectionSettings.DEFAULT);

        double[] values = d.toDoubleVector();
        double dSquares = 0;
        double thetaSquares = 0;
        for (int i = 0; i < p; i++) {
            if (i >= from && i < to) {
                assertTrue(values[i] != 0, weightName + " filter " + filter + ": element " + i + " moves");
                dSquares += values[i] * values[i];
                thetaSquares += theta.getDouble(i) * theta.getDouble(i);
            } else {
                assertEquals(0.0, values[i], 0.0, weightName + " filter " + filter + ": element " + i + " of "
                        + name(layout, i) + " must not move");
            }
        }
        double thetaNorm = Math.sqrt(thetaSquares);
        assertEquals(thetaNorm * raw / (raw + 1e-10), Math.sqrt(dSquares), 1e-12 * thetaNorm,
                "‖d_f‖ = ‖θ_f‖·‖d_f,raw‖/(‖d_f,raw‖ + 1e-10)");

        List<INDArray> before = network.feedForward(features, false);
        network.params().assign(theta.add(d).reshape(network.params().shape()));
        List<INDArray> after = network.feedForward(features, false);
        network.params().assign(theta.reshape(network.params().shape()));

        for (int layer : layers) {
            long units = before.get(layer).size(1);
            for (int u = 0; u < units; u++) {
                double[] was = unit(before.get(layer), u);
                double[] is = unit(after.get(layer), u);
                String what = weightName + " filter " + filter + ", output of layer " + (layer - 1) + ", unit " + u;
                if (u == filter) {
                    double moved = 0;
                    for (int i = 0; i < was.length; i++) {
                        moved = Math.max(moved, Math.abs(is[i] - was[i]));
                    }
                    assertTrue(moved > 1e-3, what + " moves, by " + moved);
                } else {
                    assertArrayEquals(was, is, 0.0, what + " must not move");
                }
            }
        }
    }

    private static String name(ParameterLayout layout, long index) {
        return layout.arrays().stream().filter(a -> a.offset() <= index && index < a.end()).findFirst()
                .map(ParameterArray::name).orElse("?");
    }

    @Test
    void convolutionFilterMovesOnlyItsChannel() {
        MultiLayerNetwork network = Fixtures.convolutional(DataType.DOUBLE);
        INDArray features = Fixtures.gaussian(5, EXAMPLES, Fixtures.IMAGE_SIDE * Fixtures.IMAGE_SIDE, DataType.DOUBLE);
        ParameterArray kernel = NetworkLayouts.of(network).find("0_W").orElseThrow();
        assertArrayEquals(new long[]{2, 1, 2, 2}, kernel.shape());
        assertEquals('c', kernel.ordering());
        for (int o = 0; o < 2; o++) {
            onlyOneUnitMoves(network, features, "0_W", o, 1, 2);      // conv output, batch-norm output
        }
    }

    @Test
    void denseFilterMovesOnlyItsUnit() {
        MultiLayerNetwork convolutional = Fixtures.convolutional(DataType.DOUBLE);
        INDArray images = Fixtures.gaussian(6, EXAMPLES, Fixtures.IMAGE_SIDE * Fixtures.IMAGE_SIDE, DataType.DOUBLE);
        for (int j = 0; j < Fixtures.HIDDEN; j++) {
            onlyOneUnitMoves(convolutional, images, "2_W", j, 3);        // dense after conv and batch norm
        }
        MultiLayerNetwork batchNormalized = Fixtures.batchNormalized(DataType.DOUBLE);
        INDArray features = Fixtures.gaussian(7, EXAMPLES, Fixtures.INPUTS, DataType.DOUBLE);
        assertEquals('f', NetworkLayouts.of(batchNormalized).find("0_W").orElseThrow().ordering());
        for (int j = 0; j < Fixtures.HIDDEN; j++) {
            onlyOneUnitMoves(batchNormalized, features, "0_W", j, 1, 2); // dense output, batch-norm output
        }
    }
}
