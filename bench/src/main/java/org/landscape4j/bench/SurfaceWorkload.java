package org.landscape4j.bench;

import java.util.Arrays;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The surface workloads of DESIGN.md: a FLOAT MLP with tanh hidden layers and a softmax + cross-entropy output,
 * seeded Gaussian features and one-hot labels, and the side of the square grid evaluated on it.
 *
 * @param name     W1 or W2
 * @param widths   the layer widths, input first, e.g. 64-128-128-10
 * @param examples the number of examples the loss averages over
 * @param side     the grid's side (side × side points)
 */
record SurfaceWorkload(String name, int[] widths, int examples, int side) {

    /** W1: MLP 64-128-128-10, 2000 samples, a 21×21 filter-normalized plane. */
    static final SurfaceWorkload W1 = new SurfaceWorkload("W1", new int[] {64, 128, 128, 10}, 2000, 21);

    /** W2: MLP 100-1000-900-10 (≈1.01M parameters), 1000 samples, a 7×7 plane. */
    static final SurfaceWorkload W2 = new SurfaceWorkload("W2", new int[] {100, 1000, 900, 10}, 1000, 7);

    SurfaceWorkload {
        widths = widths.clone();
    }

    @Override
    public int[] widths() {
        return widths.clone();
    }

    /** @return the initialized network, FLOAT */
    MultiLayerNetwork network(long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.FLOAT).updater(new Sgd(0.1)).list();
        for (int l = 0; l + 2 < widths.length; l++) {
            list.layer(new DenseLayer.Builder().nIn(widths[l]).nOut(widths[l + 1]).activation(Activation.TANH).build());
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(widths[widths.length - 2])
                .nOut(widths[widths.length - 1]).activation(Activation.SOFTMAX).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /** @return seeded N(0, 1) features and uniformly drawn one-hot labels, FLOAT */
    DataSet data(long seed) {
        Random random = new Random(seed);
        int inputs = widths[0];
        int classes = widths[widths.length - 1];
        float[] features = new float[examples * inputs];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextGaussian();
        }
        INDArray labels = Nd4j.zeros(DataType.FLOAT, examples, classes);
        for (int i = 0; i < examples; i++) {
            labels.putScalar(i, random.nextInt(classes), 1.0);
        }
        return new DataSet(Nd4j.create(features, new long[] {examples, inputs}, DataType.FLOAT), labels);
    }

    /** @return the number of points of the grid */
    int points() {
        return side * side;
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(widths) + ", " + examples + " examples, " + side + "x" + side;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SurfaceWorkload that && name.equals(that.name) && Arrays.equals(widths, that.widths)
                && examples == that.examples && side == that.side;
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(widths);
    }
}
