package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;

/** The private copy of a {@link MultiLayerNetwork}. */
final class PrivateMultiLayer extends PrivateNetwork {

    private final MultiLayerNetwork net;

    PrivateMultiLayer(MultiLayerNetwork network, DataType type) {
        requireInitialized(network, network.getLayers(), "MultiLayerNetwork");
        MultiLayerNetwork copy = network.clone();
        if (copy.params().dataType() != type) {
            copy = copy.convertDataType(type);
        }
        isolate(copy, copy.getLayers());
        copy.getLayerWiseConfigurations().setBackpropType(BackpropType.Standard);
        if (!(copy.getOutputLayer() instanceof IOutputLayer)) {
            throw new IllegalArgumentException("the network's last layer is a "
                    + copy.getOutputLayer().getClass().getSimpleName() + ", not an output layer with a loss"
                    + " function (OutputLayer, RnnOutputLayer, LossLayer, ...): there is no loss to evaluate");
        }
        this.net = copy;
    }

    @Override
    INDArray params() {
        return net.params();
    }

    @Override
    Model model() {
        return net;
    }

    @Override
    int inputCount() {
        return 1;
    }

    @Override
    int outputCount() {
        return 1;
    }

    @Override
    org.deeplearning4j.nn.conf.layers.Layer singleOutputConf() {
        return net.getOutputLayer().conf().getLayer();
    }

    @Override
    boolean dividesScoreByBatchSize() {
        return net.getOutputLayer().conf().isMiniBatch();
    }

    @Override
    boolean trainingDiffersFromInference() {
        return hasBatchNormalization(net.getLayers());
    }

    @Override
    double regularization() {
        return net.calcRegularizationScore(true);
    }

    @Override
    double lossSum(MultiDataSet batch) {
        try {
            return sum(net.scoreExamples(toDataSet(batch), false));
        } finally {
            net.clear();
        }
    }

    @Override
    Inference infer(MultiDataSet batch, boolean classify) {
        if (!classify) {
            return new Inference(lossSum(batch), 0);
        }
        INDArray features = batch.getFeatures(0);
        INDArray labels = batch.getLabels(0);
        try {
            if (Batches.hasMasks(batch)) {
                // Masks reach the layers only through DL4J's own entry points: two passes.
                double loss = sum(net.scoreExamples(toDataSet(batch), false));
                INDArray output = net.output(features, false, batch.getFeaturesMaskArray(0),
                        batch.getLabelsMaskArray(0));
                return new Inference(loss, correct(output, labels));
            }
            // One inference pass: all activations, then the output layer scored on its input.
            List<INDArray> activations = net.feedForward(features, false);
            int last = net.getLayers().length - 1;
            INDArray output = activations.get(activations.size() - 1);
            INDArray scores = scoreAtOutputLayer((IOutputLayer) net.getOutputLayer(),
                    net.getLayerWiseConfigurations().getInputPreProcess(last), activations.get(last), labels,
                    features.size(0));
            return new Inference(sum(scores), correct(output, labels));
        } finally {
            net.clear();
        }
    }

    @Override
    double addGradient(MultiDataSet batch, INDArray accumulator) {
        boolean masked = Batches.hasMasks(batch);
        try {
            net.setInput(batch.getFeatures(0));
            net.setLabels(batch.getLabels(0));
            if (masked) {
                net.setLayerMaskArrays(batch.getFeaturesMaskArray(0), batch.getLabelsMaskArray(0));
            }
            net.computeGradientAndScore();
            accumulator.addi(net.getGradientsViewArray().reshape(accumulator.shape()));
            return net.score();
        } finally {
            if (masked) {
                net.clearLayerMaskArrays();
            }
            net.clear();
        }
    }

    private static DataSet toDataSet(MultiDataSet batch) {
        return new DataSet(batch.getFeatures(0), batch.getLabels(0), batch.getFeaturesMaskArray(0),
                batch.getLabelsMaskArray(0));
    }
}
