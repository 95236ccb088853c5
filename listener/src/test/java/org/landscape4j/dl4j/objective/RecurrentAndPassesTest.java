package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.PointResult;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sequences with masks, truncated BPTT, masked classifiers and the single inference pass of evaluate(). */
class RecurrentAndPassesTest {

    /** 3 sequences of 4 steps, 2 inputs, one-hot labels over 2 classes; the last steps of two are masked. */
    private static DataSet sequences() {
        Random random = new Random(17);
        int n = 3;
        int steps = 4;
        INDArray features = Nd4j.zeros(DataType.DOUBLE, n, 2, steps);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, n, 2, steps);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, n, steps);
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < steps; t++) {
                features.putScalar(new long[]{i, 0, t}, random.nextGaussian());
                features.putScalar(new long[]{i, 1, t}, random.nextGaussian());
                labels.putScalar(new long[]{i, random.nextInt(2), t}, 1.0);
            }
        }
        mask.putScalar(new long[]{0, 3}, 0.0);
        mask.putScalar(new long[]{1, 2}, 0.0);
        mask.putScalar(new long[]{1, 3}, 0.0);
        return new DataSet(features, labels, mask, mask);
    }

    private static MultiLayerNetwork lstm(BackpropType backprop) {
        MultiLayerNetwork network = new MultiLayerNetwork(Fixtures.base(DataType.DOUBLE).l2(0.01).list()
                .layer(new LSTM.Builder().nOut(3).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(2)).backpropType(backprop).tBPTTLength(2).build());
        network.init();
        return network;
    }

    /**
     * LSTM with masks: L = DL4J's score − R (per example, DL4J sums its unmasked time steps), and the gradient
     * matches central differences (double, as in GradientTest) and is the same on a second call (DL4J's layers
     * overwrite their gradient views; nothing accumulates across calls). With truncated BPTT configured the
     * objective still differentiates the whole sequence: the private copy uses standard backpropagation.
     */
    @Test
    void maskedSequencesWithFullBackpropagation() {
        DataSet data = sequences();
        MultiLayerNetwork network = lstm(BackpropType.TruncatedBPTT);
        try (Objective objective = Fixtures.objective(network, data)) {
            assertFalse(objective.isClassifier(), "3-D labels: no arg-max accuracy");
            INDArray theta = Fixtures.perturbed(network.params(), 3, 0.3);
            MultiLayerNetwork reference = lstm(BackpropType.Standard);
            reference.params().assign(theta);
            double expected = reference.score(data, false) - reference.calcRegularizationScore(true);
            PointResult point = objective.evaluate(theta);
            assertEquals(0, Fixtures.relative(point.loss(), expected), 1e-12);
            assertTrue(Double.isNaN(point.accuracy()));
            INDArray out = Nd4j.create(DataType.DOUBLE, objective.parameterCount());
            assertEquals(0, Fixtures.relative(objective.lossAndGradient(out), expected), 1e-12);
            double[] gradient = Fixtures.values(out);
            assertArrayEquals(gradient, Fixtures.gradient(objective, theta), 0.0, "repeatable, bit for bit");
            double[] numeric = Fixtures.centralDifferences(objective, theta, 1e-5);
            double error = Fixtures.maxRelativeError(gradient, numeric, 1e-4);
            System.out.printf("LSTM with masks: max relative error vs central differences %.3g%n", error);
            assertTrue(error <= 1e-6, "max relative error " + error);
        }
    }

    /**
     * A per-example label mask on a 2-D classifier takes the two-pass route; its loss agrees with DL4J's score (a
     * masked example adds 0 but counts in N) and its accuracy skips the masked example.
     */
    @Test
    void maskedClassifierEvaluation() {
        DataSet plain = Fixtures.classification(3, 8, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 8, 1);
        mask.putScalar(2, 0, 0.0);
        DataSet data = new DataSet(plain.getFeatures(), plain.getLabels(), null, mask);
        MultiLayerNetwork network = Fixtures.classifier(DataType.DOUBLE);
        try (Objective objective = Fixtures.objective(network, data)) {
            PointResult point = objective.evaluate(network.params());
            double expected = network.score(data, false) - network.calcRegularizationScore(true);
            assertEquals(0, Fixtures.relative(point.loss(), expected), 1e-12);
            assertEquals(0, Fixtures.relative(objective.loss(), expected), 1e-12);
            INDArray hits = network.output(data.getFeatures(), false).argMax(1).eq(data.getLabels().argMax(1))
                    .castTo(DataType.INT32);
            long correct = hits.sumNumber().longValue() - hits.getLong(2);
            assertEquals(correct / 7.0, point.accuracy(), 0.0,
                    "accuracy over the 7 unmasked examples, as DL4J's Evaluation counts");
            assertEquals(8, point.examples(), "the loss still averages over N = 8, as DL4J's score");
        }
    }

    /**
     * A convolution feeding the output layer directly: the single pass must apply the output layer's input
     * preprocessor (CNN → feed-forward) exactly as scoreExamples does.
     */
    @Test
    void convolutionalClassifierSinglePass() {
        MultiLayerNetwork network = new MultiLayerNetwork(Fixtures.base(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(3, 3, 1)).build());
        network.init();
        INDArray features = Fixtures.gaussian(8, 6, 9, DataType.DOUBLE).reshape('c', 6, 1, 3, 3);
        DataSet data = new DataSet(features, Fixtures.oneHot(9, 6, 3, DataType.DOUBLE));
        try (Objective objective = Fixtures.objective(network, data)) {
            assertTrue(objective.isClassifier());
            PointResult point = objective.evaluate(network.params());
            double expected = network.score(data, false) - network.calcRegularizationScore(true);
            assertEquals(0, Fixtures.relative(point.loss(), expected), 1e-12);
            INDArray output = network.output(features, false);
            long correct = output.argMax(1).eq(data.getLabels().argMax(1)).castTo(DataType.INT32).sumNumber()
                    .longValue();
            assertEquals(correct / 6.0, point.accuracy(), 0.0);
        }
    }
}
