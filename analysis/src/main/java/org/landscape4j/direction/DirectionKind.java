package org.landscape4j.direction;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a direction comes from; recorded with it ({@link Direction#kind()}) and in the saved table's settings. */
public enum DirectionKind {
    /** d ~ N(0, I), drawn from a seed (see {@link Directions#random}). */
    RANDOM,
    /** θ<sub>b</sub> − θ<sub>a</sub>, the difference of two parameter vectors (two snapshots, two models). */
    DIFFERENCE,
    /** A vector the user supplied. */
    USER,
    /** ∇L at the centre, from an objective. */
    GRADIENT,
    /** An eigenvector of the Hessian (top or bottom), from the curvature package. */
    HESSIAN_EIGENVECTOR,
    /** A principal direction of the training trajectory, from the trajectory package. */
    PCA_COMPONENT;

    /** @return the lower-case name used in JSON, e.g. {@code "hessian_eigenvector"} */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name a kind's JSON name; letter case and surrounding blanks are ignored
     * @return the kind
     * @throws IllegalArgumentException for an unknown (or null) name, listing the allowed ones
     */
    public static DirectionKind fromName(String name) {
        if (name != null) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            for (DirectionKind kind : values()) {
                if (kind.jsonName().equals(wanted)) {
                    return kind;
                }
            }
        }
        throw new IllegalArgumentException("unknown direction kind " + (name == null ? "null" : "'" + name + "'")
                + ": allowed are " + Arrays.stream(values()).map(DirectionKind::jsonName)
                .collect(Collectors.joining(", ")));
    }
}
