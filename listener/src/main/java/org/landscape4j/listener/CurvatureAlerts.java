package org.landscape4j.listener;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.landscape4j.run.CurvatureRow;

/**
 * The gradient-growth flag and the rate limit of curvature alerts, over the rows of one run in order. Decided by
 * update counts only (never by time), so which rows alert is reproducible. Not thread-safe: the curvature worker
 * owns it.
 *
 * <p><b>Gradient growth</b> (the article: "if the gradient norm doesn't shrink but grows by orders of magnitude,
 * learning can become very slow despite a strong gradient"): with ‖g<sub>m</sub>‖ the smallest gradient norm of the
 * earlier measurements and L<sub>m</sub> the probe loss there, a row is flagged when ‖g‖ ≥ factor·‖g<sub>m</sub>‖
 * and L ≥ L<sub>m</sub> − 0.01·|L<sub>m</sub>| (the loss did not fall by more than 1 % since). The first row is
 * never flagged (false); a row with a non-finite ‖g‖ or L is not flagged.
 */
final class CurvatureAlerts {

    /** How much the probe loss must have fallen, relative, for a grown gradient not to count as stalling. */
    static final double STALL_TOLERANCE = 0.01;

    private final double growthFactor;
    private final long window;
    private double smallestNorm = Double.NaN;
    private double lossAtSmallest;
    private long smallestAt = -1;
    private double lastGrowth = Double.NaN;
    private long lastAlert = Long.MIN_VALUE;
    private long suppressed;

    CurvatureAlerts(double growthFactor, long window) {
        this.growthFactor = growthFactor;
        this.window = window;
    }

    /**
     * @param iteration       the row's iteration
     * @param gradNormSquared ‖g‖²
     * @param loss            L on the probe set
     * @return whether the gradient grew while the loss stalled (then updates nothing else); records the row
     */
    boolean gradientGrowth(long iteration, double gradNormSquared, double loss) {
        double norm = Math.sqrt(gradNormSquared);
        if (!Double.isFinite(norm) || !Double.isFinite(loss)) {
            return false;
        }
        boolean grown = false;
        if (smallestAt >= 0 && smallestNorm > 0) {
            lastGrowth = norm / smallestNorm;
            grown = lastGrowth >= growthFactor
                    && loss >= lossAtSmallest - STALL_TOLERANCE * Math.abs(lossAtSmallest);
        }
        if (smallestAt < 0 || norm < smallestNorm) {
            smallestNorm = norm;
            lossAtSmallest = loss;
            smallestAt = iteration;
        }
        return grown;
    }

    /** @return the iteration of the smallest ‖g‖ before the last {@link #gradientGrowth} call's row */
    long smallestAt() {
        return smallestAt;
    }

    /**
     * @param row   a measured row with its flags set
     * @param since the iteration of the smallest earlier ‖g‖ (for the message)
     * @return the alert to raise, if the row is flagged and no alert was raised within the window before it
     */
    Optional<CurvatureAlert> alert(CurvatureRow row, long since) {
        Set<CurvatureAlert.Kind> kinds = EnumSet.noneOf(CurvatureAlert.Kind.class);
        if (Boolean.TRUE.equals(row.illConditioned())) {
            kinds.add(CurvatureAlert.Kind.ILL_CONDITIONED);
        }
        if (Boolean.TRUE.equals(row.edgeOfStability())) {
            kinds.add(CurvatureAlert.Kind.EDGE_OF_STABILITY);
        }
        boolean growth = Boolean.TRUE.equals(row.gradientGrowth());
        if (growth) {
            kinds.add(CurvatureAlert.Kind.GRADIENT_GROWTH);
        }
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        if (lastAlert != Long.MIN_VALUE && row.iteration() - lastAlert < window) {
            suppressed++;
            return Optional.empty();
        }
        CurvatureAlert alert = new CurvatureAlert(kinds, row, suppressed, growth ? lastGrowth : Double.NaN,
                growth ? since : -1);
        lastAlert = row.iteration();
        suppressed = 0;
        return Optional.of(alert);
    }
}
