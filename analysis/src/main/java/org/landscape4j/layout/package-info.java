/**
 * The parameter layout: how the flat parameter vector θ ∈ R<sup>P</sup> (in DL4J's {@code params()} order) is
 * cut into named parameter arrays, which layer each belongs to, what role it plays (weight, bias, normalization
 * parameter, non-trainable state) and along which axis its filters lie.
 *
 * <p>A <em>filter</em> is the set of weights producing one output unit (Li et al. 2018): a column of a dense
 * layer's {@code [nIn, nOut]} weight matrix, {@code W[o]} of a convolution's {@code [nOut, nIn, kH, kW]} kernel.
 * Normalizations of directions and the choice of what may be perturbed are driven by this layout alone, so the
 * maths never needs to know the framework.
 */
package org.landscape4j.layout;
