package org.landscape4j.direction;

import java.util.Objects;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Normalizes a direction in place against a reference point, exactly as the package documentation defines:
 * state zeroed, 1-D arrays zeroed or normalized as one array, weights by the chosen {@link Normalization}.
 *
 * <p><b>No P-sized allocation</b>: one pass over the vectors checks them and sums the model-wide squares, one
 * more pass scales; both loop over the vectors' data buffers ({@link Elements}), so the heap cost is a few
 * small objects whatever P and the number of filters. Norms are accumulated in double for FLOAT vectors too;
 * each scaled element is the product d<sub>i</sub>·r formed in double and rounded once to the vector's type.
 *
 * <p><b>Refusals</b> happen before d is changed: a vector of the wrong length or type, a NaN or infinite entry
 * among the entries the direction may move (in d always, in θ unless the normalization is NONE), and, for
 * FILTER, a weight array whose filters are not contiguous blocks of θ (the array is named; see
 * {@link ParameterArray#requireContiguousFilters()}).
 */
public final class Normalizer {

    /** The guard of filter-wise normalization, ‖θ<sub>f</sub>‖/(‖d<sub>f</sub>‖ + 1e-10), as Li et al.'s code. */
    public static final double FILTER_EPSILON = 1e-10;

    private Normalizer() {
    }

    /**
     * @param array    a parameter array
     * @param settings the settings
     * @return whether a direction prepared with these settings may be non-zero on the array: weights always,
     *         biases and norms when included, state never
     */
    public static boolean moves(ParameterArray array, DirectionSettings settings) {
        ParameterRole role = array.role();
        return switch (role) {
            case WEIGHT -> true;
            case BIAS, NORM -> settings.includeOneDimensional();
            case STATE -> false;
        };
    }

    /**
     * Normalizes d in place.
     *
     * @param direction d, a FLOAT or DOUBLE vector of length P; changed in place
     * @param reference θ, the point the direction is normalized against (the slice's centre), length P, FLOAT or
     *                  DOUBLE (not necessarily d's type); only read
     * @param layout    how θ is cut into parameter arrays
     * @param settings  the normalization and whether 1-D arrays move
     * @throws IllegalArgumentException if a vector is not a FLOAT/DOUBLE vector of length P, or holds a NaN or
     *                                  infinite value where it is read (d is then unchanged)
     * @throws IllegalStateException    for FILTER, if a weight array's filters are not contiguous (d unchanged)
     */
    public static void normalize(INDArray direction, INDArray reference, ParameterLayout layout,
                                 DirectionSettings settings) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(settings, "settings");
        Elements d = Elements.of(direction, "the direction");
        Elements theta = Elements.of(reference, "the reference θ");
        long p = layout.parameterCount();
        if (d.length() != p || theta.length() != p) {
            throw new IllegalArgumentException("the direction has " + d.length() + " elements and the reference θ "
                    + theta.length() + ", but the layout has P = " + p + " parameters: all three must agree");
        }
        Normalization normalization = settings.normalization();
        if (normalization == Normalization.FILTER) {
            for (ParameterArray array : layout.arrays()) {
                if (array.role() == ParameterRole.WEIGHT) {
                    array.requireContiguousFilters();
                }
            }
        }
        // pass 1: check every entry that is read, and sum the model-wide squares over the movable entries
        boolean readTheta = normalization != Normalization.NONE;
        double directionSquares = 0;
        double referenceSquares = 0;
        for (ParameterArray array : layout.arrays()) {
            if (!moves(array, settings) || array.length() == 0) {
                continue;
            }
            requireFinite(d, array, "the direction");
            directionSquares += d.sumOfSquares(array.offset(), array.end());
            if (readTheta) {
                requireFinite(theta, array, "the reference θ");
                referenceSquares += theta.sumOfSquares(array.offset(), array.end());
            }
        }
        requireNoOverflow(directionSquares, "the direction");
        requireNoOverflow(referenceSquares, "the reference θ");
        // pass 2: zero what does not move, scale the rest
        for (ParameterArray array : layout.arrays()) {
            long from = array.offset();
            long to = array.end();
            if (array.length() == 0) {
                continue;
            }
            if (!moves(array, settings)) {
                d.zero(from, to);
                continue;
            }
            switch (normalization) {
                case NONE, MODEL -> {
                    // NONE: unchanged; MODEL: scaled below, once the model-wide ratio is known
                }
                case LAYER -> scaleGuarded(d, theta, from, to);
                case FILTER -> {
                    if (array.role() == ParameterRole.WEIGHT && array.filterAxis() >= 0) {
                        long size = array.filterLength();
                        for (long start = from; start < to; start += size) {
                            scaleFilter(d, theta, start, start + size);
                        }
                    } else {
                        // a 1-D array (or a weight without filters) is one filter
                        scaleFilter(d, theta, from, to);
                    }
                }
                case WEIGHT -> {
                    for (long i = from; i < to; i++) {
                        d.set(i, d.get(i) * Math.abs(theta.get(i)));
                    }
                }
            }
        }
        if (normalization == Normalization.MODEL && directionSquares > 0) {
            double ratio = Math.sqrt(referenceSquares) / Math.sqrt(directionSquares);
            for (ParameterArray array : layout.arrays()) {
                if (moves(array, settings)) {
                    d.scale(array.offset(), array.end(), ratio);
                }
            }
        }
    }

    /** d ← d·‖θ‖/‖d‖ on [from, to), leaving d alone where ‖d‖ = 0 (no 0/0). */
    private static void scaleGuarded(Elements d, Elements theta, long from, long to) {
        double directionNorm = Math.sqrt(d.sumOfSquares(from, to));
        if (directionNorm > 0) {
            d.scale(from, to, Math.sqrt(theta.sumOfSquares(from, to)) / directionNorm);
        }
    }

    /** d ← d·‖θ‖/(‖d‖ + 1e-10) on [from, to). */
    private static void scaleFilter(Elements d, Elements theta, long from, long to) {
        double thetaNorm = Math.sqrt(theta.sumOfSquares(from, to));
        double ratio = thetaNorm / (Math.sqrt(d.sumOfSquares(from, to)) + FILTER_EPSILON);
        d.scale(from, to, ratio);
    }

    private static void requireFinite(Elements vector, ParameterArray array, String name) {
        long bad = vector.firstNonFinite(array.offset(), array.end());
        if (bad >= 0) {
            throw new IllegalArgumentException(name + " holds " + vector.get(bad) + " at index " + bad + " (in"
                    + " parameter array " + array.name() + "): a direction can only be normalized where both"
                    + " vectors are finite; the direction is unchanged");
        }
    }

    private static void requireNoOverflow(double squares, String name) {
        if (!Double.isFinite(squares)) {
            throw new IllegalArgumentException("the squared norm of " + name + " overflows a double (entries"
                    + " beyond about 1e154): rescale it first; the direction is unchanged");
        }
    }
}
