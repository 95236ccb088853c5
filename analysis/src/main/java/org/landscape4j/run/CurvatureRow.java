package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Curvature of the loss measured along training, one row of {@link RunFiles#CURVATURE}. H is the Hessian of
 * the mean loss L on the fixed probe set at θ<sub>t</sub> (the parameters before update {@code iteration}),
 * g = ∇L(θ<sub>t</sub>), u = θ<sub>t+1</sub> − θ<sub>t</sub> the step the update took.
 *
 * <p>Each measured quantity is nullable: null means "not measured at this row" (its own schedule did not fire,
 * or it is not defined for this updater), NaN a measured value that was not a number (a diverged gradient).
 *
 * @param iteration          the 0-based index of the update whose step is u
 * @param epoch              the epoch counter
 * @param probeExamples      the number of examples in the probe set
 * @param loss               L(θ<sub>t</sub>) on the probe set
 * @param gradNormSquared    ‖g‖²
 * @param gradHessGrad       gᵀHg
 * @param curvatureGrad      κ<sub>g</sub> = gᵀHg / ‖g‖², the curvature along the gradient
 * @param stepNormSquared    ‖u‖²
 * @param gradDotStep        gᵀu
 * @param stepHessStep       uᵀHu
 * @param curvatureStep      uᵀHu / ‖u‖², the curvature along the step
 * @param predictedChange    gᵀu + ½uᵀHu, the second-order prediction of the loss change over the step
 * @param observedChange     L(θ<sub>t+1</sub>) − L(θ<sub>t</sub>) on the probe set
 * @param lambdaMax          the largest Hessian eigenvalue (Lanczos)
 * @param lambdaMin          the smallest Hessian eigenvalue (Lanczos)
 * @param lambdaMaxResidual  ‖Hv − λv‖ of the Ritz pair of λmax
 * @param lambdaMinResidual  ‖Hv − λv‖ of the Ritz pair of λmin
 * @param learningRate       η, the learning rate in effect
 * @param stabilityThreshold 2/η, the edge of stability for plain gradient descent
 * @param hessianProducts    the number of Hessian-vector products this row cost
 * @param illConditioned     ½uᵀHu &gt; |gᵀu|: the second-order term outweighs the first
 * @param edgeOfStability    λmax &gt; 2/η
 * @param gradientGrowth     ‖g‖ grew by the recorder's factor (default 10) over the smallest ‖g‖ measured before
 *                           while L on the probe set did not fall (see the listener's {@code CurvatureSettings})
 */
public record CurvatureRow(long iteration, int epoch, long probeExamples, Double loss, Double gradNormSquared,
                           Double gradHessGrad, Double curvatureGrad, Double stepNormSquared, Double gradDotStep,
                           Double stepHessStep, Double curvatureStep, Double predictedChange, Double observedChange,
                           Double lambdaMax, Double lambdaMin, Double lambdaMaxResidual, Double lambdaMinResidual,
                           Double learningRate, Double stabilityThreshold, Long hessianProducts,
                           Boolean illConditioned, Boolean edgeOfStability, Boolean gradientGrowth) {

    /** The curvature table; docs/FORMAT.md documents each column. The order of the names is the file's. */
    public static final TableSchema TABLE = TableSchema.ofRows("curvature", RunFiles.CURVATURE, List.of(
            Column.required("iteration", ColumnType.INT64),
            Column.required("epoch", ColumnType.INT32),
            Column.required("probe_examples", ColumnType.INT64),
            Column.optional("loss", ColumnType.FLOAT64),
            Column.optional("grad_norm_sq", ColumnType.FLOAT64),
            Column.optional("g_hess_g", ColumnType.FLOAT64),
            Column.optional("curvature_g", ColumnType.FLOAT64),
            Column.optional("update_norm_sq", ColumnType.FLOAT64),
            Column.optional("g_dot_u", ColumnType.FLOAT64),
            Column.optional("u_hess_u", ColumnType.FLOAT64),
            Column.optional("curvature_u", ColumnType.FLOAT64),
            Column.optional("predicted_change", ColumnType.FLOAT64),
            Column.optional("observed_change", ColumnType.FLOAT64),
            Column.optional("lambda_max", ColumnType.FLOAT64),
            Column.optional("lambda_min", ColumnType.FLOAT64),
            Column.optional("lambda_max_residual", ColumnType.FLOAT64),
            Column.optional("lambda_min_residual", ColumnType.FLOAT64),
            Column.optional("learning_rate", ColumnType.FLOAT64),
            Column.optional("stability_threshold", ColumnType.FLOAT64),
            Column.optional("hessian_products", ColumnType.INT64),
            Column.optional("ill_conditioned", ColumnType.BOOL),
            Column.optional("edge_of_stability", ColumnType.BOOL),
            Column.optional("gradient_growth", ColumnType.BOOL)));

    /** @return the row's cells in the table's column order (the record's components are in that order) */
    public Object[] toCells() {
        Object[] cells = {iteration, epoch, probeExamples, loss, gradNormSquared, gradHessGrad, curvatureGrad,
            stepNormSquared, gradDotStep, stepHessStep, curvatureStep, predictedChange, observedChange, lambdaMax,
            lambdaMin, lambdaMaxResidual, lambdaMinResidual, learningRate, stabilityThreshold, hessianProducts,
            illConditioned, edgeOfStability, gradientGrowth};
        return cells;
    }

    /** @return the curvature row a scalar row of the curvature table holds */
    public static CurvatureRow from(ScalarRow r) {
        return new CurvatureRow(r.getLong("iteration"), r.getInt("epoch"), r.getLong("probe_examples"),
                r.getNullableDouble("loss"), r.getNullableDouble("grad_norm_sq"), r.getNullableDouble("g_hess_g"),
                r.getNullableDouble("curvature_g"), r.getNullableDouble("update_norm_sq"),
                r.getNullableDouble("g_dot_u"), r.getNullableDouble("u_hess_u"), r.getNullableDouble("curvature_u"),
                r.getNullableDouble("predicted_change"), r.getNullableDouble("observed_change"),
                r.getNullableDouble("lambda_max"), r.getNullableDouble("lambda_min"),
                r.getNullableDouble("lambda_max_residual"), r.getNullableDouble("lambda_min_residual"),
                r.getNullableDouble("learning_rate"), r.getNullableDouble("stability_threshold"),
                (Long) r.get("hessian_products"), r.getBoolean("ill_conditioned"), r.getBoolean("edge_of_stability"),
                r.getBoolean("gradient_growth"));
    }

    /**
     * @param file           a curvature file
     * @param parent         the allocator to take a child of, or null for a child of the process's root
     * @param closedByWriter true if the run's manifest says its streams were closed
     * @return its rows and whether it was cut short
     */
    public static ReadResult<CurvatureRow> read(Path file, BufferAllocator parent, boolean closedByWriter)
            throws IOException {
        ReadResult<ScalarRow> scalars = RowStreamReader.read(file, TABLE, parent, closedByWriter);
        List<CurvatureRow> rows = new ArrayList<>(scalars.rows().size());
        for (ScalarRow row : scalars.rows()) {
            rows.add(from(row));
        }
        return new ReadResult<>(rows, scalars.truncated(), scalars.truncationDetail(), scalars.metadata());
    }

    static {
        // The components and the columns must stay in step: checked once, where both are defined.
        String[] components = java.util.Arrays.stream(CurvatureRow.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName).toArray(String[]::new);
        if (components.length != TABLE.scalars().size()) {
            throw new ExceptionInInitializerError("CurvatureRow has " + components.length + " components but "
                    + TABLE.scalars().size() + " columns");
        }
    }
}
