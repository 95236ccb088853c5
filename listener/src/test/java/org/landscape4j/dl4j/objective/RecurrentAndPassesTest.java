package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.landscape4j.dl4j.TestData;
import org.landscape4j.objective.Evaluation;
import org.landscape4j.objective.LossAndGradient;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sequences with masks, truncated BPTT, and the single inference pass of evaluate(). */
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
        MultiLayerNetwork network = new MultiLayerNetwork(Networks.base(DataType.DOUBLE).l2(0.01).list()
                .layer(new LSTM.Builder().nOut(3).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(2)).backpropType(backprop).tBPTTLength(2).build());
        network.init();
        return network;
    }

    /**
     * LSTM with masks: L = DL4J's score − R (per example, DL4J sums its unmasked time steps), and the gradient
     * matches central differences (double, as in GradientTest). With truncated BPTT configured the objective
     * still differentiates the whole sequence: DL4J M2.1 truncates only inside fit(), and the private copy is
     * switched to standard backpropagation besides.
     */
    @Test
    void maskedSequencesWithFullBackpropagation() {
        DataSet data = sequences();
        MultiLayerNetwork network = lstm(BackpropType.TruncatedBPTT);
        NetworkObjective objective = NetworkObjective.of(network, data);
        assertTrue(!objective.isClassifier(), "3-D labels: no arg-max accuracy");
        INDArray theta = TestData.perturbed(network.params(), 3, 0.3);
        MultiLayerNetwork reference = lstm(BackpropType.Standard);
        reference.params().assign(theta);
        double expected = reference.score(data, false) - reference.calcRegularizationScore(true);
        assertEquals(0, Networks.relative(objective.loss(theta), expected), 1e-12);

        LossAndGradient result = objective.lossAndGradient(theta);
        assertEquals(0, Networks.relative(result.loss(), expected), 1e-12);
        double[] numeric = Networks.centralDifferences(objective, theta, 1e-5);
        double error = Networks.maxRelativeError(TestData.values(result.gradient()), numeric, 1e-4);
        System.out.printf("LSTM with masks: max relative error vs central differences %.3g%n", error);
        assertTrue(error <= 1e-6, "max relative error " + error);
    }

    /** A per-example label mask on a 2-D classifier takes the two-pass route; it must agree with DL4J. */
    @Test
    void maskedClassifierEvaluation() {
        DataSet plain = TestData.classification(3, 8, Networks.INPUTS, Networks.CLASSES, DataType.DOUBLE);
        INDArray mask = Nd4j.ones(DataType.DOUBLE, 8, 1);
        mask.putScalar(2, 0, 0.0);
        DataSet data = new DataSet(plain.getFeatures(), plain.getLabels(), null, mask);
        MultiLayerNetwork network = Networks.classifier(DataType.DOUBLE);
        NetworkObjective objective = NetworkObjective.of(network, data);
        INDArray theta = network.params();
        Evaluation evaluation = objective.evaluate(theta);
        double expected = network.score(data, false) - network.calcRegularizationScore(true);
        assertEquals(0, Networks.relative(evaluation.loss(), expected), 1e-12);
        assertEquals(0, Networks.relative(objective.loss(theta), expected), 1e-12);
        assertTrue(evaluation.accuracy().isPresent());
    }

    /**
     * A convolution feeding the output layer directly: the single pass must apply the output layer's input
     * preprocessor (CNN → feed-forward) exactly as scoreExamples does.
     */
    @Test
    void convolutionalClassifierSinglePass() {
        MultiLayerNetwork network = new MultiLayerNetwork(Networks.base(DataType.DOUBLE).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(3, 3, 1)).build());
        network.init();
        INDArray features = TestData.gaussian(8, 6, 9, DataType.DOUBLE).reshape('c', 6, 1, 3, 3);
        DataSet data = new DataSet(features, TestData.oneHot(9, 6, 3, DataType.DOUBLE));
        NetworkObjective objective = NetworkObjective.of(network, data);
        assertTrue(objective.isClassifier());
        INDArray theta = network.params();
        Evaluation evaluation = objective.evaluate(theta);
        double expected = network.score(data, false) - network.calcRegularizationScore(true);
        assertEquals(0, Networks.relative(evaluation.loss(), expected), 1e-12);
        INDArray output = network.output(features, false);
        long correct = output.argMax(1).eq(data.getLabels().argMax(1)).castTo(DataType.INT32).sumNumber().longValue();
        assertEquals(correct / 6.0, evaluation.accuracy().orElseThrow(), 0.0);
    }

    /** Batch normalization in evaluate(): running statistics (inference), like DL4J's score. */
    @Test
    void batchNormalizedEvaluation() {
        MultiLayerNetwork network = Networks.batchNormalized(DataType.DOUBLE);
        DataSet data = TestData.classification(4, 9, Networks.INPUTS, Networks.CLASSES, DataType.DOUBLE);
        network.fit(data); // moves the running statistics away from their initial values
        NetworkObjective objective = NetworkObjective.of(network, data);
        INDArray theta = network.params();
        double expected = network.score(data, false) - network.calcRegularizationScore(true);
        assertEquals(0, Networks.relative(objective.evaluate(theta).loss(), expected), 1e-12);
        assertEquals(0, Networks.relative(objective.lossAndGradient(theta).loss(), expected), 1e-12);
    }

    /** The graph's evaluate() really takes the single pass (no silent fall-back) and scores like DL4J. */
    @Test
    void graphSinglePassIsTaken() {
        ComputationGraph graph = Networks.graph(DataType.DOUBLE);
        DataSet data = TestData.classification(5, 7, Networks.INPUTS, Networks.CLASSES, DataType.DOUBLE);
        PrivateGraph copy = new PrivateGraph(graph, DataType.DOUBLE);
        MultiDataSet batch = new MultiDataSet(data.getFeatures(), data.getLabels());
        PrivateNetwork.Inference single = copy.singlePass(batch.getFeatures(), batch.getLabels(0));
        assertNotNull(single, "the graph has one output layer fed by one vertex");
        assertEquals(0, Networks.relative(single.lossSum(), copy.lossSum(batch)), 1e-12);
    }
}
