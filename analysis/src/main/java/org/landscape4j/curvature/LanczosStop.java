package org.landscape4j.curvature;

/** Why a Lanczos run stopped. */
public enum LanczosStop {
    /** Every wanted Ritz pair met the residual criterion. */
    CONVERGED,
    /**
     * The Krylov space became invariant (β ≤ √u·‖T‖, or as many steps as the domain has coordinates): the Ritz
     * values are eigenvalues of the operator to working precision. A starting vector in an invariant subspace (e.g.
     * an exact eigenvector) stops here early, seeing only part of the spectrum.
     */
    INVARIANT_SUBSPACE,
    /** The step limit was reached before the wanted pairs converged: the results are estimates. */
    MAX_STEPS,
    /** A product was not finite (a diverged objective): the results are those of the steps before it. */
    NON_FINITE
}
