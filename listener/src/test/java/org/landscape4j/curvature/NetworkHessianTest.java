package org.landscape4j.curvature;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Hessian operator on real tiny DL4J networks (the 4-5-3 tanh/softmax fixture, P = 43, 16 examples), against an
 * independent reference built from loss values only, and Lanczos against the eigen-decomposition of the explicit
 * Hessian.
 *
 * <p>Error budget (DOUBLE, entries of H of order 0.01–1):
 * <ul>
 *   <li>products, ε = 1e-5: truncation ε²/6·|∂³∇L| ≈ 1e-11, rounding u·‖∇L‖/ε plus the rounding of the backward
 *       pass ≈ 1e-10: each entry of the matrix of products is good to ≈ 1e-10, so its asymmetry is too (asserted
 *       1e-9; observed 6e-11);</li>
 *   <li>second differences of L with h = 1e-4: truncation ≈ h²/6·|∂⁴L| ≈ 2e-9·|∂⁴L| (with h = 1e-3 the observed
 *       difference was 2e-6, truncation-dominated, so |∂⁴L| ≈ 10 here), rounding ≈ u·|L|/h² ≈ 1e-8 (L ≈ 1):
 *       asserted 1e-6 absolute (the observed difference is printed);</li>
 *   <li>Lanczos on the operator vs the dense decomposition of the symmetrized explicit matrix: both see the same
 *       operator up to ≈ 1e-10, and τ = 1e-9 bounds the Ritz residuals: eigenvalues to 1e-7·‖H‖.</li>
 * </ul>
 */
class NetworkHessianTest {

    private static final DataSet DATA = Fixtures.classification(7, 16, Fixtures.INPUTS, Fixtures.CLASSES,
            DataType.DOUBLE);

    private static MultiLayerNetwork network(DataType type) {
        MultiLayerNetwork network = Fixtures.classifier(type);
        network.params().assign(Fixtures.perturbed(network.params(), 3, 0.3));
        return network;
    }

    private static ObjectiveFactory doubleFactory() {
        return NetworkObjectiveFactory.builder(network(DataType.FLOAT)).data(DATA).build()
                .withPrecision(Precision.DOUBLE);
    }

    @Test
    void productsMatchSecondDifferencesOfTheLoss() {
        ObjectiveFactory factory = doubleFactory();
        try (Objective objective = factory.create(); Objective reference = factory.create();
             HessianOperator h = HessianOperator.builder(objective).build()) {
            assertEquals(43, h.dimension());
            INDArray theta = objective.parameters().dup();
            double[][] products = Hessians.fromProducts(h);
            double asymmetry = Hessians.maxAsymmetry(products);
            double[][] numeric = Hessians.fromLossValues(reference, theta, 1e-4);
            double difference = Hessians.maxAbsDifference(Hessians.symmetrized(products), numeric);
            System.out.printf("4-5-3 Hessian: max |H| %.3g, asymmetry %.3g, max |H − second differences| %.3g%n",
                    Hessians.maxAbs(products), asymmetry, difference);
            assertTrue(Hessians.maxAbs(products) > 0.05, "a Hessian worth testing");
            assertTrue(asymmetry <= 1e-9, "asymmetry " + asymmetry);
            assertTrue(difference <= 1e-6, "max difference to second differences " + difference);
            assertEquals(43, h.productCount());
            assertArrayEquals(Fixtures.values(theta), Fixtures.values(objective.parameters()), 0.0,
                    "the objective's buffer holds the centre again");
        }
    }

    @Test
    void lanczosMatchesTheExplicitHessian() {
        try (Objective objective = doubleFactory().create();
             HessianOperator h = HessianOperator.builder(objective).build()) {
            double[][] explicit = Hessians.symmetrized(Hessians.fromProducts(h));
            double[][][] eigen = Hessians.eigen(explicit);
            double[] values = eigen[0][0];
            int p = values.length;
            double norm = Math.max(Math.abs(values[0]), Math.abs(values[p - 1]));
            System.out.printf("4-5-3 Hessian spectrum: λmin %.6g, λ2 %.6g, ..., λ(P−1) %.6g, λmax %.6g%n", values[0],
                    values[1], values[p - 2], values[p - 1]);
            LanczosResult result = Lanczos.run(h, LanczosSettings.defaults().withTolerance(1e-9).withMaxSteps(43)
                    .withWanted(2, 1).withRitzVectors(true).withExplicitResiduals(true), null, Progress.NONE)
                    .orElseThrow();
            System.out.println("Lanczos on the 4-5-3 network: " + result);
            assertTrue(result.converged(), result.toString());
            assertEquals(values[p - 1], result.lambdaMax(), 1e-7 * norm);
            assertEquals(values[0], result.lambdaMin(), 1e-7 * norm);
            assertEquals(Math.abs(values[0] / values[p - 1]), result.ratio(), 1e-6);
            for (int k = 0; k < 2; k++) {
                RitzPair pair = result.largest().get(k);
                assertEquals(values[p - 1 - k], pair.value(), 1e-7 * norm);
                double[] y = Fixtures.values(pair.vector().orElseThrow());
                double cosine = Math.abs(Hessians.dot(y, eigen[1][p - 1 - k]));
                // angle ≤ r/gap with r ≲ 1e-9·‖H‖ + product error; gaps here are ≳ 1e-2·‖H‖
                assertTrue(cosine >= 1 - 1e-8, "top " + k + " |cos| = " + cosine);
                // the explicit residual contains the products' own error (≈ 1e-10), the bound does not
                assertTrue(pair.residual() <= 1e-7 * norm, "explicit residual " + pair.residual());
            }
        }
    }

    /**
     * Hutchinson and SLQ on the network's operator against the explicit Hessian: the trace within 4 standard errors
     * (150 seeded probes; the products' error ≈ 1e-10 is far below the statistical one); a full-length SLQ run
     * (m = P) has weights summing to 1 (1e-12), every node within 1e-7·‖H‖ of an eigenvalue of H, and first moment
     * Σwλ within 4 standard errors of tr(H)/P over 8 runs (each run's Σwλ is vᵀHv, a scaled Hutchinson sample).
     */
    private static final int RUNS = 8;

    @Test
    void traceAndDensityMatchTheExplicitHessian() {
        try (Objective objective = doubleFactory().create();
             HessianOperator h = HessianOperator.builder(objective).build()) {
            double[][] explicit = Hessians.symmetrized(Hessians.fromProducts(h));
            double trace = 0;
            for (int i = 0; i < explicit.length; i++) {
                trace += explicit[i][i];
            }
            TraceEstimate estimate = Hutchinson.trace(h, 150, 3, Progress.NONE);
            System.out.printf("4-5-3 Hessian trace %.6g, Hutchinson %s%n", trace, estimate);
            assertTrue(Math.abs(estimate.trace() - trace) <= 4 * estimate.standardError(), estimate.toString());
            double[] values = Hessians.eigen(explicit)[0][0];
            double norm = Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1]));
            SpectralDensity density = StochasticLanczosQuadrature.density(h, 43, RUNS, 4, Progress.NONE)
                    .orElseThrow();
            double[] firstMoments = new double[RUNS];
            for (int run = 0; run < RUNS; run++) {
                QuadratureRule rule = density.runs().get(run);
                assertEquals(1.0, rule.moment(0), 1e-12);
                for (double node : rule.nodes()) {
                    double nearest = Double.POSITIVE_INFINITY;
                    for (double value : values) {
                        nearest = Math.min(nearest, Math.abs(node - value));
                    }
                    assertTrue(nearest <= 1e-7 * norm, "node " + node + " is " + nearest + " from the spectrum");
                }
                firstMoments[run] = rule.moment(1);
            }
            double mean = java.util.Arrays.stream(firstMoments).average().orElseThrow();
            double spread = Math.sqrt(java.util.Arrays.stream(firstMoments).map(x -> (x - mean) * (x - mean)).sum()
                    / (RUNS - 1) / RUNS);
            assertEquals(trace / 43, density.moment(1), 4 * spread);
        }
    }

    /**
     * Batch normalization: the running mean and variance (STATE) are outside the default domain, the operator's
     * output is 0 there, whatever v holds there, and their values in the buffer never change.
     */
    @Test
    void batchNormStateIsNeverPerturbed() {
        MultiLayerNetwork network = Fixtures.batchNormalized(DataType.DOUBLE);
        try (Objective objective = Fixtures.objective(network, DATA);
             HessianOperator h = HessianOperator.builder(objective).build()) {
            List<ParameterArray> state = objective.layout().arrays().stream().filter(a -> !a.role().isTrainable())
                    .toList();
            assertEquals(2, state.size(), "batch norm's mean and variance");
            long p = objective.parameterCount();
            assertEquals(objective.layout().trainableCount(), h.domain().size());
            INDArray before = objective.parameters().dup();
            INDArray v = Fixtures.gaussian(5, 1, (int) p, DataType.DOUBLE).reshape(p);
            INDArray masked = v.dup();
            for (ParameterArray array : state) {
                for (long i = array.offset(); i < array.end(); i++) {
                    masked.putScalar(i, 0.0);
                }
            }
            INDArray out = Nd4j.create(DataType.DOUBLE, p);
            INDArray outMasked = Nd4j.create(DataType.DOUBLE, p);
            h.apply(v, out);
            h.apply(masked, outMasked);
            assertArrayEquals(Fixtures.values(outMasked), Fixtures.values(out), 0.0);
            for (ParameterArray array : state) {
                for (long i = array.offset(); i < array.end(); i++) {
                    assertEquals(0.0, out.getDouble(i), 0.0, array.name());
                }
            }
            assertTrue(Hessians.dot(Fixtures.values(out), Fixtures.values(out)) > 0);
            assertArrayEquals(Fixtures.values(before), Fixtures.values(objective.parameters()), 0.0);
        }
    }

    /**
     * Restricted to the output layer ("1"), the operator is the principal sub-block of the full Hessian (both from
     * products: the same finite differences, so the sub-block agrees to the products' error, asserted 1e-8).
     */
    @Test
    void layerRestrictionIsTheSubBlock() {
        try (Objective objective = doubleFactory().create();
             HessianOperator full = HessianOperator.builder(objective).build();
             HessianOperator layer = HessianOperator.builder(objective)
                     .domain(Domain.layers(objective.layout(), List.of("1"))).build()) {
            double[][] h = Hessians.fromProducts(full);
            double[][] restricted = Hessians.fromProducts(layer);
            Domain domain = layer.domain();
            assertEquals(5 * 3 + 3, domain.size());
            for (int i = 0; i < h.length; i++) {
                for (int j = 0; j < h.length; j++) {
                    double expected = domain.contains(i) && domain.contains(j) ? h[i][j] : 0.0;
                    assertEquals(expected, restricted[i][j], 1e-8, "(" + i + ", " + j + ")");
                }
            }
        }
    }

    /**
     * The float mode: the operator on the FLOAT objective (same network, same data, ε = 3e-3 by default) against the
     * DOUBLE one, over 10 random directions. Rounding u·‖∇L‖/ε with u = 6e-8 and the float model's own rounding give
     * an expected relative error of order 1e-4 to 1e-3; the measured maximum (1.1e-4) is printed (it is what
     * HessianOperator's javadoc states) and asserted below 2e-3.
     */
    @Test
    void floatModeAccuracy() {
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(network(DataType.FLOAT)).data(DATA).build();
        try (Objective single = factory.withPrecision(Precision.FLOAT).create();
             Objective twin = factory.withPrecision(Precision.DOUBLE).create();
             HessianOperator floatH = HessianOperator.builder(single).build();
             HessianOperator doubleH = HessianOperator.builder(twin).centre(single.parameters()).build()) {
            assertEquals(3e-3, floatH.epsilon(), 0.0);
            long p = single.parameterCount();
            INDArray outFloat = Nd4j.create(DataType.FLOAT, p);
            INDArray outDouble = Nd4j.create(DataType.DOUBLE, p);
            double worst = 0;
            for (long seed = 0; seed < 10; seed++) {
                INDArray v = Fixtures.gaussian(100 + seed, 1, (int) p, DataType.DOUBLE).reshape(p);
                floatH.apply(v.castTo(DataType.FLOAT), outFloat);
                doubleH.apply(v, outDouble);
                double[] exact = Fixtures.values(outDouble);
                worst = Math.max(worst, Fixtures.relativeNorm(Fixtures.values(outFloat), exact));
            }
            System.out.printf("float-mode Hessian-vector products on the 4-5-3 network: max relative error %.3g%n",
                    worst);
            assertTrue(worst <= 2e-3, "float-mode relative error " + worst);
        }
    }

    /**
     * A ReLU network (4-16-3, 64 examples) with a kink 5e-4 from the centre along a coordinate (hidden unit 0's bias,
     * set so that its pre-activation for example 0 is 5e-4): products at ε = 1e-3, which straddle it, and at the
     * default 1e-5 (both checked for kinks and recomputed with smaller steps where they straddle one) against
     * products at ε = 1e-7, which straddle a kink only if a pre-activation lies within about 1e-7 of 0 (none here:
     * the matrix of those products is symmetric to 1e-8). Across the kink a plain central difference would carry the
     * quotient of a gradient jump, about |∂ℓ/∂z|/(N·2ε) ≈ 0.3/(64·2e-3) ≈ 2, ten times the largest entry of H; with the
     * check every product is within 1e-6 relative of the reference (observed 5e-8 at ε = 1e-3, 5e-10 at 1e-5).
     */
    @Test
    void reluKinksAreSteppedAround() {
        MultiLayerNetwork relu = new MultiLayerNetwork(Fixtures.base(DataType.DOUBLE).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(Fixtures.INPUTS).nOut(16)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nIn(16)
                        .nOut(Fixtures.CLASSES).activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .build());
        relu.init();
        DataSet data = Fixtures.classification(11, 64, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        // hidden unit 0's pre-activation for example 0 at 5e-4: a kink 5e-4 away along that unit's bias
        INDArray w = relu.getParam("0_W");
        INDArray b = relu.getParam("0_b");
        double z = data.getFeatures().getRow(0).mul(w.getColumn(0)).sumNumber().doubleValue();
        b.putScalar(0, 5e-4 - z);
        ObjectiveFactory factory = NetworkObjectiveFactory.builder(relu).data(data).precision(Precision.DOUBLE)
                .build();
        try (Objective objective = factory.create();
             HessianOperator fine = HessianOperator.builder(objective).epsilon(1e-7).build()) {
            double[][] reference = Hessians.fromProducts(fine);
            double norm = Hessians.maxAbs(reference);
            assertTrue(Hessians.maxAsymmetry(reference) <= 1e-8 * Math.max(1, norm),
                    "the reference straddles no kink: asymmetry " + Hessians.maxAsymmetry(reference));
            assertEquals(0, fine.kinkShrinks());
            for (double epsilon : new double[] {1e-3, 1e-5}) {
                try (HessianOperator h = HessianOperator.builder(objective).epsilon(epsilon).build()) {
                    double[][] products = Hessians.fromProducts(h);
                    double difference = Hessians.maxAbsDifference(products, reference);
                    System.out.printf("ReLU 4-16-3, ε = %g: max |H| %.3g, %d of %d products recomputed across a"
                            + " kink, %d unresolved, max difference to ε = 1e-7: %.3g%n", epsilon, norm,
                            h.kinkShrinks(), h.productCount(), h.unresolvedKinks(), difference);
                    assertTrue(difference <= 1e-6 * norm, "ε = " + epsilon + ": difference " + difference);
                    assertEquals(0, h.unresolvedKinks());
                    if (epsilon == 1e-3) {
                        assertTrue(h.kinkShrinks() > 0, "at ε = 1e-3 the bias's product straddles the kink");
                    }
                }
            }
        }
    }
}
