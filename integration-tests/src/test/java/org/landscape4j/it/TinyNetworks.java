package org.landscape4j.it;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.landscape4j.dl4j.Fixtures;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The integration tests' view of the one network fixture ({@link Fixtures} of the listener's tests): the 4-5-3
 * classifier and the graph, seeded per test, and seeded data; plus a wide network for tests that need many
 * parameters.
 */
final class TinyNetworks {

    static final int INPUTS = Fixtures.INPUTS;
    static final int CLASSES = Fixtures.CLASSES;
    /** 4·5 + 5 + 5·3 + 3 */
    static final int PARAMS = 43;

    private TinyNetworks() {
    }

    /** The 4-5-3 tanh/softmax classifier with L2 1e-3, plain SGD 0.1, seeded. */
    static MultiLayerNetwork mlp(DataType type, long seed) {
        return Fixtures.classifier(Fixtures.base(type).seed(seed).l2(1e-3));
    }

    /** {@link Fixtures#graph}: in → dense_a → dense_b → out, seeded. */
    static ComputationGraph graph(DataType type, long seed) {
        ComputationGraph graph = Fixtures.graph(type);
        graph.setParams(Fixtures.perturbed(graph.params(), seed, 0.1));
        return graph;
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

    /** {@code n} seeded examples with one-hot labels, in {@code type}. */
    static DataSet data(int n, DataType type, long seed) {
        return Fixtures.classification(seed, n, INPUTS, CLASSES, type);
    }
}
