package org.landscape4j.trajectory;

import java.io.IOException;

/**
 * The mean and standard deviation of every parameter across a trajectory's T snapshots, for standardization
 * (PCA of the correlation matrix): one streaming pass with Welford's update in double precision (Welford 1962;
 * Chan, Golub and LeVeque 1983), O(P) memory.
 *
 * <p>The standard deviation uses T − 1 (ddof = 1), so that the covariance of the standardized snapshots,
 * Σ<sub>t</sub> z<sub>t</sub>z<sub>t</sub>ᵀ/(T − 1), is exactly the correlation matrix (unit diagonal).
 * scikit-learn's {@code StandardScaler} divides by T instead: its standardized values are √(T/(T−1)) times
 * larger, its PCA variances T/(T−1) times larger; components and variance ratios are the same.
 *
 * <p>A parameter whose T values are all equal (σ = 0 exactly: Welford's update adds exactly 0 for equal values)
 * is <em>constant</em>: it has no correlation, and standardization maps it to 0 (it is excluded from the PCA:
 * every component is 0 there). The mean and std are kept in double; memory 2·P doubles.
 *
 * @param count    T, the snapshots seen
 * @param mean     the mean of every parameter
 * @param std      the standard deviation (ddof = 1) of every parameter; 0 for a constant one
 * @param constant how many parameters are constant
 */
public record ParameterStatistics(int count, double[] mean, double[] std, int constant) {

    /**
     * @param source   the snapshots (at least 2)
     * @param progress told after every read
     * @return the statistics
     */
    public static ParameterStatistics compute(SnapshotSource source, TrajectoryProgress progress) throws IOException {
        int t = source.count();
        int p = source.parameterCount();
        if (t < 2) {
            throw new IllegalArgumentException("standardizing needs at least 2 snapshots, got " + t);
        }
        double[] mean = new double[p];
        double[] m2 = new double[p];
        for (int k = 0; k < t; k++) {
            Cancellation.check("the parameter statistics");
            float[] row = source.read(k);
            GramMatrix.checkLength(row, p, k);
            double n = k + 1;
            for (int i = 0; i < p; i++) {
                double delta = row[i] - mean[i];
                mean[i] += delta / n;
                m2[i] += delta * (row[i] - mean[i]);
            }
            progress.update("statistics", k + 1, t);
        }
        int constant = 0;
        for (int i = 0; i < p; i++) {
            m2[i] = Math.sqrt(Math.max(0, m2[i]) / (t - 1));
            if (m2[i] == 0) {
                constant++;
            }
        }
        return new ParameterStatistics(t, mean, m2, constant);
    }

    /** @return 1/σ<sub>p</sub>, or 0 for a constant parameter: the factor that standardizes θ − reference */
    public double[] inverseStd() {
        double[] inverse = new double[std.length];
        for (int i = 0; i < std.length; i++) {
            inverse[i] = std[i] == 0 ? 0 : 1 / std[i];
        }
        return inverse;
    }

    @Override
    public String toString() {
        return "ParameterStatistics[T=" + count + ", P=" + mean.length + ", constant=" + constant + "]";
    }
}
