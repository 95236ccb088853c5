package org.landscape4j.trajectory;

import java.util.Arrays;

/**
 * A {@link Phate} embedding and how it was reached.
 *
 * @param embedding        method {@code "phate"}; coordinates T × d, centred, rotated to their principal axes
 *                         (axis 1 of largest spread) with the usual sign convention; eigenvalues Σ<sub>i</sub>
 *                         x<sub>ij</sub>² per axis, descending (the eigenvalues of XXᵀ, as B's are for classical MDS)
 * @param settings         the settings used (k as given)
 * @param diffusionTime    the t used, chosen or given
 * @param entropy          H(1..t<sub>max</sub>) of {@link VonNeumannEntropy} when t was automatic, else empty
 * @param iterations       SMACOF's iterations
 * @param converged        whether SMACOF reached its tolerance before the cap
 * @param stress           SMACOF's raw stress Σ<sub>i&lt;j</sub>(d<sub>ij</sub> − δ<sub>ij</sub>)² against the potential
 *                         distances δ
 * @param normalisedStress √(stress / Σ<sub>i&lt;j</sub> δ<sub>ij</sub>²)
 */
public record PhateResult(Embedding embedding, PhateSettings settings, int diffusionTime, double[] entropy,
                          int iterations, boolean converged, double stress, double normalisedStress) {

    /** @return whether t was chosen automatically */
    public boolean automaticDiffusionTime() {
        return settings.automaticDiffusionTime();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PhateResult that && embedding.equals(that.embedding)
                && settings.equals(that.settings) && diffusionTime == that.diffusionTime
                && Arrays.equals(entropy, that.entropy) && iterations == that.iterations
                && converged == that.converged && Double.compare(stress, that.stress) == 0
                && Double.compare(normalisedStress, that.normalisedStress) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * embedding.hashCode() + diffusionTime;
    }

    @Override
    public String toString() {
        return "PhateResult[" + embedding + ", t=" + diffusionTime + (automaticDiffusionTime() ? " (auto)" : "")
                + ", iterations=" + iterations + ", converged=" + converged + ", normalisedStress="
                + normalisedStress + "]";
    }
}
