package org.landscape4j.curvature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.run.Column;
import org.landscape4j.run.ColumnType;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.RowStreamReader;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.run.TableSchema;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
                        Double lambdaMaxResidual, Double lambdaMinResidual, int steps, long products) {

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
            points.add(new Point(row.getInt("i"), row.getInt("j"), row.getDouble("alpha"), row.getDouble("beta"),
                    row.getNullableDouble("lambda_max"), row.getNullableDouble("lambda_min"),
                    row.getNullableDouble("ratio"), row.getNullableDouble("lambda_max_residual"),
                    row.getNullableDouble("lambda_min_residual"), row.getInt("lanczos_steps"),
                    row.getLong("hessian_products")));
        }
        return points;
    }

    /**
     * Evaluates every point of the slice's domain on the grid with {@code workers} threads and appends the rows to
     * {@code result} (not committed: the caller commits). Cancelled by interrupting the calling thread: the workers
     * stop between Hessian-vector products and a {@link CancellationException} is thrown.
     *
     * @param factory  the objectives (DOUBLE advised); each worker creates one
     * @param settings the Lanczos settings (explicit residuals are always computed)
     * @param progress told the points done and the total, after each point
     * @return the points, in the order they were written
     */
    public static List<Point> evaluate(Slice slice, GridSpec grid, ObjectiveFactory factory, LanczosSettings settings,
                                       int workers, PendingResult result, Progress progress)
            throws IOException, InterruptedException {
        Objects.requireNonNull(result, "result");
        slice.checkGrid(grid);
        if (workers < 1) {
            throw new IllegalArgumentException("workers = " + workers + ": give at least 1");
        }
        Slice typed = slice.castTo(factory.precision().toNd4j());
        LanczosSettings wanted = settings.withExplicitResiduals(true).withWanted(1, 1);
        int[] todo = typed.domainPoints(grid);
        List<Point> done = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        factory.prepareForWorkers(Math.min(workers, todo.length));
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < Math.min(workers, todo.length); w++) {
            Thread thread = new Thread(() -> {
                try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
                     Objective objective = factory.create()) {
                    INDArray theta = objective.parameters().dup();
                    try (HessianOperator operator = HessianOperator.builder(objective)
                            .domain(Domain.trainable(objective.layout())).build()) {
                        int n;
                        while (failure.get() == null && (n = next.getAndIncrement()) < todo.length) {
                            int k = todo[n];
                            int i = grid.i(k);
                            int j = grid.j(k);
                            typed.point(grid.alpha(i), grid.beta(j), theta);
                            operator.recentre(theta);
                            long before = operator.productCount();
                            Point point = Lanczos.run(operator, wanted)
                                    .map(r -> new Point(i, j, grid.alpha(i), grid.beta(j), r.lambdaMax(),
                                            r.lambdaMin(), r.ratio(), r.lambdaMaxResidual(), r.lambdaMinResidual(),
                                            r.steps(), operator.productCount() - before))
                                    .orElse(new Point(i, j, grid.alpha(i), grid.beta(j), null, null, null, null,
                                            null, 0, operator.productCount() - before));
                            synchronized (done) {
                                result.append(point.cells());
                                done.add(point);
                                progress.update(done.size(), todo.length);
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "landscape4j-curvature-map-" + w);
            threads.add(thread);
            thread.start();
        }
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            for (Thread thread : threads) {
                thread.interrupt();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            result.flush();
            throw e;
        }
        result.flush();
        Throwable cause = failure.get();
        if (cause instanceof CancellationException cancelled) {
            throw cancelled;
        }
        if (cause instanceof IOException io) {
            throw io;
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        if (cause != null) {
            throw new IllegalStateException("a curvature-map worker failed", cause);
        }
        return done;
    }
}
