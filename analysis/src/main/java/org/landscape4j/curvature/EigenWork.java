package org.landscape4j.curvature;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.landscape4j.objective.Objective;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.run.TableSchema;
import org.landscape4j.slice.PointWork;
import org.landscape4j.slice.Slice;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Hessian's extreme eigenvalues at each point of a slice ({@link CurvatureMap}): at θ = θ(α, β) the
 * finite-difference Hessian of the objective's loss L over the trainable parameters ({@link HessianOperator} centred
 * at θ, {@link Domain#trainable}), and {@link Lanczos} for λmax and λmin with explicit residuals ‖Hv − λv‖; one
 * {@link CurvatureMap.Point} per point in {@link CurvatureMap#TABLE}, with null eigenvalues where Lanczos failed (a
 * non-finite product).
 *
 * <p>A worker holds one operator (three P-vectors) and a θ buffer on its objective, which should compute in DOUBLE;
 * a point costs up to {@code maxSteps} Hessian-vector products of two gradient passes each, plus two for the
 * residuals. The stop signal is polled before every product, so a cancelled map stops within one product.
 *
 * @param settings the Lanczos settings; λmax and λmin with explicit residuals are always what is computed
 */
public record EigenWork(LanczosSettings settings) implements PointWork<CurvatureMap.Point> {

    private static final long serialVersionUID = 1L;

    /** Keeps {@code settings}' step count, tolerance, seed and start noise, asking for λmax, λmin and residuals. */
    public EigenWork {
        settings = Objects.requireNonNull(settings, "settings").withExplicitResiduals(true).withWanted(1, 1);
    }

    @Override
    public String description() {
        return "curvature map";
    }

    @Override
    public TableSchema table() {
        return CurvatureMap.TABLE;
    }

    @Override
    public Object[] cells(CurvatureMap.Point point) {
        return point.cells();
    }

    @Override
    public CurvatureMap.Point point(ScalarRow row) {
        return CurvatureMap.point(row);
    }

    @Override
    public Worker<CurvatureMap.Point> open(Objective objective, Slice slice) {
        MemoryWorkspace scope = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
        try {
            INDArray theta = objective.parameters().dup();
            HessianOperator operator = HessianOperator.builder(objective).domain(Domain.trainable(objective.layout()))
                    .build();
            return new EigenWorker(scope, slice, theta, operator, settings);
        } catch (RuntimeException | Error e) {
            scope.close();
            throw e;
        }
    }

    private static final class EigenWorker implements Worker<CurvatureMap.Point> {
        private final MemoryWorkspace scope;
        private final Slice slice;
        private final INDArray theta;
        private final HessianOperator operator;
        private final LanczosSettings settings;

        EigenWorker(MemoryWorkspace scope, Slice slice, INDArray theta, HessianOperator operator,
                    LanczosSettings settings) {
            this.scope = scope;
            this.slice = slice;
            this.theta = theta;
            this.operator = operator;
            this.settings = settings;
        }

        @Override
        public CurvatureMap.Point evaluate(int i, int j, double alpha, double beta, BooleanSupplier stop) {
            slice.point(alpha, beta, theta);
            operator.recentre(theta);
            long before = operator.productCount();
            return Lanczos.run(new Stopping(operator, stop), settings)
                    .map(r -> new CurvatureMap.Point(i, j, alpha, beta, r.lambdaMax(), r.lambdaMin(), r.ratio(),
                            r.lambdaMaxResidual(), r.lambdaMinResidual(), r.steps(), operator.productCount() - before))
                    .orElse(new CurvatureMap.Point(i, j, alpha, beta, null, null, null, null, null, 0,
                            operator.productCount() - before));
        }

        @Override
        public void close() {
            try {
                operator.close();
            } finally {
                scope.close();
            }
        }
    }

    /** The operator, checking the stop signal before each product. */
    private record Stopping(HessianOperator operator, BooleanSupplier stop) implements SymmetricOperator {

        @Override
        public long dimension() {
            return operator.dimension();
        }

        @Override
        public DataType dataType() {
            return operator.dataType();
        }

        @Override
        public Domain domain() {
            return operator.domain();
        }

        @Override
        public void apply(INDArray v, INDArray out) {
            if (stop.getAsBoolean()) {
                throw new CancellationException("the curvature map was stopped after " + operator.productCount()
                        + " Hessian-vector products");
            }
            operator.apply(v, out);
        }

        @Override
        public long productCount() {
            return operator.productCount();
        }
    }
}
