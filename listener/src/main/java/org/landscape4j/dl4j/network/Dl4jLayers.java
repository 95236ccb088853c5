package org.landscape4j.dl4j.network;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;

/** Questions about DL4J layer configurations that several packages ask, answered once. */
public final class Dl4jLayers {

    /** Wrapping deeper than this is taken as a cycle. */
    private static final int MAX_DEPTH = 16;

    private Dl4jLayers() {
    }

    /**
     * @param conf a layer configuration
     * @return the configuration a frozen or wrapper layer delegates to, unwrapped all the way (itself for a plain
     *         layer; null for null)
     */
    public static Layer unwrap(Layer conf) {
        Layer current = conf;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            if (current instanceof FrozenLayer frozen && frozen.getLayer() != null) {
                current = frozen.getLayer();
            } else if (current instanceof BaseWrapperLayer wrapper && wrapper.getUnderlying() != null) {
                current = wrapper.getUnderlying();
            } else {
                return current;
            }
        }
        throw new IllegalStateException("layer configuration " + conf.getLayerName() + " is wrapped more than "
                + MAX_DEPTH + " times: a wrapper cycle?");
    }

    /** @return true if this (output) layer configuration ends in a softmax, so that arg-max classifies */
    public static boolean isSoftmaxOutput(Layer conf) {
        return unwrap(conf) instanceof BaseLayer base && base.getActivationFn() instanceof ActivationSoftmax;
    }
}
