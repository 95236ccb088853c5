package org.landscape4j.curvature;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Objects;
import java.util.Optional;

/**
 * A Ritz pair (θ, y) of a Lanczos run: θ an eigenvalue of the tridiagonal T, y = Qs the corresponding unit vector in
 * parameter space, an approximate eigenpair of the operator.
 *
 * <p>Accuracy: some eigenvalue λ of the operator satisfies |λ − θ| ≤ ‖Ay − θy‖ and, if the other eigenvalues are
 * at least a gap γ away from θ, |λ − θ| ≤ ‖Ay − θy‖²/γ; the angle between y and the eigenvector of λ is at most
 * ‖Ay − θy‖/γ (Parlett, "The Symmetric Eigenvalue Problem", Thm. 11.7.1, and Golub &amp; Van Loan §8.1).
 *
 * @param value         θ
 * @param residualBound |β<sub>m</sub>·s<sub>m</sub>|, the residual norm ‖Ay − θy‖ the Lanczos relation gives for free
 *                      (exact for an exactly linear, symmetric operator and an orthonormal basis)
 * @param residual      ‖Ay − θy‖ computed with one more product, or NaN if not asked for
 * @param vector        y, a unit vector of length P, zero outside the domain, signed so that its entry of largest
 *                      magnitude is positive; present only if Ritz vectors were asked for. A live ND4J array owned
 *                      by the caller (close it when done), not to be shared across threads
 */
public record RitzPair(double value, double residualBound, double residual, Optional<INDArray> vector) {

    public RitzPair {
        Objects.requireNonNull(vector, "vector");
    }

    /** @return the explicit residual if computed, else the bound */
    public double bestResidual() {
        return Double.isNaN(residual) ? residualBound : residual;
    }
}
