package org.landscape4j.dl4j.network;

import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Per-example losses at an output layer from the activations that feed it. */
final class OutputScores {

    private OutputScores() {
    }

    /**
     * What DL4J's {@code scoreExamples} does after its forward pass (preprocess, set labels and input, score in
     * inference mode), so that a forward pass already made for the outputs is not repeated.
     */
    static INDArray atOutputLayer(IOutputLayer outputLayer, InputPreProcessor preProcessor, INDArray input,
                                  INDArray labels, long batchSize) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray x = preProcessor == null ? input : preProcessor.preProcess(input, (int) batchSize, mgr);
        outputLayer.setLabels(labels);
        outputLayer.setInput(x, mgr);
        try {
            return outputLayer.computeScoreForExamples(0.0, mgr);
        } finally {
            outputLayer.clear();
        }
    }
}
