package org.landscape4j.trajectory;

import java.util.Arrays;
import java.util.Objects;

/**
 * An exact PCA of a trajectory ({@link ExactPca}). With r ≤ k components, T snapshots and the rows
 * x<sub>t</sub> = (θ<sub>t</sub> − c)·q (q = 1/σ element-wise when standardized, else 1):
 * <ul>
 *   <li>{@code components[i]} = d<sub>i</sub>, unit vectors of P floats, orthogonal, the largest-|·| entry of each
 *       positive (the first such entry on a tie);</li>
 *   <li>{@code singularValues[i]} = √λ<sub>i</sub>, λ<sub>i</sub> the eigenvalues of the T×T Gram matrix of the
 *       rows, descending;</li>
 *   <li>{@code explainedVariance[i]} = λ<sub>i</sub>/(T − 1) (scikit-learn's {@code explained_variance_} for the mean
 *       reference; about the final point, the mean squared extent over the T − 1 rows that are not 0);</li>
 *   <li>{@code explainedVarianceRatio[i]} = λ<sub>i</sub>/trace(G) = λ<sub>i</sub>/Σ<sub>t</sub>‖x<sub>t</sub>‖², the
 *       share of the rows' total squared length, and {@code totalVariance} = trace(G)/(T − 1);</li>
 *   <li>{@code coordinates[t][i]} = x<sub>t</sub>·d<sub>i</sub> (= √λ<sub>i</sub>u<sub>ti</sub> exactly, u<sub>i</sub>
 *       the Gram matrix's eigenvector).</li>
 * </ul>
 *
 * <p><b>The PCA plane and centring.</b> The plane of Li et al. (2018, Fig. 9), which {@code landscape4j trajectory}
 * evaluates, is c + α·d₁ + β·d₂ with c = θ<sub>T</sub> and d₁, d₂ the top two components of the {@link Reference#FINAL}
 * reference: the principal axes of the second moment Σ<sub>t</sub>(θ<sub>t</sub> − θ<sub>T</sub>)(θ<sub>t</sub> −
 * θ<sub>T</sub>)ᵀ about the final point, uncentred, so the final snapshot sits at the origin and d₁ leans toward the
 * mean displacement from the end. Li et al.'s published code instead fits scikit-learn's {@code PCA} (which
 * centres) to the rows θ<sub>t</sub> − θ<sub>T</sub>: its axes are those of the {@link Reference#MEAN} reference
 * (the covariance about the mean), with the path drawn relative to the final point
 * ({@link #coordinatesRelativeTo}(T − 1)). The two agree when the mean displacement is small against the spread;
 * for a trajectory that moves steadily away from its start they differ, and the uncentred d₁ explains more of
 * Σ‖θ<sub>t</sub> − θ<sub>T</sub>‖² (its ratios are shares of that sum, not of the variance about the mean).
 *
 * @param reference              c: the final snapshot or the mean
 * @param standardized           whether the rows were divided by the parameters' standard deviations
 * @param sourceIndices          the positions of the T snapshots in the source they were selected from
 * @param iterations             their training iterations
 * @param center                 c, P floats
 * @param std                    σ (ddof 1) of every parameter when standardized (0: constant, excluded), else null
 * @param components             r × P
 * @param singularValues         r values
 * @param explainedVariance      r values
 * @param explainedVarianceRatio r values
 * @param totalVariance          trace(G)/(T − 1)
 * @param coordinates            T × r
 */
public record PcaResult(Reference reference, boolean standardized, int[] sourceIndices, long[] iterations,
                        float[] center, float[] std, float[][] components, double[] singularValues,
                        double[] explainedVariance, double[] explainedVarianceRatio, double totalVariance,
                        double[][] coordinates) {

    public PcaResult {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(center, "center");
        if (components.length != singularValues.length || coordinates.length != iterations.length) {
            throw new IllegalArgumentException("inconsistent PCA result: " + components.length + " components, "
                    + singularValues.length + " singular values, " + coordinates.length + " coordinate rows, "
                    + iterations.length + " iterations");
        }
    }

    /** @return r, the number of components */
    public int componentCount() {
        return components.length;
    }

    /** @return T, the number of snapshots */
    public int sampleCount() {
        return coordinates.length;
    }

    /** @return P */
    public int parameterCount() {
        return center.length;
    }

    /**
     * @param theta a parameter vector of length P
     * @return its coordinates ((θ − c)·q)·d<sub>i</sub>, summed in double
     */
    public double[] project(float[] theta) {
        if (theta.length != center.length) {
            throw new IllegalArgumentException("θ holds " + theta.length + " values, the PCA is of P = " + center.length);
        }
        double[] z = new double[components.length];
        for (int i = 0; i < components.length; i++) {
            float[] d = components[i];
            double s = 0;
            for (int p = 0; p < theta.length; p++) {
                double x = (double) theta[p] - center[p];
                if (std != null) {
                    x = std[p] == 0 ? 0 : x / std[p];
                }
                s += x * d[p];
            }
            z[i] = s;
        }
        return z;
    }

    /**
     * @param row a snapshot's position (0 to T − 1)
     * @return the coordinates relative to that snapshot, z<sub>t</sub> − z<sub>row</sub>: e.g. the path about the
     *         final point on the axes of a mean-referenced PCA, which is what Li et al.'s published code draws (it
     *         fits scikit-learn's PCA, which centres, to θ<sub>t</sub> − θ<sub>T</sub>)
     */
    public double[][] coordinatesRelativeTo(int row) {
        double[] origin = coordinates[row];
        double[][] relative = new double[coordinates.length][];
        for (int t = 0; t < coordinates.length; t++) {
            relative[t] = new double[origin.length];
            for (int i = 0; i < origin.length; i++) {
                relative[t][i] = coordinates[t][i] - origin[i];
            }
        }
        return relative;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PcaResult that && reference == that.reference && standardized == that.standardized
                && Arrays.equals(sourceIndices, that.sourceIndices) && Arrays.equals(iterations, that.iterations)
                && Arrays.equals(center, that.center) && Arrays.equals(std, that.std)
                && Arrays.deepEquals(components, that.components) && Arrays.equals(singularValues, that.singularValues)
                && Arrays.equals(explainedVariance, that.explainedVariance)
                && Arrays.equals(explainedVarianceRatio, that.explainedVarianceRatio)
                && Double.compare(totalVariance, that.totalVariance) == 0
                && Arrays.deepEquals(coordinates, that.coordinates);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reference, standardized, Arrays.hashCode(iterations), Arrays.hashCode(singularValues));
    }

    @Override
    public String toString() {
        return "PcaResult[reference=" + reference.label() + ", standardized=" + standardized + ", T=" + sampleCount()
                + ", P=" + parameterCount() + ", components=" + componentCount() + ", explainedVarianceRatio="
                + Arrays.toString(explainedVarianceRatio) + "]";
    }
}
