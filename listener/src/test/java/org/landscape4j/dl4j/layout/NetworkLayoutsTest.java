package org.landscape4j.dl4j.layout;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.landscape4j.layout.FilterBlock;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkLayoutsTest {

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.DOUBLE);
    }

    private static MultiLayerNetwork init(NeuralNetConfiguration.ListBuilder list) {
        MultiLayerNetwork network = new MultiLayerNetwork(list.build());
        network.init();
        return network;
    }

    private static OutputLayer softmaxOut(int nOut) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(nOut)
                .activation(Activation.SOFTMAX).build();
    }

    /**
     * The layout's claim, checked against DL4J itself: with θ = 0, 1, 2, ..., P−1 written into params() (every
     * element distinct), each parameter-table view must equal θ[offset, end) reshaped to (shape, ordering).
     * A wrong offset, length, shape or ordering changes at least one element. Also: contiguity, P.
     */
    private static ParameterLayout checkedLayout(Model network) {
        ParameterLayout layout = NetworkLayouts.of(network);
        long p = network.numParams();
        assertEquals(p, layout.parameterCount());
        INDArray theta = Nd4j.linspace(DataType.DOUBLE, 0, p, 1);
        network.params().assign(theta);
        Map<String, INDArray> table = network.paramTable();
        assertEquals(table.keySet(), layout.arrays().stream().map(ParameterArray::name)
                .collect(java.util.stream.Collectors.toSet()), "every parameter-table key appears once");
        long expectedOffset = 0;
        for (ParameterArray array : layout.arrays()) {
            assertEquals(expectedOffset, array.offset(), array.name() + " is contiguous with its predecessor");
            expectedOffset = array.end();
            INDArray view = table.get(array.name());
            INDArray slice = theta.get(NDArrayIndex.interval(array.offset(), array.end()))
                    .reshape(array.ordering(), array.shape());
            assertEquals(slice, view, array.name() + ": θ[offset, end) reshaped with ('" + array.ordering()
                    + "', shape) is the view DL4J uses");
        }
        return layout;
    }

    private static void assertArray(ParameterLayout layout, String name, String layer, String type, long[] shape,
                                    char ordering, ParameterRole role, int filterAxis) {
        ParameterArray array = layout.find(name).orElseThrow(() -> new AssertionError("no array " + name));
        assertEquals(layer, array.layer(), name + " layer");
        assertEquals(type, array.layerType(), name + " layer type");
        assertArrayEquals(shape, array.shape(), name + " shape");
        assertEquals(ordering, array.ordering(), name + " ordering");
        assertEquals(role, array.role(), name + " role");
        assertEquals(filterAxis, array.filterAxis(), name + " filter axis");
    }

    private static List<String> names(ParameterLayout layout) {
        return layout.arrays().stream().map(ParameterArray::name).toList();
    }

    @Test
    void denseAndOutputLayers() {
        MultiLayerNetwork network = init(base().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(softmaxOut(2)).setInputType(InputType.feedForward(3)));
        ParameterLayout layout = checkedLayout(network);
        assertEquals(List.of("0_W", "0_b", "1_W", "1_b"), names(layout));
        assertArray(layout, "0_W", "0", "DenseLayer", new long[]{3, 4}, 'f', ParameterRole.WEIGHT, 1);
        assertArray(layout, "0_b", "0", "DenseLayer", new long[]{4}, 'f', ParameterRole.BIAS, -1);
        assertArray(layout, "1_W", "1", "OutputLayer", new long[]{4, 2}, 'f', ParameterRole.WEIGHT, 1);
        assertArray(layout, "1_b", "1", "OutputLayer", new long[]{2}, 'f', ParameterRole.BIAS, -1);
        assertEquals(0, layout.find("0_W").orElseThrow().offset());
        assertEquals(12, layout.find("0_b").orElseThrow().offset());
        assertEquals(16, layout.find("1_W").orElseThrow().offset());
        assertEquals(24, layout.find("1_b").orElseThrow().offset());
    }

    /** A dense filter is a column of W: changing column j moves output unit j of the layer and nothing else. */
    @Test
    void denseFilterIsOneOutputUnit() {
        MultiLayerNetwork network = init(base().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(softmaxOut(2)).setInputType(InputType.feedForward(3)));
        ParameterArray w = NetworkLayouts.of(network).find("0_W").orElseThrow();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 3);
        assertOnlyFilterMoves(network, w, 2, () -> network.feedForward(x, false).get(1), 1);
    }

    /** A convolution filter is W[o]: changing it moves output channel o only. */
    @Test
    void convolutionFilterIsOneOutputChannel() {
        MultiLayerNetwork network = init(base().list()
                .layer(new ConvolutionLayer.Builder(2, 2).nIn(2).nOut(3).activation(Activation.TANH).build())
                .layer(softmaxOut(2)).setInputType(InputType.convolutional(4, 4, 2)));
        ParameterArray w = NetworkLayouts.of(network).find("0_W").orElseThrow();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 4, 4);
        assertOnlyFilterMoves(network, w, 1, () -> network.feedForward(x, false).get(1), 1);
    }

    /** An embedding's filter is a column of W [vocabulary, nOut]: one embedding dimension. */
    @Test
    void embeddingFilterIsOneOutputDimension() {
        MultiLayerNetwork network = init(base().list()
                .layer(new EmbeddingLayer.Builder().nIn(6).nOut(3).build())
                .layer(new OutputLayer.Builder().nIn(3).nOut(2).activation(Activation.SOFTMAX).build()));
        ParameterArray w = NetworkLayouts.of(network).find("0_W").orElseThrow();
        INDArray x = Nd4j.createFromArray(new double[][]{{0}, {3}, {5}});
        assertOnlyFilterMoves(network, w, 2, () -> network.feedForward(x, false).get(1), 1);
    }

    /**
     * Perturbs filter {@code filter} of {@code array} through θ, using only the layout's filter block (offset and
     * length in θ), and checks that of the activations only index {@code filter} along {@code outputAxis}
     * changes: the block is exactly the weights of one output unit.
     */
    private static void assertOnlyFilterMoves(Model network, ParameterArray array, int filter,
                                              java.util.function.Supplier<INDArray> activations, int outputAxis) {
        INDArray before = activations.get().dup();
        INDArray theta = network.params().dup();
        FilterBlock block = array.filterBlock(filter);
        assertEquals(array.filterLength(), block.length());
        theta.get(NDArrayIndex.interval(block.offset(), block.end())).addi(0.5);
        network.params().assign(theta);
        INDArray after = activations.get();
        INDArray changed = after.sub(before);
        for (long unit = 0; unit < before.size(outputAxis); unit++) {
            double moved = slice(changed, outputAxis, unit).amaxNumber().doubleValue();
            if (unit == filter) {
                assertTrue(moved > 1e-6, "unit " + unit + " is fed by the perturbed filter and must move");
            } else {
                assertEquals(0.0, moved, "unit " + unit + " must not move when filter " + filter + " changes");
            }
        }
    }

    /** The sub-array at one index of one axis (one output unit of the activations). */
    private static INDArray slice(INDArray array, int axis, long index) {
        org.nd4j.linalg.indexing.INDArrayIndex[] indices = new org.nd4j.linalg.indexing.INDArrayIndex[array.rank()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i == axis ? NDArrayIndex.point(index) : NDArrayIndex.all();
        }
        return array.get(indices);
    }

    /** LSTM: filter blocks of W are its [nIn, 4·nOut] columns, contiguous; every array of the layout is tiled. */
    @Test
    void filterBlocksOfRealLayouts() {
        MultiLayerNetwork network = init(base().list()
                .layer(new ConvolutionLayer.Builder(2, 2).nIn(2).nOut(3).activation(Activation.TANH).build())
                .layer(new LSTM.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(4, 4, 2)));
        ParameterLayout layout = NetworkLayouts.of(network);
        layout.requireContiguousFilters();
        for (ParameterArray array : layout.arrays()) {
            long covered = 0;
            long next = array.offset();
            for (FilterBlock block : array.filterBlocks()) {
                assertEquals(next, block.offset(), array.name() + ": blocks follow each other");
                next = block.end();
                covered += block.length();
            }
            assertEquals(array.filterAxis() >= 0 ? array.length() : 0, covered, array.name() + " is tiled");
        }
        assertEquals(16, layout.find("1_W").orElseThrow().filterBlocks().size(), "4 gates × 4 units");
        assertEquals(8, layout.find("0_W").orElseThrow().filterLength(), "W[o] = 2 input channels × 2 × 2");
    }

    @Test
    void convolutionAndBatchNormalization() {
        MultiLayerNetwork network = init(base().list()
                .layer(new ConvolutionLayer.Builder(2, 3).nIn(2).nOut(3).activation(Activation.TANH).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new BatchNormalization.Builder().useLogStd(false).build())
                .layer(softmaxOut(2)).setInputType(InputType.convolutional(5, 5, 2)));
        ParameterLayout layout = checkedLayout(network);
        // DL4J puts a convolution's bias before its kernel in params().
        assertEquals(List.of("0_b", "0_W", "1_gamma", "1_beta", "1_mean", "1_log10stdev", "2_W", "2_b", "3_gamma",
                "3_beta", "3_mean", "3_var", "4_W", "4_b"), names(layout));
        assertArray(layout, "0_W", "0", "ConvolutionLayer", new long[]{3, 2, 2, 3}, 'c', ParameterRole.WEIGHT, 0);
        assertArray(layout, "0_b", "0", "ConvolutionLayer", new long[]{3}, 'f', ParameterRole.BIAS, -1);
        assertEquals(0, layout.find("0_b").orElseThrow().offset());
        assertEquals(3, layout.find("0_W").orElseThrow().offset());
        for (String key : new String[]{"1_gamma", "1_beta", "3_gamma", "3_beta"}) {
            String layer = key.substring(0, 1);
            long units = layer.equals("1") ? 3 : 4;
            assertArray(layout, key, layer, "BatchNormalization", new long[]{units}, 'f', ParameterRole.NORM, -1);
        }
        assertArray(layout, "1_mean", "1", "BatchNormalization", new long[]{3}, 'f', ParameterRole.STATE, -1);
        assertArray(layout, "1_log10stdev", "1", "BatchNormalization", new long[]{3}, 'f', ParameterRole.STATE, -1);
        assertArray(layout, "3_mean", "3", "BatchNormalization", new long[]{4}, 'f', ParameterRole.STATE, -1);
        assertArray(layout, "3_var", "3", "BatchNormalization", new long[]{4}, 'f', ParameterRole.STATE, -1);
        assertArray(layout, "2_W", "2", "DenseLayer", new long[]{36, 4}, 'f', ParameterRole.WEIGHT, 1);
        assertEquals(network.numParams() - 2 * 3 - 2 * 4, layout.trainableCount(),
                "running mean and log-std (3 channels), mean and variance (4 units) are not trainable");
    }

    @Test
    void convolution1D() {
        MultiLayerNetwork network = init(base().list()
                .layer(new Convolution1DLayer.Builder(2).nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(3, 6)));
        ParameterLayout layout = checkedLayout(network);
        ParameterArray w = layout.find("0_W").orElseThrow();
        assertEquals(ParameterRole.WEIGHT, w.role());
        assertEquals(0, w.filterAxis());
        assertEquals(4, w.shape()[0], "the kernel's axis 0 is the output channel");
    }

    @Test
    void recurrentLayers() {
        MultiLayerNetwork network = init(base().list()
                .layer(new LSTM.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new SimpleRnn.Builder().nOut(5).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(3)));
        ParameterLayout layout = checkedLayout(network);
        assertEquals(List.of("0_W", "0_RW", "0_b", "1_W", "1_RW", "1_b", "2_W", "2_b"), names(layout));
        // LSTM: four gates per unit, as columns.
        assertArray(layout, "0_W", "0", "LSTM", new long[]{3, 16}, 'f', ParameterRole.WEIGHT, 1);
        assertArray(layout, "0_RW", "0", "LSTM", new long[]{4, 16}, 'f', ParameterRole.WEIGHT, 1);
        assertArray(layout, "0_b", "0", "LSTM", new long[]{16}, 'f', ParameterRole.BIAS, -1);
        assertArray(layout, "1_W", "1", "SimpleRnn", new long[]{4, 5}, 'f', ParameterRole.WEIGHT, 1);
        assertArray(layout, "1_RW", "1", "SimpleRnn", new long[]{5, 5}, 'f', ParameterRole.WEIGHT, 1);
        assertArray(layout, "1_b", "1", "SimpleRnn", new long[]{5}, 'f', ParameterRole.BIAS, -1);
        assertArray(layout, "2_W", "2", "RnnOutputLayer", new long[]{5, 2}, 'f', ParameterRole.WEIGHT, 1);
    }

    /** SimpleRnn: at the first time step (zero state) column j of W feeds unit j only. */
    @Test
    void simpleRnnInputFilterIsOneUnit() {
        MultiLayerNetwork network = init(base().list()
                .layer(new SimpleRnn.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(3)));
        ParameterArray w = NetworkLayouts.of(network).find("0_W").orElseThrow();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 1);
        assertOnlyFilterMoves(network, w, 1, () -> network.feedForward(x, false).get(1), 1);
    }

    @Test
    void embeddingLayers() {
        MultiLayerNetwork network = init(base().list()
                .layer(new EmbeddingLayer.Builder().nIn(7).nOut(3).hasBias(true).build())
                .layer(new OutputLayer.Builder().nIn(3).nOut(2).activation(Activation.SOFTMAX).build()));
        ParameterLayout layout = checkedLayout(network);
        assertArray(layout, "0_W", "0", "EmbeddingLayer", new long[]{7, 3}, 'f', ParameterRole.WEIGHT, 1);
        assertArray(layout, "0_b", "0", "EmbeddingLayer", new long[]{3}, 'f', ParameterRole.BIAS, -1);

        MultiLayerNetwork sequence = init(base().list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(7).nOut(3).build())
                .layer(new RnnOutputLayer.Builder().nIn(3).nOut(2).activation(Activation.SOFTMAX).build()));
        ParameterLayout sequenceLayout = checkedLayout(sequence);
        assertArray(sequenceLayout, "0_W", "0", "EmbeddingSequenceLayer", new long[]{7, 3}, 'f',
                ParameterRole.WEIGHT, 1);
        assertFalse(sequenceLayout.find("0_b").isPresent(), "no bias unless asked for");
    }

    @Test
    void computationGraphWithTwoDenseVertices() {
        ComputationGraph graph = new ComputationGraph(base().graphBuilder().addInputs("in")
                .addLayer("dense_1", new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build(), "in")
                .addLayer("dense_2", new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build(),
                        "dense_1")
                .addLayer("out", new OutputLayer.Builder().nIn(5).nOut(2).activation(Activation.SOFTMAX).build(),
                        "dense_2")
                .setOutputs("out").build());
        graph.init();
        ParameterLayout layout = checkedLayout(graph);
        assertEquals(List.of("dense_1_W", "dense_1_b", "dense_2_W", "dense_2_b", "out_W", "out_b"), names(layout));
        assertArray(layout, "dense_1_W", "dense_1", "DenseLayer", new long[]{3, 4}, 'f', ParameterRole.WEIGHT, 1);
        assertArray(layout, "dense_2_b", "dense_2", "DenseLayer", new long[]{5}, 'f', ParameterRole.BIAS, -1);
        assertArray(layout, "out_W", "out", "OutputLayer", new long[]{5, 2}, 'f', ParameterRole.WEIGHT, 1);
    }

    /** GravesLSTM is not in the known list: its roles are guessed from the keys, and it must not fail. */
    @Test
    @SuppressWarnings("deprecation")
    void unknownLayerTypeIsGuessedByKey() {
        MultiLayerNetwork network = init(base().list()
                .layer(new GravesLSTM.Builder().nIn(3).nOut(2).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(3)));
        ParameterLayout layout = checkedLayout(network);
        assertArray(layout, "0_W", "0", "GravesLSTM", new long[]{3, 8}, 'f', ParameterRole.WEIGHT, 1);
        // GravesLSTM's recurrent matrix carries three peephole columns: [nOut, 4·nOut + 3].
        assertArray(layout, "0_RW", "0", "GravesLSTM", new long[]{2, 11}, 'f', ParameterRole.WEIGHT, 1);
        assertArray(layout, "0_b", "0", "GravesLSTM", new long[]{8}, 'f', ParameterRole.BIAS, -1);
    }

    @Test
    void guessRules() {
        assertEquals(new LayerRoles.Rule(ParameterRole.WEIGHT, 1), LayerRoles.guess("W", 2));
        assertEquals(new LayerRoles.Rule(ParameterRole.WEIGHT, 0), LayerRoles.guess("pW", 4));
        assertEquals(new LayerRoles.Rule(ParameterRole.WEIGHT, -1), LayerRoles.guess("W", 1));
        assertEquals(new LayerRoles.Rule(ParameterRole.BIAS, -1), LayerRoles.guess("b", 1));
        assertEquals(new LayerRoles.Rule(ParameterRole.BIAS, -1), LayerRoles.guess("fb", 1));
        assertEquals(new LayerRoles.Rule(ParameterRole.NORM, -1), LayerRoles.guess("gamma", 1));
        assertEquals(new LayerRoles.Rule(ParameterRole.STATE, -1), LayerRoles.guess("mean", 1));
        assertEquals(new LayerRoles.Rule(ParameterRole.WEIGHT, 1), LayerRoles.guess("Alpha", 2));
        assertEquals(new LayerRoles.Rule(ParameterRole.BIAS, -1), LayerRoles.guess("Alpha", 1));
    }

    @Test
    void rejectsWhatIsNotANetwork() {
        IllegalArgumentException nullNetwork = assertThrows(IllegalArgumentException.class,
                () -> NetworkLayouts.of((Model) null));
        assertTrue(nullNetwork.getMessage().contains("null"));
        MultiLayerNetwork uninitialized = new MultiLayerNetwork(base().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(4).build()).layer(softmaxOut(2))
                .setInputType(InputType.feedForward(3)).build());
        IllegalArgumentException notInit = assertThrows(IllegalArgumentException.class,
                () -> NetworkLayouts.of(uninitialized));
        assertTrue(notInit.getMessage().contains("init()"), notInit.getMessage());
    }
}
