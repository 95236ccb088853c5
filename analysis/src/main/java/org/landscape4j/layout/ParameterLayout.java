package org.landscape4j.layout;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The complete cut of θ into parameter arrays: contiguous, in order, covering {@code [0, P)} exactly once.
 *
 * @param arrays the parameter arrays in the order they appear in θ
 */
public record ParameterLayout(List<ParameterArray> arrays) {

    public ParameterLayout {
        Objects.requireNonNull(arrays, "arrays");
        arrays = List.copyOf(arrays);
        long expected = 0;
        java.util.Set<String> names = new java.util.HashSet<>();
        for (ParameterArray array : arrays) {
            if (array.offset() != expected) {
                throw new IllegalArgumentException("parameter layout is not contiguous: " + array.name()
                        + " starts at " + array.offset() + " but the previous array ends at " + expected);
            }
            if (!names.add(array.name())) {
                throw new IllegalArgumentException("parameter layout names " + array.name() + " twice");
            }
            expected = array.end();
        }
    }

    /** @return P, the length of the flat parameter vector */
    public long parameterCount() {
        return arrays.isEmpty() ? 0 : arrays.get(arrays.size() - 1).end();
    }

    /** @return the array with this name, if any */
    public Optional<ParameterArray> find(String name) {
        return arrays.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /**
     * @throws IllegalStateException if any array has filters that are not contiguous blocks of θ (the first such
     *                               array is named, see {@link ParameterArray#requireContiguousFilters()})
     */
    public void requireContiguousFilters() {
        for (ParameterArray array : arrays) {
            array.requireContiguousFilters();
        }
    }

    /** @return the number of parameters a direction may move (all roles but {@link ParameterRole#STATE}) */
    public long trainableCount() {
        return arrays.stream().filter(a -> a.role().isTrainable()).mapToLong(ParameterArray::length).sum();
    }
}
