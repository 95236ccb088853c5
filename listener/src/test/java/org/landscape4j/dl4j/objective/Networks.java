package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.landscape4j.objective.Objective;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Tiny seeded networks and numeric helpers for the objective tests. */
final class Networks {

    static final int INPUTS = 4;
    static final int HIDDEN = 5;
    static final int CLASSES = 3;

    private Networks() {
    }

    static NeuralNetConfiguration.Builder base(DataType type) {
        return new NeuralNetConfiguration.Builder().seed(12345).dataType(type).weightInit(WeightInit.XAVIER)
                .updater(new Sgd(0.1));
    }

    /** 4-5-3, tanh, softmax + cross-entropy (smooth everywhere). */
    static MultiLayerNetwork classifier(NeuralNetConfiguration.Builder builder) {
        return classifier(builder, new DenseLayer.Builder());
    }

    static MultiLayerNetwork classifier(NeuralNetConfiguration.Builder builder, DenseLayer.Builder hidden) {
        MultiLayerNetwork network = new MultiLayerNetwork(builder.list()
                .layer(hidden.nIn(INPUTS).nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build());
        network.init();
        return network;
    }

    static MultiLayerNetwork classifier(DataType type) {
        return classifier(base(type));
    }

    /** 4-5-2, sigmoid, identity + mean squared error. */
    static MultiLayerNetwork regression(DataType type) {
        MultiLayerNetwork network = new MultiLayerNetwork(base(type).list()
                .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(HIDDEN).activation(Activation.SIGMOID).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(HIDDEN).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .build());
        network.init();
        return network;
    }

    /** 4-5-[batch norm]-3 classifier. */
    static MultiLayerNetwork batchNormalized(DataType type) {
        MultiLayerNetwork network = new MultiLayerNetwork(base(type).list()
                .layer(new DenseLayer.Builder().nOut(HIDDEN).activation(Activation.TANH).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(INPUTS)).build());
        network.init();
        return network;
    }

    /** A graph: in → dense_a (tanh) → dense_b (tanh) → out (softmax, cross-entropy), L2 on weights. */
    static ComputationGraph graph(DataType type) {
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

    /**
     * Central differences of the objective's loss, every coordinate: (L(θ + εe_i) − L(θ − εe_i)) / (2ε).
     * Error: truncation ε²/6·|∂³L| plus rounding ≈ u·|L|/ε (u = 1.1e-16 in double).
     */
    static double[] centralDifferences(Objective objective, INDArray theta, double epsilon) {
        INDArray point = theta.castTo(DataType.DOUBLE).dup();
        double[] result = new double[(int) point.length()];
        for (int i = 0; i < result.length; i++) {
            double original = point.getDouble(i);
            point.putScalar(i, original + epsilon);
            double plus = objective.loss(point);
            point.putScalar(i, original - epsilon);
            double minus = objective.loss(point);
            point.putScalar(i, original);
            result[i] = (plus - minus) / (2 * epsilon);
        }
        return result;
    }

    /**
     * max over i of |a_i − b_i| / max(|a_i|, |b_i|, floor): a relative error that does not blow up on
     * coordinates whose true value is (near) zero, where only an absolute error of about floor·tolerance
     * is meaningful.
     */
    static double maxRelativeError(double[] a, double[] b, double floor) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(Math.max(Math.abs(a[i]), Math.abs(b[i])), floor);
            worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
        }
        return worst;
    }

    static double relative(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
    }

    /** ‖a − b‖ / ‖b‖ */
    static double relativeNorm(double[] a, double[] b) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.sqrt(diff / norm);
    }
}
