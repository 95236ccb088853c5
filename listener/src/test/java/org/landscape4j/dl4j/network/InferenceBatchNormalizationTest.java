package org.landscape4j.dl4j.network;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterRole;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.PointResult;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch normalization: loss, gradient (and so Hessian-vector products) are of ONE function, the inference-mode
 * loss with the running statistics held fixed.
 *
 * <p>Every case sets the running mean, the variance (or log10 std), γ and β to seeded values far from their
 * initial 0 and 1, so that the inference function differs clearly from the training function; then checks, in
 * DOUBLE:
 * <ul>
 *   <li>{@code evaluate().loss()} equals DL4J's own inference loss {@code score(data, false) − R} of the user's
 *       network (1e-12 relative: the same pass, summed in another order);</li>
 *   <li>the gradient equals central differences of that loss in every trainable coordinate, ε = 1e-5
 *       (truncation ε²/6·|L'''| ≈ 1e-11, rounding u·L/ε ≈ 1e-11: asserted 1e-6 relative with a floor of 1e-4, as
 *       in GradientTest);</li>
 *   <li>the state entries (running mean and variance) have gradient 0: L depends on them, but they are
 *       constants of the function, not coordinates a direction may move;</li>
 *   <li>DL4J's own training-mode gradient is a different vector (the reason for the wrapper).</li>
 * </ul>
 */
class InferenceBatchNormalizationTest {

    private static final double EPSILON = 1e-5;

    /** Sets the batch-norm arrays of a network to seeded values: mean ~ N(0, 0.5²), σ² ∈ [0.5, 2], γ ≈ 1.3 ± 0.2. */
    private static void setStatistics(Model network, long seed) {
        Random random = new Random(seed);
        for (Map.Entry<String, INDArray> entry : network.paramTable().entrySet()) {
            INDArray array = entry.getValue();
            String key = entry.getKey();
            for (long i = 0; i < array.length(); i++) {
                double value;
                if (key.endsWith("_mean")) {
                    value = 0.5 * random.nextGaussian();
                } else if (key.endsWith("_var")) {
                    value = 0.5 + 1.5 * random.nextDouble();
                } else if (key.endsWith("_log10stdev")) {
                    value = -0.15 + 0.3 * random.nextDouble();
                } else if (key.endsWith("_gamma")) {
                    value = 1.3 + 0.2 * random.nextGaussian();
                } else if (key.endsWith("_beta")) {
                    value = 0.2 * random.nextGaussian();
                } else {
                    continue;
                }
                array.putScalar(i, value);
            }
        }
    }

    private static void assertOneFunction(Model network, Objective objective, DataSet data, double inferenceLoss,
                                          String what) {
        INDArray theta = network.params().dup();
        PointResult point = objective.evaluate(theta);
        assertEquals(0, Fixtures.relative(point.loss(), inferenceLoss), 1e-12, what + ": DL4J's inference loss");

        INDArray out = Nd4j.create(DataType.DOUBLE, objective.parameterCount());
        objective.parameters().assign(theta);
        double loss = objective.lossAndGradient(out);
        assertEquals(0, Fixtures.relative(loss, point.loss()), 1e-12, what + ": the gradient pass's loss is L");
        double[] gradient = Fixtures.values(out);
        double[] numeric = Fixtures.centralDifferences(objective, theta, EPSILON);
        // μ and σ² are constants of L by definition (state): compare the trainable coordinates
        double[] trainable = trainableOnly(objective, gradient);
        double error = Fixtures.maxRelativeError(trainable, trainableOnly(objective, numeric), 1e-4);
        System.out.printf("%s: P = %d (%d trainable), max relative error vs central differences of the inference"
                + " loss %.3g%n", what, gradient.length, trainable.length, error);
        assertTrue(error <= 1e-6, what + ": max relative error " + error);

        boolean sawState = false;
        for (ParameterArray array : objective.layout().arrays()) {
            if (array.role() == ParameterRole.STATE) {
                sawState = true;
                for (long i = array.offset(); i < array.end(); i++) {
                    assertEquals(0.0, gradient[(int) i], what + ": " + array.name() + " is state");
                }
            }
        }
        assertTrue(sawState, what + ": the network has running statistics");

        double[] dl4j = dl4jTrainingGradient(network, data);
        assertTrue(Fixtures.relativeNorm(dl4j, gradient) > 1e-3, what + ": DL4J's own (training-mode) gradient"
                + " differs from the inference gradient, relative " + Fixtures.relativeNorm(dl4j, gradient));
    }

    private static double[] trainableOnly(Objective objective, double[] values) {
        return objective.layout().arrays().stream().filter(a -> a.role().isTrainable())
                .flatMapToDouble(a -> java.util.Arrays.stream(values, (int) a.offset(), (int) a.end())).toArray();
    }

    /** DL4J's backpropagation on a clone (batch statistics), divided by N, state entries zeroed. */
    private static double[] dl4jTrainingGradient(Model network, DataSet data) {
        Model clone;
        if (network instanceof MultiLayerNetwork mln) {
            MultiLayerNetwork c = mln.clone();
            c.setInput(data.getFeatures());
            c.setLabels(data.getLabels());
            clone = c;
        } else {
            ComputationGraph c = ((ComputationGraph) network).clone();
            c.setInputs(data.getFeatures());
            c.setLabels(data.getLabels());
            clone = c;
        }
        clone.computeGradientAndScore(org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        double[] gradient = Fixtures.values(clone.gradient().gradient().div(data.numExamples()));
        for (ParameterArray array : org.landscape4j.dl4j.layout.NetworkLayouts.of(network).arrays()) {
            if (array.role() == ParameterRole.STATE) {
                for (long i = array.offset(); i < array.end(); i++) {
                    gradient[(int) i] = 0;
                }
            }
        }
        return gradient;
    }

    private static double inferenceLoss(MultiLayerNetwork network, DataSet data) {
        return network.score(data, false) - network.calcRegularizationScore(true);
    }

    @Test
    void denseWithLogStd() {
        MultiLayerNetwork network = Fixtures.batchNormalized(DataType.DOUBLE);
        assertTrue(network.paramTable().containsKey("1_log10stdev"), "DL4J M2.1's default stores log10 std");
        runDense(network, "dense BN, useLogStd");
    }

    @Test
    void denseWithVariance() {
        MultiLayerNetwork network = Fixtures.batchNormalized(DataType.DOUBLE,
                new BatchNormalization.Builder().useLogStd(false));
        assertTrue(network.paramTable().containsKey("1_var"));
        runDense(network, "dense BN, variance");
    }

    /**
     * lockGammaBeta: γ, β are constants. DL4J M2.1 applies them only when γ ≠ 1 and β ≠ 0 at once; the derivative
     * follows the forward pass in both cases.
     */
    @Test
    void denseWithLockedGammaBeta() {
        runDense(Fixtures.batchNormalized(DataType.DOUBLE, new BatchNormalization.Builder().lockGammaBeta(true)
                .gamma(2.0).beta(0.5)), "dense BN, locked γ = 2, β = 0.5");
        runDense(Fixtures.batchNormalized(DataType.DOUBLE, new BatchNormalization.Builder().lockGammaBeta(true)
                .gamma(2.0).beta(0.0)), "dense BN, locked γ = 2, β = 0 (applied as γ = 1)");
    }

    private static void runDense(MultiLayerNetwork network, String what) {
        DataSet data = Fixtures.classification(31, 10, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        setStatistics(network, 41);
        try (Objective objective = Fixtures.objective(network, data)) {
            assertOneFunction(network, objective, data, inferenceLoss(network, data), what);
        }
    }

    /** conv (2 channels) → BN per channel → softmax output, as a graph, NCHW. */
    @Test
    void convolutionalGraphNchw() {
        ComputationGraph graph = new ComputationGraph(Fixtures.base(DataType.DOUBLE).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(4, 4, 1))
                .addLayer("conv", new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "bn")
                .setOutputs("out").build());
        graph.init();
        setStatistics(graph, 43);
        DataSet data = new DataSet(Fixtures.gaussian(8, 6, 16, DataType.DOUBLE).reshape('c', 6, 1, 4, 4),
                Fixtures.oneHot(9, 6, 3, DataType.DOUBLE));
        MultiDataSet multi = new MultiDataSet(data.getFeatures(), data.getLabels());
        double inference = graph.score(multi, false) - graph.calcRegularizationScore(true);
        try (Objective objective = NetworkObjectiveFactory.builder(graph).data(multi).build().create()) {
            assertOneFunction(graph, objective, data, inference, "CNN BN graph, NCHW");
        }
    }

    /** The same with channels last (NHWC): the channel axis of the statistics is 3. */
    @Test
    void convolutionalNhwc() {
        MultiLayerNetwork network = new MultiLayerNetwork(Fixtures.base(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH)
                        .dataFormat(CNN2DFormat.NHWC).build())
                .layer(new BatchNormalization.Builder().useLogStd(false).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(4, 4, 1, CNN2DFormat.NHWC)).build());
        network.init();
        assertEquals(CNN2DFormat.NHWC, ((BatchNormalization) network.getLayer(1).conf().getLayer()).getCnn2DFormat(),
                "the input type made the batch normalization channels-last");
        setStatistics(network, 47);
        DataSet data = new DataSet(Fixtures.gaussian(10, 6, 16, DataType.DOUBLE).reshape('c', 6, 4, 4, 1),
                Fixtures.oneHot(11, 6, 3, DataType.DOUBLE));
        try (Objective objective = Fixtures.objective(network, data)) {
            assertOneFunction(network, objective, data, inferenceLoss(network, data), "CNN BN, NHWC");
        }
    }

    /** Training the copy's passes never moves the running statistics (they are state, read only). */
    @Test
    void gradientPassesLeaveTheStatisticsAlone() {
        MultiLayerNetwork network = Fixtures.batchNormalized(DataType.DOUBLE);
        setStatistics(network, 53);
        DataSet data = Fixtures.classification(31, 10, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        try (Objective objective = Fixtures.objective(network, data)) {
            INDArray theta = network.params().dup();
            objective.parameters().assign(theta);
            INDArray out = Nd4j.create(DataType.DOUBLE, objective.parameterCount());
            for (int i = 0; i < 3; i++) {
                objective.gradient(out);
                objective.evaluate();
            }
            assertEquals(theta, objective.parameters(), "θ, running statistics included, is unchanged");
        }
    }
}
