package org.landscape4j.curvature;

import java.util.Locale;

/**
 * What a point looks like from its gradient norm and its Hessian's extreme eigenvalues: the classification of
 * critical points the article describes (a minimum has no direction of negative curvature; a saddle has
 * significant negative curvature; where every curvature is negligible, or the eigenvalue estimates did not
 * converge, second-order information cannot tell).
 *
 * <p><b>Rules</b>, in this order, with s = max(|λmax|, |λmin|):
 * <ol>
 *   <li>UNDETERMINED if λmax or λmin is not a finite number, or a residual ‖Hv − λv‖ exceeds
 *       {@value #RESIDUAL_FRACTION}·s (the estimates did not converge: too few Lanczos steps, or finite differences
 *       across ReLU kinks);</li>
 *   <li>NOT_CRITICAL if ‖∇L‖ &gt; the gradient tolerance (the classification of critical points does not apply;
 *       the eigenvalues are still reported);</li>
 *   <li>FLAT if s ≤ {@value #FLAT_CURVATURE} (no measurable curvature at all);</li>
 *   <li>SADDLE if λmin &lt; −τ·s (significant negative curvature, τ the relative tolerance);</li>
 *   <li>MINIMUM otherwise (every curvature ≥ −τ·s: positive semi-definite to the tolerance).</li>
 * </ol>
 *
 * @param kind                the verdict
 * @param gradientNorm        ‖∇L‖ at the point
 * @param gradientTolerance   the largest ‖∇L‖ counted as critical
 * @param relativeTolerance   τ: negative curvature below τ·s is not significant
 * @param explanation         one sentence with the numbers
 */
public record CriticalPoint(Kind kind, double gradientNorm, double gradientTolerance, double relativeTolerance,
                            String explanation) {

    /** The residual, as a fraction of the largest |λ|, beyond which the eigenvalues are not trusted. */
    public static final double RESIDUAL_FRACTION = 0.1;

    /** Curvature at or below this (in loss units per squared parameter unit) counts as none. */
    public static final double FLAT_CURVATURE = 1e-10;

    /** The verdicts. */
    public enum Kind {
        /** ∇L is not small: not a critical point. */
        NOT_CRITICAL,
        /** No significant negative curvature. */
        MINIMUM,
        /** Significant negative curvature. */
        SADDLE,
        /** No measurable curvature. */
        FLAT,
        /** The eigenvalue estimates cannot be trusted. */
        UNDETERMINED
    }

    /** @return the verdict by the rules of the class comment */
    public static CriticalPoint classify(double gradientNorm, double lambdaMax, double lambdaMin,
                                         double lambdaMaxResidual, double lambdaMinResidual,
                                         double gradientTolerance, double relativeTolerance) {
        if (!(gradientTolerance >= 0) || !(relativeTolerance >= 0)) {
            throw new IllegalArgumentException("tolerances must be ≥ 0, got gradient " + gradientTolerance
                    + " and relative " + relativeTolerance);
        }
        double scale = Math.max(Math.abs(lambdaMax), Math.abs(lambdaMin));
        double residual = Math.max(lambdaMaxResidual, lambdaMinResidual);
        Kind kind;
        String why;
        if (!Double.isFinite(lambdaMax) || !Double.isFinite(lambdaMin)) {
            kind = Kind.UNDETERMINED;
            why = "the extreme eigenvalues are not finite numbers";
        } else if (!(residual <= RESIDUAL_FRACTION * scale) && scale > FLAT_CURVATURE) {
            kind = Kind.UNDETERMINED;
            why = format("the eigenvalue estimates did not converge: residual %.3g against |λ| up to %.3g", residual,
                    scale);
        } else if (!(gradientNorm <= gradientTolerance)) {
            kind = Kind.NOT_CRITICAL;
            why = format("‖∇L‖ = %.3g is above the tolerance %.3g", gradientNorm, gradientTolerance);
        } else if (scale <= FLAT_CURVATURE) {
            kind = Kind.FLAT;
            why = format("no measurable curvature (|λ| ≤ %.1g)", FLAT_CURVATURE);
        } else if (lambdaMin < -relativeTolerance * scale) {
            kind = Kind.SADDLE;
            why = format("significant negative curvature: λmin = %.4g, λmax = %.4g", lambdaMin, lambdaMax);
        } else {
            kind = Kind.MINIMUM;
            why = format("no curvature below −%.3g·max|λ|: λmin = %.4g, λmax = %.4g", relativeTolerance, lambdaMin,
                    lambdaMax);
        }
        return new CriticalPoint(kind, gradientNorm, gradientTolerance, relativeTolerance, why);
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
