package org.landscape4j.slice;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.landscape4j.linalg.Blas;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.PointResult;
import org.landscape4j.objective.Precision;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Objectives without a framework, for testing the evaluator's bookkeeping: θ ∈ R<sup>P</sup> in DOUBLE, u = θ₀ + θ₁
 * (a BLAS dot with w = (1, 1, 0, …), exact for θ = (α, β, 0, …)), loss = g(u) for a test's function g (which may
 * return NaN or ∞, or throw), regularization 0.25, accuracy 0.5 for a "classifier" else NaN, 7 examples. Counts
 * every evaluation and every objective created.
 */
final class FakeFactory implements ObjectiveFactory {

    static final long EXAMPLES = 7;

    final int p;
    final DoubleUnaryOperator loss;
    final boolean classifier;
    final AtomicLong evaluations = new AtomicLong();
    final AtomicLong created = new AtomicLong();
    volatile Runnable beforeEvaluate = () -> { };
    volatile RuntimeException createFailure;
    int preparedWorkers;

    FakeFactory(int p, DoubleUnaryOperator loss, boolean classifier) {
        this.p = p;
        this.loss = loss;
        this.classifier = classifier;
    }

    /** The slice the fake is made for: the plane through 0 along e₀ and e₁, so that θ(α, β) = (α, β, 0, …). */
    static PlaneSlice plane(int p) {
        return Slice.plane(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, p), unit(p, 0), unit(p, 1));
    }

    static INDArray unit(int p, int k) {
        INDArray e = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, p);
        e.putScalar(k, 1.0);
        return e;
    }

    @Override
    public Objective create() {
        if (createFailure != null) {
            throw createFailure;
        }
        created.incrementAndGet();
        return new Fake();
    }

    @Override
    public ObjectiveFactory withPrecision(Precision precision) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Precision precision() {
        return Precision.DOUBLE;
    }

    @Override
    public Map<String, String> provenance() {
        return Map.of("objective.model", "fake " + p, "objective.examples", Long.toString(EXAMPLES));
    }

    @Override
    public synchronized void prepareForWorkers(int workers) {
        preparedWorkers = workers;
    }

    private final class Fake implements Objective {
        private final INDArray theta = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, p);
        private final INDArray w = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.DOUBLE, p);
        private boolean closed;

        Fake() {
            w.putScalar(0, 1.0);
            w.putScalar(1, 1.0);
        }

        @Override
        public ParameterLayout layout() {
            return new ParameterLayout(List.of(new ParameterArray("0_W", "0", "Fake", 0, p, new long[] {p}, 'c',
                    ParameterRole.WEIGHT, -1)));
        }

        @Override
        public long parameterCount() {
            return p;
        }

        @Override
        public Precision precision() {
            return Precision.DOUBLE;
        }

        @Override
        public boolean isClassifier() {
            return classifier;
        }

        @Override
        public long exampleCount() {
            return EXAMPLES;
        }

        @Override
        public INDArray parameters() {
            return theta;
        }

        @Override
        public PointResult evaluate() {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            beforeEvaluate.run();
            evaluations.incrementAndGet();
            return new PointResult(loss.applyAsDouble(Blas.dot(w, theta)), 0.25, classifier ? 0.5 : Double.NaN,
                    EXAMPLES);
        }

        @Override
        public double loss() {
            return evaluate().loss();
        }

        @Override
        public double regularization() {
            return 0.25;
        }

        @Override
        public void gradient(INDArray out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double lossAndGradient(INDArray out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addRegularizationGradient(INDArray out) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
