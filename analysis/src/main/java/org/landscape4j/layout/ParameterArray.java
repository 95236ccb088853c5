package org.landscape4j.layout;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named parameter array inside the flat parameter vector.
 *
 * <p>The array occupies {@code θ[offset, offset + length)}. Its elements are laid out in {@code ordering}
 * ('c' = row-major, 'f' = column-major) over {@code shape}, exactly as the framework flattens it; for DL4J,
 * dense and recurrent weight matrices are 'f', convolution kernels 'c'. {@code filterAxis} is the axis of
 * {@code shape} whose index selects a filter (one output unit), or {@code -1} when the array has no filters
 * (biases, normalization parameters, state).
 *
 * @param name       the framework's key, unique within the layout, e.g. {@code "0_W"} or {@code "dense1_b"}
 * @param layer      the name (or index, as text) of the layer that owns the array
 * @param layerType  the layer's kind as the framework names it, e.g. {@code "DenseLayer"}
 * @param offset     the index in θ of the array's first element
 * @param length     the number of elements; equals the product of {@code shape}
 * @param shape      the array's shape
 * @param ordering   'c' or 'f', how the shape is flattened into θ
 * @param role       what the array does
 * @param filterAxis the axis of {@code shape} indexing filters, or -1
 */
public record ParameterArray(String name, String layer, String layerType, long offset, long length, long[] shape,
                             char ordering, ParameterRole role, int filterAxis) {

    public ParameterArray {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(layerType, "layerType");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(role, "role");
        shape = shape.clone();
        if (offset < 0) {
            throw new IllegalArgumentException("parameter array " + name + ": offset " + offset + " is negative");
        }
        long product = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("parameter array " + name + ": shape " + Arrays.toString(shape)
                        + " has a negative dimension");
            }
            product *= dim;
        }
        if (product != length) {
            throw new IllegalArgumentException("parameter array " + name + ": length " + length
                    + " differs from the product of shape " + Arrays.toString(shape) + " = " + product);
        }
        if (ordering != 'c' && ordering != 'f') {
            throw new IllegalArgumentException("parameter array " + name + ": ordering '" + ordering
                    + "' is neither 'c' nor 'f'");
        }
        if (filterAxis < -1 || filterAxis >= shape.length) {
            throw new IllegalArgumentException("parameter array " + name + ": filter axis " + filterAxis
                    + " is outside [-1, " + (shape.length - 1) + "] for shape " + Arrays.toString(shape));
        }
        if (filterAxis >= 0 && role != ParameterRole.WEIGHT) {
            throw new IllegalArgumentException("parameter array " + name + ": only weights have filters, role is "
                    + role);
        }
    }

    /** @return the index in θ one past the array's last element */
    public long end() {
        return offset + length;
    }

    /** @return a copy of the shape (records expose their arrays; this one must stay immutable) */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of filters: {@code shape[filterAxis]}, or 0 if the array has none */
    public long filterCount() {
        return filterAxis < 0 ? 0 : shape[filterAxis];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParameterArray that
                && offset == that.offset && length == that.length && ordering == that.ordering
                && filterAxis == that.filterAxis && name.equals(that.name) && layer.equals(that.layer)
                && layerType.equals(that.layerType) && Arrays.equals(shape, that.shape) && role == that.role;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, layer, layerType, offset, length, Arrays.hashCode(shape), ordering, role,
                filterAxis);
    }

    @Override
    public String toString() {
        return name + "[" + offset + ".." + end() + ") " + Arrays.toString(shape) + " " + ordering + " " + role
                + (filterAxis >= 0 ? " filterAxis=" + filterAxis : "") + " (" + layerType + " " + layer + ")";
    }
}
