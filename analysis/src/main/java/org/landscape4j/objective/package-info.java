/**
 * The one interface through which every capability evaluates a model at arbitrary parameters, and its
 * serializable description.
 *
 * <p><b>The function.</b> For N examples (x<sub>i</sub>, y<sub>i</sub>) and a model f(·; θ) with flat parameters
 * θ ∈ R<sup>P</sup>: the mean data loss L(θ) = (1/N) Σ<sub>i</sub> ℓ(f(x<sub>i</sub>; θ), y<sub>i</sub>) in
 * inference mode, its exact gradient ∇L(θ), the regularization R(θ) reported separately (so the training
 * objective is L + R) with its gradient ∇R(θ), and the accuracy of a classifier. Loss, gradient and Hessian
 * (by central differences of gradients, {@link org.landscape4j.objective.CentralDifferences}) are of one and the
 * same function L, which is what Li et al. (2018) plot and PyHessian (Yao et al. 2020) differentiates: networks
 * in evaluation mode, batch normalization with its running statistics held fixed.
 *
 * <p><b>Evaluation without allocation.</b> An {@link org.landscape4j.objective.Objective} owns its parameter
 * buffer; callers write θ (or c + αd₁ + βd₂) into it with BLAS ({@link org.landscape4j.linalg.Blas}) and then
 * evaluate; gradients go into vectors the caller owns. Results are records of primitives
 * ({@link org.landscape4j.objective.PointResult}), so they cross threads and processes.
 *
 * <p><b>Description and workers.</b> An {@link org.landscape4j.objective.ObjectiveSpec} (model source, data,
 * precision) is plain serializable data; an {@link org.landscape4j.objective.ObjectiveFactory} built from it (or
 * from a live model) creates one independent, closeable objective per worker. Slices, Hessian-vector products and
 * eigen-solvers see only these types, never a framework; the DL4J implementation lives in the {@code listener}
 * module ({@code org.landscape4j.dl4j.objective}).
 */
package org.landscape4j.objective;
