package org.landscape4j.dl4j.objective;

import org.landscape4j.dl4j.network.BatchInference;
import org.landscape4j.dl4j.network.Dl4jLayers;
import org.landscape4j.dl4j.network.Dl4jNetwork;
import org.landscape4j.dl4j.network.FirstLayerProducts;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.linalg.Blas;
import org.landscape4j.objective.CombinationEvaluator;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.PointResult;
import org.landscape4j.objective.Precision;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@link Objective} of a DL4J {@code MultiLayerNetwork} or {@code ComputationGraph} on a fixed data set,
 * created by a {@link NetworkObjectiveFactory}, one per worker.
 *
 * <pre>{@code
 * try (Objective objective = factory.create()) {
 *     Blas.combine(center, alpha, d1, beta, d2, objective.parameters());   // θ = c + αd₁ + βd₂, in place
 *     PointResult point = objective.evaluate();                          // loss, regularization, accuracy
 *     objective.gradient(out);                                           // ∇L into the caller's vector
 * }
 * }</pre>
 *
 * <p><b>The network.</b> The objective owns a private evaluation copy of the network
 * ({@link Dl4jNetwork#evaluationCopy}: no updater state, no listeners, no dropout or weight noise, standard
 * backpropagation through time, batch normalization in inference mode with its exact derivative); the user's
 * network is never touched. {@link #parameters()} is the copy's flat parameter vector: writing into it moves the
 * copy.
 *
 * <p><b>Definitions</b> (N examples, a sequence counting as one; DL4J's per-example loss is what
 * {@code scoreExamples(data, false)} returns: summed over the unmasked time steps of a sequence output and over
 * the output layers of a graph):
 * <ul>
 *   <li>loss: L(θ) = (1/N) Σ per-example losses in inference mode. Under DL4J's default {@code miniBatch(true)}
 *       this is DL4J's {@code score(data, false) − calcRegularizationScore(true)} on the whole data; under
 *       {@code miniBatch(false)} DL4J's score is the sum N·L + R, while L stays the mean.</li>
 *   <li>regularization: R(θ) = {@code calcRegularizationScore(true)}: ½·λ·Σw² for {@code l2(λ)} and
 *       {@code weightDecay(λ)}, λ·Σ|w| for {@code l1(λ)}, over every regularization registered on every
 *       parameter (biases only with {@code l2Bias}, ...; frozen layers not at all). A global
 *       {@code weightDecay(λ)} on {@code NeuralNetConfiguration.Builder} is registered twice on layers without
 *       their own in DL4J M2.1, and so counts twice, in R and in ∇R alike.</li>
 *   <li>gradient: ∇L(θ) = (1/N) Σ<sub>batches</sub> of DL4J's batch-sum gradient of the data loss (no
 *       regularization, whatever {@code miniBatch} says), backpropagated through the evaluation copy, whose
 *       training-mode pass computes the inference function: loss and gradient are of the same L. Entries of
 *       non-trainable state (batch-norm running mean and variance) are 0. Parameters of frozen layers are
 *       constants to DL4J: their entries are 0 too.</li>
 *   <li>accuracy (classifiers only, else NaN): the fraction of the N examples whose arg-max output equals the
 *       arg-max label. The model is a classifier if it has one output layer, that layer ends in a softmax and the
 *       labels are 2-D with more than one column.</li>
 * </ul>
 *
 * <p><b>Cost and memory.</b> {@link #evaluate()}: one inference pass per batch (two for masked classifier batches
 * and for graphs whose output layer has several inputs). {@link #loss()}: one inference pass per batch.
 * {@link #gradient(INDArray)}: one training pass per batch, without the score for a {@code MultiLayerNetwork}
 * (DL4J M2.1's graph always computes it). No method allocates a P-sized array: gradients are summed over batches
 * straight into the caller's vector (or, if its type differs from the objective's, into one accumulator the
 * objective allocates once). Activations are bounded by the batch size.
 *
 * <p><b>Examples are counted on every pass</b>; a pass that sees another number than the data had when the
 * objective was made is an {@link IllegalStateException} naming both counts.
 *
 * <p>Not thread-safe: one objective per thread. {@link #close()} releases the copy's parameter and gradient
 * arrays at once.
 */
public final class NetworkObjective implements Objective {

    private final Dl4jNetwork network;
    private final Batches batches;
    private final ParameterLayout layout;
    private final Precision precision;
    private final boolean classifier;
    private final INDArray parameters;
    private final INDArray gradientView;
    private RegularizationGradient regularizationGradient;
    private INDArray accumulator;
    private boolean closed;

    /**
     * @param network the evaluation copy, owned (closed) by this objective
     * @param batches the data, read-only
     * @param layout  the layout of the network's θ
     * @param labelShape the shape of the first batch's first labels array
     */
    NetworkObjective(Dl4jNetwork network, Batches batches, ParameterLayout layout, long[] labelShape) {
        this.network = network;
        this.batches = batches;
        this.layout = layout;
        this.precision = Precision.of(network.dataType());
        this.classifier = network.outputCount() == 1
                && Dl4jLayers.isSoftmaxOutput(network.outputLayers().get(0).conf().getLayer())
                && labelShape.length == 2 && labelShape[1] > 1;
        this.parameters = network.params();
        this.gradientView = outsideWorkspaces(network::gradientView);
        if (layout.parameterCount() != parameters.length()) {
            throw new IllegalStateException("the layout covers " + layout.parameterCount() + " parameters but the"
                    + " network has " + parameters.length());
        }
    }

    @Override
    public ParameterLayout layout() {
        return layout;
    }

    @Override
    public long parameterCount() {
        return parameters.length();
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public boolean isClassifier() {
        return classifier;
    }

    @Override
    public long exampleCount() {
        return batches.exampleCount();
    }

    @Override
    public INDArray parameters() {
        requireOpen();
        return parameters;
    }

    @Override
    public PointResult evaluate() {
        requireOpen();
        return outsideWorkspaces(() -> {
            double lossSum = 0;
            long correct = 0;
            long scored = 0;
            long seen = 0;
            for (int i = 0, count = batches.count(); i < count; i++) {
                MultiDataSet batch = batches.get(i);
                seen += BatchList.examplesOf(batch);
                BatchInference inference = network.infer(batch, classifier);
                lossSum += inference.lossSum();
                correct += inference.correct();
                scored += inference.scored();
            }
            long n = checkCount(seen);
            return new PointResult(lossSum / n, network.regularizationScore(),
                    classifier && scored > 0 ? (double) correct / scored : Double.NaN, n);
        });
    }

    @Override
    public double loss() {
        requireOpen();
        return outsideWorkspaces(() -> {
            double lossSum = 0;
            long seen = 0;
            for (int i = 0, count = batches.count(); i < count; i++) {
                MultiDataSet batch = batches.get(i);
                seen += BatchList.examplesOf(batch);
                lossSum += network.lossSum(batch);
            }
            return lossSum / checkCount(seen);
        });
    }

    @Override
    public double regularization() {
        requireOpen();
        return outsideWorkspaces(network::regularizationScore);
    }

    @Override
    public void gradient(INDArray out) {
        requireOpen();
        outsideWorkspaces(() -> gradientPass(flatOut(out), false));
    }

    @Override
    public double lossAndGradient(INDArray out) {
        requireOpen();
        return outsideWorkspaces(() -> gradientPass(flatOut(out), true));
    }

    /**
     * Sums the batch gradients into the target (the caller's vector, or the accumulator if its type differs),
     * divides by N; with {@code withLoss}, returns L from the same passes: DL4J's score minus R, times the batch
     * size under miniBatch.
     */
    private double gradientPass(INDArray out, boolean withLoss) {
        INDArray target = out.dataType() == parameters.dataType() ? out : accumulator();
        double regularization = withLoss ? network.regularizationScore() : 0;
        boolean dividesByBatch = network.dividesScoreByBatchSize();
        double lossSum = 0;
        long seen = 0;
        for (int i = 0, count = batches.count(); i < count; i++) {
            MultiDataSet batch = batches.get(i);
            long n = BatchList.examplesOf(batch);
            seen += n;
            if (withLoss) {
                double dataTerm = network.backpropWithScore(batch) - regularization;
                lossSum += dividesByBatch ? dataTerm * n : dataTerm;
            } else {
                network.backprop(batch);
            }
            if (i == 0) {
                Blas.copy(gradientView, target);
            } else {
                Blas.axpy(1.0, gradientView, target);
            }
        }
        long total = checkCount(seen);
        Blas.scal(1.0 / total, target);
        if (target != out) {
            Blas.copy(target, out);
        }
        return lossSum / total;
    }

    @Override
    public void addRegularizationGradient(INDArray out) {
        requireOpen();
        INDArray flat = flatOut(out);
        outsideWorkspaces(() -> {
            if (regularizationGradient == null) {
                regularizationGradient = RegularizationGradient.of(network, layout);
            }
            if (flat.dataType() == parameters.dataType()) {
                regularizationGradient.addTo(flat);
            } else {
                INDArray work = accumulator();
                Blas.copy(flat, work);
                regularizationGradient.addTo(work);
                Blas.copy(work, flat);
            }
            return null;
        });
    }

    /**
     * Shares the first layer's products between the points of a linear family where the network allows it (see
     * {@link FirstLayerProducts}: a {@code MultiLayerNetwork} whose first layer is dense or convolutional, unmasked
     * data); empty otherwise. The evaluator writes each point into {@link #parameters()} and then computes what
     * {@link #evaluate()} computes there, equal to float rounding.
     */
    @Override
    public Optional<CombinationEvaluator> combinations(List<INDArray> vectors) {
        requireOpen();
        if (vectors == null || vectors.isEmpty()) {
            throw new IllegalArgumentException("no vectors: a linear family needs at least one");
        }
        for (int k = 0; k < vectors.size(); k++) {
            INDArray v = vectors.get(k);
            if (v == null || v.length() != parameters.length() || v.dataType() != parameters.dataType()) {
                throw new IllegalArgumentException("vector " + k + " is " + (v == null ? "null"
                        : v.length() + " " + v.dataType() + " values") + "; this objective needs "
                        + parameters.length() + " " + parameters.dataType() + " values");
            }
        }
        List<MultiDataSet> all = new ArrayList<>();
        for (int i = 0, count = batches.count(); i < count; i++) {
            all.add(batches.get(i));
        }
        Optional<FirstLayerProducts> products = outsideWorkspaces(() -> network.firstLayerProducts(all, vectors));
        return products.map(p -> new SharedFirstLayer(p, List.copyOf(vectors), all));
    }

    /** The evaluator of {@link #combinations}: θ(w) into the buffer, then every batch from its shared products. */
    private final class SharedFirstLayer implements CombinationEvaluator {
        private final FirstLayerProducts products;
        private final List<INDArray> vectors;
        private final List<MultiDataSet> data;

        SharedFirstLayer(FirstLayerProducts products, List<INDArray> vectors, List<MultiDataSet> data) {
            this.products = products;
            this.vectors = vectors;
            this.data = data;
        }

        @Override
        public PointResult evaluate(double[] weights) {
            requireOpen();
            if (weights.length != vectors.size()) {
                throw new IllegalArgumentException(weights.length + " weights for " + vectors.size() + " vectors");
            }
            Blas.copy(flat(vectors.get(0)), parameters);
            if (weights[0] != 1.0) {
                Blas.scal(weights[0], parameters);
            }
            for (int k = 1; k < weights.length; k++) {
                Blas.axpy(weights[k], flat(vectors.get(k)), parameters);
            }
            return outsideWorkspaces(() -> {
                double lossSum = 0;
                long correct = 0;
                long scored = 0;
                long seen = 0;
                for (int i = 0; i < data.size(); i++) {
                    MultiDataSet batch = data.get(i);
                    seen += BatchList.examplesOf(batch);
                    BatchInference inference = products.infer(i, batch, weights, classifier);
                    lossSum += inference.lossSum();
                    correct += inference.correct();
                    scored += inference.scored();
                }
                long n = checkCount(seen);
                return new PointResult(lossSum / n, network.regularizationScore(),
                        classifier && scored > 0 ? (double) correct / scored : Double.NaN, n);
            });
        }

        @Override
        public String description() {
            return products.description();
        }

        @Override
        public void close() {
            products.close();
        }
    }

    private static INDArray flat(INDArray v) {
        return v.rank() == 1 ? v : v.reshape(v.length());
    }

    /** Releases the network copy's parameter and gradient arrays (and the accumulator) now. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (regularizationGradient != null) {
            regularizationGradient.close();
        }
        if (accumulator != null && accumulator.closeable()) {
            accumulator.close();
        }
        accumulator = null;
        network.close();
    }

    private long checkCount(long seen) {
        long expected = batches.exampleCount();
        if (seen != expected) {
            throw new IllegalStateException("this pass over " + batches.description() + " saw " + seen
                    + " examples, but the data had " + expected + " when the objective was made: the data changed"
                    + " size, so the loss would be mis-scaled; give data that yields the same examples every time");
        }
        return expected;
    }

    /** A vector of length P in either precision, as a rank-1 view. */
    private INDArray flatOut(INDArray out) {
        long p = parameters.length();
        if (out == null) {
            throw new IllegalArgumentException("the output vector is null: pass a vector of " + p + " elements");
        }
        if (out.length() != p || !(out.rank() == 1 || (out.rank() == 2 && out.isVector()))) {
            throw new IllegalArgumentException("the output vector has shape " + Arrays.toString(out.shape()) + " ("
                    + out.length() + " elements) but this network has " + p + " parameters: pass a vector of length "
                    + p);
        }
        if (!out.dataType().isFPType()) {
            throw new IllegalArgumentException("the output vector is " + out.dataType() + "; pass FLOAT or DOUBLE");
        }
        return out.rank() == 1 ? out : out.reshape(p);
    }

    /** The one P-vector the objective may allocate: for outputs of another type than its own, once. */
    private INDArray accumulator() {
        if (accumulator == null) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                accumulator = Nd4j.create(parameters.dataType(), parameters.length());
            }
        }
        return accumulator;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the objective was closed: its network copy is released; create another"
                    + " from the factory");
        }
    }

    /** Runs the body with workspaces scoped out, so that DL4J's passes and any arrays made are detached. */
    private static <T> T outsideWorkspaces(Supplier<T> body) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return body.get();
        }
    }
}
