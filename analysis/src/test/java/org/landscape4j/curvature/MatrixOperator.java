package org.landscape4j.curvature;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An exact symmetric operator from a dense matrix, computed in double: P<sub>S</sub>AP<sub>S</sub>v. The reference
 * the eigen-solvers are tested on without finite-difference error; it can be told to return NaN from a given
 * product on (a diverged objective).
 */
final class MatrixOperator implements SymmetricOperator {

    private final double[][] a;
    private final Domain domain;
    private long products;
    long nanFromProduct = Long.MAX_VALUE;

    MatrixOperator(double[][] a) {
        this(a, Domain.all(a.length));
    }

    MatrixOperator(double[][] a, Domain domain) {
        this.a = a;
        this.domain = domain;
    }

    @Override
    public long dimension() {
        return a.length;
    }

    @Override
    public DataType dataType() {
        return DataType.DOUBLE;
    }

    @Override
    public Domain domain() {
        return domain;
    }

    @Override
    public void apply(INDArray v, INDArray out) {
        int n = a.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = domain.contains(i) ? v.getDouble(i) : 0;
        }
        products++;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            if (domain.contains(i)) {
                for (int j = 0; j < n; j++) {
                    sum += a[i][j] * x[j];
                }
            }
            out.putScalar(i, products >= nanFromProduct ? Double.NaN : sum);
        }
    }

    @Override
    public long productCount() {
        return products;
    }
}
