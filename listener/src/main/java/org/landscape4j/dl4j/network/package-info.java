/**
 * The one adapter between landscape4j and DL4J's networks: {@link org.landscape4j.dl4j.network.Dl4jNetwork}
 * answers every structural question about a {@code MultiLayerNetwork} or {@code ComputationGraph} (layers, layer
 * names, flat parameters θ, parameter table, outputs), loads one (a {@code ModelSerializer} file without its
 * updater, or a configuration's JSON plus θ), makes the private evaluation copy objectives work on, runs the
 * passes they need, and reads what a training listener records.
 *
 * <p><b>One function.</b> The evaluation copy computes L(θ) = (1/N) Σ ℓ(f(x<sub>i</sub>; θ), y<sub>i</sub>) with
 * f in inference mode, and DL4J's backpropagation through the copy yields the exact ∇L of that same function:
 * dropout and weight noise are removed, and each batch normalization y = γ(x − μ)/√(σ² + ε) + β is replaced by a
 * wrapper whose forward pass always uses the running statistics μ, σ² (held fixed: they are state, not
 * parameters) and whose backward pass is the derivative of exactly that map (∂L/∂γ = Σ ε⊙x̂, ∂L/∂β = Σ ε,
 * ∂L/∂x = ε·γ/√(σ² + ε), zero for μ and σ²). This is the function Li et al. (2018) plot and PyHessian (Yao et al.
 * 2020, {@code model.eval()}) differentiates; DL4J itself only differentiates the training function with batch
 * statistics.
 */
package org.landscape4j.dl4j.network;
