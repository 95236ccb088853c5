package org.landscape4j.curvature;

import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The coordinates of θ ∈ R<sup>P</sup> an operator acts on: a union S of disjoint blocks {@code [offset, offset +
 * length)}. The operator restricted to S is the compression P<sub>S</sub>·H·P<sub>S</sub>, with P<sub>S</sub> the
 * orthogonal projector that zeroes every coordinate outside S: on a vector supported in S it is the principal
 * sub-block H<sub>SS</sub>, and its result is 0 outside S.
 *
 * <p>Why every operator has a domain: non-trainable state (batch-norm running mean and variance, role
 * {@link ParameterRole#STATE}) is part of θ but never moves, so it is never in S; and per-layer curvature (a
 * layer, a block of arrays) is the restriction of the Hessian to that layer's arrays (DESIGN.md, curvature). The
 * eigen-solvers start their Krylov spaces inside S, so that the |S^c| zero eigenvalues of the compression never
 * appear: they compute the spectrum of H<sub>SS</sub>.
 *
 * @param dimension P, the length of the vectors
 * @param blocks    the blocks of S, sorted, disjoint and not adjacent (adjacent blocks are merged), inside [0, P)
 */
public record Domain(long dimension, List<Block> blocks) {

    /**
     * One contiguous block of coordinates.
     *
     * @param offset the first index
     * @param length the number of indices, ≥ 1
     */
    public record Block(long offset, long length) {

        public Block {
            if (offset < 0 || length < 1) {
                throw new IllegalArgumentException("block [" + offset + ", +" + length + "): the offset must be ≥ 0"
                        + " and the length ≥ 1");
            }
        }

        /** @return one past the last index */
        public long end() {
            return offset + length;
        }
    }

    public Domain {
        Objects.requireNonNull(blocks, "blocks");
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension " + dimension + " is negative");
        }
        List<Block> merged = new ArrayList<>();
        for (Block block : blocks) {
            Objects.requireNonNull(block, "block");
            if (block.end() > dimension) {
                throw new IllegalArgumentException("block [" + block.offset() + ", " + block.end()
                        + ") reaches past the dimension " + dimension);
            }
            if (!merged.isEmpty()) {
                Block last = merged.get(merged.size() - 1);
                if (block.offset() < last.end()) {
                    throw new IllegalArgumentException("blocks must be sorted and disjoint: [" + block.offset() + ", "
                            + block.end() + ") starts before the previous block ends at " + last.end());
                }
                if (block.offset() == last.end()) {
                    merged.set(merged.size() - 1, new Block(last.offset(), last.length() + block.length()));
                    continue;
                }
            }
            merged.add(block);
        }
        blocks = List.copyOf(merged);
    }

    /** @return every coordinate of R<sup>P</sup> */
    public static Domain all(long dimension) {
        return new Domain(dimension, dimension == 0 ? List.of() : List.of(new Block(0, dimension)));
    }

    /** @return the coordinates of every trainable array of the layout (all roles but {@link ParameterRole#STATE}) */
    public static Domain trainable(ParameterLayout layout) {
        return of(layout, layout.arrays().stream().filter(a -> a.role().isTrainable()).toList());
    }

    /**
     * @param layout the layout
     * @param names  names of trainable parameter arrays, e.g. {@code "0_W", "0_b"}
     * @return the coordinates of those arrays
     * @throws IllegalArgumentException for an unknown name, a state array, or no names
     */
    public static Domain arrays(ParameterLayout layout, Collection<String> names) {
        Set<String> wanted = new LinkedHashSet<>(names);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("no parameter arrays named: name at least one of "
                    + trainableNames(layout));
        }
        List<ParameterArray> chosen = new ArrayList<>();
        for (String name : wanted) {
            ParameterArray array = layout.find(name).orElseThrow(() -> new IllegalArgumentException(
                    "no parameter array is named '" + name + "'; the trainable arrays are " + trainableNames(layout)));
            if (!array.role().isTrainable()) {
                throw new IllegalArgumentException("parameter array " + name + " is non-trainable state (" + array
                        .layerType() + " " + array.layer() + "): the loss is not a function of it that curvature"
                        + " could measure; choose among " + trainableNames(layout));
            }
            chosen.add(array);
        }
        return of(layout, chosen);
    }

    /**
     * @param layout the layout
     * @param layers layer names (as {@link ParameterArray#layer()} gives them)
     * @return the coordinates of the trainable arrays of those layers
     * @throws IllegalArgumentException for a layer without trainable arrays, or no layers
     */
    public static Domain layers(ParameterLayout layout, Collection<String> layers) {
        Set<String> wanted = new LinkedHashSet<>(layers);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("no layers named: name at least one of " + layerNames(layout));
        }
        for (String layer : wanted) {
            if (layout.arrays().stream().noneMatch(a -> a.layer().equals(layer) && a.role().isTrainable())) {
                throw new IllegalArgumentException("layer '" + layer + "' has no trainable parameter array; the"
                        + " layers with some are " + layerNames(layout));
            }
        }
        return of(layout, layout.arrays().stream()
                .filter(a -> a.role().isTrainable() && wanted.contains(a.layer())).toList());
    }

    private static Domain of(ParameterLayout layout, List<ParameterArray> arrays) {
        List<Block> blocks = arrays.stream().sorted((a, b) -> Long.compare(a.offset(), b.offset()))
                .filter(a -> a.length() > 0).map(a -> new Block(a.offset(), a.length())).toList();
        return new Domain(layout.parameterCount(), blocks);
    }

    private static String trainableNames(ParameterLayout layout) {
        return layout.arrays().stream().filter(a -> a.role().isTrainable()).map(ParameterArray::name)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String layerNames(ParameterLayout layout) {
        return layout.arrays().stream().filter(a -> a.role().isTrainable()).map(ParameterArray::layer).distinct()
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** @return d = |S|, the number of coordinates in the domain (the order of the restricted operator) */
    public long size() {
        return blocks.stream().mapToLong(Block::length).sum();
    }

    /** @return true if S is all of [0, P) */
    public boolean isAll() {
        return size() == dimension;
    }

    /**
     * v ← P<sub>S</sub>·v: zeroes every coordinate of v outside S, in place (one {@code assign(0)} per gap between
     * blocks; no P-sized allocation).
     *
     * @param v a vector of length P
     */
    public void project(INDArray v) {
        requireLength(v, "v");
        if (isAll()) {
            return;
        }
        INDArray flat = flat(v);
        long start = 0;
        for (Block block : blocks) {
            zero(flat, start, block.offset());
            start = block.end();
        }
        zero(flat, start, dimension);
    }

    /** @return ‖P<sub>S</sub>·v‖₂, without changing v */
    public double norm(INDArray v) {
        requireLength(v, "v");
        if (isAll()) {
            return Blas.nrm2(v);
        }
        INDArray flat = flat(v);
        double scale = 0;
        double sum = 0;
        for (Block block : blocks) {
            double n = Blas.nrm2(flat.get(NDArrayIndex.interval(block.offset(), block.end())));
            // hypot-style accumulation of the block norms, safe from overflow
            if (n > scale) {
                sum = 1 + sum * (scale / n) * (scale / n);
                scale = n;
            } else if (n > 0) {
                sum += (n / scale) * (n / scale);
            }
        }
        return scale * Math.sqrt(sum);
    }

    /** @return true if index i lies in S */
    public boolean contains(long index) {
        for (Block block : blocks) {
            if (index >= block.offset() && index < block.end()) {
                return true;
            }
        }
        return false;
    }

    void requireLength(INDArray v, String name) {
        if (v == null) {
            throw new IllegalArgumentException(name + " is null: pass a vector of length " + dimension);
        }
        if (v.length() != dimension || !(v.rank() == 1 || (v.rank() == 2 && v.isVector()))) {
            throw new IllegalArgumentException(name + " has shape " + java.util.Arrays.toString(v.shape())
                    + " but the operator acts on vectors of length " + dimension);
        }
    }

    private static INDArray flat(INDArray v) {
        return v.rank() == 1 ? v : v.reshape(v.length());
    }

    private static void zero(INDArray flat, long from, long to) {
        if (to > from) {
            flat.get(NDArrayIndex.interval(from, to)).assign(0.0);
        }
    }
}
