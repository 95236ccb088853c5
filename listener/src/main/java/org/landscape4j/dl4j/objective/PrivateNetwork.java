package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.Collections;

/**
 * A network copy owned by one objective, with the few operations the objective needs, implemented for a
 * {@code MultiLayerNetwork} or a {@code ComputationGraph}. The copy has no listeners, no dropout or weight
 * noise and standard (full) backpropagation through time; its parameters are overwritten at every evaluation.
 */
abstract class PrivateNetwork {

    /** The summed per-example losses of one batch and, for a classifier, how many examples it got right. */
    record Inference(double lossSum, long correct) {
    }

    /** @return the copy's live flat parameter vector (do not keep it) */
    abstract INDArray params();

    /** @return the copy itself, for reading its layout */
    abstract Model model();

    /** @return the number of input arrays the network takes */
    abstract int inputCount();

    /** @return the number of output (loss) layers */
    abstract int outputCount();

    /** @return the output layer's configuration if the network has exactly one output, else null */
    abstract org.deeplearning4j.nn.conf.layers.Layer singleOutputConf();

    /** @return true if the output layers divide the score by the batch size (DL4J's {@code miniBatch}) */
    abstract boolean dividesScoreByBatchSize();

    /** @return R(θ) at the loaded parameters: DL4J's {@code calcRegularizationScore(true)} */
    abstract double regularization();

    /** @return the sum over the batch of the per-example data losses, inference mode, no regularization */
    abstract double lossSum(MultiDataSet batch);

    /** @return the summed loss and (if {@code classify}) the number of correct arg-max predictions */
    abstract Inference infer(MultiDataSet batch, boolean classify);

    /**
     * Adds the batch-sum gradient of the data loss (training-mode pass) to {@code accumulator}.
     *
     * @return DL4J's score of the batch from the same pass (data term as DL4J scales it, plus regularization)
     */
    abstract double addGradient(MultiDataSet batch, INDArray accumulator);

    static PrivateNetwork copyOf(Model network, DataType type) {
        if (network instanceof org.deeplearning4j.nn.multilayer.MultiLayerNetwork mln) {
            return new PrivateMultiLayer(mln, type);
        }
        if (network instanceof org.deeplearning4j.nn.graph.ComputationGraph cg) {
            return new PrivateGraph(cg, type);
        }
        throw new IllegalArgumentException("network is a " + (network == null ? "null" : network.getClass().getName())
                + "; only MultiLayerNetwork and ComputationGraph are supported");
    }

    /** Removes dropout and weight noise (DropConnect) from a layer of the private copy, wrappers included. */
    static void makeDeterministic(Layer layer) {
        clearNoise(layer.conf().getLayer());
        if (layer instanceof org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer wrapper) {
            makeDeterministic(wrapper.getUnderlying());
        } else if (layer instanceof org.deeplearning4j.nn.layers.FrozenLayer frozen) {
            makeDeterministic(frozen.getInsideLayer());
        }
    }

    private static void clearNoise(org.deeplearning4j.nn.conf.layers.Layer conf) {
        if (conf == null) {
            return;
        }
        conf.setIDropout(null);
        if (conf instanceof BaseLayer base) {
            base.setWeightNoise(null);
        }
        if (conf instanceof FrozenLayer frozen) {
            clearNoise(frozen.getLayer());
        } else if (conf instanceof BaseWrapperLayer wrapper) {
            clearNoise(wrapper.getUnderlying());
        }
    }

    /**
     * @return true if some layer computes differently in training mode even without dropout (batch
     *         normalization uses the batch statistics there)
     */
    abstract boolean trainingDiffersFromInference();

    static boolean hasBatchNormalization(Layer[] layers) {
        for (Layer layer : layers) {
            if (unwrap(layer.conf().getLayer()) instanceof BatchNormalization) {
                return true;
            }
        }
        return false;
    }

    static org.deeplearning4j.nn.conf.layers.Layer unwrap(org.deeplearning4j.nn.conf.layers.Layer conf) {
        org.deeplearning4j.nn.conf.layers.Layer current = conf;
        while (true) {
            if (current instanceof FrozenLayer frozen && frozen.getLayer() != null) {
                current = frozen.getLayer();
            } else if (current instanceof BaseWrapperLayer wrapper && wrapper.getUnderlying() != null) {
                current = wrapper.getUnderlying();
            } else {
                return current;
            }
        }
    }

    /** @return true if this output layer configuration ends in a softmax (arg-max classification) */
    static boolean isSoftmaxOutput(org.deeplearning4j.nn.conf.layers.Layer conf) {
        return unwrap(conf) instanceof BaseLayer base && base.getActivationFn() instanceof ActivationSoftmax;
    }

    /** Refuses a network whose parameters do not exist yet. */
    static void requireInitialized(Model network, Layer[] layers, String kind) {
        if (layers == null || network.params() == null) {
            throw new IllegalArgumentException("the " + kind + " is not initialized: call network.init()"
                    + " before building an objective on it");
        }
    }

    /**
     * Makes a fresh copy private: no listeners (the user's must never be called from here), and every layer
     * deterministic (see {@link #makeDeterministic}).
     */
    static void isolate(Model copy, Layer[] layers) {
        copy.setListeners(Collections.emptyList());
        for (Layer layer : layers) {
            makeDeterministic(layer);
        }
    }

    /**
     * The per-example losses at an output layer from the activations feeding it: what DL4J's
     * {@code scoreExamples} does after its forward pass (preprocess, set labels and input, score in inference
     * mode), so that a forward pass already made for the outputs is not repeated.
     */
    static INDArray scoreAtOutputLayer(IOutputLayer outputLayer, InputPreProcessor preProcessor, INDArray input,
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

    /** @return the sum of the array's elements, added up in double precision */
    static double sum(INDArray values) {
        return values.castTo(DataType.DOUBLE).sumNumber().doubleValue();
    }

    /** @return how many rows of {@code output} have their arg-max where {@code labels} has its arg-max */
    static long correct(INDArray output, INDArray labels) {
        INDArray predicted = output.argMax(1);
        INDArray actual = labels.argMax(1);
        return predicted.eq(actual).castTo(DataType.INT32).sumNumber().longValue();
    }
}
