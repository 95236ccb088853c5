package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.api.Model;
import org.landscape4j.dl4j.layout.NetworkLayouts;
import org.landscape4j.dl4j.network.Dl4jNetwork;
import org.landscape4j.dl4j.runtime.BlasSettings;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.linalg.BlasCheck;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.objective.Precision;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes {@link NetworkObjective}s of one DL4J network on one data set: one independent objective per worker.
 *
 * <pre>{@code
 * // from a serializable description (in any process):
 * NetworkObjectiveFactory factory = NetworkObjectiveFactory.fromSpec(spec);
 * // or in-process, from a live network and its data:
 * NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(network).data(trainData).batchSize(256).build();
 * factory.prepareForWorkers(2);                                  // warns once if BLAS threading is unsafe
 * try (Objective a = factory.create(); Objective b = factory.create()) { ... one per thread ... }
 * ObjectiveFactory twin = factory.withPrecision(Precision.DOUBLE); // same model and data, for Hessian work
 * }</pre>
 *
 * <p><b>What is shared, what is not.</b> The factory keeps one private prototype of the network (the in-process
 * builder copies the user's network once at {@code build()}, so later training of the user's network does not
 * reach the factory, and all its objectives compute one function) and the data as an immutable list of batches,
 * materialized once: an iterator is read once at {@code build()}, from its start, because DL4J iterators are not
 * thread-safe and cannot be shared by workers. Every {@link #create()} makes a new evaluation copy of the
 * prototype (no updater state, see {@link Dl4jNetwork#evaluationCopy}); every objective reads the shared batches
 * through its own cursor and never modifies them. {@code create()} may be called from any thread.
 *
 * <p><b>Precision.</b> The in-process default is the network's own type; a spec names its precision.
 * {@link #withPrecision} returns the twin on the same prototype and the same examples (cast from the source
 * arrays, not from another twin's rounded copy).
 */
public final class NetworkObjectiveFactory implements ObjectiveFactory {

    private final Dl4jNetwork prototype;
    private final BatchList source;
    private final BatchList batches;
    private final Precision precision;
    private final ParameterLayout layout;
    private final Map<String, String> provenance;
    private final ObjectiveSpec spec;

    private NetworkObjectiveFactory(Dl4jNetwork prototype, BatchList source, Precision precision,
                                    Map<String, String> provenance, ObjectiveSpec spec) {
        this.prototype = prototype;
        this.source = source;
        this.precision = precision;
        this.batches = source.cast(precision.toNd4j());
        this.layout = NetworkLayouts.of(prototype);
        this.spec = spec;
        if (source.inputs() != prototype.inputCount() || source.outputs() != prototype.outputCount()) {
            throw new IllegalArgumentException("the data (" + source.description() + ") has " + source.inputs()
                    + " feature array(s) and " + source.outputs() + " label array(s); the network takes "
                    + prototype.inputCount() + " input(s) and has " + prototype.outputCount() + " output(s)");
        }
        Map<String, String> entries = new LinkedHashMap<>(provenance);
        entries.put(ObjectiveSpec.KEY_EXAMPLES, Long.toString(batches.exampleCount()));
        entries.put(ObjectiveSpec.KEY_PRECISION, precision.name());
        entries.put(KEY_PARAMETERS, Long.toString(layout.parameterCount()));
        this.provenance = Collections.unmodifiableMap(entries);
    }

    /** Provenance key: P, the number of parameters of the network. */
    public static final String KEY_PARAMETERS = "objective.parameters";

    /**
     * Builds the factory a spec describes: loads the model (a {@code ModelSerializer} file, or a run's
     * configuration with θ of one snapshot) and the data (CSV or in-memory, subsampled and batched as the spec
     * says) once.
     *
     * @throws IOException              if the model or data file cannot be read
     * @throws IllegalArgumentException if the files' content does not fit (wrong format, labels outside the
     *                                  network's classes, a missing snapshot, ...), naming what was wrong
     */
    public static NetworkObjectiveFactory fromSpec(ObjectiveSpec spec) throws IOException {
        Objects.requireNonNull(spec, "spec");
        try (Dl4jNetwork loaded = ModelSources.load(spec.model())) {
            return fromSpec(spec, loaded);
        }
    }

    /**
     * Builds the factory a spec describes on a model that was already loaded from the spec's model source in another
     * way (by a cluster task, from a snapshot it was shipped: {@link ModelSources#fromConfiguration}): the same
     * factory {@link #fromSpec(ObjectiveSpec)} builds when {@code model} equals what the spec's source loads. The
     * factory keeps its own copy of {@code model}; the caller still owns (and closes) {@code model}.
     *
     * @throws IOException              if the data file cannot be read
     * @throws IllegalArgumentException if the data does not fit the model
     */
    public static NetworkObjectiveFactory fromSpec(ObjectiveSpec spec, Dl4jNetwork model) throws IOException {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(model, "model");
        Dl4jNetwork prototype = model.evaluationCopy(model.dataType());
        BatchList data = SpecData.load(spec.data(), prototype);
        return new NetworkObjectiveFactory(prototype, data, spec.precision(), spec.toProvenance(), spec);
    }

    /** @return a builder for a factory on a copy of {@code network} (a MultiLayerNetwork or ComputationGraph) */
    public static Builder builder(Model network) {
        return new Builder(network);
    }

    /**
     * @return a new objective: an evaluation copy of the prototype in this factory's precision reading the
     *         shared batches; the caller closes it
     */
    @Override
    public synchronized NetworkObjective create() {
        BlasCheck.requireCorrectProducts(precision.toNd4j(), "a " + precision + " network's loss and gradients");
        Dl4jNetwork copy = prototype.evaluationCopy(precision.toNd4j());
        return new NetworkObjective(copy, batches, layout, source.labelShape());
    }

    @Override
    public NetworkObjectiveFactory withPrecision(Precision other) {
        Objects.requireNonNull(other, "precision");
        if (other == precision) {
            return this;
        }
        return new NetworkObjectiveFactory(prototype, source, other, provenance,
                spec == null ? null : spec.withPrecision(other));
    }

    @Override
    public Precision precision() {
        return precision;
    }

    /**
     * @return model, data, counted examples, batching, subsample, precision and the parameter count P: the spec's
     *         provenance with the counts this factory established when it read the data
     */
    @Override
    public Map<String, String> provenance() {
        return provenance;
    }

    /** Checks the BLAS threading settings for {@code workers} concurrent objectives; warns once if unsafe. */
    @Override
    public void prepareForWorkers(int workers) {
        BlasSettings.checkForWorkers(workers);
    }

    /** @return N, the number of examples every objective averages over */
    public long exampleCount() {
        return batches.exampleCount();
    }

    /** @return the layout of θ */
    public ParameterLayout layout() {
        return layout;
    }

    /** @return the spec this factory was built from, if it was built from one */
    public Optional<ObjectiveSpec> spec() {
        return Optional.ofNullable(spec);
    }

    /** Collects the network, the data, the batch size and the precision of an in-process factory. */
    public static final class Builder {

        private final Model network;
        private Supplier<BatchList> data;
        private String dataKind;
        private boolean iterator;
        private int batchSize;
        private Precision precision;

        private Builder(Model network) {
            Dl4jNetwork.of(network); // refuses null and other model kinds now, not at build()
            this.network = network;
        }

        /** The data as one in-memory data set (cut into batches if {@link #batchSize} is set). */
        public Builder data(DataSet data) {
            return setData("a DataSet", () -> BatchList.of(data, batchSize), false);
        }

        /** The data as one in-memory multi-data set, for graphs with several inputs or outputs. */
        public Builder data(MultiDataSet data) {
            return setData("a MultiDataSet", () -> BatchList.of(data, batchSize), false);
        }

        /** The data from a resettable iterator, read once at {@link #build()} and kept with its batches. */
        public Builder data(DataSetIterator data) {
            return setData("a DataSetIterator", () -> BatchList.materialize(data), true);
        }

        /** The data from a resettable iterator, read once at {@link #build()} and kept with its batches. */
        public Builder data(MultiDataSetIterator data) {
            return setData("a MultiDataSetIterator", () -> BatchList.materialize(data), true);
        }

        /**
         * Cuts in-memory data into batches of at most {@code size} examples (default: one batch of all). The batch
         * size bounds activation memory; L does not depend on it.
         */
        public Builder batchSize(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("batch size " + size + " is below 1");
            }
            this.batchSize = size;
            return this;
        }

        /** The precision of the objectives (default: the network's own type). */
        public Builder precision(Precision precision) {
            this.precision = Objects.requireNonNull(precision, "precision");
            return this;
        }

        private Builder setData(String kind, Supplier<BatchList> source, boolean fromIterator) {
            if (data != null) {
                throw new IllegalStateException("the data was already given (" + dataKind + "); give it once");
            }
            this.data = source;
            this.dataKind = kind;
            this.iterator = fromIterator;
            return this;
        }

        /**
         * Copies the network once and reads the data once.
         *
         * @throws IllegalStateException    if no data was given, or a batch size with an iterator
         * @throws IllegalArgumentException if the network is not initialized or has no loss, or the data is empty,
         *                                  unlabelled, or does not fit the network
         */
        public NetworkObjectiveFactory build() {
            if (data == null) {
                throw new IllegalStateException("no data: call data(DataSet), data(MultiDataSet),"
                        + " data(DataSetIterator) or data(MultiDataSetIterator) before build()");
            }
            if (iterator && batchSize > 0) {
                throw new IllegalStateException("batchSize(" + batchSize + ") was given with " + dataKind
                        + ", which keeps its own batches: set the batch size on the iterator, or drop batchSize");
            }
            Dl4jNetwork live = Dl4jNetwork.of(network);
            live.requireInitialized("building an objective on it");
            Precision chosen = precision != null ? precision : Precision.of(live.dataType());
            BatchList batches = data.get();
            Dl4jNetwork prototype = live.evaluationCopy(live.dataType());
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put(ObjectiveSpec.KEY_MODEL, "in-process " + live.kind().type().getSimpleName());
            provenance.put(ObjectiveSpec.KEY_DATA, batches.description());
            provenance.put(ObjectiveSpec.KEY_BATCH_SIZE, iterator ? "from the iterator"
                    : Integer.toString(batchSize > 0 ? batchSize : (int) Math.min(Integer.MAX_VALUE,
                    batches.exampleCount())));
            provenance.put(ObjectiveSpec.KEY_SUBSAMPLE, "all");
            return new NetworkObjectiveFactory(prototype, batches, chosen, provenance, null);
        }
    }
}
