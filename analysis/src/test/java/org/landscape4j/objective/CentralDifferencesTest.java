package org.landscape4j.objective;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Central differences against closed forms of f(θ) = ½θᵀAθ + Σ sin θᵢ (A symmetric, n = 6):
 * ∇f = Aθ + cos θ, ∇²f = A − diag(sin θ), ∇³f[v, v]ᵢ = −cos θᵢ·vᵢ².
 *
 * <p>Error budget in DOUBLE with ε = 1e-5: truncation ε²/6·|f'''| ≤ 1e-10/6·‖v‖³ ≈ 2e-11 for unit-scale v, and
 * rounding u·|f|/ε ≈ 1e-16·10/1e-5 = 1e-10; asserted 1e-8 absolute. For FLOAT the buffer rounds θ ± εv: with
 * ε = 1e-2 truncation is 2e-5 and rounding 6e-8·10/1e-2 = 6e-5; asserted 1e-3.
 */
class CentralDifferencesTest {

    private static final int N = 6;
    private static final double[][] A = symmetric(N, 3);
    private static final double[] THETA = gaussian(N, 4);
    private static final double[] V = gaussian(N, 5);

    private static double[][] symmetric(int n, long seed) {
        Random random = new Random(seed);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = random.nextGaussian();
            }
        }
        return a;
    }

    private static double[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    private static double f(double[] t) {
        double value = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                value += 0.5 * t[i] * A[i][j] * t[j];
            }
            value += Math.sin(t[i]);
        }
        return value;
    }

    private static double[] gradient(double[] t) {
        double[] g = new double[N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                g[i] += A[i][j] * t[j];
            }
            g[i] += Math.cos(t[i]);
        }
        return g;
    }

    private static double[] read(INDArray buffer) {
        return buffer.castTo(DataType.DOUBLE).toDoubleVector();
    }

    @Test
    void directionalDerivativeOfAFunction() {
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            INDArray buffer = Nd4j.zeros(type, N);
            INDArray theta = Nd4j.createFromArray(THETA).castTo(type);
            INDArray v = Nd4j.createFromArray(V).castTo(type);
            DoubleSupplier function = () -> f(read(buffer));
            double epsilon = type == DataType.DOUBLE ? 1e-5 : 1e-2;
            double numeric = CentralDifferences.directionalDerivative(function, buffer, theta, v, epsilon);
            double exact = 0;
            double[] g = gradient(read(theta));
            double[] vs = read(v);
            for (int i = 0; i < N; i++) {
                exact += g[i] * vs[i];
            }
            assertEquals(exact, numeric, type == DataType.DOUBLE ? 1e-8 : 1e-3, type.toString());
            assertArrayEquals(read(theta), read(buffer), 0.0, "θ is back in the buffer");
        }
    }

    @Test
    void partialDerivativesUseTheStepsTheBufferHolds() {
        for (DataType type : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            INDArray buffer = Nd4j.zeros(type, N);
            INDArray theta = Nd4j.createFromArray(THETA).castTo(type).muli(100); // large |θ|: float steps round
            DoubleSupplier function = () -> f(read(buffer)) / 1e4;
            double epsilon = type == DataType.DOUBLE ? 1e-5 : 1e-2;
            double[] g = gradient(read(theta));
            for (int i = 0; i < N; i++) {
                double numeric = CentralDifferences.partialDerivative(function, buffer, theta, i, epsilon);
                double exact = g[i] / 1e4;
                assertEquals(exact, numeric, type == DataType.DOUBLE ? 1e-8 : 2e-3 * Math.max(1, Math.abs(exact)),
                        type + " coordinate " + i);
            }
            assertArrayEquals(read(theta), read(buffer), 0.0);
        }
    }

    /** Of a gradient: the Hessian-vector product (A − diag(sin θ))v. */
    @Test
    void gradientDirectionalDerivativeIsTheHessianVectorProduct() {
        INDArray buffer = Nd4j.zeros(DataType.DOUBLE, N);
        Consumer<INDArray> grad = out -> out.assign(Nd4j.createFromArray(gradient(read(buffer))));
        INDArray theta = Nd4j.createFromArray(THETA);
        INDArray v = Nd4j.createFromArray(V);
        INDArray work = Nd4j.zeros(DataType.DOUBLE, N);
        INDArray out = Nd4j.zeros(DataType.DOUBLE, N);
        CentralDifferences.gradientDirectionalDerivative(grad, buffer, theta, v, 1e-5, work, out);
        double[] expected = new double[N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                expected[i] += A[i][j] * V[j];
            }
            expected[i] -= Math.sin(THETA[i]) * V[i];
        }
        assertArrayEquals(expected, read(out), 1e-8);
        assertArrayEquals(THETA, read(buffer), 0.0, "θ is back in the buffer");
        assertThrows(IllegalArgumentException.class,
                () -> CentralDifferences.gradientDirectionalDerivative(grad, buffer, theta, v, 1e-5, out, out));
        assertThrows(IllegalArgumentException.class,
                () -> CentralDifferences.directionalDerivative(() -> 0, buffer, theta, v, 0.0));
        assertThrows(IllegalArgumentException.class,
                () -> CentralDifferences.directionalDerivative(() -> 0, buffer, theta, v, Double.NaN));
    }
}
