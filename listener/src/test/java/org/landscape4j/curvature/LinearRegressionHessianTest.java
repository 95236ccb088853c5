package org.landscape4j.curvature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.objective.Objective;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Linear regression with mean squared error, one DL4J OutputLayer (identity, MSE) with one output: the loss
 * L(θ) = (1/N) Σ_i (x_i·w + b − y_i)² is an exact quadratic, with the constant Hessian
 * <pre>
 *   H = 2 X̃ᵀX̃ / N,   X̃ = [X, 1]
 * </pre>
 * (DL4J's MSE averages over the K = 1 output, so no further factor). The test builds H from the data in double,
 * maps (input a) to θ's index through the layout (W [nIn, 1] then b), and compares the operator's products and
 * Lanczos's extreme eigenvalues with it and with Commons Math's eigen-decomposition of it.
 *
 * <p>Tolerances: the gradient is linear in θ, so central differences are exact up to rounding: ≈ u·‖∇L‖/ε ≈ 1e-11
 * relative at ε = 1e-5 — HVPs asserted to 1e-7 relative (the bound). Lanczos on a 6-dimensional operator
 * with 6 steps is exact up to rounding: λ asserted to 1e-8 relative.
 */
class LinearRegressionHessianTest {

    private static final int IN = 5;
    private static final DataSet DATA = Fixtures.regression(31, 40, IN, 1, DataType.DOUBLE);

    private static double[][] closedForm(Objective objective) {
        ParameterArray w = objective.layout().find("0_W").orElseThrow();
        ParameterArray b = objective.layout().find("0_b").orElseThrow();
        assertArrayEquals(new long[] {IN, 1}, w.shape());
        int[] index = new int[IN + 1];
        for (int a = 0; a < IN; a++) {
            index[a] = (int) w.offset() + a;
        }
        index[IN] = (int) b.offset();
        double[][] x = DATA.getFeatures().toDoubleMatrix();
        int n = x.length;
        int p = (int) objective.parameterCount();
        double[][] h = new double[p][p];
        for (double[] row : x) {
            double[] xt = new double[IN + 1];
            System.arraycopy(row, 0, xt, 0, IN);
            xt[IN] = 1;
            for (int a = 0; a <= IN; a++) {
                for (int c = 0; c <= IN; c++) {
                    h[index[a]][index[c]] += 2 * xt[a] * xt[c] / n;
                }
            }
        }
        return h;
    }

    @Test
    void productsAndExtremeEigenvaluesMatchTwoXtXOverN() {
        MultiLayerNetwork network = Fixtures.linearRegression(DataType.DOUBLE, IN, 1);
        try (Objective objective = Fixtures.objective(network, DATA);
             HessianOperator h = HessianOperator.builder(objective).build()) {
            double[][] exact = closedForm(objective);
            for (long seed = 1; seed <= 3; seed++) {
                double[] v = Fixtures.values(Fixtures.gaussian(seed, 1, (int) h.dimension(), DataType.DOUBLE));
                INDArray out = Nd4j.create(DataType.DOUBLE, h.dimension());
                h.apply(Hessians.vector(v), out);
                double error = Fixtures.relativeNorm(Fixtures.values(out), Hessians.multiply(exact, v));
                assertTrue(error <= 1e-7, "relative error " + error + " of Hv at seed " + seed);
            }
            double[] values = Hessians.eigen(exact)[0][0];
            double max = values[values.length - 1];
            double min = values[0];
            LanczosResult result = Lanczos.run(h, LanczosSettings.defaults().withTolerance(1e-12)
                    .withMaxSteps((int) h.dimension())).orElseThrow();
            assertEquals(max, result.lambdaMax(), 1e-8 * max);
            assertEquals(min, result.lambdaMin(), 1e-8 * max);
            assertTrue(min > 0, "X̃ has full column rank: H is positive definite");
        }
    }
}
