package org.landscape4j.report.figure;

import java.util.List;
import org.landscape4j.report.data.OptimizationPath;
import org.landscape4j.report.data.SliceData;
import org.landscape4j.run.CurvatureRow;
import org.landscape4j.run.MetricRow;
import org.landscape4j.trajectory.AndrewsCurves;

/**
 * The static figures, each returned as a {@link Figure} that writes PNG or SVG headless:
 * <ul>
 *   <li>{@link #contour}: a 2-D slice as filled contours (viridis; log₁₀ colour as an option) with contour lines,
 *       grey gaps where the loss is NaN, ±∞ or missing, a colour bar, and an optimization path labelled by epoch
 *       when the options carry one;</li>
 *   <li>{@link #curves}: several 1-D slices, loss against α on one plot;</li>
 *   <li>{@link #training}: score, gradient and update norms, learning rate against the iteration;</li>
 *   <li>{@link #curvature}: κ<sub>g</sub>, uᵀHu/‖u‖², λmax against 2/η, with ill-conditioned and
 *       edge-of-stability rows marked, and predicted against observed loss changes;</li>
 *   <li>{@link #explainedVariance}, {@link #trajectory} and {@link #andrews} for a trajectory PCA.</li>
 * </ul>
 */
public final class Figures {

    private Figures() {
    }

    /**
     * @return the filled-contour plot of a 2-D slice, with the options' path overlaid, or else the slice's own
     *     (a PCA-plane landscape's training path), labelled by epoch
     */
    public static Figure contour(SliceData slice, FigureOptions options) {
        boolean ownPath = options.path() == null && slice.path() != null;
        return ContourChart.draw(slice, ownPath ? options.withPath(slice.path()) : options);
    }

    /** @return the loss along one or more 1-D slices */
    public static Figure curves(List<SliceData> lines, FigureOptions options) {
        return LineCharts.curves(lines, options);
    }

    /** @return the training metrics (metrics.arrows) against the iteration */
    public static Figure training(List<MetricRow> metrics, FigureOptions options) {
        return LineCharts.training(metrics, options);
    }

    /** @return the curvature along training (curvature.arrows) against the iteration */
    public static Figure curvature(List<CurvatureRow> rows, FigureOptions options) {
        return LineCharts.curvature(rows, options);
    }

    /** @return a PCA's explained-variance ratios (bars) and their cumulative sum */
    public static Figure explainedVariance(double[] ratios, FigureOptions options) {
        return PcaCharts.explainedVariance(ratios, options);
    }

    /** @return the optimization path in a plane, labelled by epoch */
    public static Figure trajectory(OptimizationPath path, String xLabel, String yLabel, FigureOptions options) {
        return PcaCharts.trajectory(path, xLabel, yLabel, options);
    }

    /** @return Andrews curves of the snapshots, coloured by iteration */
    public static Figure andrews(AndrewsCurves curves, long[] iterations, FigureOptions options) {
        return PcaCharts.andrews(curves, iterations, options);
    }
}
