package org.landscape4j.objective;

/**
 * What one evaluation of an objective at one θ yields: primitives only, so that a result crosses threads and
 * processes (Spark, result files) without dragging any live object along.
 *
 * @param loss           L(θ), the mean data loss over the objective's N examples, inference mode
 * @param regularization R(θ), the penalty the framework adds to its training score
 * @param accuracy       for a classifier, the fraction of the examples whose arg-max output equals the arg-max
 *                       label, in [0, 1] (examples whose labels are masked out are not counted); {@code NaN} for
 *                       a model that is not a classifier
 * @param examples       N, the number of examples counted in this evaluation's pass over the data
 */
public record PointResult(double loss, double regularization, double accuracy, long examples) {

    public PointResult {
        if (examples < 1) {
            throw new IllegalArgumentException("a point result needs at least one example, got " + examples);
        }
        if (!Double.isNaN(accuracy) && (accuracy < 0 || accuracy > 1)) {
            throw new IllegalArgumentException("accuracy " + accuracy + " is outside [0, 1]; use NaN for none");
        }
    }

    /** @return L(θ) + R(θ), the quantity the framework reports as its training score (mean form) */
    public double total() {
        return loss + regularization;
    }

    /** @return true if the model is a classifier, so that {@link #accuracy()} is a number */
    public boolean hasAccuracy() {
        return !Double.isNaN(accuracy);
    }
}
