package org.landscape4j.dl4j.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
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
            useFloatTanh(layers[i].conf().getLayer());
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
        if (!hasMasks(batch)) {
            return inferFrom(0, batch.getFeatures(0), batch, false).lossSum();
        }
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
            return inferFrom(0, features, batch, true);
        } finally {
            net.clear();
        }
    }

    @Override
    public java.util.Optional<FirstLayerProducts> firstLayerProducts(List<MultiDataSet> batches,
                                                                    List<INDArray> vectors) {
        return FirstLayerProducts.of(this, batches, vectors);
    }

    /** @return the input preprocessor of layer {@code index}, or null */
    InputPreProcessor preProcessor(int index) {
        return net.getLayerWiseConfigurations().getInputPreProcess(index);
    }

    /**
     * The inference pass from layer {@code first} on, given that layer's input (before its preprocessor): each
     * layer's preprocessor and inference-mode activation in turn, then the output layer scored on its input and,
     * for a classifier, its output's arg-max. Unmasked batches only. Every array of the pass lives in one
     * workspace ({@link PassWorkspace}), reused from pass to pass: a detached pass page-faults its freshly
     * allocated activations, which measured 30–50 % of a small network's forward time.
     */
    BatchInference inferFrom(int first, INDArray input, MultiDataSet batch, boolean classify) {
        try (MemoryWorkspace ignored = PassWorkspace.open()) {
            return inferInOpenWorkspace(first, input, batch, classify);
        }
    }

    /** {@link #inferFrom} with the pass workspace already open on this thread (the caller closes it). */
    BatchInference inferInOpenWorkspace(int first, INDArray input, MultiDataSet batch, boolean classify) {
        Layer[] layers = net.getLayers();
        int last = layers.length - 1;
        INDArray labels = batch.getLabels(0);
        int examples = (int) batch.getFeatures(0).size(0);
        LayerWorkspaceMgr mgr = PassWorkspace.manager();
        try {
            INDArray x = input;
            for (int i = first; i <= last; i++) {
                InputPreProcessor preProcessor = preProcessor(i);
                if (preProcessor != null) {
                    x = preProcessor.preProcess(x, examples, mgr);
                }
                if (i < last) {
                    x = layers[i].activate(x, false, mgr);
                }
            }
            if (classify && OutputScores.scoresFromPreActivation(layers[last], labels)) {
                // one product for both: the arg-max of the softmax's input is the arg-max of its output
                INDArray preActivation = OutputScores.preActivation(layers[last], x, mgr);
                BatchInference hits = classified(0, preActivation, labels, null);
                double lossSum = sum(OutputScores.fromPreActivation(layers[last], preActivation, labels));
                return new BatchInference(lossSum, hits.correct(), hits.scored());
            }
            INDArray output = classify ? layers[last].activate(x, false, mgr) : null;
            INDArray scores = OutputScores.atOutputLayer((IOutputLayer) layers[last], x, labels, mgr);
            double lossSum = sum(scores);
            return classify ? classified(lossSum, output, labels, null) : new BatchInference(lossSum, 0, 0);
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
