package org.landscape4j.dl4j.direction;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.landscape4j.direction.Direction;
import org.landscape4j.direction.DirectionKind;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionSettings;
import org.landscape4j.direction.Directions;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.dl4j.layout.NetworkLayouts;
import org.landscape4j.layout.FilterBlock;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.landscape4j.objective.Objective;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gradient direction is the objective's gradient at the centre, bit for bit, and after preparation with
 * the default settings it is that gradient filter-normalized, with biases, γ/β and the running statistics zero.
 * The reference normalization is computed here from the network's layout, filter by filter; both sides sum the
 * same doubles (perhaps in another order), so they agree to 1e-14 relative.
 *
 * <p>Networks: {@link Fixtures#batchNormalized} (dense → batch norm → softmax, with state) and
 * {@link Fixtures#convolutional} (convolution → batch norm → dense → softmax).
 */
class GradientDirectionTest {

    @Test
    void gradientDirectionIsTheObjectivesGradientNormalized() {
        check(Fixtures.batchNormalized(DataType.DOUBLE), Fixtures.classification(21, 32, Fixtures.INPUTS,
                Fixtures.CLASSES, DataType.DOUBLE).getFeatures(), 21);
        check(Fixtures.convolutional(DataType.DOUBLE), Fixtures.gaussian(22, 32,
                Fixtures.IMAGE_SIDE * Fixtures.IMAGE_SIDE, DataType.DOUBLE), 22);
    }

    private static void check(MultiLayerNetwork network, INDArray features, long seed) {
        ParameterLayout layout = NetworkLayouts.of(network);
        org.nd4j.linalg.dataset.DataSet data = new org.nd4j.linalg.dataset.DataSet(features,
                Fixtures.oneHot(seed + 1, (int) features.size(0), Fixtures.CLASSES, DataType.DOUBLE));
        try (Objective objective = Fixtures.objective(network, data)) {
            INDArray centre = Fixtures.perturbed(network.params(), seed + 2, 0.1);
            double[] gradient = Fixtures.gradient(objective, centre);

            Direction direction = Directions.gradient(objective, centre, "gradient on 32 examples");
            assertEquals(DirectionKind.GRADIENT, direction.kind());
            assertNull(direction.seed());
            assertArrayEquals(gradient, Fixtures.values(direction.vector()), 0.0, "the objective's gradient");

            double loss = Fixtures.loss(objective, centre);
            double norm = direction.vector().norm2Number().doubleValue();
            double downhill = Fixtures.loss(objective, centre.sub(direction.vector().reshape(centre.shape())
                    .mul(1e-3 / norm)));
            assertTrue(downhill < loss, "+∇L points uphill: a step against it lowers L (" + downhill + " < "
                    + loss + ")");

            DirectionSet set = DirectionSet.prepare(List.of(direction), centre, layout, DirectionSettings.DEFAULT,
                    false);
            double[] c = Fixtures.values(centre);
            double[] want = new double[gradient.length];
            for (ParameterArray array : layout.arrays()) {
                if (array.role() != ParameterRole.WEIGHT) {
                    continue;                                   // biases, γ/β ignored; state never moves
                }
                for (FilterBlock filter : array.filterBlocks()) {
                    double gg = 0;
                    double cc = 0;
                    for (long i = filter.offset(); i < filter.end(); i++) {
                        gg += gradient[(int) i] * gradient[(int) i];
                        cc += c[(int) i] * c[(int) i];
                    }
                    for (long i = filter.offset(); i < filter.end(); i++) {
                        want[(int) i] = gradient[(int) i] * Math.sqrt(cc) / (Math.sqrt(gg) + 1e-10);
                    }
                }
            }
            double[] got = Fixtures.values(set.get(0).vector());
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-14 * Math.abs(want[i]), "element " + i);
            }
            for (ParameterArray array : layout.arrays()) {
                if (array.role() == ParameterRole.STATE) {
                    for (long i = array.offset(); i < array.end(); i++) {
                        assertEquals(0.0, gradient[(int) i], 0.0, "the objective's gradient of state is 0");
                        assertEquals(0.0, got[(int) i], 0.0, "state never moves");
                    }
                }
            }
        }
    }
}
