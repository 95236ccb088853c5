/**
 * Curvature of the loss: the Hessian as a matrix-free operator and the estimators that run on it.
 *
 * <ul>
 *   <li>{@link org.landscape4j.curvature.SymmetricOperator}: the seam, v ↦ Av into the caller's buffer, with a
 *       {@link org.landscape4j.curvature.Domain} (the coordinates it acts on: never non-trainable state; a layer or
 *       block for per-layer curvature) and a count of products;</li>
 *   <li>{@link org.landscape4j.curvature.HessianOperator}: Hv ≈ ‖v‖·[∇L(c + εv̂) − ∇L(c − εv̂)]/(2ε) on an
 *       {@link org.landscape4j.objective.Objective} (normally the DOUBLE twin), ε by a stated rule, the
 *       regularization's Hessian optionally added exactly;</li>
 *   <li>{@link org.landscape4j.curvature.Lanczos}: λmax, λmin, |λmin/λmax|, top/bottom-k Ritz pairs with residuals,
 *       full reorthogonalization, warm starts (Golub &amp; Van Loan §10.1);</li>
 *   <li>{@link org.landscape4j.curvature.Hutchinson}: tr(H) with Rademacher probes and its standard error
 *       (Hutchinson 1989);</li>
 *   <li>{@link org.landscape4j.curvature.StochasticLanczosQuadrature}: the eigenvalue density (Ubaru, Chen &amp;
 *       Saad 2017; Ghorbani et al. 2019; PyHessian, Yao et al. 2020), smoothed by Gaussians of a stated width in
 *       {@link org.landscape4j.curvature.SpectralDensity}.</li>
 * </ul>
 *
 * <p><b>Long computations</b> take a {@link org.landscape4j.curvature.Progress} callback, called after every product,
 * and are cancelled by interrupting their thread: the interrupt status is checked before every product, and a
 * {@link java.util.concurrent.CancellationException} is thrown with the status left set. A Hessian operator's
 * objective buffer holds the centre again after every product, also after a cancellation.
 *
 * <p><b>Results</b> are records of primitives (and, for Ritz vectors, ND4J arrays the caller owns); decompositions
 * that can fail (an empty domain, a diverged objective, a tridiagonal eigen-decomposition that does not converge)
 * return {@link java.util.Optional}.
 */
package org.landscape4j.curvature;
