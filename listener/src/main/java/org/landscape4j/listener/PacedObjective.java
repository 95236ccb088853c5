package org.landscape4j.listener;

import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.PointResult;
import org.landscape4j.objective.Precision;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An objective whose passes over the data (loss, gradient, evaluation) are paced by a {@link WorkBudget}: each is a
 * {@link WorkBudget#checkpoint()}, where the worker waits while it is over its share. The numbers are the wrapped
 * objective's, unchanged; only when they are computed changes. Methods without a pass (the buffer, the
 * regularization and its gradient) are not paced.
 */
final class PacedObjective implements Objective {

    private final Objective objective;
    private final WorkBudget budget;

    PacedObjective(Objective objective, WorkBudget budget) {
        this.objective = objective;
        this.budget = budget;
    }

    @Override
    public ParameterLayout layout() {
        return objective.layout();
    }

    @Override
    public long parameterCount() {
        return objective.parameterCount();
    }

    @Override
    public Precision precision() {
        return objective.precision();
    }

    @Override
    public boolean isClassifier() {
        return objective.isClassifier();
    }

    @Override
    public long exampleCount() {
        return objective.exampleCount();
    }

    @Override
    public INDArray parameters() {
        return objective.parameters();
    }

    @Override
    public PointResult evaluate() {
        return paced(() -> objective.evaluate());
    }

    @Override
    public double loss() {
        return paced(() -> objective.loss());
    }

    @Override
    public double regularization() {
        return objective.regularization();
    }

    @Override
    public void gradient(INDArray out) {
        paced(() -> {
            objective.gradient(out);
            return null;
        });
    }

    @Override
    public double lossAndGradient(INDArray out) {
        return paced(() -> objective.lossAndGradient(out));
    }

    @Override
    public void addRegularizationGradient(INDArray out) {
        objective.addRegularizationGradient(out);
    }

    @Override
    public void close() {
        objective.close();
    }

    /** Runs one pass when the budget allows (the worker's time is counted by the budget's begin/end). */
    private <T> T paced(java.util.function.Supplier<T> pass) {
        budget.checkpoint();
        return pass.get();
    }
}
