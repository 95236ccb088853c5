package org.landscape4j.direction;

import java.util.Objects;

/**
 * How directions are prepared before they span a slice.
 *
 * @param normalization          how each direction is scaled against the reference θ
 * @param includeOneDimensional  false (the default, "ignore biases and norms" as Li et al. 2018): the 1-D
 *                               arrays (roles {@code BIAS} and {@code NORM}) are zeroed, so a slice moves
 *                               weights only; true: they move too, normalized as one array each (see the
 *                               package documentation). State ({@code STATE}) never moves either way.
 */
public record DirectionSettings(Normalization normalization, boolean includeOneDimensional) {

    /** Filter normalization, biases and norms ignored: the settings of Li et al. (2018). */
    public static final DirectionSettings DEFAULT = new DirectionSettings(Normalization.FILTER, false);

    public DirectionSettings {
        Objects.requireNonNull(normalization, "normalization: one of " + Normalization.allowedNames());
    }

    /** @return these settings with biases and norms ignored (the default) */
    public static DirectionSettings of(Normalization normalization) {
        return new DirectionSettings(normalization, false);
    }
}
