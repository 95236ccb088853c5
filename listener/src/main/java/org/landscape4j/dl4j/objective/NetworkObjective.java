package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.api.Model;
import org.landscape4j.dl4j.layout.NetworkLayouts;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.landscape4j.objective.Evaluation;
import org.landscape4j.objective.LossAndGradient;
import org.landscape4j.objective.Objective;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The {@link Objective} of a DL4J {@code MultiLayerNetwork} or {@code ComputationGraph} on a fixed data set.
 *
 * <pre>{@code
 * NetworkObjective objective = NetworkObjective.builder(network).data(trainData).build();
 * Evaluation e = objective.evaluate(theta);            // loss, regularization, accuracy at theta
 * LossAndGradient g = objective.lossAndGradient(theta); // mean data loss and its gradient
 * }</pre>
 *
 * <p><b>A private copy.</b> The objective works on its own copy of the network ({@code clone()}, then
 * {@code convertDataType} if another type was asked for), made when it is built: the user's network, its
 * parameters, score, updater state and listeners are never touched, and later training of the user's network
 * does not reach the objective. On the copy, dropout and weight noise are removed, listeners are dropped and
 * truncated BPTT is replaced by full backpropagation through time. θ is written into the copy's flat
 * parameter vector in place ({@code params().assign(θ)}); no reference to θ or to the copy's arrays is kept
 * or handed out.
 *
 * <p><b>Definitions</b> (N examples, a sequence counting as one example; DL4J's per-example loss is what
 * {@code scoreExamples(data, false)} returns, summed over the unmasked time steps for sequence outputs and over
 * the output layers for a graph):
 * <ul>
 *   <li>loss: L(θ) = (1/N) Σ per-example losses in inference mode. For a network with DL4J's default
 *       {@code miniBatch(true)} this equals DL4J's {@code score(data, false) − calcRegularizationScore(true)}
 *       on the whole data set; with {@code miniBatch(false)} DL4J's score is the sum, N·L + R.</li>
 *   <li>regularization: R(θ) = the copy's {@code calcRegularizationScore(true)}: ½·λ·Σw² for
 *       {@code l2(λ)} and for {@code weightDecay(λ)} (whatever {@code applyLR}), λ·Σ|w| for {@code l1(λ)},
 *       summed over every regularization registered on every parameter (biases only if configured with
 *       {@code l2Bias}, ...). Schedules are read at the iteration and epoch the network had when the
 *       objective was built. Beware: in DL4J M2.1 a global {@code weightDecay(λ)} on
 *       {@code NeuralNetConfiguration.Builder} is registered twice on layers that set no weight decay of their
 *       own, so those layers count it twice; this objective reports exactly what DL4J adds to its score.</li>
 *   <li>gradient: ∇L(θ) = (1/N) Σ over batches of the gradient DL4J's {@code computeGradientAndScore()}
 *       computes, which is the batch <em>sum</em> of per-example gradients of the data loss, without
 *       regularization, whether or not the network divides its score by the batch size ({@code miniBatch}
 *       only changes the score, never this gradient). It differentiates the training-mode forward pass: with
 *       dropout and weight noise removed that equals the inference-mode pass, except that batch normalization
 *       uses the statistics of each batch. The entries of non-trainable state (batch-norm running mean and
 *       variance) are 0: DL4J puts its running-average update there, not a derivative.</li>
 *   <li>accuracy (classifiers only): the fraction of the N examples whose arg-max network output (inference
 *       mode) equals the arg-max label. The model is a classifier if it has one output layer, that layer ends
 *       in a softmax and the labels are 2-D with more than one column.</li>
 * </ul>
 * The loss returned by {@link #lossAndGradient} is always L(θ) as {@link #loss} defines it: for networks
 * without batch normalization it comes from the gradient pass itself (the data term of DL4J's score), for
 * networks with batch normalization from an extra inference pass.
 *
 * <p><b>Cost.</b> {@link #loss}: one inference pass per batch. {@link #evaluate}: one inference pass per batch
 * too (the output layer is scored on the activations that feed it, as {@code scoreExamples} does, and its
 * output gives the accuracy), except for classifier batches with masks and graphs whose output layer has
 * several inputs, which take two. {@link #lossAndGradient}: one training pass per batch (plus one inference
 * pass with batch normalization). {@link #regularization}: no pass over the data.
 *
 * <p><b>Data.</b> An in-memory {@code DataSet}/{@code MultiDataSet} is one batch; an iterator is read from its
 * start at every evaluation (it must support {@code reset()}) and must yield the same data every time. The
 * data is not copied: do not change it while the objective is in use. Floating-point feature, label and mask
 * arrays are cast to the objective's data type batch by batch.
 *
 * <p><b>θ and results.</b> θ may be FLOAT or DOUBLE, of shape [P], [1, P] or [P, 1]; it is cast to the
 * objective's type. Gradients are new arrays of shape [P] (the shape of DL4J's {@code params()}) in
 * {@link #dataType()}, allocated outside any workspace. Not thread-safe: one objective per thread.
 */
public final class NetworkObjective implements Objective {

    private final PrivateNetwork network;
    private final Batches batches;
    private final ParameterLayout layout;
    private final DataType dataType;
    private final boolean classifier;
    private final boolean separateLossPass;

    private NetworkObjective(PrivateNetwork network, Batches batches, DataType dataType) {
        this.network = network;
        this.batches = batches;
        this.dataType = dataType;
        this.layout = NetworkLayouts.of(network.model());
        long[] labelShape = batches.labelShape;
        this.classifier = network.outputCount() == 1 && network.singleOutputConf() != null
                && PrivateNetwork.isSoftmaxOutput(network.singleOutputConf())
                && labelShape.length == 2 && labelShape[1] > 1;
        this.separateLossPass = network.trainingDiffersFromInference();
    }

    /** @return a builder for an objective on a private copy of {@code network} */
    public static Builder builder(Model network) {
        return new Builder(network);
    }

    /** @return the objective of {@code network} on {@code data}, in the network's own data type */
    public static NetworkObjective of(Model network, DataSet data) {
        return builder(network).data(data).build();
    }

    @Override
    public ParameterLayout layout() {
        return layout;
    }

    @Override
    public DataType dataType() {
        return dataType;
    }

    @Override
    public long exampleCount() {
        return batches.exampleCount;
    }

    @Override
    public boolean isClassifier() {
        return classifier;
    }

    @Override
    public double loss(INDArray theta) {
        return outsideWorkspaces(() -> {
            load(theta);
            return meanLoss();
        });
    }

    @Override
    public double regularization(INDArray theta) {
        return outsideWorkspaces(() -> {
            load(theta);
            return network.regularization();
        });
    }

    @Override
    public LossAndGradient lossAndGradient(INDArray theta) {
        return outsideWorkspaces(() -> {
            load(theta);
            double regularization = network.regularization();
            INDArray gradient = Nd4j.zeros(dataType, layout.parameterCount());
            double[] dataLoss = {0.0};
            batches.forEach(batch -> {
                double score = network.addGradient(batch, gradient);
                // DL4J's score = data term + R, the data term divided by the batch size under miniBatch(true).
                double dataTerm = score - regularization;
                dataLoss[0] += network.dividesScoreByBatchSize() ? dataTerm * batch.getFeatures(0).size(0)
                        : dataTerm;
            });
            gradient.divi(batches.exampleCount);
            for (ParameterArray array : layout.arrays()) {
                if (array.role() == ParameterRole.STATE) {
                    gradient.get(NDArrayIndex.interval(array.offset(), array.end())).assign(0);
                }
            }
            double loss = separateLossPass ? meanLoss() : dataLoss[0] / batches.exampleCount;
            return new LossAndGradient(loss, gradient);
        });
    }

    @Override
    public Evaluation evaluate(INDArray theta) {
        return outsideWorkspaces(() -> {
            load(theta);
            double[] loss = {0.0};
            long[] correct = {0};
            batches.forEach(batch -> {
                PrivateNetwork.Inference inference = network.infer(batch, classifier);
                loss[0] += inference.lossSum();
                correct[0] += inference.correct();
            });
            long n = batches.exampleCount;
            return new Evaluation(loss[0] / n, network.regularization(),
                    classifier ? OptionalDouble.of((double) correct[0] / n) : OptionalDouble.empty());
        });
    }

    private double meanLoss() {
        double[] sum = {0.0};
        batches.forEach(batch -> sum[0] += network.lossSum(batch));
        return sum[0] / batches.exampleCount;
    }

    /** Writes θ into the private copy's parameters, after checking it. */
    private void load(INDArray theta) {
        long p = layout.parameterCount();
        if (theta == null) {
            throw new IllegalArgumentException("θ is null: pass a vector of " + p + " parameters");
        }
        if (theta.length() != p || (theta.rank() > 1 && !theta.isVector()) || theta.rank() > 2) {
            throw new IllegalArgumentException("θ has shape " + Arrays.toString(theta.shape()) + " ("
                    + theta.length() + " elements) but this network has " + p + " parameters: pass a vector of "
                    + "length " + p + " in the order of layout()");
        }
        if (!theta.dataType().isFPType()) {
            throw new IllegalArgumentException("θ has data type " + theta.dataType()
                    + "; pass FLOAT or DOUBLE parameters");
        }
        INDArray flat = theta.rank() == 1 ? theta : theta.reshape(p);
        network.params().assign(flat);
    }

    /** Runs the body with workspaces scoped out, so that DL4J's passes and the returned arrays are detached. */
    @SuppressWarnings("try")
    private static <T> T outsideWorkspaces(java.util.function.Supplier<T> body) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return body.get();
        }
    }

    /** Collects the network, the data and the data type of a {@link NetworkObjective}. */
    public static final class Builder {

        private final Model network;
        private Function<DataType, Batches> data;
        private String dataKind;
        private DataType dataType;

        private Builder(Model network) {
            if (network == null) {
                throw new IllegalArgumentException("network is null: pass an initialized MultiLayerNetwork or"
                        + " ComputationGraph");
            }
            if (!(network instanceof org.deeplearning4j.nn.multilayer.MultiLayerNetwork)
                    && !(network instanceof org.deeplearning4j.nn.graph.ComputationGraph)) {
                throw new IllegalArgumentException("network is a " + network.getClass().getName()
                        + "; only MultiLayerNetwork and ComputationGraph are supported");
            }
            this.network = network;
        }

        /** The data as one in-memory batch. */
        public Builder data(DataSet data) {
            return setData("a DataSet", type -> Batches.of(data, type));
        }

        /** The data as one in-memory batch, for a graph with several inputs or outputs. */
        public Builder data(MultiDataSet data) {
            return setData("a MultiDataSet", type -> Batches.of(data, type));
        }

        /** The data streamed batch by batch; the iterator must be resettable and is reset per evaluation. */
        public Builder data(DataSetIterator data) {
            return setData("a DataSetIterator", type -> Batches.of(data, type));
        }

        /** The data streamed batch by batch, for graphs; resettable, reset per evaluation. */
        public Builder data(MultiDataSetIterator data) {
            return setData("a MultiDataSetIterator", type -> Batches.of(data, type));
        }

        /**
         * The type the private copy computes in: FLOAT or DOUBLE (default: the network's own type). DOUBLE is
         * what finite differences and Hessian-vector products need.
         */
        public Builder dataType(DataType type) {
            if (type != DataType.FLOAT && type != DataType.DOUBLE) {
                throw new IllegalArgumentException("data type " + type + " is not supported: use FLOAT or DOUBLE");
            }
            this.dataType = type;
            return this;
        }

        private Builder setData(String kind, Function<DataType, Batches> source) {
            if (data != null) {
                throw new IllegalStateException("the data was already given (" + dataKind + "); give it once");
            }
            this.data = source;
            this.dataKind = kind;
            return this;
        }

        /**
         * Copies the network and checks the data against it (reading an iterator once to count its examples).
         *
         * @throws IllegalStateException    if no data was given
         * @throws IllegalArgumentException if the data is empty, unlabelled, or does not fit the network
         */
        public NetworkObjective build() {
            if (data == null) {
                throw new IllegalStateException("no data: call data(DataSet), data(DataSetIterator),"
                        + " data(MultiDataSet) or data(MultiDataSetIterator) before build()");
            }
            if (network.params() == null) {
                throw new IllegalArgumentException("the network is not initialized: call network.init() before"
                        + " building an objective on it");
            }
            DataType networkType = network.params().dataType();
            DataType type = dataType != null ? dataType : networkType;
            if (type != DataType.FLOAT && type != DataType.DOUBLE) {
                throw new IllegalArgumentException("the network computes in " + networkType
                        + "; choose dataType(FLOAT) or dataType(DOUBLE) for the objective");
            }
            Batches batches = data.apply(type);
            PrivateNetwork copy = PrivateNetwork.copyOf(network, type);
            if (batches.inputs != copy.inputCount() || batches.outputs != copy.outputCount()) {
                throw new IllegalArgumentException("the data has " + batches.inputs + " feature array(s) and "
                        + batches.outputs + " label array(s); the network takes " + copy.inputCount()
                        + " input(s) and has " + copy.outputCount() + " output(s)");
            }
            return new NetworkObjective(copy, batches, type);
        }
    }
}
