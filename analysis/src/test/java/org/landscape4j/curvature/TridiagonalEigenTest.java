package org.landscape4j.curvature;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The tridiagonal decomposition against the dense one of the same matrix (both Commons Math, different paths). */
class TridiagonalEigenTest {

    @Test
    void matchesTheDenseDecomposition() {
        int m = 12;
        double[] alpha = Matrices.gaussian(m, 1);
        double[] beta = Matrices.gaussian(m - 1, 2);
        double[][] t = new double[m][m];
        for (int i = 0; i < m; i++) {
            t[i][i] = alpha[i];
            if (i + 1 < m) {
                t[i][i + 1] = t[i + 1][i] = beta[i];
            }
        }
        TridiagonalEigen eigen = TridiagonalEigen.of(alpha, beta).orElseThrow();
        double[] reference = Matrices.eigenvalues(t);
        for (int i = 0; i < m; i++) {
            assertEquals(reference[i], eigen.value(i), 1e-13, "ascending eigenvalue " + i);
            // T s = θ s and ‖s‖ = 1, to rounding
            double[] s = eigen.vector(i);
            double[] ts = Matrices.multiply(t, s);
            for (int k = 0; k < m; k++) {
                assertEquals(eigen.value(i) * s[k], ts[k], 1e-13);
            }
            assertEquals(1.0, Matrices.norm(s), 1e-14);
        }
    }

    @Test
    void orderOneAndFailures() {
        TridiagonalEigen one = TridiagonalEigen.of(new double[]{3.5}, new double[0]).orElseThrow();
        assertEquals(3.5, one.value(0));
        assertEquals(1.0, Math.abs(one.component(0, 0)));
        assertEquals(Optional.empty(), TridiagonalEigen.of(new double[]{Double.NaN, 1}, new double[]{1}));
        assertEquals(Optional.empty(), TridiagonalEigen.of(new double[]{1, 1}, new double[]{Double.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> TridiagonalEigen.of(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> TridiagonalEigen.of(new double[3], new double[1]));
    }
}
