package org.landscape4j.trajectory;

/**
 * PHATE's potential distance (Moon et al. 2019, Methods, "Potential distance"): with P<sup>t</sup> the t-step
 * diffusion operator, the log potential of row i is U<sub>i</sub> = −log(P<sup>t</sup><sub>i·</sub> + c)
 * (entrywise; phate's γ = 1, the "log" potential, with phate's offset c = 10<sup>−7</sup> against log 0), and
 * <pre>
 *   D<sub>pot</sub>(i, j) = ‖U<sub>i</sub> − U<sub>j</sub>‖₂.
 * </pre>
 * The log turns the tiny transition probabilities to far snapshots into comparable magnitudes, so the distances keep
 * global structure (an information-geometric divergence between the walks' distributions) rather than only the
 * local one.
 *
 * <p>The squared distances come from the Gram matrix of the column-centred rows (one {@code dgemm}; centring is exact
 * algebra and keeps G<sub>ii</sub> + G<sub>jj</sub> − 2G<sub>ij</sub> from cancelling), as
 * {@link GramMatrix#squaredDistances}.
 */
final class DiffusionPotential {

    /** phate's offset: U = −log(P<sup>t</sup> + 10<sup>−7</sup>). */
    static final double OFFSET = 1e-7;

    private DiffusionPotential() {
    }

    /**
     * Replaces P<sup>t</sup> by U = −log(P<sup>t</sup> + {@value #OFFSET}), in place.
     *
     * @param diffused P<sup>t</sup>; rounding may leave entries a little below 0, far above −{@value #OFFSET}
     */
    static void toPotential(double[][] diffused) {
        for (double[] row : diffused) {
            for (int j = 0; j < row.length; j++) {
                row[j] = -Math.log(row[j] + OFFSET);
            }
        }
    }

    /**
     * @param potential U, T×T (any rows)
     * @return ‖U<sub>i</sub> − U<sub>j</sub>‖², T×T, zero diagonal, clamped at 0 against rounding
     */
    static double[][] squaredDistances(double[][] potential) {
        int t = potential.length;
        int columns = potential[0].length;
        double[] mean = new double[columns];
        for (double[] row : potential) {
            for (int j = 0; j < columns; j++) {
                mean[j] += row[j];
            }
        }
        double[][] centred = new double[t][columns];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < columns; j++) {
                centred[i][j] = potential[i][j] - mean[j] / t;
            }
        }
        return GramMatrix.squaredDistances(DenseProducts.gramOfRows(centred));
    }
}
