/**
 * Directions in parameter space for loss-landscape slices: how they are made, normalized against the centre
 * θ, compared, orthogonalized and saved.
 *
 * <p><b>References.</b> Goodfellow, Vinyals &amp; Saxe 2015, "Qualitatively characterizing neural network
 * optimization problems" (ICLR): one-dimensional slices θ(α) = θ + α·d along a direction, and the
 * interpolation direction θ₁ − θ₀. Li, Xu, Taylor, Studer &amp; Goldstein 2018, "Visualizing the Loss Landscape
 * of Neural Nets" (NeurIPS), §4: random Gaussian directions, made comparable across networks and scale-invariant
 * layers by <em>filter normalization</em>; biases and batch-norm parameters are left out ("ignore biases and
 * norms"); in high dimension two random directions are nearly orthogonal (their cosine is O(1/√P)).
 *
 * <p><b>Directions</b> ({@link org.landscape4j.direction.Directions}): random, d ~ N(0, I), element i the
 * (i+1)-th {@code java.util.Random(seed).nextGaussian()} (an algorithm the JDK specifies, so reproducible on every
 * JVM); the difference of two parameter vectors θ<sub>b</sub> − θ<sub>a</sub>; a user vector; the gradient ∇L
 * at the centre, from an {@link org.landscape4j.objective.Objective}. Hessian eigenvectors and principal
 * components of the trajectory enter through the same {@link org.landscape4j.direction.Direction} type.
 *
 * <p><b>Normalization</b> ({@link org.landscape4j.direction.Normalizer}) of a direction d against θ, with the
 * parameter layout (a <em>filter</em> is the set of weights producing one output unit, one contiguous block of
 * θ, see {@link org.landscape4j.layout}):
 * <ol>
 *   <li>State (role {@code STATE}: batch-norm running mean and variance) is always zeroed: it never moves.</li>
 *   <li>1-D arrays (roles {@code BIAS}, {@code NORM}: biases, batch-norm γ and β) are zeroed by default. When
 *       included ({@link org.landscape4j.direction.DirectionSettings#includeOneDimensional()}) each is treated
 *       as one array: layer- and filter-wise normalization take the whole array as one filter, weight-wise acts
 *       elementwise, model-wise counts them in the model-wide norms, none leaves them.</li>
 *   <li>Weight arrays (role {@code WEIGHT}), by {@link org.landscape4j.direction.Normalization}:
 *     <ul>
 *       <li>none: d unchanged;</li>
 *       <li>model-wise: d ← d·‖θ‖/‖d‖, both norms over the <em>movable</em> entries only (those not zeroed by
 *           rules 1 and 2), i.e. after zeroing;</li>
 *       <li>layer-wise: for each parameter array s, d<sub>s</sub> ← d<sub>s</sub>·‖θ<sub>s</sub>‖/‖d<sub>s</sub>‖
 *           (a parameter array, not a whole DL4J layer: a layer's W and b are normalized separately);</li>
 *       <li>filter-wise (Li et al., eq. in §4): for each filter f, d<sub>f</sub> ← d<sub>f</sub>·‖θ<sub>f</sub>‖ /
 *           (‖d<sub>f</sub>‖ + 1e-10); a weight array without filters (filter axis −1) counts as one filter; a
 *           weight array whose filters are not contiguous in θ is refused, naming it, before d is touched;</li>
 *       <li>weight-wise: d<sub>i</sub> ← d<sub>i</sub>·|θ<sub>i</sub>| (each weight its own filter).</li>
 *     </ul></li>
 *   <li>Zero-norm guards: model- and layer-wise leave a part whose ‖d<sub>s</sub>‖ = 0 as zeros (no 0/0, never
 *       NaN); filter-wise needs no guard (the +1e-10 makes a zero filter stay zero); a part with ‖θ<sub>s</sub>‖ = 0
 *       becomes zero, as the formula says.</li>
 * </ol>
 * Normalization is in place and allocates nothing of size P; sums are accumulated in double, and each element is
 * scaled by one product rounded once to the vector's type.
 *
 * <p><b>Cosine and Gram–Schmidt</b> ({@link org.landscape4j.direction.GramSchmidt}): cos(d₁, d₂) = d₁·d₂ /
 * (‖d₁‖‖d₂‖) is recorded for every pair of a set. Optionally d₂ ← d₂ − (d₁·d₂ / d₁·d₁)·d₁, then d₂ is rescaled to
 * the norm it had before orthogonalization (after normalization), so the slice's scale is kept; the per-filter
 * norms of d₂ change by the removed component. Cosines before and after are both recorded
 * ({@link org.landscape4j.direction.Cosine}).
 *
 * <p><b>Saving</b> ({@link org.landscape4j.direction.DirectionTable}): a vector table {@code directions} in the
 * run's {@code results/}, one row per direction (index, norm, seed, values), the settings and cosines in its
 * provenance; loading refuses a file whose P is not the model's.
 */
package org.landscape4j.direction;
