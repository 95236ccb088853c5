package org.landscape4j.dl4j.network;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.dl4j.Fixtures;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one adapter: structure, the facts a listener records, loading, rebuilding, copies and the graph's pass. */
class Dl4jNetworkTest {

    private static final DataSet DATA = Fixtures.classification(3, 6, Fixtures.INPUTS, Fixtures.CLASSES,
            DataType.FLOAT);

    /**
     * The listener's facts, for both kinds, after training: the same numbers DL4J reports (the semantics of the
     * listener's NetworkAccess): counts, the learning rate of the first layer with parameters, the configuration
     * JSON, the seed, minibatch averaging.
     */
    @Test
    void listenerFactsAreDl4js() {
        MultiLayerNetwork mln = new MultiLayerNetwork(Fixtures.base(DataType.FLOAT).updater(new Sgd(0.05)).list()
                .layer(new ActivationLayer.Builder().activation(Activation.IDENTITY).build())
                .layer(new DenseLayer.Builder().nOut(Fixtures.HIDDEN).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(Fixtures.CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(Fixtures.INPUTS)).build());
        mln.init();
        mln.fit(DATA);
        mln.fit(DATA);
        Dl4jNetwork adapter = Dl4jNetwork.of(mln);
        assertSame(mln, adapter.model());
        assertEquals(Dl4jNetwork.Kind.MULTI_LAYER, adapter.kind());
        assertEquals(2, adapter.iterationCount());
        assertEquals(0, adapter.epochCount(), "fit(DataSet) fires no epochs");
        assertEquals(0.05, adapter.learningRate(), 1e-12, "the first layer has no parameters: the second's rate");
        assertEquals(mln.getLayerWiseConfigurations().toJson(), adapter.configurationJsonLater().get());
        assertEquals(12345, adapter.seed());
        assertTrue(adapter.isMiniBatch());
        assertEquals(List.of("0", "1", "2"), List.of(adapter.layerName(0), adapter.layerName(1), adapter.layerName(2)));
        assertEquals(1, adapter.inputCount());
        assertEquals(1, adapter.outputCount());
        assertSame(mln.getOutputLayer(), adapter.outputLayers().get(0));
        assertEquals(mln.numParams(), adapter.parameterCount());
        assertEquals(DataType.FLOAT, adapter.dataType());

        ComputationGraph graph = Fixtures.graph(DataType.DOUBLE);
        graph.fit(new MultiDataSet(DATA.getFeatures().castTo(DataType.DOUBLE), DATA.getLabels().castTo(DataType.DOUBLE)));
        Dl4jNetwork graphAdapter = Dl4jNetwork.of(graph);
        assertEquals(Dl4jNetwork.Kind.GRAPH, graphAdapter.kind());
        assertEquals(1, graphAdapter.iterationCount());
        assertEquals(0.1, graphAdapter.learningRate(), 1e-12);
        assertEquals(graph.getConfiguration().toJson(), graphAdapter.configurationJsonLater().get());
        assertEquals(12345, graphAdapter.seed());
        assertEquals("dense_a", graphAdapter.layerName(0));
        assertSame(graph.getOutputLayer(0), graphAdapter.outputLayers().get(0));
    }

    @Test
    void refusesOtherModels() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> Dl4jNetwork.of(null));
        assertTrue(none.getMessage().contains("null"), none.getMessage());
        MultiLayerNetwork network = Fixtures.classifier(DataType.FLOAT);
        IllegalArgumentException layer = assertThrows(IllegalArgumentException.class,
                () -> Dl4jNetwork.of(network.getLayer(0)));
        assertTrue(layer.getMessage().contains("DenseLayer") && layer.getMessage().contains("MultiLayerNetwork"),
                layer.getMessage());
    }

    /** ModelSerializer files of both kinds load with their parameters, without updater state. */
    @Test
    void loadsModelFilesOfBothKinds(@TempDir Path dir) throws IOException {
        MultiLayerNetwork mln = Fixtures.classifier(DataType.FLOAT);
        mln.fit(DATA); // creates updater state, saved with the model
        Path mlnFile = dir.resolve("mln.zip");
        ModelSerializer.writeModel(mln, mlnFile.toFile(), true);
        Dl4jNetwork loaded = Dl4jNetwork.load(mlnFile);
        assertEquals(Dl4jNetwork.Kind.MULTI_LAYER, loaded.kind());
        assertArrayEquals(Fixtures.values(mln.params()), Fixtures.values(loaded.params()), 0.0);
        assertNull(((MultiLayerNetwork) loaded.model()).getUpdater(false), "the updater is not loaded");

        ComputationGraph graph = Fixtures.graph(DataType.DOUBLE);
        Path graphFile = dir.resolve("graph.zip");
        ModelSerializer.writeModel(graph, graphFile.toFile(), false);
        Dl4jNetwork loadedGraph = Dl4jNetwork.load(graphFile);
        assertEquals(Dl4jNetwork.Kind.GRAPH, loadedGraph.kind());
        assertEquals(DataType.DOUBLE, loadedGraph.dataType());
        assertArrayEquals(Fixtures.values(graph.params()), Fixtures.values(loadedGraph.params()), 0.0);
    }

    @Test
    void badModelFilesAreNamed(@TempDir Path dir) throws IOException {
        assertThrows(NoSuchFileException.class, () -> Dl4jNetwork.load(dir.resolve("missing.zip")));
        Path text = Files.writeString(dir.resolve("model.zip"), "not a zip", StandardCharsets.UTF_8);
        IOException notZip = assertThrows(IOException.class, () -> Dl4jNetwork.load(text));
        assertTrue(notZip.getMessage().contains("not a zip file"), notZip.getMessage());
        Path empty = dir.resolve("empty.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(empty))) {
            out.putNextEntry(new ZipEntry("other.txt"));
            out.write(1);
            out.closeEntry();
        }
        IOException noConfig = assertThrows(IOException.class, () -> Dl4jNetwork.load(empty));
        assertTrue(noConfig.getMessage().contains("configuration.json"), noConfig.getMessage());
    }

    /** A configuration's JSON plus θ rebuilds the network: same kind, same parameters, same outputs. */
    @Test
    void rebuildsFromJsonAndTheta() {
        MultiLayerNetwork mln = Fixtures.classifier(DataType.FLOAT);
        INDArray theta = Fixtures.perturbed(mln.params(), 4, 0.5);
        Dl4jNetwork rebuilt = Dl4jNetwork.fromJson(mln.getLayerWiseConfigurations().toJson(), theta);
        assertEquals(Dl4jNetwork.Kind.MULTI_LAYER, rebuilt.kind());
        assertArrayEquals(Fixtures.values(theta), Fixtures.values(rebuilt.params()), 0.0);
        mln.params().assign(theta);
        assertEquals(mln.output(DATA.getFeatures()), ((MultiLayerNetwork) rebuilt.model()).output(DATA.getFeatures()));

        ComputationGraph graph = Fixtures.graph(DataType.DOUBLE);
        Dl4jNetwork rebuiltGraph = Dl4jNetwork.fromJson(graph.getConfiguration().toJson(),
                graph.params().castTo(DataType.FLOAT));
        assertEquals(Dl4jNetwork.Kind.GRAPH, rebuiltGraph.kind());
        assertEquals(DataType.DOUBLE, rebuiltGraph.dataType(), "the configuration's type, θ cast into it");

        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> Dl4jNetwork.fromJson(mln.getLayerWiseConfigurations().toJson(), theta.get(
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5))));
        assertTrue(length.getMessage().contains("5 elements") && length.getMessage().contains(
                Long.toString(mln.numParams())), length.getMessage());
        IllegalArgumentException notConfig = assertThrows(IllegalArgumentException.class,
                () -> Dl4jNetwork.kindOfJson("{\"layers\": []}", "network.json"));
        assertTrue(notConfig.getMessage().contains("network.json") && notConfig.getMessage().contains("confs"),
                notConfig.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dl4jNetwork.kindOfJson("not json", "x"));
    }

    /** The evaluation copy: another type, the same θ (cast), the counters kept; closing releases its arrays. */
    @Test
    void evaluationCopies() {
        MultiLayerNetwork mln = Fixtures.classifier(DataType.FLOAT);
        mln.fit(DATA);
        Dl4jNetwork copy = Dl4jNetwork.of(mln).evaluationCopy(DataType.DOUBLE);
        assertEquals(DataType.DOUBLE, copy.dataType());
        assertArrayEquals(Fixtures.values(mln.params()), Fixtures.values(copy.params()), 0.0);
        assertEquals(1, copy.iterationCount(), "the counters travel with the configuration");
        INDArray params = copy.params();
        INDArray gradient = copy.gradientView();
        assertEquals(params.length(), gradient.length());
        copy.close();
        assertTrue(params.wasClosed() && gradient.wasClosed());
        assertThrows(IllegalStateException.class, copy::params);
        assertThrows(IllegalArgumentException.class, () -> Dl4jNetwork.of(mln).evaluationCopy(DataType.HALF));
    }

    /** The graph's inference pass really is single for one output fed by one vertex, and scores like DL4J. */
    @Test
    void graphSinglePassIsTaken() {
        ComputationGraph graph = Fixtures.graph(DataType.DOUBLE);
        DataSet data = Fixtures.classification(5, 7, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        GraphAdapter copy = (GraphAdapter) Dl4jNetwork.of(graph).evaluationCopy(DataType.DOUBLE);
        MultiDataSet batch = new MultiDataSet(data.getFeatures(), data.getLabels());
        BatchInference single = copy.singlePass(batch.getFeatures(), batch.getLabels(0));
        assertTrue(single != null, "the graph has one output layer fed by one vertex");
        assertEquals(0, Fixtures.relative(single.lossSum(), copy.lossSum(batch)), 1e-12);
        assertEquals(single, copy.infer(batch, true));
        copy.close();
    }
}
