package org.landscape4j.dl4j.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastDivOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastSubOp;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.Map;

/**
 * A DL4J batch-normalization layer that always computes its inference function and back-propagates the exact
 * derivative of that function, so that a network's loss, gradient and Hessian are of one function.
 *
 * <p><b>The function</b> (per channel c; a channel is a column of a [N, C] input, or a feature map of an NCHW /
 * NHWC input): y = γ·(x − μ)/√(σ² + ε) + β with μ, σ² the stored running mean and variance, which are constants
 * (state), not functions of θ's trainable part. With {@code useLogStd} DL4J stores s = log<sub>10</sub> of a
 * standard deviation and uses σ² = (10<sup>s</sup>)²; with {@code lockGammaBeta} γ and β are fixed numbers, and
 * DL4J M2.1 applies them only when γ ≠ 1 and β ≠ 0 at once (otherwise y = x̂): this class differentiates exactly
 * what the forward pass computes, quirk included.
 *
 * <p><b>The derivative</b>, with x̂ = (x − μ)/√(σ² + ε) and ε<sub>y</sub> = ∂L/∂y, summed over the batch (and the
 * spatial positions of a convolutional input):
 * ∂L/∂γ = Σ ε<sub>y</sub>⊙x̂, ∂L/∂β = Σ ε<sub>y</sub>, ∂L/∂x = ε<sub>y</sub>·γ/√(σ² + ε), and 0 for the
 * running mean and variance. DL4J's own backpropagation differentiates only the training function (batch
 * statistics, whose derivative has two more terms through μ<sub>B</sub> and σ²<sub>B</sub>) and writes the
 * running-average update where the mean and variance gradients would be.
 *
 * <p>The wrapper writes ∂L/∂γ, ∂L/∂β and the zeros into the wrapped layer's gradient views, so the network's
 * flattened gradient holds them. Inputs of rank 2 and 4 are supported (rank 3 is refused: DL4J M2.1 itself does
 * not normalize sequences per channel).
 */
final class InferenceBatchNormalization extends BaseWrapperLayer {

    private final BatchNormalization layer;
    private INDArray viewsSource;
    private Map<String, INDArray> gradientViews;

    InferenceBatchNormalization(BatchNormalization layer) {
        super(layer);
        this.layer = layer;
    }

    /**
     * @param layer a layer of a network copy
     * @return the layer to put in its place: a wrapper around it if it is a batch normalization; the layer itself
     *         otherwise, after replacing a batch normalization wrapped inside it (a frozen layer's, say)
     */
    static Layer replacing(Layer layer) {
        if (layer instanceof BatchNormalization bn) {
            return new InferenceBatchNormalization(bn);
        }
        if (layer instanceof BaseWrapperLayer wrapper && !(layer instanceof InferenceBatchNormalization)) {
            Layer inner = wrapper.getUnderlying();
            Layer replaced = replacing(inner);
            if (replaced != inner) {
                wrapper.setUnderlying(replaced);
            }
        }
        return layer;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return underlying.activate(false, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr) {
        return underlying.activate(input, false, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        org.deeplearning4j.nn.conf.layers.BatchNormalization conf =
                (org.deeplearning4j.nn.conf.layers.BatchNormalization) layer.conf().getLayer();
        INDArray x = layer.input();
        if (x == null) {
            throw new IllegalStateException("batch normalization " + conf.getLayerName()
                    + ": backpropagation without a forward pass (no input set)");
        }
        int channelAxis;
        int[] reduce;
        if (x.rank() == 2) {
            channelAxis = 1;
            reduce = new int[]{0};
        } else if (x.rank() == 4) {
            boolean nchw = conf.getCnn2DFormat() != CNN2DFormat.NHWC;
            channelAxis = nchw ? 1 : 3;
            reduce = nchw ? new int[]{0, 2, 3} : new int[]{0, 1, 2};
        } else {
            throw new UnsupportedOperationException("batch normalization " + conf.getLayerName() + " got an input of"
                    + " rank " + x.rank() + " (shape " + Arrays.toString(x.shape()) + "); its inference-mode"
                    + " derivative is implemented for rank 2 ([N, C]) and rank 4 (NCHW or NHWC) inputs only");
        }
        DataType type = epsilon.dataType();
        x = standardStrides(x.castTo(type));
        INDArray eps = standardStrides(epsilon);
        long channels = x.size(channelAxis);

        INDArray mean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).reshape(channels);
        INDArray variance;
        if (conf.isUseLogStd()) {
            // as DL4J's forward pass: σ² = (10^s)²
            INDArray log10Std = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).reshape(channels);
            variance = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, type), log10Std, false);
            variance.muli(variance);
        } else {
            variance = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).reshape(channels);
        }
        INDArray std = Transforms.sqrt(variance.add(conf.getEps()), false);

        INDArray xHat = Nd4j.createUninitialized(type, x.shape(), x.ordering());
        Nd4j.getExecutioner().exec(new BroadcastSubOp(x, mean, xHat, channelAxis));
        Nd4j.getExecutioner().exec(new BroadcastDivOp(xHat, std, xHat, channelAxis));

        INDArray scale;
        if (conf.isLockGammaBeta()) {
            double gamma = conf.getGamma() != 1.0 && conf.getBeta() != 0.0 ? conf.getGamma() : 1.0;
            scale = std.rdiv(gamma);
        } else {
            scale = layer.getParam(BatchNormalizationParamInitializer.GAMMA).reshape(channels).div(std);
        }
        INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, type, eps.shape(), eps.ordering());
        Nd4j.getExecutioner().exec(new BroadcastMulOp(eps, scale, dx, channelAxis));

        Map<String, INDArray> views = gradientViews();
        Gradient gradient = new DefaultGradient();
        if (!conf.isLockGammaBeta()) {
            INDArray dGamma = views.get(BatchNormalizationParamInitializer.GAMMA);
            INDArray dBeta = views.get(BatchNormalizationParamInitializer.BETA);
            dGamma.assign(eps.mul(xHat).sum(reduce).reshape(dGamma.shape()));
            dBeta.assign(eps.sum(reduce).reshape(dBeta.shape()));
            gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGamma);
            gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBeta);
        }
        for (String state : new String[]{BatchNormalizationParamInitializer.GLOBAL_MEAN,
                BatchNormalizationParamInitializer.GLOBAL_VAR, BatchNormalizationParamInitializer.GLOBAL_LOG_STD}) {
            INDArray view = views.get(state);
            if (view != null) {
                view.assign(0);
                gradient.setGradientFor(state, view);
            }
        }
        return new Pair<>(gradient, dx);
    }

    /** The wrapped layer's per-parameter gradient views, cut from its flat gradient view once. */
    private Map<String, INDArray> gradientViews() {
        INDArray flat = layer.getGradientsViewArray();
        if (flat == null) {
            throw new IllegalStateException("batch normalization " + layer.conf().getLayer().getLayerName()
                    + " has no gradient view: the network's gradients were not initialized");
        }
        if (flat != viewsSource) {
            gradientViews = BatchNormalizationParamInitializer.getInstance().getGradientsFromFlattened(layer.conf(),
                    flat);
            viewsSource = flat;
        }
        return gradientViews;
    }

    private static INDArray standardStrides(INDArray array) {
        return Shape.strideDescendingCAscendingF(array) ? array : array.dup();
    }
}
