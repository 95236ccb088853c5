package org.landscape4j.it;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Small seeded networks and data shared by the integration tests. */
final class TinyNetworks {

    static final int INPUTS = 4;
    static final int HIDDEN = 5;
    static final int CLASSES = 3;
    /** 4·5 + 5 + 5·3 + 3 */
    static final int PARAMS = 43;

    private TinyNetworks() {
    }

    /** A 4-5-3 tanh/softmax MLP with per-layer L2, plain SGD. */
    static MultiLayerNetwork mlp(DataType type, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(type).updater(new Sgd(0.1))
                .list()
                .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(HIDDEN).activation(Activation.TANH).l2(1e-3).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).l2(1e-3).build())
                .build());
        net.init();
        return net;
    }

    /** A 4-{@code hidden}-3 FLOAT MLP, for tests that need many parameters: 8·hidden + 3 of them. */
    static MultiLayerNetwork wide(int hidden, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).updater(new Sgd(0.1))
                .list()
                .layer(new DenseLayer.Builder().nIn(INPUTS).nOut(hidden).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    /** The same architecture as a ComputationGraph with vertices "hidden" and "out". */
    static ComputationGraph graph(DataType type, long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(type).updater(new Sgd(0.1))
                .graphBuilder().addInputs("in")
                .addLayer("hidden", new DenseLayer.Builder().nIn(INPUTS).nOut(HIDDEN).activation(Activation.TANH)
                        .build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(HIDDEN).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("out").build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** {@code n} seeded examples with one-hot labels, in {@code type}. */
    static DataSet data(int n, DataType type, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(type, n, INPUTS).subi(0.5).muli(2);
        INDArray labels = Nd4j.zeros(type, n, CLASSES);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % CLASSES, 1.0);
        }
        return new DataSet(features, labels);
    }
}
