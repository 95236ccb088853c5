package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.linalg.Blas;
import org.landscape4j.objective.CombinationEvaluator;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.PointResult;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first-layer shortcut of {@link NetworkObjective#combinations}: at every point θ(w) = Σ w<sub>k</sub>v<sub>k</sub>
 * it must give what writing θ(w) and calling {@code evaluate()} gives, to float rounding.
 *
 * <p><b>Tolerances.</b> The two differ only in the first layer, where the shortcut sums the products
 * x·W<sub>k</sub> + b<sub>k</sub> instead of multiplying x by the summed W: per pre-activation a relative rounding
 * difference of a few units of the precision's u over the m ≤ 4 terms (u = 1.1e-16 in DOUBLE, 6e-8 in FLOAT),
 * propagated through smooth layers into a mean of N losses of order 1. DOUBLE: 1e-12 relative (expected ≈ 1e-15,
 * any error of layout or scale is of order 1); FLOAT: 1e-5 relative (expected ≈ 1e-6 after the loss's own float
 * sums). Accuracy is a count of arg-max agreements: identical unless an example sits on a tie, which seeded
 * Gaussian data does not produce.
 */
class SharedFirstLayerTest {

    private static final double[][] PLANE_POINTS = {{0, 0}, {0.5, -0.25}, {-1, 1}, {0.9, 0.7}};

    @Test
    void denseFirstLayerMatchesThePlainEvaluationInDouble() {
        MultiLayerNetwork network = Fixtures.classifier(Fixtures.base(DataType.DOUBLE).l2(0.01));
        DataSet data = Fixtures.classification(3, 40, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        assertPlaneMatches(network, data, 7, 1e-12, "dense");
    }

    @Test
    void denseFirstLayerMatchesThePlainEvaluationInFloat() {
        MultiLayerNetwork network = Fixtures.classifier(DataType.FLOAT);
        DataSet data = Fixtures.classification(5, 64, Fixtures.INPUTS, Fixtures.CLASSES, DataType.FLOAT);
        assertPlaneMatches(network, data, 64, 1e-5, "dense");
    }

    @Test
    void convolutionFirstLayerMatchesThePlainEvaluation() {
        MultiLayerNetwork network = Fixtures.convolutional(DataType.DOUBLE);
        int inputs = Fixtures.IMAGE_SIDE * Fixtures.IMAGE_SIDE;
        DataSet data = Fixtures.classification(7, 30, inputs, Fixtures.CLASSES, DataType.DOUBLE);
        assertPlaneMatches(network, data, 8, 1e-12, "convolution");
    }

    @Test
    void regressionWithoutAccuracyMatches() {
        MultiLayerNetwork network = Fixtures.regression(DataType.DOUBLE);
        DataSet data = Fixtures.regression(9, 25, Fixtures.INPUTS, 2, DataType.DOUBLE);
        assertPlaneMatches(network, data, 10, 1e-12, "dense");
    }

    @Test
    void bilinearWeightsOfFourModelsMatch() {
        MultiLayerNetwork network = Fixtures.classifier(DataType.DOUBLE);
        DataSet data = Fixtures.classification(11, 20, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        try (Objective objective = factory(network, data, 20).create()) {
            INDArray p = objective.parameters().dup();
            List<INDArray> models = List.of(Fixtures.perturbed(p, 1, 0.3), Fixtures.perturbed(p, 2, 0.3),
                    Fixtures.perturbed(p, 3, 0.3), Fixtures.perturbed(p, 4, 0.3));
            try (CombinationEvaluator shortcut = objective.combinations(models).orElseThrow()) {
                for (double[] ab : PLANE_POINTS) {
                    double a = ab[0];
                    double b = ab[1];
                    double[] w = {(1 - a) * (1 - b), a * (1 - b), (1 - a) * b, a * b};
                    PointResult fast = shortcut.evaluate(w);
                    PointResult plain = plain(objective, models, w);
                    assertEquals(plain.loss(), fast.loss(), 1e-12 * plain.loss());
                    assertEquals(plain.accuracy(), fast.accuracy());
                }
            }
        }
    }

    @Test
    void theBufferHoldsThePointAndProductsSurviveOtherEvaluations() {
        MultiLayerNetwork network = Fixtures.classifier(DataType.DOUBLE);
        DataSet data = Fixtures.classification(13, 20, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        try (Objective objective = factory(network, data, 20).create()) {
            List<INDArray> plane = plane(objective.parameters());
            try (CombinationEvaluator shortcut = objective.combinations(plane).orElseThrow()) {
                double[] w = {1, 0.4, -0.6};
                PointResult first = shortcut.evaluate(w);
                INDArray expected = plane.get(0).dup();
                Blas.axpy(0.4, plane.get(1), expected);
                Blas.axpy(-0.6, plane.get(2), expected);
                assertArrayEquals(Fixtures.values(expected), Fixtures.values(objective.parameters()), 1e-15);
                objective.parameters().assign(Fixtures.perturbed(expected, 99, 1.0));
                objective.evaluate();
                double[] gradient = Fixtures.gradient(objective, Fixtures.perturbed(expected, 98, 1.0));
                assertTrue(gradient.length > 0);
                assertEquals(first, shortcut.evaluate(w), "the products do not depend on what was evaluated since");
            }
        }
    }

    @Test
    void networksWithoutADenseOrConvolutionalFirstLayerHaveNoShortcut() {
        DataSet data = Fixtures.regression(15, 10, 3, 2, DataType.DOUBLE);
        try (Objective single = Fixtures.objective(Fixtures.linearRegression(DataType.DOUBLE, 3, 2), data)) {
            assertTrue(single.combinations(plane(single.parameters())).isEmpty(), "one layer: nothing after it");
        }
        DataSet graphData = Fixtures.classification(16, 10, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        try (Objective graph = Fixtures.objective(Fixtures.graph(DataType.DOUBLE), graphData)) {
            assertTrue(graph.combinations(plane(graph.parameters())).isEmpty(), "graphs are evaluated plainly");
        }
    }

    @Test
    void badInputIsRefusedWithTheNumbers() {
        MultiLayerNetwork network = Fixtures.classifier(DataType.DOUBLE);
        DataSet data = Fixtures.classification(17, 10, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        Objective objective = factory(network, data, 10).create();
        INDArray p = objective.parameters();
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> objective.combinations(List.of(p.dup(), p.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)).dup())));
        assertTrue(length.getMessage().contains("5 DOUBLE values"), length.getMessage());
        assertThrows(IllegalArgumentException.class, () -> objective.combinations(List.of(p.castTo(DataType.FLOAT))));
        CombinationEvaluator shortcut = objective.combinations(plane(p)).orElseThrow();
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
                () -> shortcut.evaluate(new double[] {1, 2}));
        assertTrue(weights.getMessage().contains("2 weights for 3 vectors"), weights.getMessage());
        objective.close();
        assertThrows(IllegalStateException.class, () -> shortcut.evaluate(new double[] {1, 0, 0}));
        shortcut.close();
    }

    // ------------------------------------------------------------------ helpers

    private static void assertPlaneMatches(MultiLayerNetwork network, DataSet data, int batchSize, double tolerance,
                                           String kind) {
        try (Objective objective = factory(network, data, batchSize).create()) {
            List<INDArray> plane = plane(objective.parameters());
            try (CombinationEvaluator shortcut = objective.combinations(plane).orElseThrow()) {
                assertTrue(shortcut.description().contains(kind), shortcut.description());
                for (double[] ab : PLANE_POINTS) {
                    double[] w = {1, ab[0], ab[1]};
                    PointResult fast = shortcut.evaluate(w);
                    PointResult plain = plain(objective, plane, w);
                    assertEquals(plain.loss(), fast.loss(), tolerance * Math.abs(plain.loss()),
                            "loss at " + ab[0] + ", " + ab[1]);
                    assertEquals(plain.regularization(), fast.regularization(),
                            tolerance * Math.abs(plain.regularization()));
                    if (Double.isNaN(plain.accuracy())) {
                        assertTrue(Double.isNaN(fast.accuracy()));
                    } else {
                        assertEquals(plain.accuracy(), fast.accuracy(), 0.0);
                    }
                    assertEquals(plain.examples(), fast.examples());
                }
            }
        }
    }

    private static PointResult plain(Objective objective, List<INDArray> vectors, double[] w) {
        INDArray theta = vectors.get(0).mul(w[0]);
        for (int k = 1; k < w.length; k++) {
            Blas.axpy(w[k], vectors.get(k), theta);
        }
        return objective.evaluate(theta);
    }

    /** c = the network's θ, d₁ and d₂ seeded Gaussian directions of a tenth of θ's scale. */
    private static List<INDArray> plane(INDArray centre) {
        INDArray c = centre.dup().reshape(centre.length());
        INDArray d1 = Fixtures.perturbed(c.mul(0), 21, 0.1);
        INDArray d2 = Fixtures.perturbed(c.mul(0), 22, 0.1);
        return List.of(c, d1, d2);
    }

    private static NetworkObjectiveFactory factory(Model network, DataSet data, int batchSize) {
        return NetworkObjectiveFactory.builder(network).data(data).batchSize(batchSize).build();
    }
}
