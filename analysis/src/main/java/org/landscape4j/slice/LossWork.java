package org.landscape4j.slice;

import java.util.function.BooleanSupplier;
import org.landscape4j.objective.CombinationEvaluator;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.PointResult;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.run.TableSchema;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loss at each point: θ(α, β) written into the objective's buffer ({@link Slice#point}, BLAS in place) and
 * evaluated ({@link Objective#evaluate()}: mean data loss L, regularization R, accuracy), one {@link SlicePoint}
 * per point in {@link SliceTable#TABLE}. Nothing P-sized is allocated per point.
 *
 * <p>With {@code sharedWork}, where the objective offers it ({@link Objective#combinations}, e.g. a DL4J network's
 * first dense or convolutional layer), the work linear in θ is shared between the points: θ(α, β) = Σ w<sub>k</sub>
 * v<sub>k</sub> with the slice's weights w ({@link Slice#weights}), each point then costs less than a forward pass,
 * and its values equal the plain evaluation's to float rounding.
 *
 * @param sharedWork whether to share the first layer's products between points
 */
public record LossWork(boolean sharedWork) implements PointWork<SlicePoint> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LossWork.class);

    @Override
    public String description() {
        return "slice";
    }

    @Override
    public TableSchema table() {
        return SliceTable.TABLE;
    }

    @Override
    public Object[] cells(SlicePoint point) {
        return SliceTable.cells(point);
    }

    @Override
    public SlicePoint point(ScalarRow row) {
        return SliceTable.point(row);
    }

    @Override
    public Worker<SlicePoint> open(Objective objective, Slice slice) {
        CombinationEvaluator shortcut = sharedWork ? objective.combinations(slice.vectors()).orElse(null) : null;
        if (shortcut != null) {
            LOG.debug("landscape4j: the slice's points share {}", shortcut.description());
        }
        return new LossWorker(objective, slice, shortcut);
    }

    private static final class LossWorker implements Worker<SlicePoint> {
        private final Objective objective;
        private final INDArray buffer;
        private final Slice slice;
        private final CombinationEvaluator shortcut;
        private final double[] weights;

        LossWorker(Objective objective, Slice slice, CombinationEvaluator shortcut) {
            this.objective = objective;
            this.buffer = objective.parameters();
            this.slice = slice;
            this.shortcut = shortcut;
            this.weights = new double[slice.vectors().size()];
        }

        @Override
        public SlicePoint evaluate(int i, int j, double alpha, double beta, BooleanSupplier stop) {
            PointResult result;
            if (shortcut != null) {
                slice.weights(alpha, beta, weights);
                result = shortcut.evaluate(weights);
            } else {
                slice.point(alpha, beta, buffer);
                result = objective.evaluate();
            }
            return SlicePoint.of(i, j, alpha, beta, result);
        }

        @Override
        public void close() {
            if (shortcut != null) {
                shortcut.close();
            }
        }
    }
}
