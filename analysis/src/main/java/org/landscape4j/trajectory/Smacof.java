package org.landscape4j.trajectory;

import java.util.Arrays;

/**
 * Metric multidimensional scaling by SMACOF, "scaling by majorizing a complicated function" (de Leeuw, "Applications
 * of convex analysis to multidimensional scaling", 1977; Borg and Groenen, "Modern Multidimensional Scaling", 2nd
 * ed., ch. 8): points x<sub>1..T</sub> in R<sup>d</sup> whose distances d<sub>ij</sub>(X) = ‖x<sub>i</sub> − x<sub>j</sub>‖
 * fit given dissimilarities δ<sub>ij</sub> by minimising the raw stress
 * <pre>
 *   σ(X) = Σ<sub>i&lt;j</sub> (d<sub>ij</sub>(X) − δ<sub>ij</sub>)².
 * </pre>
 * Each step is the Guttman transform (unit weights)
 * <pre>
 *   X⁺ = (1/T)·B(X)·X,   i.e.  x⁺<sub>i</sub> = (1/T)·Σ<sub>j≠i</sub> r<sub>ij</sub>·(x<sub>i</sub> − x<sub>j</sub>),   r<sub>ij</sub> = δ<sub>ij</sub>/d<sub>ij</sub>(X) (0 where d<sub>ij</sub>(X) = 0),
 * </pre>
 * the minimiser of a quadratic majorizer of σ that touches it at X, so σ(X⁺) ≤ σ(X): the stress never increases
 * (Borg and Groenen, §8.6). It stops when an iteration lowers σ by at most {@code tolerance}·σ (relative), or after
 * {@code maxIterations} transforms. Deterministic: no random start, the caller gives the initial configuration (PHATE:
 * classical MDS). One pass over the T(T−1)/2 pairs per iteration computes σ(X) and X⁺ together: O(T²d) time, O(Td)
 * memory beyond δ.
 *
 * <p>The {@code phate} package calls scikit-learn's {@code smacof} (the same transform, from a given start), whose
 * stopping rule compares σ/Σ‖x<sub>i</sub>‖ between iterations with an absolute ε; this one is relative to σ.
 */
final class Smacof {

    private Smacof() {
    }

    /**
     * The fitted configuration.
     *
     * @param coordinates      X, T × d, centred (the transform keeps the centroid at 0 from the second iterate on)
     * @param stress           σ of the initial configuration and of every iterate, non-increasing; its last entry is
     *                         σ(X)
     * @param iterations       the Guttman transforms applied
     * @param converged        whether the relative decrease fell to the tolerance before the iteration cap
     * @param normalisedStress √(σ(X) / Σ<sub>i&lt;j</sub> δ<sub>ij</sub>²), scale-free (scikit-learn's
     *                         {@code normalized_stress}; 0 for an exact fit)
     */
    record Result(double[][] coordinates, double[] stress, int iterations, boolean converged,
                  double normalisedStress) {

        /** @return σ(X) */
        double finalStress() {
            return stress[stress.length - 1];
        }

        @Override
        public String toString() {
            return "Smacof.Result[T=" + coordinates.length + ", iterations=" + iterations + ", converged=" + converged
                    + ", stress=" + finalStress() + ", normalised=" + normalisedStress + "]";
        }
    }

    /**
     * @param dissimilarities δ, T×T, symmetric, finite, non-negative (only the upper triangle is read)
     * @param initial         X₀, T × d (not modified)
     * @param maxIterations   the most Guttman transforms, ≥ 0
     * @param tolerance       stop when σ<sub>k−1</sub> − σ<sub>k</sub> ≤ tolerance·σ<sub>k−1</sub>; negative: apply
     *                        exactly {@code maxIterations} transforms (for comparisons iteration by iteration)
     * @param progress        told after every iteration (stage {@code "smacof"}, of {@code maxIterations})
     * @return the configuration of lowest stress reached (the last)
     */
    static Result fit(double[][] dissimilarities, double[][] initial, int maxIterations, double tolerance,
                      TrajectoryProgress progress) {
        int t = dissimilarities.length;
        if (initial.length != t) {
            throw new IllegalArgumentException("the initial configuration has " + initial.length + " points, the"
                    + " dissimilarities " + t);
        }
        if (maxIterations < 0 || Double.isNaN(tolerance)) {
            throw new IllegalArgumentException("SMACOF needs maxIterations ≥ 0 and a tolerance, got "
                    + maxIterations + " and " + tolerance);
        }
        int d = initial[0].length;
        // coordinates by axis (x[a][i]) so that the inner loops over j run along contiguous arrays
        double[][] x = new double[d][t];
        for (int i = 0; i < t; i++) {
            for (int a = 0; a < d; a++) {
                x[a][i] = initial[i][a];
            }
        }
        double scale = 0;
        for (int i = 0; i < t; i++) {
            for (int j = i + 1; j < t; j++) {
                scale += dissimilarities[i][j] * dissimilarities[i][j];
            }
        }
        double[][] next = new double[d][t];
        double[] squared = new double[t];
        double[] ratio = new double[t];
        double[] history = new double[Math.min(maxIterations, 1 << 20) + 1];
        int k = 0;
        boolean converged = false;
        while (true) {
            Cancellation.check("SMACOF");
            double sigma = 0;
            for (double[] axis : next) {
                Arrays.fill(axis, 0);
            }
            for (int i = 0; i < t - 1; i++) {
                sigma += row(i, dissimilarities[i], x, next, squared, ratio);
            }
            if (k == history.length) {
                history = Arrays.copyOf(history, 2 * history.length);
            }
            history[k] = sigma;
            if (k > 0 && tolerance >= 0 && history[k - 1] - sigma <= tolerance * history[k - 1]) {
                converged = true;
                break;
            }
            if (k == maxIterations) {
                break;
            }
            for (int a = 0; a < d; a++) {
                for (int i = 0; i < t; i++) {
                    x[a][i] = next[a][i] / t;
                }
            }
            k++;
            progress.update("smacof", k, maxIterations);
        }
        double[][] coordinates = new double[t][d];
        for (int i = 0; i < t; i++) {
            for (int a = 0; a < d; a++) {
                coordinates[i][a] = x[a][i];
            }
        }
        double sigma = history[k];
        return new Result(coordinates, Arrays.copyOf(history, k + 1), k, converged,
                scale > 0 ? Math.sqrt(sigma / scale) : 0);
    }

    /**
     * The pairs (i, j &gt; i): adds r<sub>ij</sub>(x<sub>i</sub> − x<sub>j</sub>) to next<sub>i</sub> and subtracts
     * it from next<sub>j</sub>.
     *
     * @return Σ<sub>j&gt;i</sub> (d<sub>ij</sub> − δ<sub>ij</sub>)²
     */
    private static double row(int i, double[] delta, double[][] x, double[][] next, double[] squared,
                              double[] ratio) {
        int t = delta.length;
        Arrays.fill(squared, i + 1, t, 0);
        for (double[] axis : x) {
            double xi = axis[i];
            for (int j = i + 1; j < t; j++) {
                double diff = xi - axis[j];
                squared[j] += diff * diff;
            }
        }
        double s0 = 0;
        double s1 = 0;
        int j = i + 1;
        for (; j + 1 < t; j += 2) {
            double d0 = Math.sqrt(squared[j]);
            double d1 = Math.sqrt(squared[j + 1]);
            double r0 = d0 - delta[j];
            double r1 = d1 - delta[j + 1];
            s0 += r0 * r0;
            s1 += r1 * r1;
            ratio[j] = d0 > 0 ? delta[j] / d0 : 0;
            ratio[j + 1] = d1 > 0 ? delta[j + 1] / d1 : 0;
        }
        for (; j < t; j++) {
            double d0 = Math.sqrt(squared[j]);
            double r0 = d0 - delta[j];
            s0 += r0 * r0;
            ratio[j] = d0 > 0 ? delta[j] / d0 : 0;
        }
        for (int a = 0; a < x.length; a++) {
            double[] axis = x[a];
            double[] out = next[a];
            double xi = axis[i];
            double sum = 0;
            for (j = i + 1; j < t; j++) {
                double step = ratio[j] * (xi - axis[j]);
                sum += step;
                out[j] -= step;
            }
            out[i] += sum;
        }
        return s0 + s1;
    }

    /** @return σ(X) = Σ<sub>i&lt;j</sub> (‖x<sub>i</sub> − x<sub>j</sub>‖ − δ<sub>ij</sub>)² */
    static double stress(double[][] dissimilarities, double[][] x) {
        double sigma = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double squared = 0;
                for (int a = 0; a < x[i].length; a++) {
                    double diff = x[i][a] - x[j][a];
                    squared += diff * diff;
                }
                double residual = Math.sqrt(squared) - dissimilarities[i][j];
                sigma += residual * residual;
            }
        }
        return sigma;
    }
}
