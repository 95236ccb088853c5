package org.landscape4j.listener;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The few things the listener reads from a network, for both {@link MultiLayerNetwork} and
 * {@link ComputationGraph}; everything else goes through DL4J's {@link Model} interface.
 */
abstract sealed class NetworkAccess {

    final Model model;
    private org.landscape4j.layout.ParameterLayout layout;

    private NetworkAccess(Model model) {
        this.model = model;
    }

    /** @return the layout of θ, read once from the network's parameter table */
    org.landscape4j.layout.ParameterLayout layout() {
        if (layout == null) {
            layout = org.landscape4j.dl4j.layout.NetworkLayouts.of(model);
        }
        return layout;
    }

    /**
     * Copies the configuration now (training changes its counters) and returns its JSON later, off the training
     * thread: DL4J's JSON serialization takes a noticeable time at its first use.
     */
    abstract java.util.function.Supplier<String> configurationJsonLater();

    /**
     * @return the access for this network
     * @throws IllegalArgumentException for a model that is neither a MultiLayerNetwork nor a ComputationGraph
     */
    static NetworkAccess of(Model model) {
        if (model instanceof MultiLayerNetwork mln) {
            return new Mln(mln);
        }
        if (model instanceof ComputationGraph graph) {
            return new Graph(graph);
        }
        throw new IllegalArgumentException("LandscapeListener records MultiLayerNetwork and ComputationGraph, not "
                + (model == null ? "null" : model.getClass().getName()));
    }

    /** @return the number of parameter updates applied so far */
    abstract long iterationCount();

    /** @return the number of epochs completed so far */
    abstract long epochCount();

    /** @return the current learning rate of the first layer that has parameters, or NaN if it has none */
    abstract double learningRate();

    /** @return the network's configuration as JSON, for the run directory */
    abstract String configurationJson();

    /** @return the seed of the network's configuration */
    abstract long seed();

    /** @return true if the network averages over the minibatch (DL4J's default, {@code miniBatch(true)}) */
    abstract boolean isMiniBatch();

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static final class Mln extends NetworkAccess {
        private final MultiLayerNetwork net;

        Mln(MultiLayerNetwork net) {
            super(net);
            this.net = net;
        }

        @Override
        long iterationCount() {
            return net.getIterationCount();
        }

        @Override
        long epochCount() {
            return net.getEpochCount();
        }

        @Override
        double learningRate() {
            Layer[] layers = net.getLayers();
            for (int i = 0; i < layers.length; i++) {
                if (layers[i].numParams() > 0) {
                    return orNaN(net.getLearningRate(i));
                }
            }
            return Double.NaN;
        }

        @Override
        String configurationJson() {
            return net.getLayerWiseConfigurations().toJson();
        }

        @Override
        java.util.function.Supplier<String> configurationJsonLater() {
            org.deeplearning4j.nn.conf.MultiLayerConfiguration copy = net.getLayerWiseConfigurations().clone();
            return copy::toJson;
        }

        @Override
        long seed() {
            return net.getLayerWiseConfigurations().getConf(0).getSeed();
        }

        @Override
        boolean isMiniBatch() {
            return net.conf().isMiniBatch();
        }
    }

    private static final class Graph extends NetworkAccess {
        private final ComputationGraph graph;

        Graph(ComputationGraph graph) {
            super(graph);
            this.graph = graph;
        }

        @Override
        long iterationCount() {
            return graph.getIterationCount();
        }

        @Override
        long epochCount() {
            return graph.getEpochCount();
        }

        @Override
        double learningRate() {
            for (Layer layer : graph.getLayers()) {
                if (layer.numParams() > 0) {
                    return orNaN(graph.getLearningRate(layer.conf().getLayer().getLayerName()));
                }
            }
            return Double.NaN;
        }

        @Override
        String configurationJson() {
            return graph.getConfiguration().toJson();
        }

        @Override
        java.util.function.Supplier<String> configurationJsonLater() {
            org.deeplearning4j.nn.conf.ComputationGraphConfiguration copy = graph.getConfiguration().clone();
            return copy::toJson;
        }

        @Override
        long seed() {
            return graph.getConfiguration().getDefaultConfiguration().getSeed();
        }

        @Override
        boolean isMiniBatch() {
            return graph.conf().isMiniBatch();
        }
    }
}
