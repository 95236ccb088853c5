package org.landscape4j.curvature;

/**
 * Receives the progress of a long curvature computation (Lanczos, Hutchinson, stochastic Lanczos quadrature), for
 * a progress bar: called on the computing thread after every operator product.
 *
 * <p>{@code total} is the number of products the computation plans at most; a computation that stops early (a
 * converged Lanczos run) simply makes its last call with {@code done < total}. An implementation must be quick and
 * must not throw; it runs between two products, where the computation also checks for cancellation (see
 * {@link org.landscape4j.curvature}).
 */
@FunctionalInterface
public interface Progress {

    /** Ignores every update. */
    Progress NONE = (done, total) -> { };

    /**
     * @param done  the number of products computed so far, ≥ 1
     * @param total the planned maximum number of products
     */
    void update(long done, long total);
}
