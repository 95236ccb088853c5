package org.landscape4j.curvature;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.run.Column;
import org.landscape4j.run.ColumnType;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.RowStreamReader;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.run.TableSchema;
import org.landscape4j.slice.GridEvaluator;
import org.landscape4j.slice.GridPoint;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;

/**
 * The Hessian's extreme eigenvalues at every point of a slice's grid: λmax(α, β), λmin(α, β) and the ratio
 * |λmin/λmax|, the "convexity maps" of Li, Xu, Taylor, Studer and Goldstein, "Visualizing the loss landscape of
 * neural nets", NeurIPS 2018, Fig. 7. Where |λmin/λmax| is small the landscape is nearly convex along every
 * direction at that point; where it is large, the point has strong negative curvature somewhere, which a 2-D slice
 * cannot show (a slice that looks convex may sit in a saddle region).
 *
 * <p><b>At each point</b> θ = θ(α, β) of the slice: the Hessian of the objective's loss L (no regularization
 * unless asked) by {@link HessianOperator} centred at θ, over the trainable parameters ({@link Domain#trainable}),
 * and {@link Lanczos} for its largest and smallest eigenvalues with explicit residuals ‖Hv − λv‖ (so a point whose
 * estimate did not converge — a ReLU kink under the finite differences, too few steps — shows it). A point whose
 * Lanczos run fails (a non-finite product) has null eigenvalues. The objectives should compute in DOUBLE (the
 * factory's {@code withPrecision}); each worker has its own objective and operator: memory per worker one network
 * copy, three P-vectors for the operator and (steps + 1) P-vectors for the Lanczos basis.
 *
 * <p><b>Where.</b> The work at a point is {@link EigenWork}, a {@link org.landscape4j.slice.PointWork}: the local
 * workers ({@link #evaluate}) and a cluster's tasks (the {@code spark} module) run the same code, so a map is the
 * same bit for bit wherever it was computed, and is resumed like a slice.
 *
 * <p><b>Cost.</b> Per point, one Lanczos run: up to {@code maxSteps} Hessian-vector products of two gradient passes
 * each, plus two for the residuals: evaluate a coarse grid (e.g. 11 × 11).
 */
public final class CurvatureMap {

    /** The kind of the result table. */
    public static final String KIND = "curvature_map";

    /** One row per grid point of the slice's domain, in the order they were evaluated (read by i, j). */
    public static final TableSchema TABLE = TableSchema.ofRows(KIND, "results/NAME.arrows", List.of(
            Column.required("i", ColumnType.INT32),
            Column.required("j", ColumnType.INT32),
            Column.required("alpha", ColumnType.FLOAT64),
            Column.required("beta", ColumnType.FLOAT64),
            Column.optional("lambda_max", ColumnType.FLOAT64),
            Column.optional("lambda_min", ColumnType.FLOAT64),
            Column.optional("ratio", ColumnType.FLOAT64),
            Column.optional("lambda_max_residual", ColumnType.FLOAT64),
            Column.optional("lambda_min_residual", ColumnType.FLOAT64),
            Column.required("lanczos_steps", ColumnType.INT32),
            Column.required("hessian_products", ColumnType.INT64)));

    /**
     * The eigenvalues at one grid point; null eigenvalues where Lanczos failed.
     *
     * @param ratio |λmin/λmax|
     */
    public record Point(int i, int j, double alpha, double beta, Double lambdaMax, Double lambdaMin, Double ratio,
                        Double lambdaMaxResidual, Double lambdaMinResidual, int steps, long products)
            implements GridPoint, Serializable {

        private static final long serialVersionUID = 1L;

        /** @return the row in {@link #TABLE}'s column order */
        public Object[] cells() {
            return new Object[] {i, j, alpha, beta, lambdaMax, lambdaMin, ratio, lambdaMaxResidual,
                lambdaMinResidual, steps, products};
        }
    }

    private CurvatureMap() {
    }

    /**
     * Reads a committed curvature map.
     *
     * @return its points in file order
     * @throws org.landscape4j.run.RunFormatException if the file is not a complete curvature-map table
     */
    public static List<Point> read(java.nio.file.Path file) throws IOException {
        List<Point> points = new ArrayList<>();
        for (ScalarRow row : RowStreamReader.read(file, TABLE, null, true).rows()) {
            points.add(point(row));
        }
        return points;
    }

    /**
     * Evaluates every point of the slice's domain on the grid that {@code result} does not hold yet with
     * {@code workers} threads ({@link GridEvaluator} running {@link EigenWork}) and appends the rows to
     * {@code result} (not committed: the caller commits). A partial result of the same computation (same provenance)
     * is resumed: its points are not evaluated again. Cancelled by interrupting the calling thread: the workers stop
     * before their next Hessian-vector product, the completed points stay in the partial result, and a
     * {@link CancellationException} is thrown (the thread's interrupt status stays set).
     *
     * @param factory  the objectives (DOUBLE advised); each worker creates one
     * @param settings the Lanczos settings (λmax, λmin and explicit residuals are always computed)
     * @param progress told the points done (resumed ones included) and the total, about every 250 ms and at the end
     * @return every point of the map: the resumed ones, then those evaluated now in the order they were written
     * @throws org.landscape4j.slice.SliceEvaluationException if a point's evaluation threw
     */
    public static List<Point> evaluate(Slice slice, GridSpec grid, ObjectiveFactory factory, LanczosSettings settings,
                                       int workers, PendingResult result, Progress progress) throws IOException {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(progress, "progress");
        List<Point> points = new ArrayList<>();
        GridEvaluator.builder(factory, new EigenWork(settings)).workers(workers)
                .progress(state -> progress.update(state.done(), state.total()), Duration.ofMillis(250)).build()
                .evaluate(slice, grid, result, points::add, () -> false);
        return points;
    }

    /** @return the point a row of {@link #TABLE} holds */
    static Point point(ScalarRow row) {
        return new Point(row.getInt("i"), row.getInt("j"), row.getDouble("alpha"), row.getDouble("beta"),
                row.getNullableDouble("lambda_max"), row.getNullableDouble("lambda_min"),
                row.getNullableDouble("ratio"), row.getNullableDouble("lambda_max_residual"),
                row.getNullableDouble("lambda_min_residual"), row.getInt("lanczos_steps"),
                row.getLong("hessian_products"));
    }
}
