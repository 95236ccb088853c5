package org.landscape4j.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Andrews curves and radar coordinates against hand computation (tolerance 1e-12: a few roundings of sin/cos). */
class AndrewsRadarTest {

    static final double[] Z = {1, 2, 3, 4, 5};

    @Test
    void andrewsCurveAtZeroAndHalfPi() {
        // f(t) = z1/√2 + z2 sin t + z3 cos t + z4 sin 2t + z5 cos 2t
        // f(0) = 1/√2 + 3 + 5; f(π/2) = 1/√2 + 2 + 0 + 0 − 5; f(π) = 1/√2 − 3 + 5
        assertEquals(1 / Math.sqrt(2) + 8, AndrewsCurves.value(Z, 0), 1e-12);
        assertEquals(1 / Math.sqrt(2) - 3, AndrewsCurves.value(Z, Math.PI / 2), 1e-12);
        assertEquals(1 / Math.sqrt(2) + 2, AndrewsCurves.value(Z, Math.PI), 1e-12);
        assertEquals(1 / Math.sqrt(2) + 2, AndrewsCurves.value(Z, -Math.PI), 1e-12);
        assertEquals(0, AndrewsCurves.value(new double[0], 1), 0);
    }

    @Test
    void andrewsCurvesSampleMinusPiToPi() {
        AndrewsCurves curves = AndrewsCurves.of(new double[][] {Z, {2, 0, 0}}, 5);
        assertArrayEquals(new double[] {-Math.PI, -Math.PI / 2, 0, Math.PI / 2, Math.PI}, curves.t(), 1e-15);
        assertEquals(1 / Math.sqrt(2) + 8, curves.values()[0][2], 1e-12);
        assertEquals(1 / Math.sqrt(2) - 3, curves.values()[0][3], 1e-12);
        // f(−π/2) = 1/√2 − 2 + 0 + 0 − 5
        assertEquals(1 / Math.sqrt(2) - 7, curves.values()[0][1], 1e-12);
        for (double v : curves.values()[1]) {
            assertEquals(Math.sqrt(2), v, 1e-15, "a constant curve z1/√2");
        }
    }

    @Test
    void andrewsCurvesPreserveDistance() {
        // ∫_{−π}^{π} (f_z − f_w)² dt = π‖z − w‖², by the trapezoid rule on a fine grid (exact for trigonometric
        // polynomials of degree < n − 1 on a periodic grid)
        double[] w = {0.5, -1, 2, 0, 1};
        AndrewsCurves curves = AndrewsCurves.of(new double[][] {Z, w}, 201);
        double integral = 0;
        for (int j = 0; j < 200; j++) {
            double d = curves.values()[0][j] - curves.values()[1][j];
            integral += d * d * (2 * Math.PI / 200);
        }
        double squared = 0;
        for (int i = 0; i < Z.length; i++) {
            squared += (Z[i] - w[i]) * (Z[i] - w[i]);
        }
        assertEquals(Math.PI * squared, integral, 1e-9);
    }

    @Test
    void radarCoordinates() {
        double[][] z = {{1, -2, 0, 4}, {3, 2, 0, -4}, {2, 0, 0, 0}};
        RadarChart minMax = RadarChart.of(z, RadarChart.Scaling.MIN_MAX);
        assertArrayEquals(new double[] {0, Math.PI / 2, Math.PI, 3 * Math.PI / 2}, minMax.angles(), 1e-15);
        assertArrayEquals(new double[] {0, 0, 0.5, 1}, minMax.radii()[0], 1e-15);
        assertArrayEquals(new double[] {1, 1, 0.5, 0}, minMax.radii()[1], 1e-15);
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, minMax.radii()[2], 1e-15);
        // snapshot 1 on axis 0 (angle 0) at r = 1: (1, 0); on axis 1 (π/2) at r = 1: (0, 1); axis 2 (π) r = .5
        assertEquals(1, minMax.x()[1][0], 1e-15);
        assertEquals(0, minMax.y()[1][0], 1e-15);
        assertEquals(0, minMax.x()[1][1], 1e-15);
        assertEquals(1, minMax.y()[1][1], 1e-15);
        assertEquals(-0.5, minMax.x()[1][2], 1e-15);
        assertEquals(-1, minMax.y()[0][3], 1e-15, "axis 3 at 3π/2 points down");
        assertEquals(0, minMax.x()[0][3], 1e-15);
        RadarChart symmetric = RadarChart.of(z, RadarChart.Scaling.SYMMETRIC);
        // r = ½ + ½ z / max|z|: axis 0 max 3, axis 1 max 2, axis 2 all zero, axis 3 max 4
        assertArrayEquals(new double[] {0.5 + 0.5 / 3, 0, 0.5, 1}, symmetric.radii()[0], 1e-15);
        assertArrayEquals(new double[] {1, 1, 0.5, 0}, symmetric.radii()[1], 1e-15);
        assertEquals(-1, symmetric.y()[0][3] / symmetric.radii()[0][3], 1e-15, "axis 3 points down");
    }
}
