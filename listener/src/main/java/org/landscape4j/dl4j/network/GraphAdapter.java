package org.landscape4j.dl4j.network;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The adapter of a {@link ComputationGraph}. */
final class GraphAdapter extends Dl4jNetwork {

    private final ComputationGraph graph;

    GraphAdapter(ComputationGraph graph) {
        this.graph = graph;
    }

    static GraphAdapter fromJson(String json) {
        ComputationGraph network = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
        network.init();
        return new GraphAdapter(network);
    }

    @Override
    public Model model() {
        return graph;
    }

    @Override
    public Kind kind() {
        return Kind.GRAPH;
    }

    @Override
    public Layer[] layers() {
        return graph.getLayers();
    }

    @Override
    public String layerName(int index) {
        return graph.getLayers()[index].conf().getLayer().getLayerName();
    }

    @Override
    public int inputCount() {
        return graph.getConfiguration().getNetworkInputs().size();
    }

    @Override
    public int outputCount() {
        return graph.getNumOutputArrays();
    }

    @Override
    public List<Layer> outputLayers() {
        List<Layer> outputs = new ArrayList<>();
        for (int i = 0; i < graph.getNumOutputArrays(); i++) {
            outputs.add(graph.getOutputLayer(i));
        }
        return outputs;
    }

    @Override
    INDArray rawGradientView() {
        return graph.getGradientsViewArray();
    }

    @Override
    void initGradientView() {
        graph.initGradientsView();
    }

    @Override
    public long iterationCount() {
        return graph.getIterationCount();
    }

    @Override
    public long epochCount() {
        return graph.getEpochCount();
    }

    @Override
    public double learningRate() {
        for (Layer layer : graph.getLayers()) {
            if (layer.numParams() > 0) {
                return orNaN(graph.getLearningRate(layer.conf().getLayer().getLayerName()));
            }
        }
        return Double.NaN;
    }

    @Override
    public java.util.function.Supplier<String> configurationJsonLater() {
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration live = graph.getConfiguration();
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration copy = live.clone();
        // DL4J M2.1's clone() drops these four: put them back, so the JSON equals the live configuration's
        copy.setIterationCount(live.getIterationCount());
        copy.setEpochCount(live.getEpochCount());
        copy.setTopologicalOrder(live.getTopologicalOrder() == null ? null : live.getTopologicalOrder().clone());
        copy.setTopologicalOrderStr(live.getTopologicalOrderStr() == null ? null
                : new java.util.ArrayList<>(live.getTopologicalOrderStr()));
        return copy::toJson;
    }

    @Override
    public long seed() {
        return graph.getConfiguration().getDefaultConfiguration().getSeed();
    }

    @Override
    public boolean isMiniBatch() {
        return graph.conf().isMiniBatch();
    }

    @Override
    public void setCounters(long iteration, long epoch) {
        graph.getConfiguration().setIterationCount(Math.toIntExact(iteration));
        graph.getConfiguration().setEpochCount(Math.toIntExact(epoch));
    }

    @Override
    Dl4jNetwork plainCopy(DataType type) {
        ComputationGraphConfiguration conf;
        INDArray params;
        if (type == dataType()) {
            conf = graph.getConfiguration().clone();
            params = graph.params().dup();
        } else {
            conf = ComputationGraphConfiguration.fromJson(graph.getConfiguration().toJson());
            conf.setDataType(type);
            params = graph.params().castTo(type);
        }
        ComputationGraph copy = new ComputationGraph(conf);
        copy.init(params, false);
        for (GraphVertex vertex : graph.getVertices()) {
            // layers frozen at run time (not in the configuration) stay frozen, as in DL4J's clone()
            if (vertex.hasLayer() && vertex.getLayer() instanceof FrozenLayer
                    && !(copy.getVertex(vertex.getVertexName()).getLayer() instanceof FrozenLayer)) {
                copy.getVertex(vertex.getVertexName()).setLayerAsFrozen();
            }
        }
        return new GraphAdapter(copy);
    }

    @Override
    void makeEvaluable() {
        Layer[] layers = graph.getLayers();
        for (Layer layer : layers) {
            removeNoise(layer.conf().getLayer());
            useFloatTanh(layer.conf().getLayer());
        }
        for (GraphVertex vertex : graph.getVertices()) {
            if (!(vertex instanceof LayerVertex layerVertex) || !vertex.hasLayer()) {
                continue;
            }
            Layer original = layerVertex.getLayer();
            Layer replaced = InferenceBatchNormalization.replacing(original);
            if (replaced != original) {
                layerVertex.setLayer(replaced);
                for (int i = 0; i < layers.length; i++) {
                    if (layers[i] == original) {
                        layers[i] = replaced;
                    }
                }
            }
        }
        graph.getConfiguration().setBackpropType(BackpropType.Standard);
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        Boolean divides = null;
        for (int i = 0; i < outputs.size(); i++) {
            Layer output = graph.getOutputLayer(i);
            if (!(output instanceof IOutputLayer)) {
                throw new IllegalArgumentException("the graph's output " + outputs.get(i) + " is not an output layer"
                        + " with a loss function (OutputLayer, RnnOutputLayer, LossLayer, ...): there is no loss to"
                        + " evaluate");
            }
            boolean miniBatch = output.conf().isMiniBatch();
            if (divides != null && divides != miniBatch) {
                throw new IllegalArgumentException("the graph's output layers disagree on miniBatch (whether the"
                        + " score is divided by the batch size); configure it once for the whole graph");
            }
            divides = miniBatch;
        }
    }

    @Override
    public boolean dividesScoreByBatchSize() {
        for (int i = 0; i < graph.getNumOutputArrays(); i++) {
            if (!graph.getOutputLayer(i).conf().isMiniBatch()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public double regularizationScore() {
        return graph.calcRegularizationScore(true);
    }

    @Override
    public double lossSum(MultiDataSet batch) {
        try {
            return sum(graph.scoreExamples(batch, false));
        } finally {
            graph.clear();
        }
    }

    @Override
    public BatchInference infer(MultiDataSet batch, boolean classify) {
        if (!classify) {
            return new BatchInference(lossSum(batch), 0, 0);
        }
        INDArray labels = batch.getLabels(0);
        try {
            if (!hasMasks(batch)) {
                BatchInference single = singlePass(batch.getFeatures(), labels);
                if (single != null) {
                    return single;
                }
            }
            double loss = sum(graph.scoreExamples(batch, false));
            INDArray output = graph.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays(),
                    batch.getLabelsMaskArrays())[0];
            return classified(loss, output, labels, batch.getLabelsMaskArrays() == null ? null
                    : batch.getLabelsMaskArrays()[0]);
        } finally {
            graph.clear();
        }
    }

    /**
     * One inference pass for a graph with one output layer fed by one vertex: all activations, then the output
     * layer scored on its input. Null if the graph is shaped otherwise.
     */
    BatchInference singlePass(INDArray[] features, INDArray labels) {
        String outputName = graph.getConfiguration().getNetworkOutputs().get(0);
        GraphVertex vertex = graph.getVertex(outputName);
        if (!(vertex instanceof LayerVertex layerVertex) || vertex.getInputVertices() == null
                || vertex.getInputVertices().length != 1) {
            return null;
        }
        VertexIndices source = vertex.getInputVertices()[0];
        String sourceName = graph.getVertices()[source.getVertexIndex()].getVertexName();
        Map<String, INDArray> activations = graph.feedForward(features, false);
        INDArray input = activations.get(sourceName);
        int inputIndex = graph.getConfiguration().getNetworkInputs().indexOf(sourceName);
        if (input == null && inputIndex >= 0) {
            input = features[inputIndex];
        }
        INDArray output = activations.get(outputName);
        if (input == null || output == null) {
            return null;
        }
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        InputPreProcessor preProcessor = layerVertex.getLayerPreProcessor();
        INDArray preprocessed = preProcessor == null ? input
                : preProcessor.preProcess(input, (int) features[0].size(0), mgr);
        INDArray scores = OutputScores.atOutputLayer((IOutputLayer) vertex.getLayer(), preprocessed, labels, mgr);
        return classified(sum(scores), output, labels, null);
    }

    @Override
    public void backprop(MultiDataSet batch) {
        backpropWithScore(batch);
    }

    @Override
    public double backpropWithScore(MultiDataSet batch) {
        boolean masked = hasMasks(batch);
        try {
            graph.setInputs(batch.getFeatures());
            graph.setLabels(batch.getLabels());
            if (masked) {
                graph.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
            }
            graph.computeGradientAndScore();
            return graph.score();
        } finally {
            if (masked) {
                graph.clearLayerMaskArrays();
            }
            graph.clear();
        }
    }
}
