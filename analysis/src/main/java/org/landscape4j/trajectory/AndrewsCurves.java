package org.landscape4j.trajectory;

import java.util.Arrays;

/**
 * Andrews curves (Andrews, "Plots of high-dimensional data", Biometrics 28, 1972) of the snapshots' PCA
 * coordinates: snapshot z = (z<sub>1</sub>, ..., z<sub>k</sub>) becomes the function
 * <pre>
 *   f<sub>z</sub>(t) = z<sub>1</sub>/√2 + z<sub>2</sub> sin t + z<sub>3</sub> cos t + z<sub>4</sub> sin 2t + z<sub>5</sub> cos 2t + ...
 * </pre>
 * on t ∈ [−π, π], sampled at n equally spaced points t<sub>j</sub> = −π + 2πj/(n − 1) (both ends included). The map
 * is linear and preserves Euclidean distance up to a factor: ∫(f<sub>z</sub> − f<sub>w</sub>)² dt = π‖z − w‖².
 *
 * @param t      the n sample points
 * @param values values[s][j] = f of snapshot s at t<sub>j</sub>
 */
public record AndrewsCurves(double[] t, double[][] values) {

    /**
     * @param coordinates T × k PCA coordinates
     * @param points      n ≥ 2 samples of t
     * @return one curve per snapshot
     */
    public static AndrewsCurves of(double[][] coordinates, int points) {
        if (points < 2) {
            throw new IllegalArgumentException("Andrews curves need at least 2 points of t, got " + points);
        }
        double[] t = new double[points];
        for (int j = 0; j < points; j++) {
            t[j] = j == points - 1 ? Math.PI : -Math.PI + 2 * Math.PI * j / (points - 1);
        }
        double[][] values = new double[coordinates.length][points];
        for (int s = 0; s < coordinates.length; s++) {
            for (int j = 0; j < points; j++) {
                values[s][j] = value(coordinates[s], t[j]);
            }
        }
        return new AndrewsCurves(t, values);
    }

    /** @return f<sub>z</sub>(t) */
    public static double value(double[] z, double t) {
        if (z.length == 0) {
            return 0;
        }
        double f = z[0] / Math.sqrt(2);
        for (int i = 1; i < z.length; i++) {
            int harmonic = (i + 1) / 2;
            f += z[i] * (i % 2 == 1 ? Math.sin(harmonic * t) : Math.cos(harmonic * t));
        }
        return f;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AndrewsCurves that && Arrays.equals(t, that.t) && Arrays.deepEquals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(t) + Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return "AndrewsCurves[curves=" + values.length + ", points=" + t.length + "]";
    }
}
