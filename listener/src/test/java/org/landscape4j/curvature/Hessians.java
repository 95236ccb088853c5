package org.landscape4j.curvature;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.objective.Objective;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/** Explicit Hessians of tiny networks: from P operator products, and independently from loss values alone. */
final class Hessians {

    private Hessians() {
    }

    /** @return the P×P matrix whose column j is H·e_j (not symmetrized) */
    static double[][] fromProducts(SymmetricOperator operator) {
        int p = (int) operator.dimension();
        double[][] h = new double[p][p];
        INDArray e = Nd4j.create(operator.dataType(), p);
        INDArray out = Nd4j.create(operator.dataType(), p);
        for (int j = 0; j < p; j++) {
            e.assign(0.0);
            e.putScalar(j, 1.0);
            operator.apply(e, out);
            double[] column = Fixtures.values(out);
            for (int i = 0; i < p; i++) {
                h[i][j] = column[i];
            }
        }
        return h;
    }

    /**
     * H_ij ≈ [L(θ+he_i+he_j) − L(θ+he_i−he_j) − L(θ−he_i+he_j) + L(θ−he_i−he_j)]/(4h²), from loss values only (no
     * gradient), for i ≤ j, mirrored. For i = j it is the second difference with step 2h. Error: truncation
     * O(h²·∂⁴L), rounding ≈ 4u·|L|/(4h²).
     */
    static double[][] fromLossValues(Objective objective, INDArray theta, double h) {
        int p = (int) objective.parameterCount();
        double[][] hessian = new double[p][p];
        INDArray buffer = objective.parameters();
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                double pp = loss(objective, buffer, theta, i, h, j, h);
                double pm = loss(objective, buffer, theta, i, h, j, -h);
                double mp = loss(objective, buffer, theta, i, -h, j, h);
                double mm = loss(objective, buffer, theta, i, -h, j, -h);
                hessian[i][j] = hessian[j][i] = (pp - pm - mp + mm) / (4 * h * h);
            }
        }
        buffer.assign(theta);
        return hessian;
    }

    private static double loss(Objective objective, INDArray buffer, INDArray theta, int i, double hi, int j,
                               double hj) {
        buffer.assign(theta);
        buffer.putScalar(i, buffer.getDouble(i) + hi);
        buffer.putScalar(j, buffer.getDouble(j) + hj);
        return objective.loss();
    }

    static double[][] symmetrized(double[][] h) {
        int p = h.length;
        double[][] s = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                s[i][j] = 0.5 * (h[i][j] + h[j][i]);
            }
        }
        return s;
    }

    static double maxAbs(double[][] a) {
        return Arrays.stream(a).flatMapToDouble(Arrays::stream).map(Math::abs).max().orElse(0);
    }

    static double maxAbsDifference(double[][] a, double[][] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return worst;
    }

    static double maxAsymmetry(double[][] a) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < i; j++) {
                worst = Math.max(worst, Math.abs(a[i][j] - a[j][i]));
            }
        }
        return worst;
    }

    /** @return eigenvalues ascending, and unit eigenvectors (rows) in the same order */
    static double[][][] eigen(double[][] symmetric) {
        EigenDecomposition e = new EigenDecomposition(new Array2DRowRealMatrix(symmetric));
        int n = symmetric.length;
        double[] values = e.getRealEigenvalues();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double[][] sorted = new double[1][n];
        double[][] vectors = new double[n][];
        for (int i = 0; i < n; i++) {
            sorted[0][i] = values[order[i]];
            vectors[i] = e.getEigenvector(order[i]).toArray();
        }
        return new double[][][]{sorted, vectors};
    }

    static double[] multiply(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += a[i][j] * v[j];
            }
        }
        return out;
    }

    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    static INDArray vector(double[] values) {
        return Nd4j.createFromArray(values.clone()).castTo(DataType.DOUBLE);
    }
}
