package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.layers.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.landscape4j.dl4j.network.Dl4jNetwork;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ∇R(θ) for the R that DL4J's {@code calcRegularizationScore(true)} computes: for every layer that is not frozen,
 * for every parameter array w of it and every {@link Regularization} its configuration registers on w (in the
 * order and multiplicity DL4J registers them: a global {@code weightDecay} on the network builder is registered
 * twice on layers without their own in M2.1, and counted twice here as in R):
 * <ul>
 *   <li>{@link L2Regularization} and {@link WeightDecay} (whatever its {@code applyLR}) score ½·λ·Σw²: ∇ = λ·w;</li>
 *   <li>{@link L1Regularization} scores λ·Σ|w|: ∇ = λ·sign(w) (0 at w = 0, the subgradient DL4J's own update
 *       uses).</li>
 * </ul>
 * λ is read from the term's schedule at the layer's iteration and epoch counters, as the score reads it. Other
 * regularization classes have no known score: asking for the gradient then fails, naming the class.
 */
final class RegularizationGradient {

    /** One regularization term on one parameter array: θ[offset, offset + length). */
    private record Term(String array, long offset, long length, Layer layer, Regularization regularization) {
    }

    private final List<Term> terms;
    private final INDArray parameters;
    private final long largestL1;
    private INDArray scratch;

    private RegularizationGradient(List<Term> terms, INDArray parameters) {
        this.terms = List.copyOf(terms);
        this.parameters = parameters;
        this.largestL1 = terms.stream().filter(t -> t.regularization() instanceof L1Regularization)
                .mapToLong(Term::length).max().orElse(0);
    }

    /** @param network the objective's network copy; {@code parameters} is its flat θ view */
    static RegularizationGradient of(Dl4jNetwork network, ParameterLayout layout) {
        List<Term> terms = new ArrayList<>();
        Layer[] layers = network.layers();
        for (int i = 0; i < layers.length; i++) {
            collect(layers[i], network.layerName(i), layout, terms);
        }
        return new RegularizationGradient(terms, network.params());
    }

    private static void collect(Layer layer, String layerName, ParameterLayout layout, List<Term> terms) {
        if (layer instanceof FrozenLayer || layer instanceof FrozenLayerWithBackprop) {
            return; // DL4J scores frozen layers' regularization as 0
        }
        if (layer instanceof BaseWrapperLayer wrapper) {
            collect(wrapper.getUnderlying(), layerName, layout, terms);
            return;
        }
        if (!(layer instanceof org.deeplearning4j.nn.layers.BaseLayer<?>)) {
            return; // layers outside BaseLayer add nothing to calcRegularizationScore in DL4J M2.1
        }
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        for (Map.Entry<String, INDArray> entry : layer.paramTable().entrySet()) {
            List<Regularization> registered = conf.getRegularizationByParam(entry.getKey());
            if (registered == null || registered.isEmpty()) {
                continue;
            }
            String name = layerName + "_" + entry.getKey();
            ParameterArray array = layout.find(name).orElseThrow(() -> new IllegalStateException("parameter " + name
                    + " carries a regularization but is not in the layout"));
            for (Regularization regularization : registered) {
                terms.add(new Term(name, array.offset(), array.length(), layer, regularization));
            }
        }
    }

    /** Adds ∇R(θ) to {@code out}, a rank-1 vector of length P of the parameters' type. */
    void addTo(INDArray out) {
        for (Term term : terms) {
            INDArray w = parameters.get(NDArrayIndex.interval(term.offset(), term.offset() + term.length()));
            INDArray target = out.get(NDArrayIndex.interval(term.offset(), term.offset() + term.length()));
            int iteration = term.layer().getIterationCount();
            int epoch = term.layer().getEpochCount();
            Regularization regularization = term.regularization();
            if (regularization instanceof L2Regularization l2) {
                Blas.axpy(l2.getL2().valueAt(iteration, epoch), w, target);
            } else if (regularization instanceof WeightDecay decay) {
                Blas.axpy(decay.getCoeff().valueAt(iteration, epoch), w, target);
            } else if (regularization instanceof L1Regularization l1) {
                INDArray sign = scratch().get(NDArrayIndex.interval(0, term.length()));
                Nd4j.getExecutioner().exec(new Sign(w, sign));
                Blas.axpy(l1.getL1().valueAt(iteration, epoch), sign, target);
            } else {
                throw new UnsupportedOperationException("parameter " + term.array() + " carries a "
                        + regularization.getClass().getName() + " regularization, whose gradient landscape4j does"
                        + " not know (it knows L1Regularization, L2Regularization and WeightDecay)");
            }
        }
    }

    /** One buffer as long as the largest L1-regularized array, made on first use. */
    private INDArray scratch() {
        if (scratch == null) {
            scratch = Nd4j.create(parameters.dataType(), largestL1);
        }
        return scratch;
    }

    void close() {
        if (scratch != null && scratch.closeable()) {
            scratch.close();
        }
        scratch = null;
    }
}
