/**
 * Linear algebra on flat parameter vectors θ ∈ R<sup>P</sup>, for the capabilities that sweep many points (slices,
 * Hessian-vector products, Lanczos, PCA): level-1 BLAS without allocation ({@link org.landscape4j.linalg.Blas}:
 * xᵀy, y ← αx + y, ‖x‖₂, x ← αx, y ← x, and θ = c + αd₁ + βd₂ written in place).
 *
 * <p>Why in place: P reaches millions, and one P-sized allocation per grid point costs more than the BLAS work
 * (DESIGN.md measured up to 4 ms per point on W2 for {@code addi(d.mul(a))}); every operation here reads and
 * writes arrays the caller owns. Later issues add the linear-operator seam, Lanczos with full
 * reorthogonalization and the tridiagonal eigenproblem here.
 */
package org.landscape4j.linalg;
