package org.landscape4j.trajectory;

import org.landscape4j.linalg.BlasCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Products of the dense T×T matrices of PHATE as BLAS {@code dgemm} calls through ND4J (outside any workspace):
 * 2T³ flops each, a second or so for T = 3000 where a Java triple loop takes a minute. Entries equal the exact sums
 * to rounding, in the BLAS kernel's order of summation.
 */
final class DenseProducts {

    private DenseProducts() {
    }

    /** @return A·B */
    static double[][] multiply(double[][] a, double[][] b) {
        BlasCheck.requireCorrectProducts(DataType.DOUBLE, "PHATE's dense products");
        if (a.length == 0 || a[0].length != b.length) {
            throw new IllegalArgumentException("cannot multiply a " + a.length + "×" + (a.length == 0 ? 0
                    : a[0].length) + " matrix by a " + b.length + "×" + (b.length == 0 ? 0 : b[0].length) + " one");
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray left = Nd4j.createFromArray(a);
            INDArray right = Nd4j.createFromArray(b);
            return left.mmul(right).toDoubleMatrix();
        }
    }

    /** @return U·Uᵀ, the Gram matrix of the rows of U (symmetric to rounding; the lower triangle is mirrored) */
    static double[][] gramOfRows(double[][] u) {
        BlasCheck.requireCorrectProducts(DataType.DOUBLE, "PHATE's dense products");
        double[][] g;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray rows = Nd4j.createFromArray(u);
            g = rows.mmul(rows.transpose()).toDoubleMatrix();
        }
        for (int i = 0; i < g.length; i++) {
            for (int j = 0; j < i; j++) {
                g[j][i] = g[i][j];
            }
        }
        return g;
    }
}
