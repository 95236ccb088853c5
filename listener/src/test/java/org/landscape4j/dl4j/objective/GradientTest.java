package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.landscape4j.dl4j.TestData;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterRole;
import org.landscape4j.objective.LossAndGradient;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ∇L(θ) against central differences of L and against the batch-sum gradient DL4J itself reports.
 *
 * <p>Finite differences in double with ε = 1e-5: truncation ε²/6·|∂³L| ≈ 1e-11 and rounding u·|L|/ε ≈ 1e-11
 * (L ≈ 1), so each difference is good to ≈ 2e-11 absolutely. Asserting a relative error ≤ 1e-6 with the
 * denominator floored at 1e-4 (coordinates whose derivative is smaller are held to 1e-10 absolutely) is
 * therefore strict but safe; the observed errors are printed.
 */
class GradientTest {

    private static final double EPSILON = 1e-5;
    private static final double FLOOR = 1e-4;

    private static final DataSet DATA = TestData.classification(11, 12, Networks.INPUTS, Networks.CLASSES,
            DataType.DOUBLE);

    private static void assertMatchesCentralDifferences(NetworkObjective objective, INDArray theta, String what) {
        LossAndGradient result = objective.lossAndGradient(theta);
        double[] gradient = TestData.values(result.gradient());
        double[] numeric = Networks.centralDifferences(objective, theta, EPSILON);
        double error = Networks.maxRelativeError(gradient, numeric, FLOOR);
        System.out.printf("%s: P = %d, max relative error vs central differences %.3g%n", what, gradient.length,
                error);
        assertTrue(error <= 1e-6, what + ": max relative error " + error);
        assertTrue(Networks.relativeNorm(gradient, numeric) <= 1e-8, what + ": gradient norm error");
        assertEquals(0, Networks.relative(result.loss(), objective.loss(theta)), 1e-12,
                what + ": the loss returned with the gradient is L(θ)");
    }

    @Test
    void softmaxCrossEntropyGradientMatchesCentralDifferences() {
        MultiLayerNetwork network = Networks.classifier(Networks.base(DataType.DOUBLE).l2(0.05));
        NetworkObjective objective = NetworkObjective.of(network, DATA);
        INDArray theta = TestData.perturbed(network.params(), 5, 0.2);
        assertMatchesCentralDifferences(objective, theta, "tanh + softmax/MCXENT");
    }

    @Test
    void meanSquaredErrorGradientMatchesCentralDifferences() {
        MultiLayerNetwork network = Networks.regression(DataType.DOUBLE);
        DataSet data = TestData.regression(13, 9, Networks.INPUTS, 2, DataType.DOUBLE);
        NetworkObjective objective = NetworkObjective.of(network, data);
        INDArray theta = TestData.perturbed(network.params(), 6, 0.2);
        assertMatchesCentralDifferences(objective, theta, "sigmoid + identity/MSE");
    }

    @Test
    void graphGradientMatchesCentralDifferences() {
        ComputationGraph graph = Networks.graph(DataType.DOUBLE);
        NetworkObjective objective = NetworkObjective.builder(graph)
                .data(new MultiDataSet(DATA.getFeatures(), DATA.getLabels())).build();
        INDArray theta = TestData.perturbed(graph.params(), 7, 0.2);
        assertMatchesCentralDifferences(objective, theta, "ComputationGraph");
    }

    /** DL4J's computeGradientAndScore on a clone: the batch sum of the data-loss gradient; ours is it / N. */
    @Test
    void gradientIsDl4jBatchSumOverN() {
        MultiLayerNetwork network = Networks.classifier(Networks.base(DataType.DOUBLE).l2(0.05));
        NetworkObjective objective = NetworkObjective.of(network, DATA);
        INDArray theta = network.params().dup();

        MultiLayerNetwork reference = network.clone();
        reference.setInput(DATA.getFeatures());
        reference.setLabels(DATA.getLabels());
        reference.computeGradientAndScore();
        double[] expected = TestData.values(reference.getGradientsViewArray().div(DATA.numExamples()));
        double[] actual = TestData.values(objective.lossAndGradient(theta).gradient());
        // The same pass on the same parameters: equal up to the order of IEEE operations.
        assertEquals(0, Networks.maxRelativeError(actual, expected, 1e-12), 1e-14);
    }

    /** What a training listener sees in onGradientCalculation (before the updater) is N times our gradient. */
    @Test
    void gradientIsWhatTrainingListenersSeeOverN() {
        MultiLayerNetwork network = Networks.classifier(Networks.base(DataType.DOUBLE).l2(0.05));
        NetworkObjective objective = NetworkObjective.of(network, DATA);
        double[] actual = TestData.values(objective.lossAndGradient(network.params()).gradient());

        MultiLayerNetwork trained = network.clone();
        List<INDArray> seen = new ArrayList<>();
        trained.setListeners(new BaseTrainingListener() {
            @Override
            public void onGradientCalculation(Model model) {
                seen.add(model.gradient().gradient().dup());
            }
        });
        trained.fit(DATA);
        assertEquals(1, seen.size());
        double[] expected = TestData.values(seen.get(0).div(DATA.numExamples()));
        assertEquals(0, Networks.maxRelativeError(actual, expected, 1e-12), 1e-14,
                "raw gradient = batch sum, without the L2 term the score contains");
    }

    /** Dropout and weight noise are removed on the private copy: deterministic, and the no-dropout gradient. */
    @Test
    void dropoutIsDisabledForTheGradient() {
        MultiLayerNetwork withDropout = Networks.classifier(Networks.base(DataType.DOUBLE),
                new DenseLayer.Builder().dropOut(0.5));
        MultiLayerNetwork plain = Networks.classifier(DataType.DOUBLE);
        plain.setParams(withDropout.params());
        INDArray theta = withDropout.params().dup();
        NetworkObjective objective = NetworkObjective.of(withDropout, DATA);

        double[] first = TestData.values(objective.lossAndGradient(theta).gradient());
        double[] second = TestData.values(objective.lossAndGradient(theta).gradient());
        assertArrayEquals(first, second, 0.0, "no randomness left");
        double[] reference = TestData.values(NetworkObjective.of(plain, DATA).lossAndGradient(theta).gradient());
        assertArrayEquals(reference, first, 0.0, "the gradient of the network without dropout");
        assertTrue(withDropout.getLayer(0).conf().getLayer().getIDropout() != null,
                "the user's network keeps its dropout");
    }

    /**
     * Batch normalization: DL4J differentiates the batch-statistics pass and puts the running-average update
     * in the gradient slots of mean/variance; the objective returns 0 there and L(θ) in inference mode.
     */
    @Test
    void batchNormalizationStateHasNoGradient() {
        MultiLayerNetwork network = Networks.batchNormalized(DataType.DOUBLE);
        NetworkObjective objective = NetworkObjective.of(network, DATA);
        INDArray theta = network.params().dup();
        LossAndGradient result = objective.lossAndGradient(theta);

        MultiLayerNetwork reference = network.clone();
        reference.setInput(DATA.getFeatures());
        reference.setLabels(DATA.getLabels());
        reference.computeGradientAndScore();
        INDArray expected = reference.getGradientsViewArray().reshape(theta.length()).div(DATA.numExamples());
        boolean dl4jFilledState = false;
        for (ParameterArray array : objective.layout().arrays()) {
            for (long i = array.offset(); i < array.end(); i++) {
                double actual = result.gradient().getDouble(i);
                if (array.role() == ParameterRole.STATE) {
                    assertEquals(0.0, actual, array.name() + " is state: no gradient");
                    dl4jFilledState |= expected.getDouble(i) != 0.0;
                } else {
                    assertEquals(expected.getDouble(i), actual, 1e-14 * Math.max(1, Math.abs(actual)), array.name());
                }
            }
        }
        assertTrue(dl4jFilledState, "DL4J writes its running-average update where a gradient would be");
        assertEquals(objective.loss(theta), result.loss(), 0.0, "loss in inference mode (running statistics)");
        assertEquals(0, Networks.relative(result.loss(),
                network.score(DATA, false) - network.calcRegularizationScore(true)), 1e-12);
    }

    /**
     * A FLOAT network: the objective computes in float. Reference: the same network converted to DOUBLE by the
     * objective itself (dataType(DOUBLE)). Float rounding (u = 6e-8) through two layers and sums of a few
     * dozen terms: relative errors of 1e-6 to 1e-5 are expected; asserted 1e-4 for the loss and for the
     * gradient's norm.
     */
    @Test
    void floatNetworkAgreesWithItsDoubleCopy() {
        MultiLayerNetwork network = Networks.classifier(DataType.FLOAT);
        DataSet data = TestData.classification(11, 12, Networks.INPUTS, Networks.CLASSES, DataType.FLOAT);
        NetworkObjective single = NetworkObjective.of(network, data);
        NetworkObjective dbl = NetworkObjective.builder(network).data(data).dataType(DataType.DOUBLE).build();
        assertEquals(DataType.FLOAT, single.dataType());
        assertEquals(DataType.DOUBLE, dbl.dataType());
        INDArray theta = TestData.perturbed(network.params(), 9, 0.2);
        assertEquals(DataType.FLOAT, theta.dataType());

        LossAndGradient f = single.lossAndGradient(theta);
        LossAndGradient d = dbl.lossAndGradient(theta);
        assertEquals(DataType.FLOAT, f.gradient().dataType());
        assertEquals(DataType.DOUBLE, d.gradient().dataType());
        assertEquals(0, Networks.relative(f.loss(), d.loss()), 1e-4);
        assertEquals(0, Networks.relative(single.loss(theta), dbl.loss(theta)), 1e-4);
        assertTrue(Networks.relativeNorm(TestData.values(f.gradient()), TestData.values(d.gradient())) <= 1e-4);
        // Central differences in float need ε ≈ 1e-2 (rounding u/ε ≈ 1e-5, truncation ε² ≈ 1e-4): only a
        // coarse check, on the norm.
        double[] numeric = Networks.centralDifferences(single, theta, 1e-2);
        assertTrue(Networks.relativeNorm(TestData.values(f.gradient()), numeric) <= 1e-2);
    }
}
