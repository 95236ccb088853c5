package org.landscape4j.dl4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/** Seeded tiny data sets for the DL4J tests. */
public final class TestData {

    private TestData() {
    }

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

    /** @return a random θ near the network's own (the same values as params() plus seeded noise) */
    public static INDArray perturbed(INDArray params, long seed, double scale) {
        INDArray noise = gaussian(seed, 1, (int) params.length(), params.dataType()).reshape(params.length());
        return params.reshape(params.length()).add(noise.muli(scale));
    }

    /** @return the elements as doubles, for bitwise comparisons */
    public static double[] values(INDArray array) {
        return array.castTo(DataType.DOUBLE).reshape(array.length()).toDoubleVector();
    }
}
