package org.landscape4j.examples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Modular addition, the classic grokking task (Power et al. 2022): learn c = (a + b) mod p from a fraction of
 * all p² pairs. Inputs are one-hot a and one-hot b side by side (2p columns), the label is one-hot c; an MLP
 * with weight decay (DL4J's decoupled {@code WeightDecay}, set per layer: a global one is registered twice)
 * and Adam. The training loss falls quickly; accuracy on the held-out pairs rises much later.
 */
public final class ModularAddition {

    /**
     * @param modulus       p; the data set has p² pairs
     * @param trainFraction the fraction of pairs trained on; the rest is the evaluation set
     * @param hidden        width of the two hidden layers
     * @param epochs        passes over the training pairs
     * @param batchSize     minibatch size
     * @param learningRate  Adam's step size
     * @param weightDecay   the decoupled weight-decay coefficient of every layer
     * @param seed          seeds the split, the shuffling and the initialization
     */
    public record Config(int modulus, double trainFraction, int hidden, int epochs, int batchSize,
                         double learningRate, double weightDecay, long seed) {

        public Config {
            if (modulus < 2) {
                throw new IllegalArgumentException("the modulus p must be at least 2, got " + modulus);
            }
            if (!(trainFraction > 0 && trainFraction < 1)) {
                throw new IllegalArgumentException("the training fraction must be in (0, 1), got " + trainFraction);
            }
            if (hidden < 1 || epochs < 1 || batchSize < 1) {
                throw new IllegalArgumentException("hidden width, epochs and batch size must be positive, got "
                        + hidden + ", " + epochs + ", " + batchSize);
            }
        }

        /** The README demo's settings. */
        public static Config defaults() {
            return new Config(23, 0.5, 128, 100, 64, 1e-3, 1e-4, 42);
        }

        public Config withEpochs(int newEpochs) {
            return new Config(modulus, trainFraction, hidden, newEpochs, batchSize, learningRate, weightDecay, seed);
        }

        public Config withSeed(long newSeed) {
            return new Config(modulus, trainFraction, hidden, epochs, batchSize, learningRate, weightDecay, newSeed);
        }
    }

    /** The training and evaluation pairs. */
    public record Data(DataSet train, DataSet evaluation) {

        /** @return an iterator over the training set in minibatches (the order is fixed at creation) */
        public DataSetIterator trainIterator(int batchSize) {
            return new ListDataSetIterator<>(train.asList(), batchSize);
        }
    }

    private ModularAddition() {
    }

    /** @return all p² pairs, split by the seeded shuffle into training and evaluation sets (FLOAT) */
    public static Data data(Config config) {
        int p = config.modulus();
        List<int[]> pairs = new ArrayList<>(p * p);
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                pairs.add(new int[] {a, b});
            }
        }
        Collections.shuffle(pairs, new Random(config.seed()));
        int trainCount = Math.max(1, Math.min(pairs.size() - 1, (int) Math.round(config.trainFraction() * pairs.size())));
        return new Data(encode(pairs.subList(0, trainCount), p), encode(pairs.subList(trainCount, pairs.size()), p));
    }

    private static DataSet encode(List<int[]> pairs, int p) {
        INDArray features = Nd4j.zeros(DataType.FLOAT, pairs.size(), 2L * p);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, pairs.size(), p);
        for (int i = 0; i < pairs.size(); i++) {
            int a = pairs.get(i)[0];
            int b = pairs.get(i)[1];
            features.putScalar(i, a, 1f);
            features.putScalar(i, p + b, 1f);
            labels.putScalar(i, (a + b) % p, 1f);
        }
        return new DataSet(features, labels);
    }

    /** @return the initialized MLP 2p → hidden → hidden → p (ReLU, softmax, cross-entropy) */
    public static MultiLayerNetwork network(Config config) {
        int p = config.modulus();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(DataType.FLOAT)
                .updater(new Adam(config.learningRate()))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(2L * p).nOut(config.hidden()).activation(Activation.RELU)
                        .weightDecay(config.weightDecay()).build())
                .layer(new DenseLayer.Builder().nIn(config.hidden()).nOut(config.hidden())
                        .activation(Activation.RELU).weightDecay(config.weightDecay()).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(config.hidden()).nOut(p)
                        .activation(Activation.SOFTMAX).weightDecay(config.weightDecay()).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** @return the fraction of the set's examples whose predicted class is the labelled one */
    public static double accuracy(MultiLayerNetwork net, DataSet data) {
        INDArray predicted = net.output(data.getFeatures(), false).argMax(1);
        INDArray actual = data.getLabels().argMax(1);
        return predicted.eq(actual).castTo(DataType.INT).sumNumber().doubleValue() / data.numExamples();
    }

    /**
     * Writes a classification data set as CSV: the feature columns {@code x0, x1, ...} (for modular addition the
     * 2p one-hot inputs), then the integer class {@code label}; UTF-8, one header line. Every float is written
     * exactly (the shortest text that reads back as the same float; integral values without a decimal point), so
     * a model evaluated on the CSV sees exactly the data it was trained or evaluated on.
     */
    public static void writeCsv(DataSet data, Path file) throws IOException {
        INDArray features = data.getFeatures();
        INDArray classes = data.getLabels().argMax(1);
        long columns = features.columns();
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder header = new StringBuilder();
            for (long c = 0; c < columns; c++) {
                header.append('x').append(c).append(',');
            }
            out.write(header.append("label\n").toString());
            for (long r = 0; r < features.rows(); r++) {
                StringBuilder line = new StringBuilder();
                for (long c = 0; c < columns; c++) {
                    float value = features.getFloat(r, c);
                    line.append(value == (int) value ? Integer.toString((int) value) : Float.toString(value))
                            .append(',');
                }
                out.write(line.append(classes.getInt((int) r)).append('\n').toString());
            }
        }
    }

    /** Saves the trained network with DL4J's ModelSerializer (updater state included). */
    public static void writeModel(MultiLayerNetwork net, Path file) throws IOException {
        ModelSerializer.writeModel(net, file.toFile(), true);
    }
}
