package org.landscape4j.dl4j.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.layers.OutputLayer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Per-example losses at an output layer from the activations that feed it. */
final class OutputScores {

    private static final IActivation IDENTITY = new ActivationIdentity();

    private OutputScores() {
    }

    /**
     * What DL4J's {@code scoreExamples} does after its forward pass (set labels and input, score in inference mode),
     * so that a forward pass already made for the outputs is not repeated.
     *
     * @param input the output layer's input, already preprocessed
     */
    static INDArray atOutputLayer(IOutputLayer outputLayer, INDArray input, INDArray labels, LayerWorkspaceMgr mgr) {
        outputLayer.setLabels(labels);
        outputLayer.setInput(input, mgr);
        try {
            return outputLayer.computeScoreForExamples(0.0, mgr);
        } finally {
            outputLayer.clear();
        }
    }

    /**
     * @return true if the layer is a plain {@code OutputLayer} with 2-D labels, whose per-example scores are
     *         {@code lossFn.computeScoreArray(labels, z, activation, null)} of its pre-activation z (what DL4J's
     *         {@code computeScoreForExamples} computes, without a regularization term)
     */
    static boolean scoresFromPreActivation(Layer layer, INDArray labels) {
        return layer.getClass() == OutputLayer.class && labels.rank() == 2;
    }

    /**
     * The layer's pre-activation z = xW + b in inference mode: its activation function is swapped for the identity
     * for the one call (the layer belongs to an objective's private copy and one thread).
     */
    static INDArray preActivation(Layer layer, INDArray input, LayerWorkspaceMgr mgr) {
        BaseLayer conf = (BaseLayer) layer.conf().getLayer();
        IActivation activation = conf.getActivationFn();
        conf.setActivationFn(IDENTITY);
        try {
            return layer.activate(input, false, mgr);
        } finally {
            conf.setActivationFn(activation);
        }
    }

    /** @return the per-example losses of the layer's loss function at the pre-activation z; z is not modified */
    static INDArray fromPreActivation(Layer layer, INDArray preActivation, INDArray labels) {
        org.deeplearning4j.nn.conf.layers.BaseOutputLayer conf =
                (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) layer.conf().getLayer();
        return conf.getLossFn().computeScoreArray(labels, preActivation, conf.getActivationFn(), null);
    }
}
