package org.landscape4j.listener;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.landscape4j.run.CurvatureRow;

/**
 * A curvature alert: the flags a measured row raised (see {@link CurvatureSettings}) and the row itself.
 *
 * @param kinds      what was flagged, at least one
 * @param row        the row of {@code curvature.arrows} that raised it
 * @param suppressed flagged rows since the previous alert that were not alerted (rate limit)
 * @param growth     for {@link Kind#GRADIENT_GROWTH}: ‖g‖ over its smallest earlier value; NaN otherwise
 * @param since      for {@link Kind#GRADIENT_GROWTH}: the iteration of the smallest earlier ‖g‖; -1 otherwise
 */
public record CurvatureAlert(Set<Kind> kinds, CurvatureRow row, long suppressed, double growth, long since) {

    /** What a row can flag. */
    public enum Kind {
        /** ½uᵀHu &gt; |gᵀu|: the second-order term of the step outweighs the first (column {@code ill_conditioned}). */
        ILL_CONDITIONED,
        /** λmax &gt; 2/η under plain SGD (column {@code edge_of_stability}). */
        EDGE_OF_STABILITY,
        /** ‖g‖ grew by the growth factor while the probe loss did not fall (column {@code gradient_growth}). */
        GRADIENT_GROWTH
    }

    public CurvatureAlert {
        kinds = Set.copyOf(Objects.requireNonNull(kinds, "kinds"));
        Objects.requireNonNull(row, "row");
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("an alert flags at least one kind");
        }
    }

    /** @return one line with the numbers behind each flag */
    public String message() {
        StringBuilder text = new StringBuilder("landscape4j: curvature alert at iteration ").append(row.iteration())
                .append(" (epoch ").append(row.epoch()).append(')');
        for (Kind kind : EnumSet.copyOf(kinds)) {
            text.append("; ");
            switch (kind) {
                case ILL_CONDITIONED -> text.append(format("ill-conditioned step: ½uᵀHu = %.4g > |gᵀu| = %.4g"
                        + " (predicted loss change %.4g, observed %.4g)", 0.5 * row.stepHessStep(),
                        Math.abs(row.gradDotStep()), row.predictedChange(), row.observedChange()));
                case EDGE_OF_STABILITY -> text.append(format("edge of stability: λmax = %.4g > 2/η = %.4g (η = %.4g)",
                        row.lambdaMax(), row.stabilityThreshold(), row.learningRate()));
                case GRADIENT_GROWTH -> text.append(format("‖g‖ grew %.3g× since update %d while the probe loss did"
                        + " not fall (now %.4g; ‖g‖² = %.4g)", growth, since, row.loss(), row.gradNormSquared()));
                default -> throw new IllegalStateException(kind.name());
            }
        }
        if (row.curvatureGrad() != null) {
            text.append(format("; κ_g = gᵀHg/‖g‖² = %.4g", row.curvatureGrad()));
        }
        if (suppressed > 0) {
            text.append("; ").append(suppressed).append(" flagged row(s) since the last alert");
        }
        return text.toString();
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
