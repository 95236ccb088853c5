package org.landscape4j.linalg;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks, once per process and data type, that the BLAS and LAPACK under ND4J compute what they are asked, before
 * results are built on them: a few matrix products against the same sums computed in Java, and a symmetric
 * eigen-decomposition (eigenvalues against Commons Math's, eigenvectors by their residuals ‖Av − λv‖).
 *
 * <p>Why: the OpenBLAS 0.3.19 that ND4J 1.0.0-M2.1 bundles returns wrong double-precision products (errors of order
 * 1, not rounding) with its {@code Cooperlake} kernels, and wrong {@code dsyev} eigenvectors (of matrices of order
 * 200 and more; the eigenvalues are right) with its {@code SkylakeX} and {@code Cooperlake} ones, on this project's AMD machines (AVX-512 with {@code avx512_bf16}); OpenBLAS picks
 * {@code Cooperlake} by itself on Intel Cooper Lake CPUs, and a user may set any kernel with
 * {@code OPENBLAS_CORETYPE}. Single-precision products were right under every kernel tried; {@code Haswell} was
 * right for everything. A wrong kernel would make every DOUBLE network (the curvature's) and every double product
 * silently wrong, so the analyses that depend on them refuse to run instead, with the fix.
 *
 * <p>Cost, once per process: a few milliseconds for the products of one type, about 0.1 s for the
 * eigen-decomposition.
 */
public final class BlasCheck {

    /** Shapes (m, k, n) of C = A·B that the broken kernel got wrong, and a square one. */
    private static final int[][] SHAPES = {{64, 64, 300}, {256, 16, 300}, {300, 256, 64}, {97, 33, 201}};

    /** The order of the symmetric matrix whose eigenvalues are checked (blocked LAPACK paths start at 64 or so). */
    private static final int EIGEN_ORDER = 200;

    private static final Map<DataType, Optional<String>> GEMM = new EnumMap<>(DataType.class);
    private static Optional<String> eigen;

    private BlasCheck() {
    }

    /**
     * @param type FLOAT or DOUBLE
     * @param what what is about to use such products, for the message
     * @throws IllegalStateException if this process's BLAS computes wrong products of that type, naming the
     *                               kernel and the fix
     */
    public static void requireCorrectProducts(DataType type, String what) {
        productProblem(type).ifPresent(problem -> {
            throw new IllegalStateException(problem + "; " + what + " cannot be computed correctly in this process");
        });
    }

    /**
     * @param what what is about to use the eigen-decomposition, for the message
     * @throws IllegalStateException if this process's LAPACK {@code dsyev} computes wrong eigenvalues
     */
    public static void requireCorrectEigenvalues(String what) {
        eigenProblem().ifPresent(problem -> {
            throw new IllegalStateException(problem + "; " + what + " cannot be computed correctly in this process");
        });
    }

    /** @return what is wrong with this process's products of {@code type}, or empty if they are right */
    public static synchronized Optional<String> productProblem(DataType type) {
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException("products are checked in FLOAT or DOUBLE, not " + type);
        }
        return GEMM.computeIfAbsent(type, t -> checkProducts(t, INDArray::mmul));
    }

    /** @return what is wrong with this process's symmetric eigen-decomposition, or empty if it is right */
    public static synchronized Optional<String> eigenProblem() {
        if (eigen == null) {
            eigen = checkEigen(BlasCheck::lapackEigen);
        }
        return eigen;
    }

    /** A symmetric eigen-decomposition: returns the eigenvalues, writes eigenvector j into column j of vectors. */
    interface SymmetricSolver {
        double[] solve(double[][] a, double[][] vectors);
    }

    /** LAPACK's {@code dsyev} through ND4J, as {@code SymmetricEigen.complete} calls it. */
    private static double[] lapackEigen(double[][] a, double[][] vectors) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray matrix = Nd4j.createFromArray(a);
            double[] values = Eigen.symmetricGeneralizedEigenvalues(matrix, true).toDoubleVector();
            double[][] v = matrix.toDoubleMatrix();
            for (int i = 0; i < v.length; i++) {
                System.arraycopy(v[i], 0, vectors[i], 0, v[i].length);
            }
            return values;
        }
    }

    /** The product check with the multiplication injected (tests give a wrong one). */
    static Optional<String> checkProducts(DataType type, java.util.function.BinaryOperator<INDArray> multiply) {
        Random random = new Random(20261207);
        // relative to Σ|a||b|: rounding is at most k·u (Higham §3.1), 2.8e-14 in DOUBLE and 1.5e-5 in FLOAT for k = 256
        double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-4;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int[] shape : SHAPES) {
                int m = shape[0];
                int k = shape[1];
                int n = shape[2];
                double[][] a = randomMatrix(random, m, k, type);
                double[][] b = randomMatrix(random, k, n, type);
                for (char order : new char[] {'c', 'f'}) {
                    INDArray left = Nd4j.createFromArray(a).castTo(type).dup(order);
                    INDArray right = Nd4j.createFromArray(b).castTo(type).dup(order);
                    double[][] product = multiply.apply(left, right).castTo(DataType.DOUBLE).toDoubleMatrix();
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double sum = 0;
                            double scale = 0;
                            for (int l = 0; l < k; l++) {
                                sum += a[i][l] * b[l][j];
                                scale += Math.abs(a[i][l] * b[l][j]);
                            }
                            if (!(Math.abs(product[i][j] - sum) <= tolerance * scale + Double.MIN_NORMAL)) {
                                return Optional.of(message(type + " matrix products are wrong: a " + m + "×" + k
                                        + " by " + k + "×" + n + " product ('" + order + "' order) gave "
                                        + product[i][j] + " at (" + i + ", " + j + ") where the sum is " + sum));
                            }
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The eigen-decomposition check with the solver injected (tests give a wrong one). */
    static Optional<String> checkEigen(SymmetricSolver solver) {
        Random random = new Random(7);
        int n = EIGEN_ORDER;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = random.nextGaussian();
                a[i][j] = v;
                a[j][i] = v;
            }
        }
        double[] reference = new EigenDecomposition(new Array2DRowRealMatrix(a, true)).getRealEigenvalues();
        Arrays.sort(reference);
        double[][] vectors = new double[n][n];      // column j: the eigenvector of values[j]
        double[] values = solver.solve(a, vectors);
        double scale = Math.max(Math.abs(reference[0]), Math.abs(reference[n - 1]));
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            if (!(Math.abs(sorted[i] - reference[i]) <= 1e-9 * scale)) {
                return Optional.of(message("the symmetric eigen-decomposition (LAPACK dsyev) is wrong: eigenvalue " + i
                        + " of a " + n + "×" + n + " matrix came out " + sorted[i] + ", Commons Math gives "
                        + reference[i]));
            }
        }
        for (int j = 0; j < n; j++) {                // ‖Av − λv‖∞ of every pair: a few µ-units of ‖A‖ when right
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int l = 0; l < n; l++) {
                    sum += a[i][l] * vectors[l][j];
                }
                double residual = Math.abs(sum - values[j] * vectors[i][j]);
                if (!(residual <= 1e-9 * scale)) {
                    return Optional.of(message("the symmetric eigen-decomposition (LAPACK dsyev) gives wrong"
                            + " eigenvectors: the residual ‖Av − λv‖ of eigenpair " + j + " of a " + n + "×" + n
                            + " matrix reaches " + residual + " (eigenvalues up to " + scale + ")"));
                }
            }
        }
        return Optional.empty();
    }

    private static double[][] randomMatrix(Random random, int rows, int columns, DataType type) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            for (int j = 0; j < columns; j++) {
                double v = random.nextDouble() - 0.5;
                row[j] = type == DataType.FLOAT ? (float) v : v;      // exactly representable in the checked type
            }
        }
        return m;
    }

    private static String message(String problem) {
        String kernel = System.getenv("OPENBLAS_CORETYPE");
        return "landscape4j: this process's OpenBLAS " + (kernel == null ? "(kernel chosen by OpenBLAS itself)"
                : "(OPENBLAS_CORETYPE=" + kernel + ")") + ": " + problem + ". The OpenBLAS 0.3.19 bundled with ND4J"
                + " 1.0.0-M2.1 gets double products wrong with its Cooperlake kernels and eigenvectors wrong with its"
                + " SkylakeX and Cooperlake ones (its eigenvectors). Fix: start the JVM with OPENBLAS_CORETYPE=Haswell (any x86-64 CPU with AVX2; the"
                + " landscape4j launcher and scripts/blas-env.sh choose it)";
    }
}
