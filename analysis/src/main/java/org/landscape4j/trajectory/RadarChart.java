package org.landscape4j.trajectory;

import java.util.Arrays;

/**
 * Radar-chart (star-plot) coordinates of the snapshots' PCA coordinates: k axes at angles 2πj/k (j = 0..k−1,
 * counter-clockwise from the positive x axis), snapshot s at radius r<sub>sj</sub> on axis j, drawn at
 * (r·cos(2πj/k), r·sin(2πj/k)). Radii are in [0, 1] by a stated {@link Scaling}.
 *
 * @param scaling how the coordinates became radii
 * @param angles  the k axis angles
 * @param radii   radii[s][j]
 * @param x       x[s][j] = radii[s][j]·cos(angles[j])
 * @param y       y[s][j] = radii[s][j]·sin(angles[j])
 */
public record RadarChart(Scaling scaling, double[] angles, double[][] radii, double[][] x, double[][] y) {

    /** From PCA coordinate z<sub>sj</sub> to radius. */
    public enum Scaling {
        /**
         * Per axis, min–max over the snapshots: r = (z − min<sub>j</sub>)/(max<sub>j</sub> − min<sub>j</sub>); an axis
         * where all snapshots agree gets r = 0.5.
         */
        MIN_MAX,
        /**
         * Per axis, symmetric about 0: r = ½ + ½·z/max<sub>s</sub>|z<sub>sj</sub>|, so the origin of the PCA plane is
         * the circle r = ½ and signs stay visible; an all-zero axis gets 0.5.
         */
        SYMMETRIC
    }

    /**
     * @param coordinates T × k PCA coordinates (k ≥ 1)
     * @param scaling     the scaling
     * @return the chart
     */
    public static RadarChart of(double[][] coordinates, Scaling scaling) {
        int t = coordinates.length;
        int k = t == 0 ? 0 : coordinates[0].length;
        double[] angles = new double[k];
        double[] low = new double[k];
        double[] high = new double[k];
        double[] absMax = new double[k];
        Arrays.fill(low, Double.POSITIVE_INFINITY);
        Arrays.fill(high, Double.NEGATIVE_INFINITY);
        for (int j = 0; j < k; j++) {
            angles[j] = 2 * Math.PI * j / k;
        }
        for (double[] z : coordinates) {
            for (int j = 0; j < k; j++) {
                low[j] = Math.min(low[j], z[j]);
                high[j] = Math.max(high[j], z[j]);
                absMax[j] = Math.max(absMax[j], Math.abs(z[j]));
            }
        }
        double[][] radii = new double[t][k];
        double[][] x = new double[t][k];
        double[][] y = new double[t][k];
        for (int s = 0; s < t; s++) {
            for (int j = 0; j < k; j++) {
                double z = coordinates[s][j];
                double r = switch (scaling) {
                    case MIN_MAX -> high[j] > low[j] ? (z - low[j]) / (high[j] - low[j]) : 0.5;
                    case SYMMETRIC -> absMax[j] > 0 ? 0.5 + 0.5 * z / absMax[j] : 0.5;
                };
                radii[s][j] = r;
                x[s][j] = r * Math.cos(angles[j]);
                y[s][j] = r * Math.sin(angles[j]);
            }
        }
        return new RadarChart(scaling, angles, radii, x, y);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RadarChart that && scaling == that.scaling && Arrays.equals(angles, that.angles)
                && Arrays.deepEquals(radii, that.radii);
    }

    @Override
    public int hashCode() {
        return 31 * scaling.hashCode() + Arrays.deepHashCode(radii);
    }

    @Override
    public String toString() {
        return "RadarChart[" + scaling + ", snapshots=" + radii.length + ", axes=" + angles.length + "]";
    }
}
