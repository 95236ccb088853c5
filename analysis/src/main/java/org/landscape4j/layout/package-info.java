/**
 * The parameter layout: how the flat parameter vector θ ∈ R<sup>P</sup> (in DL4J's {@code params()} order) is
 * cut into named parameter arrays, which layer each belongs to, what role it plays (weight, bias, normalization
 * parameter, non-trainable state) and along which axis its filters lie.
 *
 * <p>A <em>filter</em> is the set of weights producing one output unit (Li et al. 2018, "Visualizing the Loss
 * Landscape of Neural Nets", §4): a column of a dense layer's {@code [nIn, nOut]} weight matrix, {@code W[o]} of a
 * convolution's {@code [nOut, nIn, kH, kW]} kernel, a column (one gate of one unit) of a recurrent layer's
 * {@code [nIn, 4·nOut]} matrix. In DL4J's flattening every such filter is one contiguous block of θ
 * ({@link org.landscape4j.layout.FilterBlock}): for an array of shape s in ordering 'c' with filters on axis a,
 * filter o occupies {@code [offset + o·L, offset + (o+1)·L)} with L = length / s<sub>a</sub>, provided every axis
 * before a has size 1 ('f': every axis after a). Layouts whose filters are not contiguous are refused by
 * {@link org.landscape4j.layout.ParameterArray#filterBlocks()} with a message naming the array.
 *
 * <p>Normalizations of directions and the choice of what may be perturbed are driven by this layout alone, so the
 * maths never needs to know the framework.
 */
package org.landscape4j.layout;
