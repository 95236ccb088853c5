package org.landscape4j.objective;

/**
 * Evaluates an objective at points of one linear family θ(w) = Σ<sub>k</sub> w<sub>k</sub>·v<sub>k</sub> of fixed
 * vectors v<sub>0</sub>..v<sub>m−1</sub> (a slice's vectors), sharing between the points the work that is linear
 * in θ.
 *
 * <p><b>Why.</b> The first layer's pre-activation is linear in its parameters: for a dense layer
 * z = xW + b, so z(w) = Σ w<sub>k</sub>·(xW<sub>k</sub> + b<sub>k</sub>). The m products
 * xW<sub>k</sub> + b<sub>k</sub> are computed once per data batch; each point then costs m − 1 scaled
 * additions of the pre-activations instead of the first layer's matrix product. The result is the same function
 * as {@link Objective#evaluate()} at θ(w), with different float rounding in the first layer only (a sum of
 * products instead of the product of a sum): equal to the plain evaluation to the precision's rounding, which
 * the tests check.
 *
 * <p>Obtained from {@link Objective#combinations}; it belongs to that objective (same buffer, same thread) and
 * holds the precomputed products until {@link #close()}. Evaluating writes θ(w) into the objective's buffer,
 * as a plain evaluation would have.
 */
public interface CombinationEvaluator extends AutoCloseable {

    /**
     * Writes θ(w) into the objective's buffer and evaluates it: loss, regularization and accuracy as
     * {@link Objective#evaluate()}.
     *
     * @param weights the m weights w<sub>k</sub>, in the order of the vectors given to
     *                {@link Objective#combinations}
     */
    PointResult evaluate(double[] weights);

    /** @return a short description of the shared work, for logs and provenance (e.g. "first dense layer, 3 products") */
    String description();

    /** Releases the precomputed products. Idempotent. */
    @Override
    void close();
}
