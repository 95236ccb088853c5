/**
 * Reads a {@link org.landscape4j.layout.ParameterLayout} from a DL4J network: how DL4J's flat parameter vector
 * ({@code params()}) is cut into the arrays of the network's parameter table, which layer owns each array, its
 * shape and element ordering, its role (weight, bias, normalization parameter, non-trainable state) and the
 * axis along which its filters lie.
 *
 * <p>Offsets are not assumed from the order of the parameter table: each array's offset is read from the
 * view DL4J keeps into the flat parameter buffer, and the arrays are sorted by it. Roles and filter axes are
 * known for the common layer types (dense, output, convolution, batch normalization, LSTM, simple RNN,
 * embedding); any other layer's arrays are guessed from their keys and a warning is logged once per layer type.
 */
package org.landscape4j.dl4j.layout;
