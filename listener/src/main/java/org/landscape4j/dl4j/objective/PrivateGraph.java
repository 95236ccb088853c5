package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;
import java.util.Map;

/** The private copy of a {@link ComputationGraph}. */
final class PrivateGraph extends PrivateNetwork {

    private final ComputationGraph net;
    private final boolean dividesByBatchSize;

    PrivateGraph(ComputationGraph network, DataType type) {
        requireInitialized(network, network.getLayers(), "ComputationGraph");
        ComputationGraph copy = network.clone();
        if (copy.params().dataType() != type) {
            copy = copy.convertDataType(type);
        }
        isolate(copy, copy.getLayers());
        copy.getConfiguration().setBackpropType(BackpropType.Standard);
        List<String> outputs = copy.getConfiguration().getNetworkOutputs();
        Boolean divides = null;
        for (int i = 0; i < outputs.size(); i++) {
            Layer output = copy.getOutputLayer(i);
            if (!(output instanceof IOutputLayer)) {
                throw new IllegalArgumentException("the graph's output " + outputs.get(i) + " is not an output"
                        + " layer with a loss function (OutputLayer, RnnOutputLayer, LossLayer, ...): there is no"
                        + " loss to evaluate");
            }
            boolean miniBatch = output.conf().isMiniBatch();
            if (divides != null && divides != miniBatch) {
                throw new IllegalArgumentException("the graph's output layers disagree on miniBatch (whether the"
                        + " score is divided by the batch size); configure it once for the whole graph");
            }
            divides = miniBatch;
        }
        this.net = copy;
        this.dividesByBatchSize = divides == null || divides;
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
        return net.getConfiguration().getNetworkInputs().size();
    }

    @Override
    int outputCount() {
        return net.getNumOutputArrays();
    }

    @Override
    org.deeplearning4j.nn.conf.layers.Layer singleOutputConf() {
        return outputCount() == 1 ? net.getOutputLayer(0).conf().getLayer() : null;
    }

    @Override
    boolean dividesScoreByBatchSize() {
        return dividesByBatchSize;
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
            return sum(net.scoreExamples(batch, false));
        } finally {
            net.clear();
        }
    }

    @Override
    Inference infer(MultiDataSet batch, boolean classify) {
        if (!classify) {
            return new Inference(lossSum(batch), 0);
        }
        INDArray labels = batch.getLabels(0);
        try {
            if (!Batches.hasMasks(batch)) {
                Inference single = singlePass(batch.getFeatures(), labels);
                if (single != null) {
                    return single;
                }
            }
            double loss = sum(net.scoreExamples(batch, false));
            INDArray output = net.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays(),
                    batch.getLabelsMaskArrays())[0];
            return new Inference(loss, correct(output, labels));
        } finally {
            net.clear();
        }
    }

    /**
     * One inference pass for a graph with one output layer fed by one vertex: all activations, then the
     * output layer scored on its input. Null if the graph is shaped otherwise.
     */
    Inference singlePass(INDArray[] features, INDArray labels) {
        String outputName = net.getConfiguration().getNetworkOutputs().get(0);
        GraphVertex vertex = net.getVertex(outputName);
        if (!(vertex instanceof LayerVertex layerVertex) || vertex.getInputVertices() == null
                || vertex.getInputVertices().length != 1) {
            return null;
        }
        VertexIndices source = vertex.getInputVertices()[0];
        String sourceName = net.getVertices()[source.getVertexIndex()].getVertexName();
        Map<String, INDArray> activations = net.feedForward(features, false);
        INDArray input = activations.get(sourceName);
        int inputIndex = net.getConfiguration().getNetworkInputs().indexOf(sourceName);
        if (input == null && inputIndex >= 0) {
            input = features[inputIndex];
        }
        INDArray output = activations.get(outputName);
        if (input == null || output == null) {
            return null;
        }
        INDArray scores = scoreAtOutputLayer((IOutputLayer) vertex.getLayer(), layerVertex.getLayerPreProcessor(),
                input, labels, features[0].size(0));
        return new Inference(sum(scores), correct(output, labels));
    }

    @Override
    double addGradient(MultiDataSet batch, INDArray accumulator) {
        boolean masked = Batches.hasMasks(batch);
        try {
            net.setInputs(batch.getFeatures());
            net.setLabels(batch.getLabels());
            if (masked) {
                net.setLayerMaskArrays(batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
            }
            net.computeGradientAndScore();
            accumulator.addi(net.getFlattenedGradients().reshape(accumulator.shape()));
            return net.score();
        } finally {
            if (masked) {
                net.clearLayerMaskArrays();
            }
            net.clear();
        }
    }
}
