package org.landscape4j.dl4j.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first layer's pre-activations of a linear family of parameter vectors, computed once per batch, so that the
 * points θ(w) = Σ w<sub>k</sub>·v<sub>k</sub> of a slice skip that layer's product.
 *
 * <p><b>The maths.</b> A dense layer's pre-activation z = xW + b and a convolution's z = W ⊛ x + b are linear in
 * the layer's parameters (W, b). With the parameters of v<sub>k</sub> giving z<sub>k</sub> = xW<sub>k</sub> +
 * b<sub>k</sub>, the point θ(w) gives z(w) = Σ w<sub>k</sub>·z<sub>k</sub> exactly; only the rounding differs
 * (a sum of products instead of a product of sums). Each point then costs m scaled additions over the batch's
 * pre-activations (N × units) and the layer's activation function, instead of the layer's matrix product.
 *
 * <p><b>Where it applies.</b> A {@code MultiLayerNetwork} of at least two layers whose first layer is a plain
 * {@code DenseLayer} without layer normalization or a {@code ConvolutionLayer} (exactly those classes: frozen or
 * subclassed layers are evaluated plainly), on batches without masks, when the products fit in
 * {@link #BUDGET_BYTES}. Otherwise {@link #of} is empty and the caller evaluates every point plainly.
 *
 * <p><b>Memory.</b> m arrays of the first layer's output per batch (the products), allocated once, outside
 * workspaces, released by {@link #close()}; each point's sum lives in the pass workspace.
 */
public final class FirstLayerProducts implements AutoCloseable {

    /** The most memory the products may take (256 MiB); beyond it every point is evaluated plainly. */
    public static final long BUDGET_BYTES = 256L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(FirstLayerProducts.class);

    private final MultiLayerAdapter network;
    private final IActivation activation;
    private final List<INDArray[]> products;
    private final String description;
    private boolean closed;

    private FirstLayerProducts(MultiLayerAdapter network, IActivation activation, List<INDArray[]> products,
                               String description) {
        this.network = network;
        this.activation = activation;
        this.products = products;
        this.description = description;
    }

    /**
     * @param network the evaluation copy; its first layer's parameters are overwritten (callers write every point's
     *                θ anyway)
     * @param batches the data, all unmasked
     * @param vectors the family's vectors, of the network's length and type
     * @return the products, or empty where they do not apply (see the class comment)
     */
    static Optional<FirstLayerProducts> of(MultiLayerAdapter network, List<MultiDataSet> batches,
                                           List<INDArray> vectors) {
        Layer[] layers = network.layers();
        if (layers.length < 2 || vectors.isEmpty()) {
            return Optional.empty();
        }
        Layer first = layers[0];
        boolean dense = first.getClass() == DenseLayer.class;
        boolean convolution = first.getClass() == ConvolutionLayer.class;
        if (!dense && !convolution) {
            LOG.debug("landscape4j: first layer is a {}: no shared first-layer products", first.getClass().getSimpleName());
            return Optional.empty();
        }
        if (!(first.conf().getLayer() instanceof BaseLayer conf)) {
            return Optional.empty();
        }
        if (conf instanceof org.deeplearning4j.nn.conf.layers.DenseLayer d && d.hasLayerNorm()) {
            return Optional.empty();
        }
        for (MultiDataSet batch : batches) {
            if (Dl4jNetwork.hasMasks(batch) || batch.numFeatureArrays() != 1) {
                return Optional.empty();
            }
        }
        long firstParameters = first.numParams();
        for (INDArray v : vectors) {
            if (v.length() != network.parameterCount() || v.dataType() != network.dataType()) {
                throw new IllegalArgumentException("a vector of " + v.length() + " " + v.dataType() + " values for a"
                        + " network of " + network.parameterCount() + " " + network.dataType() + " parameters");
            }
        }
        InputPreProcessor preProcessor = network.preProcessor(0);
        IActivation activation = conf.getActivationFn();
        INDArray layerParameters = first.params();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        long bytes = 0;
        List<INDArray[]> products = new ArrayList<>();
        conf.setActivationFn(new ActivationIdentity());
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (MultiDataSet batch : batches) {
                INDArray features = batch.getFeatures(0);
                INDArray input = preProcessor == null ? features
                        : preProcessor.preProcess(features, (int) features.size(0), mgr);
                INDArray[] perVector = new INDArray[vectors.size()];
                for (int k = 0; k < vectors.size(); k++) {
                    INDArray v = vectors.get(k);
                    Blas.copy(flat(v).get(NDArrayIndex.interval(0, firstParameters)), flat(layerParameters));
                    perVector[k] = first.activate(input, false, mgr).dup('c');
                    first.clear();
                    bytes += perVector[k].length() * perVector[k].dataType().width();
                    if (bytes > BUDGET_BYTES) {
                        LOG.debug("landscape4j: first-layer products would exceed {} bytes: points evaluated plainly",
                                BUDGET_BYTES);
                        release(products);
                        release(List.<INDArray[]>of(perVector));
                        return Optional.empty();
                    }
                }
                products.add(perVector);
            }
        } finally {
            conf.setActivationFn(activation);
        }
        String what = (dense ? "the first dense layer's" : "the first convolution's") + " products with "
                + vectors.size() + " vectors (" + bytes + " bytes)";
        return Optional.of(new FirstLayerProducts(network, activation, products, what));
    }

    /** @return the number of batches the products were made for */
    public int batchCount() {
        return products.size();
    }

    /**
     * One inference pass over batch {@code b} at θ(w): the first layer's pre-activation Σ w<sub>k</sub>·z<sub>k</sub>,
     * its activation function, then the rest of the network as {@link Dl4jNetwork#infer} runs it. The layers
     * after the first read their parameters from the network, so θ(w) must already be in it.
     */
    public BatchInference infer(int b, MultiDataSet batch, double[] weights, boolean classify) {
        if (closed) {
            throw new IllegalStateException("the first-layer products were released");
        }
        INDArray[] z = products.get(b);
        if (weights.length != z.length) {
            throw new IllegalArgumentException(weights.length + " weights for " + z.length + " vectors");
        }
        // the sum lives in the pass workspace, so that the next layer takes it as its input without a copy
        try (MemoryWorkspace ignored = PassWorkspace.open()) {
            INDArray sum = Nd4j.createUninitialized(z[0].dataType(), z[0].shape(), 'c');
            INDArray flatSum = flat(sum);
            Blas.copy(flat(z[0]), flatSum);
            if (weights[0] != 1.0) {
                Blas.scal(weights[0], flatSum);
            }
            for (int k = 1; k < z.length; k++) {
                Blas.axpy(weights[k], flat(z[k]), flatSum);
            }
            INDArray activated = activation.getActivation(sum, false);
            return network.inferInOpenWorkspace(1, activated, batch, classify);
        }
    }

    /** @return what is shared, for logs */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release(products);
        }
    }

    private static void release(List<INDArray[]> arrays) {
        for (INDArray[] batch : arrays) {
            for (INDArray array : batch) {
                if (array != null && array.closeable()) {
                    array.close();
                }
            }
        }
    }

    private static INDArray flat(INDArray array) {
        return array.rank() == 1 ? array : array.reshape(array.length());
    }
}
