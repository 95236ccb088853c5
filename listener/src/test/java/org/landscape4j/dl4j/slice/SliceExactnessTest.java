package org.landscape4j.dl4j.slice;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.PlaneSlice;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SliceEvaluator;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceSummary;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evaluator's grid against a closed form: linear regression with mean squared error, whose loss along any
 * plane is an exact quadratic in (α, β).
 *
 * <p><b>The closed form.</b> A DL4J output layer with identity activation predicts ŷ = xW + b for W [m, K] and
 * b [K]; DL4J's MSE (LossMSE = LossL2 / K) averages the squared error over the K outputs, and the objective
 * averages over the N examples: L(θ) = 1/(N·K) Σ<sub>n,k</sub> (ŷ<sub>nk</sub> − y<sub>nk</sub>)². The prediction
 * is linear in θ = (W, b), so along θ = c + αd₁ + βd₂ the residual is r = r<sub>c</sub> + α·r<sub>1</sub> +
 * β·r<sub>2</sub> with r<sub>c</sub> = Xw(c) + b(c) − Y and r<sub>i</sub> = Xw(d<sub>i</sub>) + b(d<sub>i</sub>),
 * and L(α, β) = [A + 2αB + 2βC + α²D + 2αβE + β²F] / (N·K) with A = Σr<sub>c</sub>², B = Σr<sub>c</sub>r<sub>1</sub>,
 * C = Σr<sub>c</sub>r<sub>2</sub>, D = Σr<sub>1</sub>², E = Σr<sub>1</sub>r<sub>2</sub>, F = Σr<sub>2</sub>². The
 * test computes these in plain double loops from the data and c, d₁, d₂, reading W and b out of θ through the
 * objective's parameter layout (offsets, shapes and 'f'/'c' order as DL4J flattens them).
 *
 * <p><b>Tolerance 1e-10 relative.</b> Both sides compute in double: DL4J forms θ by one copy and two axpy (relative
 * error ≈ 2u per entry, u = 1.1e-16), its gemm sums m = 3 products per prediction, and the loss sums N·K = 120
 * positive squares; the closed form sums as many products. With Gaussian data the residuals stay of order 1 over
 * the grid (N·K = 120 equations for P = 12 parameters, so L is bounded away from 0), so no cancellation amplifies
 * these: the expected agreement is ≈ 1e-14, and 1e-10 leaves four orders of margin while still catching any error
 * of scaling (a factor K) or of layout (a transposed W) by orders of magnitude.
 */
class SliceExactnessTest {

    private static final int N = 40;
    private static final int INPUTS = 3;
    private static final int OUTPUTS = 3;

    @TempDir
    Path dir;

    @Test
    void linearRegressionLossIsTheExactQuadraticOnThePlane() throws IOException {
        MultiLayerNetwork network = Fixtures.linearRegression(DataType.DOUBLE, INPUTS, OUTPUTS);
        DataSet data = Fixtures.regression(71, N, INPUTS, OUTPUTS, DataType.DOUBLE);
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(network).data(data).build();
        long p = network.numParams();
        INDArray c = Fixtures.perturbed(network.params(), 5, 0.5);
        INDArray d1 = Fixtures.gaussian(6, 1, (int) p, DataType.DOUBLE).reshape(p);
        INDArray d2 = Fixtures.gaussian(7, 1, (int) p, DataType.DOUBLE).reshape(p).muli(0.5);
        PlaneSlice slice = Slice.plane(c, d1, d2);
        GridSpec grid = GridSpec.plane(11, 9, -2, 2, -1.5, 2.5);

        SliceSummary summary;
        Results results = Results.at(dir);
        try (PendingResult pending = results.startRows("plane", SliceTable.TABLE, SliceTable.provenance(slice, grid,
                factory.provenance(), null, List.of(), Map.of(), Map.of()), SliceTable.ROWS_PER_BATCH)) {
            summary = SliceEvaluator.builder(factory).workers(2).build().evaluate(slice, grid, pending);
            pending.commit();
        }
        List<SlicePoint> points = SliceTable.read(results.file("plane"));
        assertEquals(99, points.size());

        double[][] x = data.getFeatures().toDoubleMatrix();
        double[][] y = data.getLabels().toDoubleMatrix();
        ParameterLayout layout = factory.layout();
        double[][] rc = predictions(x, layout, c.toDoubleVector());
        double[][] r1 = predictions(x, layout, d1.toDoubleVector());
        double[][] r2 = predictions(x, layout, d2.toDoubleVector());
        double a = 0;
        double b = 0;
        double cc = 0;
        double d = 0;
        double e = 0;
        double f = 0;
        for (int n = 0; n < N; n++) {
            for (int k = 0; k < OUTPUTS; k++) {
                double r0 = rc[n][k] - y[n][k];
                a += r0 * r0;
                b += r0 * r1[n][k];
                cc += r0 * r2[n][k];
                d += r1[n][k] * r1[n][k];
                e += r1[n][k] * r2[n][k];
                f += r2[n][k] * r2[n][k];
            }
        }
        double worst = 0;
        for (SlicePoint point : points) {
            double al = point.alpha();
            double be = point.beta();
            assertEquals(grid.alpha(point.i()), al);
            assertEquals(grid.beta(point.j()), be);
            double expected = (a + 2 * al * b + 2 * be * cc + al * al * d + 2 * al * be * e + be * be * f)
                    / (N * OUTPUTS);
            worst = Math.max(worst, Fixtures.relative(point.loss(), expected));
            assertEquals(0.0, point.regularization(), "no regularization configured");
            assertFalse(point.hasAccuracy(), "a regression has no accuracy");
            assertEquals(N, point.examples());
        }
        System.out.printf("linear regression plane: %d points, worst relative error against the closed form %.2e%n",
                points.size(), worst);
        assertTrue(worst < 1e-10, "worst relative error " + worst);
        // the quadratic's minimum over the grid is the summary's minimum
        SlicePoint best = points.stream().min((p1, p2) -> Double.compare(p1.loss(), p2.loss())).orElseThrow();
        assertEquals(best, summary.minimum());
        assertEquals(0.0, summary.centre().alpha());
        assertEquals(0.0, summary.centre().beta());
        assertTrue(Fixtures.relative(summary.centre().loss(), a / (N * OUTPUTS)) < 1e-10, "L(c) = A/(N·K)");
    }

    /** @return xW(θ) + b(θ) for every example, W and b read out of θ by the layout */
    private static double[][] predictions(double[][] x, ParameterLayout layout, double[] theta) {
        ParameterArray w = layout.find("0_W").orElseThrow();
        ParameterArray bias = layout.find("0_b").orElseThrow();
        assertEquals(List.of((long) INPUTS, (long) OUTPUTS), List.of(w.shape()[0], w.shape()[1]));
        double[][] out = new double[x.length][OUTPUTS];
        for (int n = 0; n < x.length; n++) {
            for (int k = 0; k < OUTPUTS; k++) {
                double sum = theta[(int) bias.offset() + k];
                for (int r = 0; r < INPUTS; r++) {
                    long index = w.ordering() == 'f' ? r + (long) k * INPUTS : (long) r * OUTPUTS + k;
                    sum += x[n][r] * theta[(int) (w.offset() + index)];
                }
                out[n][k] = sum;
            }
        }
        return out;
    }
}
