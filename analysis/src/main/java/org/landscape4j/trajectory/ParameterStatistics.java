package org.landscape4j.trajectory;

import java.io.IOException;

/**
 * The mean and standard deviation of every parameter across a trajectory's T snapshots, for standardization
 * (PCA of the correlation matrix), in double precision: one pass over the snapshots by column chunks
 * ({@link ColumnChunks}), in which all T values of a chunk's parameters are at hand, so each parameter gets the
 * two-pass formulas (the exact mean first, then the squared deviations from it; more accurate than a running update
 * such as Welford's, see Chan, Golub and LeVeque 1983), O(P) memory for the result plus one chunk.
 *
 * <p>The standard deviation uses T − 1 (ddof = 1), so that the covariance of the standardized snapshots,
 * Σ<sub>t</sub> z<sub>t</sub>z<sub>t</sub>ᵀ/(T − 1), is exactly the correlation matrix (unit diagonal).
 * scikit-learn's {@code StandardScaler} divides by T instead: its standardized values are √(T/(T−1)) times
 * larger, its PCA variances T/(T−1) times larger; components and variance ratios are the same.
 *
 * <p>A parameter whose T values are all equal (σ = 0 exactly: their sum in double is exact, so the mean is that
 * value and every deviation 0) is <em>constant</em>: it has no correlation, and standardization maps it to 0 (it is
 * excluded from the PCA: every component is 0 there). {@link ExactPca} computes the same statistics chunk by chunk
 * inside its own passes ({@link #ofChunk}), without this separate pass.
 *
 * @param count    T, the snapshots seen
 * @param mean     the mean of every parameter
 * @param std      the standard deviation (ddof = 1) of every parameter; 0 for a constant one
 * @param constant how many parameters are constant
 */
public record ParameterStatistics(int count, double[] mean, double[] std, int constant) {

    /**
     * @param source   the snapshots (at least 2)
     * @param progress told after every chunk ({@code statistics})
     * @return the statistics
     */
    public static ParameterStatistics compute(SnapshotSource source, TrajectoryProgress progress) throws IOException {
        int t = source.count();
        int p = source.parameterCount();
        if (t < 2) {
            throw new IllegalArgumentException("standardizing needs at least 2 snapshots, got " + t);
        }
        double[] mean = new double[p];
        double[] std = new double[p];
        ColumnChunks chunks = new ColumnChunks(source, 0);
        for (int j = 0; j < chunks.count(); j++) {
            float[][] values = chunks.read(j, "statistics", progress);
            ofChunk(values, t, chunks.width(j), mean, std, chunks.from(j));
        }
        int constant = 0;
        for (int i = 0; i < p; i++) {
            if (std[i] == 0) {
                constant++;
            }
        }
        return new ParameterStatistics(t, mean, std, constant);
    }

    /**
     * The statistics of the n parameters of one chunk: mean<sub>i</sub> = Σ<sub>t</sub> v<sub>t,i</sub>/T, then
     * std<sub>i</sub> = √(Σ<sub>t</sub>(v<sub>t,i</sub> − mean<sub>i</sub>)²/(T − 1)), in double, row by row (plain
     * loops the JIT vectorizes).
     *
     * @param values T rows, the chunk's values in their first n entries
     * @param t      T, at least 2
     * @param n      the chunk's width
     * @param mean   receives the means at [at, at + n)
     * @param std    receives the standard deviations at [at, at + n)
     * @param at     where in {@code mean} and {@code std} the chunk goes
     */
    static void ofChunk(float[][] values, int t, int n, double[] mean, double[] std, int at) {
        for (int i = 0; i < n; i++) {
            mean[at + i] = 0;
            std[at + i] = 0;
        }
        for (int k = 0; k < t; k++) {
            float[] row = values[k];
            for (int i = 0; i < n; i++) {
                mean[at + i] += row[i];
            }
        }
        for (int i = 0; i < n; i++) {
            mean[at + i] /= t;
        }
        for (int k = 0; k < t; k++) {
            float[] row = values[k];
            for (int i = 0; i < n; i++) {
                double d = row[i] - mean[at + i];
                std[at + i] += d * d;
            }
        }
        for (int i = 0; i < n; i++) {
            std[at + i] = Math.sqrt(std[at + i] / (t - 1));
        }
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
