package org.landscape4j.slice;

import java.io.Serializable;
import org.landscape4j.objective.PointResult;

/**
 * One evaluated grid point of a slice: where (indices and coordinates) and what (the objective's values there).
 * Primitives only, so that points cross threads and processes.
 *
 * @param i              the index along α, 0 ≤ i &lt; nx
 * @param j              the index along β, 0 ≤ j &lt; ny (0 for a one-dimensional slice)
 * @param alpha          α<sub>i</sub>, the coordinate the point was evaluated at
 * @param beta           β<sub>j</sub> (0 for a one-dimensional slice)
 * @param loss           L(θ(α, β)), the mean data loss; NaN or ±∞ as computed where the model diverges
 * @param regularization R(θ(α, β)), the framework's penalty (0 without one); NaN or ±∞ as computed
 * @param accuracy       the fraction of correctly classified examples, or NaN for a model that is not a classifier
 * @param examples       N, the number of examples the loss averaged over
 */
public record SlicePoint(int i, int j, double alpha, double beta, double loss, double regularization,
                         double accuracy, long examples) implements GridPoint, Serializable {

    private static final long serialVersionUID = 1L;

    /** @return the point (i, j) at (α, β) with the objective's result there */
    public static SlicePoint of(int i, int j, double alpha, double beta, PointResult result) {
        return new SlicePoint(i, j, alpha, beta, result.loss(), result.regularization(), result.accuracy(),
                result.examples());
    }

    /** @return true if the model is a classifier, so that {@link #accuracy()} is a number */
    public boolean hasAccuracy() {
        return !Double.isNaN(accuracy);
    }

    /** @return true if loss and regularization are both finite (the model did not diverge here) */
    public boolean isFinite() {
        return Double.isFinite(loss) && Double.isFinite(regularization);
    }
}
