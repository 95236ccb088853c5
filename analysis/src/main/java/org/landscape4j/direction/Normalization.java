package org.landscape4j.direction;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a direction d is scaled against the reference point θ before it spans a slice, so that slices of
 * differently scaled networks are comparable (Li et al. 2018, §4). The exact definitions, the treatment of
 * 1-D arrays and state, and the zero-norm guards are stated in the package documentation and implemented by
 * {@link Normalizer}.
 *
 * <p>Each constant has a lower-case name used in JSON settings and on the command line ({@link #jsonName()},
 * {@link #fromName(String)}).
 */
public enum Normalization {
    /** d unchanged. */
    NONE,
    /** d ← d·‖θ‖/‖d‖, both norms over the entries the direction may move. */
    MODEL,
    /** For each parameter array s: d<sub>s</sub> ← d<sub>s</sub>·‖θ<sub>s</sub>‖/‖d<sub>s</sub>‖. */
    LAYER,
    /** For each filter f (Li et al.): d<sub>f</sub> ← d<sub>f</sub>·‖θ<sub>f</sub>‖/(‖d<sub>f</sub>‖ + 1e-10). */
    FILTER,
    /** For each element: d<sub>i</sub> ← d<sub>i</sub>·|θ<sub>i</sub>| (each weight its own filter). */
    WEIGHT;

    /** @return the lower-case name used in JSON and on the command line, e.g. {@code "filter"} */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the allowed names, comma-separated, for messages and help texts */
    public static String allowedNames() {
        return Arrays.stream(values()).map(Normalization::jsonName).collect(Collectors.joining(", "));
    }

    /**
     * @param name a normalization's name as JSON or the command line write it ({@code "filter"}); letter case
     *             and surrounding blanks are ignored
     * @return the normalization
     * @throws IllegalArgumentException for an unknown (or null) name, listing the allowed ones
     */
    public static Normalization fromName(String name) {
        if (name != null) {
            String wanted = name.trim().toLowerCase(Locale.ROOT);
            for (Normalization normalization : values()) {
                if (normalization.jsonName().equals(wanted)) {
                    return normalization;
                }
            }
        }
        throw new IllegalArgumentException("unknown normalization " + (name == null ? "null" : "'" + name + "'")
                + ": allowed are " + allowedNames());
    }
}
