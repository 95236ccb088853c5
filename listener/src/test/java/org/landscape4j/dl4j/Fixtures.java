package org.landscape4j.dl4j;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.objective.CentralDifferences;
import org.landscape4j.objective.Objective;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

/** The one fixture of the DL4J tests: tiny seeded networks, seeded data, and numeric comparisons. */
public final class Fixtures {

    public static final int INPUTS = 4;
    public static final int HIDDEN = 5;
    public static final int CLASSES = 3;

    private Fixtures() {
    }

    // ------------------------------------------------------------------ networks

    public static NeuralNetConfiguration.Builder base(DataType type) {
        return new NeuralNetConfiguration.Builder().seed(12345).dataType(type).weightInit(WeightInit.XAVIER)
                .updater(new Sgd(0.1));
    }

    /** 4-5-3, tanh, softmax + cross-entropy (smooth everywhere). */
    public static MultiLayerNetwork classifier(DataType type) {
        return classifier(base(type));
    }

    public static MultiLayerNetwork classifier(NeuralNetConfiguration.Builder builder) {
        return classifier(builder, new DenseLayer.Builder());
    }

    /** 4-5-3 with the given hidden-layer builder (for per-layer settings such as dropout or weight decay). */
    public static MultiLayerNetwork classifier(NeuralNetConfiguration.Builder builder, DenseLayer.Builder hidden) {
        MultiLayerNetwork network = new MultiLayerNetwork(builder.list()
                .layer(hidden.nIn(INPUTS).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build());
        network.init();
        return network;
    }

    /** 4-5-2, sigmoid, identity + mean squared error. */
    public static MultiLayerNetwork regression(DataType type) {
        MultiLayerNetwork network = new MultiLayerNetwork(base(type).list()
                .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(HIDDEN).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(HIDDEN).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build());
        network.init();
        return network;
    }

    /** Linear regression: one output layer, identity activation, mean squared error (no hidden layer). */
    public static MultiLayerNetwork linearRegression(DataType type, int inputs, int outputs) {
        MultiLayerNetwork network = new MultiLayerNetwork(base(type).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(inputs).nOut(outputs)
                        .activation(Activation.IDENTITY).build())
                .build());
        network.init();
        return network;
    }

    /** DESIGN.md's W1: MLP 64-128-128-10, tanh, softmax + cross-entropy (P = 26,122). */
    public static MultiLayerNetwork w1(DataType type) {
        return mlp(type, 64, 128, 128, 10);
    }

    /** DESIGN.md's W2: MLP 100-1000-900-10, tanh, softmax + cross-entropy (P = 1,010,910). */
    public static MultiLayerNetwork w2(DataType type) {
        return mlp(type, 100, 1000, 900, 10);
    }

    private static MultiLayerNetwork mlp(DataType type, int inputs, int hidden1, int hidden2, int classes) {
        MultiLayerNetwork network = new MultiLayerNetwork(base(type).list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(hidden1).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(hidden1).nOut(hidden2).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden2).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .build());
        network.init();
        return network;
    }

    /** 4-5-[batch norm]-3 classifier. */
    public static MultiLayerNetwork batchNormalized(DataType type) {
        return batchNormalized(type, new BatchNormalization.Builder());
    }

    public static MultiLayerNetwork batchNormalized(DataType type, BatchNormalization.Builder batchNorm) {
        MultiLayerNetwork network = new MultiLayerNetwork(base(type).list()
                .layer(new DenseLayer.Builder().nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(batchNorm.build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(INPUTS)).build());
        network.init();
        return network;
    }

    /** Side of the square one-channel images of {@link #convolutional}; features are flat rows of 3·3 values. */
    public static final int IMAGE_SIDE = 3;

    /**
     * 3×3 one-channel images (flat rows, NCHW) → convolution 2×2, 2 filters, identity (its output is its
     * pre-activation) → batch norm per channel → dense 5 (tanh) → softmax 3: dense, convolution and batch norm
     * in one small network.
     */
    public static MultiLayerNetwork convolutional(DataType type) {
        MultiLayerNetwork network = new MultiLayerNetwork(base(type).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new DenseLayer.Builder().nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(IMAGE_SIDE, IMAGE_SIDE, 1)).build());
        network.init();
        return network;
    }

    /** A graph: in → dense_a (tanh) → dense_b (tanh) → out (softmax, cross-entropy), L2 on weights. */
    public static ComputationGraph graph(DataType type) {
        ComputationGraph graph = new ComputationGraph(base(type).l2(0.01).graphBuilder().addInputs("in")
                .addLayer("dense_a", new DenseLayer.Builder().nIn(INPUTS).nOut(4).activation(Activation.TANH).build(),
                        "in")
                .addLayer("dense_b", new DenseLayer.Builder().nIn(4).nOut(4).activation(Activation.TANH).build(),
                        "dense_a")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "dense_b")
                .setOutputs("out").build());
        graph.init();
        return graph;
    }

    // ------------------------------------------------------------------ data

    /** @return an n×cols matrix of seeded N(0, 1) values */
    public static INDArray gaussian(long seed, int n, int cols, DataType type) {
        Random random = new Random(seed);
        double[][] values = new double[n][cols];
        for (double[] row : values) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return Nd4j.create(values).castTo(type);
    }

    /** @return n one-hot rows over {@code classes} classes, seeded */
    public static INDArray oneHot(long seed, int n, int classes, DataType type) {
        Random random = new Random(seed);
        INDArray labels = Nd4j.zeros(type, n, classes);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, random.nextInt(classes), 1.0);
        }
        return labels;
    }

    /** @return a classification data set: Gaussian features, one-hot labels */
    public static DataSet classification(long seed, int n, int inputs, int classes, DataType type) {
        return new DataSet(gaussian(seed, n, inputs, type), oneHot(seed + 1, n, classes, type));
    }

    /** @return a regression data set: Gaussian features and targets */
    public static DataSet regression(long seed, int n, int inputs, int outputs, DataType type) {
        return new DataSet(gaussian(seed, n, inputs, type), gaussian(seed + 1, n, outputs, type));
    }

    /** @return a random θ near the network's own (params() plus seeded noise of the given scale), a new array */
    public static INDArray perturbed(INDArray params, long seed, double scale) {
        INDArray noise = gaussian(seed, 1, (int) params.length(), params.dataType()).reshape(params.length());
        return params.reshape(params.length()).add(noise.muli(scale));
    }

    /** @return the elements as doubles, for bitwise comparisons */
    public static double[] values(INDArray array) {
        return array.castTo(DataType.DOUBLE).reshape(array.length()).toDoubleVector();
    }

    // ------------------------------------------------------------------ objectives

    /** @return an objective of {@code network} on {@code data}, in the network's type; close it */
    public static Objective objective(org.deeplearning4j.nn.api.Model network, DataSet data) {
        return NetworkObjectiveFactory.builder(network).data(data).build().create();
    }

    /** @return ∇L(θ) into a new vector (tests only: the API writes into the caller's vector) */
    public static double[] gradient(Objective objective, INDArray theta) {
        INDArray out = Nd4j.create(objective.precision().toNd4j(), objective.parameterCount());
        objective.gradient(theta, out);
        return values(out);
    }

    /** @return L(θ) after writing θ into the objective's buffer */
    public static double loss(Objective objective, INDArray theta) {
        objective.parameters().assign(theta);
        return objective.loss();
    }

    /**
     * Central differences of the objective's loss, every coordinate, with the steps the buffer actually holds.
     * Error: truncation ε²/6·|∂³L| plus rounding ≈ u·|L|/ε (u = 1.1e-16 in double).
     */
    public static double[] centralDifferences(Objective objective, INDArray theta, double epsilon) {
        double[] result = new double[(int) objective.parameterCount()];
        for (int i = 0; i < result.length; i++) {
            result[i] = CentralDifferences.partialDerivative(objective::loss, objective.parameters(), theta, i,
                    epsilon);
        }
        return result;
    }

    // ------------------------------------------------------------------ comparisons

    /**
     * max over i of |a_i − b_i| / max(|a_i|, |b_i|, floor): a relative error that does not blow up on
     * coordinates whose true value is (near) zero, where only an absolute error of about floor·tolerance
     * is meaningful.
     */
    public static double maxRelativeError(double[] a, double[] b, double floor) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(Math.max(Math.abs(a[i]), Math.abs(b[i])), floor);
            worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
        }
        return worst;
    }

    public static double relative(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
    }

    /** ‖a − b‖ / ‖b‖ */
    public static double relativeNorm(double[] a, double[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }
}
