package org.landscape4j.dl4j.slice;

import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.PointResult;
import org.landscape4j.objective.Precision;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A factory whose objectives forward to another factory's and count their evaluations; {@link #onEvaluate} and
 * {@link #onClose} run on the worker's thread (before each evaluation, and before the objective closes) for tests
 * that measure what a worker allocates.
 */
class CountingFactory implements ObjectiveFactory {

    final ObjectiveFactory delegate;
    final AtomicLong evaluations = new AtomicLong();
    final AtomicLong created = new AtomicLong();

    CountingFactory(ObjectiveFactory delegate) {
        this.delegate = delegate;
    }

    /** Runs on the worker thread before each evaluation; {@code calls} counts this objective's calls so far. */
    void onEvaluate(long calls) {
    }

    /** Runs on the worker thread before the objective closes. */
    void onClose() {
    }

    @Override
    public Objective create() {
        created.incrementAndGet();
        return new Counting(delegate.create());
    }

    @Override
    public ObjectiveFactory withPrecision(Precision precision) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Precision precision() {
        return delegate.precision();
    }

    @Override
    public Map<String, String> provenance() {
        return delegate.provenance();
    }

    @Override
    public void prepareForWorkers(int workers) {
        delegate.prepareForWorkers(workers);
    }

    private final class Counting implements Objective {
        private final Objective inner;
        private long calls;

        Counting(Objective inner) {
            this.inner = inner;
        }

        @Override
        public java.util.Optional<org.landscape4j.objective.CombinationEvaluator> combinations(
                java.util.List<org.nd4j.linalg.api.ndarray.INDArray> vectors) {
            return inner.combinations(vectors).map(shared -> new org.landscape4j.objective.CombinationEvaluator() {
                @Override
                public PointResult evaluate(double[] weights) {
                    onEvaluate(calls++);
                    evaluations.incrementAndGet();
                    return shared.evaluate(weights);
                }

                @Override
                public String description() {
                    return shared.description();
                }

                @Override
                public void close() {
                    shared.close();
                }
            });
        }

        @Override
        public PointResult evaluate() {
            onEvaluate(calls++);
            evaluations.incrementAndGet();
            return inner.evaluate();
        }

        @Override
        public void close() {
            onClose();
            inner.close();
        }

        @Override
        public ParameterLayout layout() {
            return inner.layout();
        }

        @Override
        public long parameterCount() {
            return inner.parameterCount();
        }

        @Override
        public Precision precision() {
            return inner.precision();
        }

        @Override
        public boolean isClassifier() {
            return inner.isClassifier();
        }

        @Override
        public long exampleCount() {
            return inner.exampleCount();
        }

        @Override
        public INDArray parameters() {
            return inner.parameters();
        }

        @Override
        public double loss() {
            return inner.loss();
        }

        @Override
        public double regularization() {
            return inner.regularization();
        }

        @Override
        public void gradient(INDArray out) {
            inner.gradient(out);
        }

        @Override
        public double lossAndGradient(INDArray out) {
            return inner.lossAndGradient(out);
        }

        @Override
        public void addRegularizationGradient(INDArray out) {
            inner.addRegularizationGradient(out);
        }
    }
}
