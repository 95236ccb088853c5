package org.landscape4j.layout;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
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

    /**
     * Whether each filter is one contiguous block of θ. The elements with index o on the filter axis are
     * contiguous exactly when that axis varies slowest among the axes of size &gt; 1: in 'c' order every axis
     * before it has size 1, in 'f' order every axis after it. DL4J's dense {@code [nIn, nOut]} 'f' (axis 1),
     * recurrent {@code [nIn, 4·nOut]} 'f' (axis 1) and convolution {@code [nOut, nIn, kH, kW]} 'c' (axis 0)
     * weights all qualify.
     *
     * @return true if the array has filters and every filter is a contiguous block
     */
    public boolean hasContiguousFilters() {
        if (filterAxis < 0) {
            return false;
        }
        if (ordering == 'c') {
            for (int axis = 0; axis < filterAxis; axis++) {
                if (shape[axis] != 1) {
                    return false;
                }
            }
        } else {
            for (int axis = filterAxis + 1; axis < shape.length; axis++) {
                if (shape[axis] != 1) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return the number of elements in one filter, {@code length / filterCount()}, or 0 without filters */
    public long filterLength() {
        long count = filterCount();
        return count == 0 ? 0 : length / count;
    }

    /**
     * @param index the filter's index along the filter axis, 0 ≤ index &lt; {@link #filterCount()}
     * @return filter {@code index} as a block of θ: offset {@code offset + index·filterLength()}
     * @throws IllegalStateException     if the array's filters are not contiguous (see
     *                                   {@link #hasContiguousFilters()})
     * @throws IndexOutOfBoundsException if the index is outside [0, filterCount())
     */
    public FilterBlock filterBlock(long index) {
        requireContiguousFilters();
        if (index < 0 || index >= filterCount()) {
            throw new IndexOutOfBoundsException("parameter array " + name + " has " + filterCount()
                    + " filters; filter " + index + " does not exist");
        }
        long size = filterLength();
        return new FilterBlock(offset + index * size, size);
    }

    /**
     * @return the filters as contiguous blocks of θ in filter order (a view computed on access, no storage per
     *         filter); empty for an array without filters (biases, normalization parameters, state)
     * @throws IllegalStateException if the array has filters that are not contiguous
     */
    public List<FilterBlock> filterBlocks() {
        if (filterAxis < 0) {
            return List.of();
        }
        requireContiguousFilters();
        int count = Math.toIntExact(filterCount());
        return new AbstractList<>() {
            @Override
            public FilterBlock get(int index) {
                return filterBlock(index);
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    /**
     * @throws IllegalStateException if the array has filters and they are not contiguous blocks of θ, naming
     *                               the array, its shape, ordering and filter axis
     */
    public void requireContiguousFilters() {
        if (filterAxis >= 0 && !hasContiguousFilters()) {
            throw new IllegalStateException("the filters of parameter array " + name + " (" + layerType + " "
                    + layer + ") are not contiguous in θ: shape " + Arrays.toString(shape) + ", ordering '"
                    + ordering + "', filter axis " + filterAxis + "; a filter is contiguous only if the filter axis"
                    + " varies slowest (in 'c' order all earlier axes, in 'f' order all later axes have size 1)."
                    + " Use layer-wise or weight-wise normalization for this array, or exclude it");
        }
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
