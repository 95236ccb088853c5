/**
 * Slices of a loss landscape: low-dimensional families of parameter vectors θ(α, β) ∈ R<sup>P</sup>, evaluated on
 * a grid of (α, β) by parallel workers, each point's loss, regularization and accuracy written to a resumable
 * result.
 *
 * <p><b>The slices</b> ({@link org.landscape4j.slice.Slice}, one class per kind; every vector a flat parameter
 * vector of length P in DL4J's {@code params()} order):
 * <ul>
 *   <li>line: θ(α) = c + α·d, and plane: θ(α, β) = c + α·d₁ + β·d₂ (Li, Xu, Taylor, Studer and Goldstein,
 *       "Visualizing the Loss Landscape of Neural Nets", NeurIPS 2018, eq. 1–2; the directions, random and
 *       normalized, come from elsewhere: here they are plain vectors);</li>
 *   <li>linear interpolation between two models: θ(α) = (1−α)·θ₀ + α·θ₁, by default on α ∈ [−0.5, 1.5] (Goodfellow,
 *       Vinyals and Saxe, "Qualitatively characterizing neural network optimization problems", ICLR 2015);</li>
 *   <li>bilinear interpolation between four models: θ(α, β) = (1−α)(1−β)θ₀₀ + α(1−β)θ₁₀ + (1−α)βθ₀₁ + αβθ₁₁, and
 *       barycentric interpolation between three: θ(α, β) = θ₀ + α(θ₁−θ₀) + β(θ₂−θ₀) on the triangle α, β ≥ 0,
 *       α + β ≤ 1 (Im, Tao and Branson, "An empirical analysis of the optimization of deep network loss surfaces",
 *       2017), whose grid points outside the triangle are not evaluated and have no row;</li>
 *   <li>the plane through three models: the barycentric parametrization over the whole grid.</li>
 * </ul>
 * Interpolations are computed as their weighted sums, so that the corners (vertices, ends) give the models exactly;
 * lines and planes as c + αd₁ + βd₂. A point is written into the caller's buffer with level-1 BLAS
 * ({@link org.landscape4j.linalg.Blas}), allocating nothing, and evaluated by an
 * {@link org.landscape4j.objective.Objective}: the mean data loss L in inference mode, the regularization R
 * separately, the accuracy of a classifier.
 *
 * <p><b>The grid</b> ({@link org.landscape4j.slice.GridSpec}): nx × ny equally spaced points, ends included; a line
 * has ny = 1 and β = 0. <b>Evaluation</b> ({@link org.landscape4j.slice.SliceEvaluator}): N workers, one objective
 * each from one factory, points handed out by an atomic counter, rows appended to a
 * {@link org.landscape4j.run.PendingResult} as they complete and flushed about every second, resumed after a
 * kill, cancellable; the grid is bit-identical whatever the number of workers. <b>The result</b>
 * ({@link org.landscape4j.slice.SliceTable}): one row per point (i, j, alpha, beta, loss, regularization, accuracy,
 * examples) with the slice, the grid and the vectors' fingerprints in its provenance. <b>Elsewhere</b>
 * ({@link org.landscape4j.slice.SliceTask}): a share of a grid as serializable data, evaluated by the same code.
 *
 * <p><b>The seam.</b> What is computed at a point is a {@link org.landscape4j.slice.PointWork} (serializable
 * settings; a worker per objective): the loss ({@link org.landscape4j.slice.LossWork}) or the Hessian's extreme
 * eigenvalues ({@code org.landscape4j.curvature.EigenWork}). One pool runs any of them on the local workers
 * ({@link org.landscape4j.slice.GridEvaluator}: counter, sink, flushes, progress, resume, cancellation, failures),
 * and a cluster's task runs the same pool with one worker, so a point's numbers are the same wherever it was
 * evaluated.
 *
 * <p>A diverging region is data: a NaN or infinite loss is recorded as it is, never an exception and never a gap.
 */
package org.landscape4j.slice;
