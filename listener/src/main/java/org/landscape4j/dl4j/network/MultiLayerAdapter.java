package org.landscape4j.dl4j.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;

/** The adapter of a {@link MultiLayerNetwork}. */
final class MultiLayerAdapter extends Dl4jNetwork {

    private final MultiLayerNetwork net;

    MultiLayerAdapter(MultiLayerNetwork net) {
        this.net = net;
    }

    static MultiLayerAdapter fromJson(String json) {
        MultiLayerNetwork network = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        network.init();
        return new MultiLayerAdapter(network);
    }

    @Override
    public Model model() {
        return net;
    }

    @Override
    public Kind kind() {
        return Kind.MULTI_LAYER;
    }

    @Override
    public Layer[] layers() {
        return net.getLayers();
    }

    @Override
    public String layerName(int index) {
        return Integer.toString(index);
    }

    @Override
    public int inputCount() {
        return 1;
    }

    @Override
    public int outputCount() {
        return 1;
    }

    @Override
    public List<Layer> outputLayers() {
        return List.of(net.getOutputLayer());
    }

    @Override
    INDArray rawGradientView() {
        return net.getGradientsViewArray();
    }

    @Override
    void initGradientView() {
        net.initGradientsView();
    }

    @Override
    public long iterationCount() {
        return net.getIterationCount();
    }

    @Override
    public long epochCount() {
        return net.getEpochCount();
    }

    @Override
    public double learningRate() {
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            if (layers[i].numParams() > 0) {
                return orNaN(net.getLearningRate(i));
            }
        }
        return Double.NaN;
    }

    @Override
    public java.util.function.Supplier<String> configurationJsonLater() {
        org.deeplearning4j.nn.conf.MultiLayerConfiguration copy = net.getLayerWiseConfigurations().clone();
        return copy::toJson;
    }

    @Override
    public long seed() {
        return net.getLayerWiseConfigurations().getConf(0).getSeed();
    }

    @Override
    public boolean isMiniBatch() {
        return net.conf().isMiniBatch();
    }

    @Override
    public void setCounters(long iteration, long epoch) {
        net.setIterationCount(Math.toIntExact(iteration));
        net.setEpochCount(Math.toIntExact(epoch));
    }

    @Override
    Dl4jNetwork plainCopy(DataType type) {
        MultiLayerConfiguration conf;
        INDArray params;
        if (type == dataType()) {
            conf = net.getLayerWiseConfigurations().clone();
            params = net.params().dup();
        } else {
            conf = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
            conf.setDataType(type);
            params = net.params().castTo(type);
        }
        MultiLayerNetwork copy = new MultiLayerNetwork(conf);
        copy.init(params, false);
        Layer[] original = net.getLayers();
        Layer[] copied = copy.getLayers();
        for (int i = 0; i < original.length; i++) {
            // layers frozen at run time (not in the configuration) stay frozen, as in DL4J's clone()
            if (original[i] instanceof FrozenLayer && !(copied[i] instanceof FrozenLayer)) {
                copied[i] = new FrozenLayer(copied[i]);
            }
        }
        return new MultiLayerAdapter(copy);
    }

    @Override
    void makeEvaluable() {
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            removeNoise(layers[i].conf().getLayer());
            layers[i] = InferenceBatchNormalization.replacing(layers[i]);
        }
        net.getLayerWiseConfigurations().setBackpropType(BackpropType.Standard);
        if (!(net.getOutputLayer() instanceof IOutputLayer)) {
            throw new IllegalArgumentException("the network's last layer is a "
                    + net.getOutputLayer().getClass().getSimpleName() + ", not an output layer with a loss function"
                    + " (OutputLayer, RnnOutputLayer, LossLayer, ...): there is no loss to evaluate");
        }
    }

    @Override
    public boolean dividesScoreByBatchSize() {
        return net.getOutputLayer().conf().isMiniBatch();
    }

    @Override
    public double regularizationScore() {
        return net.calcRegularizationScore(true);
    }

    @Override
    public double lossSum(MultiDataSet batch) {
        try {
            return sum(net.scoreExamples(toDataSet(batch), false));
        } finally {
            net.clear();
        }
    }

    @Override
    public BatchInference infer(MultiDataSet batch, boolean classify) {
        if (!classify) {
            return new BatchInference(lossSum(batch), 0, 0);
        }
        INDArray features = batch.getFeatures(0);
        INDArray labels = batch.getLabels(0);
        try {
            if (hasMasks(batch)) {
                // masks reach the layers only through DL4J's own entry points: two passes
                double loss = sum(net.scoreExamples(toDataSet(batch), false));
                INDArray output = net.output(features, false, batch.getFeaturesMaskArray(0),
                        batch.getLabelsMaskArray(0));
                return classified(loss, output, labels, batch.getLabelsMaskArray(0));
            }
            // one inference pass: all activations, then the output layer scored on its input
            List<INDArray> activations = net.feedForward(features, false);
            int last = net.getLayers().length - 1;
            INDArray output = activations.get(activations.size() - 1);
            INDArray scores = OutputScores.atOutputLayer((IOutputLayer) net.getOutputLayer(),
                    net.getLayerWiseConfigurations().getInputPreProcess(last), activations.get(last), labels,
                    features.size(0));
            return classified(sum(scores), output, labels, null);
        } finally {
            net.clear();
        }
    }

    @Override
    public void backprop(MultiDataSet batch) {
        try {
            net.calculateGradients(batch.getFeatures(0), batch.getLabels(0), batch.getFeaturesMaskArray(0),
                    batch.getLabelsMaskArray(0));
        } finally {
            net.clearLayerMaskArrays();
            net.clear();
        }
    }

    @Override
    public double backpropWithScore(MultiDataSet batch) {
        boolean masked = hasMasks(batch);
        try {
            net.setInput(batch.getFeatures(0));
            net.setLabels(batch.getLabels(0));
            if (masked) {
                net.setLayerMaskArrays(batch.getFeaturesMaskArray(0), batch.getLabelsMaskArray(0));
            }
            net.computeGradientAndScore();
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
