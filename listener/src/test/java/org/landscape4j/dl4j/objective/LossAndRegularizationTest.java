package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.objective.CentralDifferences;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.PointResult;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * L(θ), R(θ) and ∇R(θ) against DL4J's own score and against closed forms. All networks are DOUBLE, so "tight"
 * means a few ulps: both sides add the same few dozen terms, possibly in another order.
 */
class LossAndRegularizationTest {

    private static final DataSet DATA = Fixtures.classification(7, 10, Fixtures.INPUTS, Fixtures.CLASSES,
            DataType.DOUBLE);

    /** A global l2 plus a per-layer weight decay on the hidden layer. */
    private static MultiLayerNetwork regularized(boolean miniBatch) {
        return Fixtures.classifier(Fixtures.base(DataType.DOUBLE).l2(0.02).miniBatch(miniBatch),
                (DenseLayer.Builder) new DenseLayer.Builder().weightDecay(0.03));
    }

    /** hidden W: weight decay 0.03; output W: l1 0.01 + l2 0.02; output b: l2Bias 0.05. */
    private static MultiLayerNetwork perLayerRegularized() {
        MultiLayerNetwork network = new MultiLayerNetwork(Fixtures.base(DataType.DOUBLE).list()
                .layer(new DenseLayer.Builder().nIn(Fixtures.INPUTS).nOut(Fixtures.HIDDEN)
                        .activation(Activation.TANH).weightDecay(0.03).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(Fixtures.HIDDEN)
                        .nOut(Fixtures.CLASSES).activation(Activation.SOFTMAX).l1(0.01).l2(0.02).l2Bias(0.05)
                        .build())
                .build());
        network.init();
        network.params().assign(Fixtures.perturbed(network.params(), 3, 0.3));
        return network;
    }

    @Test
    void lossIsDl4jScoreMinusRegularization() {
        MultiLayerNetwork network = regularized(true);
        try (Objective objective = Fixtures.objective(network, DATA)) {
            PointResult point = objective.evaluate(network.params());
            double regularization = network.calcRegularizationScore(true);
            assertTrue(regularization > 0.01, "the test needs a regularization term that matters");
            // DL4J: score(data, false) = Σ_i ℓ_i / N + R (miniBatch(true), the default)
            double expected = network.score(DATA, false) - regularization;
            assertEquals(0, Fixtures.relative(point.loss(), expected), 1e-12, "L = score − R");
            double meanOfExamples = network.scoreExamples(DATA, false).sumNumber().doubleValue()
                    / DATA.numExamples();
            assertEquals(0, Fixtures.relative(objective.loss(), meanOfExamples), 1e-12, "L = mean of scoreExamples");
            assertEquals(0, Fixtures.relative(point.total(), network.score(DATA, false)), 1e-12,
                    "L + R is DL4J's score");
            assertEquals(regularization, point.regularization(), 0.0);
            assertEquals(regularization, objective.regularization(), 0.0);
            assertEquals(DATA.numExamples(), point.examples());
        }
    }

    /** miniBatch(false) makes DL4J's score a sum (N·L + R); the objective's L stays the mean. */
    @Test
    void miniBatchFalseChangesDl4jScoreNotTheObjective() {
        MultiLayerNetwork mean = regularized(true);
        MultiLayerNetwork sum = regularized(false);
        sum.setParams(mean.params());
        INDArray theta = mean.params();
        try (Objective meanObjective = Fixtures.objective(mean, DATA);
             Objective sumObjective = Fixtures.objective(sum, DATA)) {
            double loss = Fixtures.loss(sumObjective, theta);
            assertEquals(0, Fixtures.relative(loss, Fixtures.loss(meanObjective, theta)), 1e-15);
            double n = DATA.numExamples();
            double dl4jSum = sum.score(DATA, false) - sum.calcRegularizationScore(true);
            assertEquals(0, Fixtures.relative(n * loss, dl4jSum), 1e-12, "score = N·L + R under miniBatch(false)");
            // the gradient DL4J computes is the batch sum either way, so the objectives' gradients agree too
            double[] g1 = Fixtures.gradient(meanObjective, theta);
            double[] g2 = Fixtures.gradient(sumObjective, theta);
            assertEquals(0, Fixtures.maxRelativeError(g1, g2, 1e-12), 1e-14);
            INDArray out = Nd4j.create(DataType.DOUBLE, sumObjective.parameterCount());
            assertEquals(0, Fixtures.relative(sumObjective.lossAndGradient(out), loss), 1e-12,
                    "the loss of lossAndGradient is the mean under miniBatch(false) too");
        }
    }

    /**
     * Per-layer regularization, closed form from the weights (DL4J M2.1: L2Regularization and WeightDecay both
     * score ½·λ·‖w‖², L1Regularization λ·‖w‖₁; biases only through l2Bias/l1Bias/weightDecayBias). Tolerance
     * 1e-13 relative: DL4J squares a natively computed norm2 (sqrt, then square), the closed form sums squares
     * directly; both are exact to a few ulps.
     */
    @Test
    void perLayerRegularizationMatchesClosedForm() {
        MultiLayerNetwork network = perLayerRegularized();
        try (Objective objective = Fixtures.objective(network, DATA)) {
            double expected = 0.5 * 0.03 * sumOfSquares(network.getParam("0_W"))
                    + 0.01 * sumOfAbs(network.getParam("1_W")) + 0.5 * 0.02 * sumOfSquares(network.getParam("1_W"))
                    + 0.5 * 0.05 * sumOfSquares(network.getParam("1_b"));
            objective.parameters().assign(network.params());
            assertEquals(0, Fixtures.relative(objective.regularization(), expected), 1e-13);
            assertEquals(0, Fixtures.relative(objective.evaluate().regularization(), expected), 1e-13);
            assertEquals(network.calcRegularizationScore(true), objective.regularization(), 0.0,
                    "the very number DL4J computes");
        }
    }

    /**
     * ∇R in closed form for the same network: 0_W: 0.03·w; 1_W: 0.01·sign(w) + 0.02·w; 1_b: 0.05·b; 0_b: 0.
     * Each entry is one or two roundings of the closed form: 1e-15 absolute for values below 1.
     */
    @Test
    void regularizationGradientMatchesClosedForm() {
        MultiLayerNetwork network = perLayerRegularized();
        try (Objective objective = Fixtures.objective(network, DATA)) {
            objective.parameters().assign(network.params());
            INDArray out = Nd4j.zeros(DataType.DOUBLE, objective.parameterCount());
            objective.addRegularizationGradient(out);
            double[] theta = Fixtures.values(network.params());
            double[] expected = new double[theta.length];
            for (ParameterArray array : objective.layout().arrays()) {
                for (long i = array.offset(); i < array.end(); i++) {
                    double w = theta[(int) i];
                    expected[(int) i] = switch (array.name()) {
                        case "0_W" -> 0.03 * w;
                        case "1_W" -> 0.01 * Math.signum(w) + 0.02 * w;
                        case "1_b" -> 0.05 * w;
                        default -> 0.0;
                    };
                }
            }
            assertArrayEquals(expected, Fixtures.values(out), 1e-15);
            // added, not overwritten
            objective.addRegularizationGradient(out);
            for (int i = 0; i < expected.length; i++) {
                expected[i] *= 2;
            }
            assertArrayEquals(expected, Fixtures.values(out), 2e-15);
        }
    }

    /**
     * ∇R against central differences of R itself (R is quadratic in the L2/WD terms: exact up to rounding; the
     * L1 term is piecewise linear, exact as long as no weight is within ε of 0). ε = 1e-6, R ≈ 0.1: rounding
     * u·R/ε ≈ 1e-11. Also the global weight decay registered twice: its gradient counts twice, as R does.
     */
    @Test
    void regularizationGradientIsTheDerivativeOfR() {
        for (MultiLayerNetwork network : List.of(perLayerRegularized(),
                Fixtures.classifier(Fixtures.base(DataType.DOUBLE).weightDecay(0.01)))) {
            try (Objective objective = Fixtures.objective(network, DATA)) {
                INDArray theta = network.params().dup();
                INDArray out = Nd4j.zeros(DataType.DOUBLE, objective.parameterCount());
                objective.parameters().assign(theta);
                objective.addRegularizationGradient(out);
                double[] numeric = new double[(int) objective.parameterCount()];
                for (int i = 0; i < numeric.length; i++) {
                    numeric[i] = CentralDifferences.partialDerivative(objective::regularization,
                            objective.parameters(), theta, i, 1e-6);
                }
                assertArrayEquals(numeric, Fixtures.values(out), 1e-9);
            }
        }
    }

    /**
     * On one layer builder, l2 and weightDecay exclude each other in DL4J M2.1: the later call replaces the
     * earlier one (a global l2 and a per-layer weight decay do add up, see {@link #regularized}).
     */
    @Test
    void perLayerL2AndWeightDecayExcludeEachOther() {
        BaseLayer layer = (BaseLayer) new DenseLayer.Builder().nIn(2).nOut(2).l2(0.02).weightDecay(0.03).build();
        assertEquals(1, layer.getRegularization().size(), layer.getRegularization().toString());
        assertTrue(layer.getRegularization().get(0) instanceof WeightDecay);
        MultiLayerNetwork network = regularized(true);
        assertEquals(2, ((BaseLayer) network.getLayer(0).conf().getLayer()).getRegularizationByParam("W").size(),
                "global l2 + per-layer weight decay: both registered");
    }

    /**
     * A global weightDecay(λ) on NeuralNetConfiguration.Builder is registered twice on each layer (DL4J M2.1),
     * so DL4J's score carries 2·½·λ·‖W‖²; the objective reports what DL4J computes, and ∇R = 2·λ·W. If DL4J fixes
     * this, this test fails on the registration count and DESIGN.md must be updated.
     */
    @Test
    void globalWeightDecayIsCountedTwice() {
        double lambda = 0.01;
        MultiLayerNetwork network = Fixtures.classifier(Fixtures.base(DataType.DOUBLE).weightDecay(lambda));
        for (int layer = 0; layer < 2; layer++) {
            List<Regularization> onWeights = ((BaseLayer) network.getLayer(layer)
                    .conf().getLayer()).getRegularizationByParam("W");
            assertEquals(2, onWeights.size(), "layer " + layer + ": " + onWeights);
            assertTrue(onWeights.stream().allMatch(r -> r instanceof WeightDecay));
        }
        try (Objective objective = Fixtures.objective(network, DATA)) {
            objective.parameters().assign(network.params());
            double expected = 2 * 0.5 * lambda * (sumOfSquares(network.getParam("0_W"))
                    + sumOfSquares(network.getParam("1_W")));
            assertEquals(0, Fixtures.relative(objective.regularization(), expected), 1e-13);
            INDArray out = Nd4j.zeros(DataType.DOUBLE, objective.parameterCount());
            objective.addRegularizationGradient(out);
            ParameterArray w = objective.layout().find("1_W").orElseThrow();
            assertEquals(2 * lambda * network.params().getDouble(w.offset() + 3), out.getDouble(w.offset() + 3),
                    1e-17);
        }
    }

    @Test
    void regressionLossIsMeanSquaredErrorAsDl4jDefinesIt() {
        MultiLayerNetwork network = Fixtures.regression(DataType.DOUBLE);
        DataSet data = Fixtures.regression(5, 9, Fixtures.INPUTS, 2, DataType.DOUBLE);
        try (Objective objective = Fixtures.objective(network, data)) {
            // DL4J's MSE per example is the mean over the output columns: Σ_i Σ_j (y_ij − ŷ_ij)² / (2·N)
            INDArray prediction = network.output(data.getFeatures(), false);
            double expected = prediction.sub(data.getLabels()).norm2Number().doubleValue();
            expected = expected * expected / (2.0 * data.numExamples());
            PointResult point = objective.evaluate(network.params());
            assertEquals(0, Fixtures.relative(point.loss(), expected), 1e-12);
            assertTrue(Double.isNaN(point.accuracy()), "a regression has no accuracy: NaN");
            assertTrue(!objective.isClassifier());
        }
    }

    private static double sumOfSquares(INDArray array) {
        double sum = 0;
        for (double v : Fixtures.values(array)) {
            sum += v * v;
        }
        return sum;
    }

    private static double sumOfAbs(INDArray array) {
        double sum = 0;
        for (double v : Fixtures.values(array)) {
            sum += Math.abs(v);
        }
        return sum;
    }
}
