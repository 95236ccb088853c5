package org.landscape4j.curvature;

import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.objective.Objective;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multinomial logistic (softmax) regression, one DL4J OutputLayer (MCXENT, softmax) and no hidden layer, has the
 * closed-form Hessian of the mean cross-entropy
 * <pre>
 *   H = (1/N) Σ_i (diag(p_i) − p_i p_iᵀ) ⊗ x̃_i x̃_iᵀ,   x̃_i = (x_i, 1),  p_i = softmax(x_iW + b)
 * </pre>
 * i.e. H[(a,k),(c,l)] = (1/N) Σ_i x̃_ia x̃_ic (p_ik δ_kl − p_ik p_il) for input a, c (a = nIn for the bias) and
 * classes k, l. The test computes p_i itself from θ (in double) and maps (a, k) to θ's index through the layout read
 * from the network (W is [nIn, nOut] in 'f' order, then b), asserting that layout rather than assuming it.
 *
 * <p>Tolerance: the products' error is ≈ ε²/6·|∂³∇L| + rounding ≈ 1e-11 (DOUBLE, ε = 1e-5); entries of H are ≈
 * 0.01–0.2: asserted 1e-9 absolute (observed 5e-12).
 */
class SoftmaxRegressionHessianTest {

    private static final int IN = 4;
    private static final int OUT = 3;
    private static final DataSet DATA = Fixtures.classification(21, 20, IN, OUT, DataType.DOUBLE);

    private static MultiLayerNetwork softmaxRegression(OutputLayer.Builder output) {
        MultiLayerNetwork network = new MultiLayerNetwork(Fixtures.base(DataType.DOUBLE).list()
                .layer(output.lossFunction(LossFunctions.LossFunction.MCXENT).nIn(IN).nOut(OUT)
                        .activation(Activation.SOFTMAX).build())
                .build());
        network.init();
        network.params().assign(Fixtures.perturbed(network.params(), 4, 0.5));
        return network;
    }

    /** @return the closed-form Hessian at θ, indexed like θ */
    private static double[][] closedForm(Objective objective) {
        ParameterArray w = objective.layout().find("0_W").orElseThrow();
        ParameterArray b = objective.layout().find("0_b").orElseThrow();
        assertArrayEquals(new long[]{IN, OUT}, w.shape(), "DL4J's dense W is [nIn, nOut]");
        assertEquals('f', w.ordering(), "DL4J flattens dense W in 'f' order");
        assertEquals(IN * OUT, b.offset(), "b follows W");
        double[] theta = Fixtures.values(objective.parameters());
        int p = theta.length;
        // index of (a, k): W[a][k] in 'f' order is offset + a + k·nIn; the bias row a = IN is b[k]
        int[][] index = new int[IN + 1][OUT];
        for (int k = 0; k < OUT; k++) {
            for (int a = 0; a < IN; a++) {
                index[a][k] = (int) w.offset() + a + k * IN;
            }
            index[IN][k] = (int) b.offset() + k;
        }
        double[][] x = DATA.getFeatures().toDoubleMatrix();
        int n = x.length;
        double[][] h = new double[p][p];
        for (double[] row : x) {
            double[] xt = new double[IN + 1];
            System.arraycopy(row, 0, xt, 0, IN);
            xt[IN] = 1;
            double[] z = new double[OUT];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < OUT; k++) {
                for (int a = 0; a <= IN; a++) {
                    z[k] += xt[a] * theta[index[a][k]];
                }
                max = Math.max(max, z[k]);
            }
            double sum = 0;
            double[] prob = new double[OUT];
            for (int k = 0; k < OUT; k++) {
                prob[k] = Math.exp(z[k] - max);
                sum += prob[k];
            }
            for (int k = 0; k < OUT; k++) {
                prob[k] /= sum;
            }
            for (int k = 0; k < OUT; k++) {
                for (int l = 0; l < OUT; l++) {
                    double s = (k == l ? prob[k] : 0) - prob[k] * prob[l];
                    for (int a = 0; a <= IN; a++) {
                        for (int c = 0; c <= IN; c++) {
                            h[index[a][k]][index[c][l]] += xt[a] * xt[c] * s / n;
                        }
                    }
                }
            }
        }
        return h;
    }

    @Test
    void productsMatchTheClosedForm() {
        try (Objective objective = Fixtures.objective(softmaxRegression(new OutputLayer.Builder()), DATA);
             HessianOperator h = HessianOperator.builder(objective).build()) {
            double[][] exact = closedForm(objective);
            double[][] products = Hessians.fromProducts(h);
            double error = Hessians.maxAbsDifference(products, exact);
            System.out.printf("softmax regression: max |H| %.3g, max |H_products − H_closed| %.3g%n",
                    Hessians.maxAbs(exact), error);
            assertTrue(Hessians.maxAbs(exact) > 0.05);
            assertTrue(error <= 1e-9, "max error " + error);
            // a random direction too: Hv vs the closed form's H·v, relative 1e-8
            double[] v = Fixtures.values(Fixtures.gaussian(8, 1, (int) h.dimension(), DataType.DOUBLE));
            INDArray out = Nd4j.create(DataType.DOUBLE, h.dimension());
            h.apply(Hessians.vector(v), out);
            assertTrue(Fixtures.relativeNorm(Fixtures.values(out), Hessians.multiply(exact, v)) <= 1e-8);
        }
    }

    /**
     * Softmax regression's Hessian is positive semi-definite with a null space of dimension nIn + 1 (adding one
     * vector to every class's weights leaves p unchanged): λmin is 0. Lanczos's criterion is relative to ‖T‖, so it
     * converges there too; λmin is asserted to 1e-7·λmax of 0, λmax to 1e-7 relative of the closed form's.
     */
    @Test
    void lanczosFindsTheNullSpace() {
        try (Objective objective = Fixtures.objective(softmaxRegression(new OutputLayer.Builder()), DATA);
             HessianOperator h = HessianOperator.builder(objective).build()) {
            double[] values = Hessians.eigen(closedForm(objective))[0][0];
            double max = values[values.length - 1];
            LanczosResult result = Lanczos.run(h, LanczosSettings.defaults().withTolerance(1e-9).withMaxSteps(15))
                    .orElseThrow();
            assertTrue(result.converged(), result.toString());
            assertEquals(max, result.lambdaMax(), 1e-7 * max);
            assertEquals(0.0, result.lambdaMin(), 1e-7 * max);
            assertEquals(0.0, values[0], 1e-12 * max, "the closed form's null space");
        }
    }

    /**
     * With l2(λ) on the layer: DL4J scores ½λ‖W‖² (checked through {@link Objective#regularization()}, and the
     * penalty's curvature along v by its second difference [R(c+v) − 2R(c) + R(c−v)], exact for a quadratic), so
     * H(L + R) − H(L) = λ·v on W and 0 on b (l2 leaves biases alone). The two operators run the same gradient
     * differences, so the difference is the penalty term up to one rounding: 1e-13 absolute.
     */
    @Test
    void l2AddsExactlyLambda() {
        double lambda = 0.03;
        try (Objective objective = Fixtures.objective(softmaxRegression(new OutputLayer.Builder().l2(lambda)), DATA);
             HessianOperator plain = HessianOperator.builder(objective).build();
             HessianOperator regularized = HessianOperator.builder(objective).regularization(true).build()) {
            ParameterArray w = objective.layout().find("0_W").orElseThrow();
            double[] theta = Fixtures.values(objective.parameters());
            double squares = 0;
            for (long i = w.offset(); i < w.end(); i++) {
                squares += theta[(int) i] * theta[(int) i];
            }
            assertEquals(0.5 * lambda * squares, objective.regularization(), 1e-15, "R = ½λ‖W‖²");
            long p = objective.parameterCount();
            double[] v = Fixtures.values(Fixtures.gaussian(9, 1, (int) p, DataType.DOUBLE));
            INDArray hv = Nd4j.create(DataType.DOUBLE, p);
            INDArray hrv = Nd4j.create(DataType.DOUBLE, p);
            plain.apply(Hessians.vector(v), hv);
            regularized.apply(Hessians.vector(v), hrv);
            double[] difference = Fixtures.values(hrv.sub(hv));
            for (int i = 0; i < p; i++) {
                assertEquals(i < w.end() ? lambda * v[i] : 0.0, difference[i], 1e-13, "entry " + i);
            }
            // vᵀH_R v against the second difference of R itself (no gradient involved)
            INDArray centre = objective.parameters().dup();
            INDArray direction = Hessians.vector(v);
            double r0 = objective.regularization();
            objective.parameters().assign(centre.add(direction));
            double rPlus = objective.regularization();
            objective.parameters().assign(centre.sub(direction));
            double rMinus = objective.regularization();
            objective.parameters().assign(centre);
            assertEquals(rPlus - 2 * r0 + rMinus, Hessians.dot(v, difference), 1e-12);
        }
    }

    /** l1(μ): R = μΣ|w| has zero Hessian away from w = 0; the regularized operator equals the plain one bit for bit. */
    @Test
    void l1AddsNothing() {
        try (Objective objective = Fixtures.objective(softmaxRegression(new OutputLayer.Builder().l1(0.05)), DATA);
             HessianOperator plain = HessianOperator.builder(objective).build();
             HessianOperator regularized = HessianOperator.builder(objective).regularization(true).build()) {
            assertTrue(objective.regularization() > 0.01, "the L1 term is there");
            long p = objective.parameterCount();
            INDArray v = Fixtures.gaussian(10, 1, (int) p, DataType.DOUBLE).reshape(p);
            INDArray hv = Nd4j.create(DataType.DOUBLE, p);
            INDArray hrv = Nd4j.create(DataType.DOUBLE, p);
            plain.apply(v, hv);
            regularized.apply(v, hrv);
            assertArrayEquals(Fixtures.values(hv), Fixtures.values(hrv), 0.0);
        }
    }
}
