package org.landscape4j.curvature;

import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.linalg.Blas;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.PointResult;
import org.landscape4j.objective.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * L = 0 and R = ½·0.1·‖θ‖², in DOUBLE, computed in place without allocating: for the allocation test of the Hessian
 * operator on large P.
 */
final class ZeroObjective implements Objective {

    private final ParameterLayout layout;
    private final INDArray theta;

    ZeroObjective(ParameterLayout layout) {
        this.layout = layout;
        this.theta = Nd4j.create(DataType.DOUBLE, layout.parameterCount());
    }

    @Override
    public ParameterLayout layout() {
        return layout;
    }

    @Override
    public long parameterCount() {
        return theta.length();
    }

    @Override
    public Precision precision() {
        return Precision.DOUBLE;
    }

    @Override
    public boolean isClassifier() {
        return false;
    }

    @Override
    public long exampleCount() {
        return 1;
    }

    @Override
    public INDArray parameters() {
        return theta;
    }

    @Override
    public PointResult evaluate() {
        return new PointResult(0, regularization(), Double.NaN, 1);
    }

    @Override
    public double loss() {
        return 0;
    }

    @Override
    public double regularization() {
        double norm = Blas.nrm2(theta);
        return 0.05 * norm * norm;
    }

    @Override
    public void gradient(INDArray out) {
        out.assign(0.0);
    }

    @Override
    public double lossAndGradient(INDArray out) {
        gradient(out);
        return 0;
    }

    @Override
    public void addRegularizationGradient(INDArray out) {
        Blas.axpy(0.1, theta, out);
    }

    @Override
    public void close() {
    }
}
