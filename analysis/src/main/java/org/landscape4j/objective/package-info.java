/**
 * The one interface through which every capability evaluates a model at arbitrary parameters: the mean data
 * loss L(θ) = (1/N) Σ<sub>i</sub> ℓ(f(x<sub>i</sub>; θ), y<sub>i</sub>) over a fixed data set, its gradient
 * ∇L(θ), the regularization term R(θ) reported separately (so the training objective is L + R), and the
 * accuracy of a classifier. Slices, Hessian-vector products and eigen-solvers see only this interface, never a
 * framework; the DL4J adapter lives in the {@code listener} module.
 */
package org.landscape4j.objective;
