package org.landscape4j.listener;

import org.deeplearning4j.nn.api.Layer;
import org.landscape4j.dl4j.network.Dl4jNetwork;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The edge of stability 2/η of gradient descent (Cohen et al., "Gradient descent on neural networks typically
 * occurs at the edge of stability", ICLR 2021): on a quadratic with top eigenvalue λmax, the update θ ← θ − ηg
 * diverges along the top eigenvector exactly when λmax &gt; 2/η.
 *
 * <p>The threshold is reported only where it means that: every parameter with an updater is updated by plain
 * {@link Sgd} (no momentum), all with one learning rate η now. With momentum, Adam, RMSProp and the other adaptive
 * updaters the step is not −ηg (momentum shifts the threshold to (2 + 2β)/η; adaptive updaters rescale each
 * coordinate), and with different rates per layer no single η applies: the threshold is then null. State arrays
 * (batch-norm running statistics, updater {@link NoOp}) are ignored.
 */
final class StabilityThreshold {

    private StabilityThreshold() {
    }

    /**
     * Reads the layers' updaters now (on the training thread: the learning rate may be changed during training).
     *
     * @param network the network being trained
     * @return 2/η, or null if the network is not trained by plain SGD with one learning rate
     */
    static Double of(Dl4jNetwork network) {
        int iteration = (int) Math.min(Integer.MAX_VALUE, network.iterationCount());
        int epoch = (int) Math.min(Integer.MAX_VALUE, network.epochCount());
        double rate = Double.NaN;
        for (Layer layer : network.layers()) {
            if (layer.numParams() == 0) {
                continue;
            }
            for (String param : layer.paramTable().keySet()) {
                IUpdater updater = layer.conf().getLayer().getUpdaterByParam(param);
                if (updater instanceof NoOp) {
                    continue;
                }
                if (!(updater instanceof Sgd)) {
                    return null;
                }
                double eta = updater.getLearningRate(iteration, epoch);
                if (!Double.isNaN(rate) && eta != rate) {
                    return null;
                }
                rate = eta;
            }
        }
        return rate > 0 && Double.isFinite(rate) ? 2 / rate : null;
    }
}
