package org.landscape4j.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The BLAS/LAPACK self-check: this test JVM's kernel (the one scripts/blas-env.sh chooses) passes it, and the check
 * names a wrong product or a wrong eigenvector when it is given one (the wrong results injected: OpenBLAS's broken
 * kernels exist only on some CPUs).
 */
class BlasCheckTest {

    @Test
    void theTestJvmsBlasIsRight() {
        assertEquals(Optional.empty(), BlasCheck.productProblem(DataType.FLOAT));
        assertEquals(Optional.empty(), BlasCheck.productProblem(DataType.DOUBLE));
        assertEquals(Optional.empty(), BlasCheck.eigenProblem());
        BlasCheck.requireCorrectProducts(DataType.DOUBLE, "this test");
        BlasCheck.requireCorrectEigenvalues("this test");
        assertThrows(IllegalArgumentException.class, () -> BlasCheck.productProblem(DataType.INT));
    }

    /** The broken Cooperlake kernel's kind of error: one row block of the output off by order 1. */
    @Test
    void aWrongProductIsNamedWithTheFix() {
        Optional<String> problem = BlasCheck.checkProducts(DataType.DOUBLE, (a, b) -> {
            INDArray product = a.mmul(b);
            if (product.rows() > 128) {
                product.putScalar(new long[] {130, 1}, product.getDouble(130, 1) + 0.25);
            }
            return product;
        });
        assertTrue(problem.isPresent());
        assertTrue(problem.get().contains("DOUBLE matrix products are wrong"), problem.get());
        assertTrue(problem.get().contains("at (130, 1)"), problem.get());
        assertTrue(problem.get().contains("OPENBLAS_CORETYPE=Haswell"), problem.get());
        assertEquals(Optional.empty(), BlasCheck.checkProducts(DataType.FLOAT, INDArray::mmul));
        // float rounding of a 256-term sum (at most 1.5e-5 of Σ|a||b|) passes; an error of 1e-3 relative does not
        Optional<String> sloppy = BlasCheck.checkProducts(DataType.FLOAT, (a, b) -> a.mmul(b).muli(1.001));
        assertTrue(sloppy.isPresent());
    }

    /** Right eigenvalues with wrong eigenvectors (what SkylakeX's dsyev gave) are caught by the residuals. */
    @Test
    void wrongEigenvectorsAreNamed() {
        BlasCheck.SymmetricSolver commonsMath = (a, vectors) -> {
            EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(a, true));
            RealMatrix v = eig.getV();
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < a.length; j++) {
                    vectors[i][j] = v.getEntry(i, j);
                }
            }
            return eig.getRealEigenvalues();
        };
        assertEquals(Optional.empty(), BlasCheck.checkEigen(commonsMath));
        Optional<String> problem = BlasCheck.checkEigen((a, vectors) -> {
            double[] values = commonsMath.solve(a, vectors);
            double[] swap = vectors[3];                    // two rows swapped: the vectors no longer fit
            vectors[3] = vectors[4];
            vectors[4] = swap;
            return values;
        });
        assertTrue(problem.isPresent() && problem.get().contains("wrong eigenvectors"), problem.toString());
        Optional<String> values = BlasCheck.checkEigen((a, vectors) -> {
            double[] v = commonsMath.solve(a, vectors);
            v[0] += 1e-3;
            return v;
        });
        assertTrue(values.isPresent() && values.get().contains("eigenvalue"), values.toString());
    }
}
