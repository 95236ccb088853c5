package org.landscape4j.dl4j.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The one adapter between landscape4j and DL4J's two network kinds, {@link MultiLayerNetwork} and
 * {@link ComputationGraph}: every question about a network's structure, every copy and every pass the objectives
 * make is answered here, so that nothing else dispatches on the network's class.
 *
 * <ul>
 *   <li>structure: layers, layer names (a {@code MultiLayerNetwork}'s layer index as text, the vertex name in a
 *       graph: the prefixes of DL4J's parameter keys), flat parameters, parameter table, inputs and outputs;</li>
 *   <li>sources: wrap a live network ({@link #of}), load a {@code ModelSerializer} file without its updater
 *       ({@link #load}), rebuild from a configuration's JSON plus a θ ({@link #fromJson});</li>
 *   <li>the {@linkplain #evaluationCopy evaluation copy} an objective works on;</li>
 *   <li>the read-only facts a training listener records (iteration and epoch counts, learning rate,
 *       configuration JSON, seed, minibatch averaging);</li>
 *   <li>the passes: per-example losses, one inference pass with accuracy, backpropagation into the flattened
 *       gradient.</li>
 * </ul>
 * An adapter does not copy: it reads and drives the network it wraps.
 */
public abstract sealed class Dl4jNetwork implements AutoCloseable permits MultiLayerAdapter, GraphAdapter {

    /** Created at first use: loading Jackson costs ~100 ms that adapting a live network (the listener) never needs. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** The network kinds, named by their classes. */
    public enum Kind {
        MULTI_LAYER(MultiLayerNetwork.class),
        GRAPH(ComputationGraph.class);

        private final Class<? extends Model> type;

        Kind(Class<? extends Model> type) {
            this.type = type;
        }

        /** @return the DL4J class of this kind */
        public Class<? extends Model> type() {
            return type;
        }
    }

    private INDArray flatParams;
    private INDArray flatGradient;
    private boolean closed;

    Dl4jNetwork() {
    }

    /**
     * @param model a {@link MultiLayerNetwork} or {@link ComputationGraph}
     * @return its adapter (no copy)
     * @throws IllegalArgumentException for null or any other kind of model
     */
    public static Dl4jNetwork of(Model model) {
        if (model instanceof MultiLayerNetwork mln) {
            return new MultiLayerAdapter(mln);
        }
        if (model instanceof ComputationGraph graph) {
            return new GraphAdapter(graph);
        }
        throw new IllegalArgumentException("the network is " + (model == null ? "null" : "a "
                + model.getClass().getName()) + "; landscape4j works with MultiLayerNetwork and ComputationGraph");
    }

    /**
     * Loads a network saved by DL4J's {@code ModelSerializer}, without its updater state; the kind is read from
     * the file's configuration.
     *
     * @param file the model file ({@code model.zip})
     * @return the loaded network
     * @throws IOException if the file is missing, not a zip file, or has no configuration
     */
    public static Dl4jNetwork load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no model file there: give the path of a file"
                    + " written by DL4J's ModelSerializer");
        }
        String json;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(ModelSerializer.CONFIGURATION_JSON);
            if (entry == null) {
                throw new IOException(file + " has no " + ModelSerializer.CONFIGURATION_JSON
                        + ": not a model written by DL4J's ModelSerializer");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (ZipException e) {
            throw new IOException(file + " is not a zip file (" + e.getMessage() + "): not a model written by"
                    + " DL4J's ModelSerializer", e);
        }
        return switch (kindOfJson(json, file.toString())) {
            case MULTI_LAYER -> new MultiLayerAdapter(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false));
            case GRAPH -> new GraphAdapter(ModelSerializer.restoreComputationGraph(file.toFile(), false));
        };
    }

    /**
     * Rebuilds a network from its configuration JSON (as {@code MultiLayerConfiguration.toJson()} or
     * {@code ComputationGraphConfiguration.toJson()} wrote it, e.g. a run's {@code network.json}) and sets its
     * parameters to θ.
     *
     * @param json  the configuration; its kind is recognized by its fields ({@code confs} or {@code vertices})
     * @param theta the parameters, of the configuration's length P, FLOAT or DOUBLE (cast to the configuration's
     *              data type)
     * @return the initialized network, without updater state
     * @throws IllegalArgumentException if the JSON is neither kind of configuration or θ has the wrong length
     */
    public static Dl4jNetwork fromJson(String json, INDArray theta) {
        Dl4jNetwork network = switch (kindOfJson(json, "the configuration")) {
            case MULTI_LAYER -> MultiLayerAdapter.fromJson(json);
            case GRAPH -> GraphAdapter.fromJson(json);
        };
        if (theta.length() != network.parameterCount()) {
            throw new IllegalArgumentException("θ has " + theta.length() + " elements but the configuration defines "
                    + network.parameterCount() + " parameters: the snapshot and the configuration are of different"
                    + " networks");
        }
        Blas.copy(theta, network.params());
        return network;
    }

    /**
     * @param json  a network configuration as JSON
     * @param where what the JSON is, for messages
     * @return the kind of network it configures
     * @throws IllegalArgumentException if it is not JSON or configures neither kind
     */
    public static Kind kindOfJson(String json, String where) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " is not JSON: " + e.getMessage(), e);
        }
        if (root != null && root.has("vertices") && root.has("networkInputs")) {
            return Kind.GRAPH;
        }
        if (root != null && root.has("confs")) {
            return Kind.MULTI_LAYER;
        }
        throw new IllegalArgumentException(where + " is neither a MultiLayerConfiguration (field \"confs\") nor a"
                + " ComputationGraphConfiguration (fields \"vertices\", \"networkInputs\")");
    }

    // ---------------------------------------------------------------- structure

    /** @return the wrapped network */
    public abstract Model model();

    /** @return the network's kind */
    public abstract Kind kind();

    /** @return the network's layers (DL4J's own array: do not modify) */
    public abstract Layer[] layers();

    /**
     * @param index an index into {@link #layers()}
     * @return the prefix DL4J gives the layer's parameter keys: the index as text in a {@code MultiLayerNetwork},
     *         the vertex name in a graph
     */
    public abstract String layerName(int index);

    /** @return the number of input arrays the network takes */
    public abstract int inputCount();

    /** @return the number of output arrays (loss layers) */
    public abstract int outputCount();

    /** @return the output layers, in output order */
    public abstract List<Layer> outputLayers();

    /** @return true once {@code init()} has created the parameters */
    public boolean isInitialized() {
        return layers() != null && model().params() != null;
    }

    /**
     * @param purpose what the network is about to be used for, for the message
     * @throws IllegalArgumentException if the network is not initialized
     */
    public void requireInitialized(String purpose) {
        if (!isInitialized()) {
            throw new IllegalArgumentException("the " + kind().type().getSimpleName() + " is not initialized: call"
                    + " network.init() before " + purpose);
        }
    }

    /** @return the flat parameter vector θ as a rank-1 live view of length P (cached) */
    public INDArray params() {
        requireOpen();
        if (flatParams == null) {
            flatParams = flat(model().params());
        }
        return flatParams;
    }

    /** @return DL4J's parameter table: keys such as {@code "0_W"}, values live views into {@link #params()} */
    public Map<String, INDArray> paramTable() {
        return model().paramTable();
    }

    /** @return P, the number of parameters */
    public long parameterCount() {
        return model().numParams();
    }

    /** @return the type the network computes in */
    public DataType dataType() {
        return model().params().dataType();
    }

    /**
     * @return the flattened gradient as a rank-1 live view of length P, into which backpropagation writes
     *         (created if the network has none yet)
     */
    public INDArray gradientView() {
        requireOpen();
        if (flatGradient == null) {
            INDArray view = rawGradientView();
            if (view == null) {
                initGradientView();
                view = rawGradientView();
            }
            flatGradient = flat(view);
        }
        return flatGradient;
    }

    /**
     * @return DL4J's flattened gradient view as it is now (no copy, not cached, never created here): during
     *         training it holds the raw minibatch gradient in {@code onGradientCalculation} and the update just
     *         applied in {@code iterationDone}; null before the network's first backpropagation. About 0.1 µs,
     *         against 15–30 µs for {@code model().gradient().gradient()}, which builds a Gradient object.
     */
    public INDArray currentGradientView() {
        return rawGradientView();
    }

    abstract INDArray rawGradientView();

    abstract void initGradientView();

    private static INDArray flat(INDArray array) {
        return array.rank() == 1 ? array : array.reshape(array.length());
    }

    // ---------------------------------------------------------------- what a training listener reads

    /** @return the number of parameter updates applied so far */
    public abstract long iterationCount();

    /** @return the number of epochs completed so far */
    public abstract long epochCount();

    /** @return the current learning rate of the first layer that has parameters, or NaN if none has */
    public abstract double learningRate();

    /**
     * Copies the configuration now (training changes the counters it holds) and returns a supplier of its JSON,
     * to be called later on another thread: DL4J's JSON serialization takes a noticeable time at its first use,
     * which the listener keeps off the training thread.
     *
     * @return the JSON of the configuration as it is now
     */
    public abstract java.util.function.Supplier<String> configurationJsonLater();

    /** @return the seed of the network's configuration */
    public abstract long seed();

    /** @return true if the network averages over the minibatch (DL4J's default, {@code miniBatch(true)}) */
    public abstract boolean isMiniBatch();

    /**
     * Sets the iteration and epoch counters (on the configuration, where DL4J reads them for schedules), e.g. to
     * those of the snapshot a network was rebuilt from.
     */
    public abstract void setCounters(long iteration, long epoch);

    static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    // ---------------------------------------------------------------- copies

    /**
     * A private copy for evaluating the loss as a function of θ, in {@code type}:
     * <ul>
     *   <li>a fresh network from a clone of the configuration and a copy of the parameters, without updater state
     *       (DL4J's {@code clone()} and {@code convertDataType} copy it) and without listeners;</li>
     *   <li>dropout and weight noise (DropConnect) removed, so that training-mode passes are deterministic;</li>
     *   <li>standard backpropagation through time instead of truncated;</li>
     *   <li>every batch normalization replaced by {@link InferenceBatchNormalization}: forward always with the
     *       running statistics, backward the exact derivative of that function.</li>
     * </ul>
     * With these, the training-mode pass DL4J backpropagates through computes the inference-mode function, so
     * loss and gradient are of one function. The copy's iteration and epoch counters are this network's.
     *
     * @param type FLOAT or DOUBLE
     * @return the copy; close it when done
     */
    public Dl4jNetwork evaluationCopy(DataType type) {
        requireInitialized("copying it");
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("data type " + type + " is not supported: use FLOAT or DOUBLE");
        }
        Dl4jNetwork copy;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            copy = plainCopy(type);
        }
        copy.model().setListeners(Collections.emptyList());
        copy.makeEvaluable();
        return copy;
    }

    /** A new network of the same configuration (in {@code type}) and parameters, no updater state. */
    abstract Dl4jNetwork plainCopy(DataType type);

    /** Removes noise, sets standard backpropagation and replaces batch normalizations, in this (private) copy. */
    abstract void makeEvaluable();

    /**
     * Replaces DL4J's tanh by {@link FloatTanh} (faster and as accurate in float) in a feed-forward layer's
     * configuration, wrapped ones included; recurrent layers, whose gates apply activations to views, keep theirs.
     */
    static void useFloatTanh(org.deeplearning4j.nn.conf.layers.Layer conf) {
        forEachWrapped(conf, current -> {
            if (current instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base
                    && !(current instanceof org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer)
                    && base.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationTanH) {
                base.setActivationFn(new FloatTanh());
            } else if (current instanceof org.deeplearning4j.nn.conf.layers.ActivationLayer layer
                    && layer.getActivationFn() instanceof org.nd4j.linalg.activations.impl.ActivationTanH) {
                layer.setActivationFn(new FloatTanh());
            }
        });
    }

    /** Removes dropout and weight noise from a layer's configuration, wrapped ones included. */
    static void removeNoise(org.deeplearning4j.nn.conf.layers.Layer conf) {
        forEachWrapped(conf, current -> {
            current.setIDropout(null);
            if (current instanceof org.deeplearning4j.nn.conf.layers.BaseLayer base) {
                base.setWeightNoise(null);
            }
        });
    }

    /** Applies {@code action} to a layer configuration and to each one it wraps (frozen, wrapper layers), 16 deep. */
    private static void forEachWrapped(org.deeplearning4j.nn.conf.layers.Layer conf,
                                       java.util.function.Consumer<org.deeplearning4j.nn.conf.layers.Layer> action) {
        org.deeplearning4j.nn.conf.layers.Layer current = conf;
        for (int depth = 0; current != null && depth < 16; depth++) {
            action.accept(current);
            if (current instanceof org.deeplearning4j.nn.conf.layers.misc.FrozenLayer frozen) {
                current = frozen.getLayer();
            } else if (current instanceof org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer wrapper) {
                current = wrapper.getUnderlying();
            } else {
                current = null;
            }
        }
    }

    /**
     * Releases the network's parameter and gradient arrays now instead of at garbage collection. The network is
     * unusable afterwards. DL4J's per-thread workspaces are left alone: they belong to the thread and are reused
     * by the next network it runs. Close only networks landscape4j made (copies, loaded models), never an adapter
     * of the user's network ({@link #of}).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        PassWorkspace.release();
        INDArray params = model().params();
        INDArray gradient = rawGradientView();
        flatParams = null;
        flatGradient = null;
        if (params != null && params.closeable()) {
            params.close();
        }
        if (gradient != null && gradient.closeable()) {
            gradient.close();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the network copy was closed: its memory is released");
        }
    }

    // ---------------------------------------------------------------- passes

    /** @return true if the output layers divide the score by the batch size (DL4J's {@code miniBatch}) */
    public abstract boolean dividesScoreByBatchSize();

    /** @return R(θ), DL4J's {@code calcRegularizationScore(true)} */
    public abstract double regularizationScore();

    /** @return the sum over the batch of the per-example data losses, inference mode, no regularization */
    public abstract double lossSum(MultiDataSet batch);

    /**
     * One inference pass where the network's shape allows it (two for masked classifier batches and graphs whose
     * output layer has several inputs).
     *
     * @param classify whether to count correct arg-max predictions (single-output networks)
     * @return the summed per-example loss and the number of correct predictions
     */
    public abstract BatchInference infer(MultiDataSet batch, boolean classify);

    /**
     * The first layer's products with the vectors of a linear family, made once so that the family's points skip
     * that layer's matrix product ({@link FirstLayerProducts}); empty where the network's shape does not allow it.
     * Overwrites the first layer's parameters.
     */
    public java.util.Optional<FirstLayerProducts> firstLayerProducts(List<MultiDataSet> batches,
                                                                    List<INDArray> vectors) {
        return java.util.Optional.empty();
    }

    /**
     * Backpropagates the batch into {@link #gradientView()}: the batch <em>sum</em> of the per-example gradients
     * of the data loss, no regularization. For a {@code MultiLayerNetwork} no score is computed
     * ({@code calculateGradients}); DL4J M2.1's graph has no such entry point, so a graph computes its score too.
     */
    public abstract void backprop(MultiDataSet batch);

    /**
     * Backpropagates as {@link #backprop} and returns DL4J's score of the batch from the same pass: the data term
     * (divided by the batch size under {@code miniBatch}) plus R.
     */
    public abstract double backpropWithScore(MultiDataSet batch);

    static boolean hasMasks(MultiDataSet batch) {
        return anyNonNull(batch.getFeaturesMaskArrays()) || anyNonNull(batch.getLabelsMaskArrays());
    }

    private static boolean anyNonNull(INDArray[] arrays) {
        if (arrays != null) {
            for (INDArray array : arrays) {
                if (array != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return the sum of the array's elements, added up in double precision */
    static double sum(INDArray values) {
        return values.castTo(DataType.DOUBLE).sumNumber().doubleValue();
    }

    /**
     * @param lossSum   the batch's summed loss
     * @param labelMask the labels' mask, or null
     * @return the inference of a classifier batch: how many rows of {@code output} have their arg-max where
     *         {@code labels} has its arg-max, among the rows whose mask is not all zero
     */
    static BatchInference classified(double lossSum, INDArray output, INDArray labels, INDArray labelMask) {
        INDArray hits = output.argMax(1).eq(labels.argMax(1)).castTo(DataType.DOUBLE).reshape(labels.size(0));
        if (labelMask == null) {
            return new BatchInference(lossSum, Math.round(hits.sumNumber().doubleValue()), labels.size(0));
        }
        INDArray scored = labelMask.castTo(DataType.DOUBLE).reshape(labels.size(0), -1).amax(1).neq(0.0)
                .castTo(DataType.DOUBLE);
        return new BatchInference(lossSum, Math.round(hits.mul(scored).sumNumber().doubleValue()),
                Math.round(scored.sumNumber().doubleValue()));
    }

    @Override
    public String toString() {
        return kind().type().getSimpleName() + " with " + (isInitialized() ? parameterCount() + " parameters"
                : "no parameters yet");
    }
}
