/**
 * The DL4J implementation of {@link org.landscape4j.objective.Objective}: {@link
 * org.landscape4j.dl4j.objective.NetworkObjectiveFactory} builds, from an {@link
 * org.landscape4j.objective.ObjectiveSpec} or from a live {@code MultiLayerNetwork} / {@code ComputationGraph} and
 * its data, one independent {@link org.landscape4j.dl4j.objective.NetworkObjective} per worker, each on its own
 * evaluation copy of the network reading the shared, immutable batches through its own cursor.
 *
 * <p><b>The function</b> (one for loss, gradient and Hessian): L(θ) = (1/N) Σ<sub>i</sub> ℓ(f(x<sub>i</sub>; θ),
 * y<sub>i</sub>) with f in inference mode: no dropout or weight noise, batch normalization y = γ(x − μ)/√(σ² + ε)
 * + β with its running statistics μ, σ² held fixed (state, not parameters; gradient 0). DL4J backpropagates only
 * its training function, so the evaluation copy replaces each batch normalization by a layer whose forward pass is
 * the inference pass and whose backward pass is that function's exact derivative (see
 * {@code org.landscape4j.dl4j.network}); DL4J's backpropagation through the copy then yields ∇L of the same L
 * whose values {@code evaluate()} reports, as in Li et al. (2018) and PyHessian (Yao et al. 2020), which evaluate
 * and differentiate networks in evaluation mode. R(θ), DL4J's regularization score, and its exact gradient ∇R are
 * reported separately.
 *
 * <p><b>Data.</b> Examples are counted on every pass and compared with the count at construction. A CSV file
 * holds numeric feature columns and the integer class last; labels outside [0, number of outputs), non-numbers,
 * NaN and ragged rows are refused with the line and value.
 */
package org.landscape4j.dl4j.objective;
