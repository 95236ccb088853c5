package org.landscape4j.linalg;

import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Level-1 BLAS on flat parameter vectors, without allocating: every operation reads and writes the caller's
 * arrays in place through ND4J's BLAS wrapper ({@code Nd4j.getBlasWrapper().level1()}, i.e. OpenBLAS's
 * {@code cblas_?dot}, {@code ?axpy}, {@code ?nrm2}, {@code ?scal}, {@code ?copy} on the CPU backend).
 *
 * <p>A vector is an {@link INDArray} of rank 1, or of rank 2 with one dimension equal to 1, of type FLOAT or
 * DOUBLE, whose elements are equally spaced in memory (a contiguous array or a contiguous interval of one, such
 * as {@code theta.get(NDArrayIndex.interval(a, b))}, so that BLAS's increment can address it). Two vectors of an
 * operation must have the same length and the same type: a cast allocates, so it is left to the caller
 * ({@link #copy} alone also accepts two types, see there).
 *
 * <p>Rounding: dot and nrm2 accumulate in the vectors' type (OpenBLAS {@code sdot} accumulates float in float),
 * so for FLOAT vectors of length n the relative error of a dot product is bounded by about n·u with
 * u = 2<sup>−24</sup> (Higham, "Accuracy and Stability of Numerical Algorithms", §3.1), typically √n·u;
 * OpenBLAS's nrm2 scales to avoid overflow.
 */
public final class Blas {

    private Blas() {
    }

    /** @return xᵀy = Σ x<sub>i</sub>y<sub>i</sub> */
    public static double dot(INDArray x, INDArray y) {
        long n = requirePair(x, "x", y, "y");
        return level1().dot(n, 1.0, x, y);
    }

    /** y ← α·x + y */
    public static void axpy(double alpha, INDArray x, INDArray y) {
        long n = requirePair(x, "x", y, "y");
        level1().axpy(n, alpha, x, y);
    }

    /** @return ‖x‖₂ = √(Σ x<sub>i</sub>²) */
    public static double nrm2(INDArray x) {
        requireVector(x, "x");
        return level1().nrm2(x);
    }

    /** x ← α·x */
    public static void scal(double alpha, INDArray x) {
        long n = requireVector(x, "x");
        level1().scal(n, alpha, x);
    }

    /**
     * y ← x. Vectors of the same type are copied by BLAS; a FLOAT vector into a DOUBLE one (or back) is cast
     * element by element into y, still without allocating (DOUBLE → FLOAT rounds to nearest).
     */
    public static void copy(INDArray x, INDArray y) {
        requireVector(x, "x");
        requireVector(y, "y");
        requireSameLength(x, "x", y, "y");
        if (x.dataType() == y.dataType()) {
            level1().copy(x, y);
        } else {
            // a rank-1 view of each side makes the cast elementwise whatever the vectors' shapes
            flat(y).assign(flat(x));
        }
    }

    /**
     * out ← c + α·d₁ + β·d₂: one copy and two axpy, the point θ(α, β) of a plane through c spanned by d₁, d₂
     * (Li et al. 2018, eq. 2), written straight into an objective's parameter buffer.
     */
    public static void combine(INDArray c, double alpha, INDArray d1, double beta, INDArray d2, INDArray out) {
        copy(c, out);
        axpy(alpha, d1, out);
        axpy(beta, d2, out);
    }

    /** out ← c + α·d: one copy and one axpy, the point θ(α) of a line through c along d. */
    public static void combine(INDArray c, double alpha, INDArray d, INDArray out) {
        copy(c, out);
        axpy(alpha, d, out);
    }

    private static Level1 level1() {
        return Nd4j.getBlasWrapper().level1();
    }

    private static INDArray flat(INDArray vector) {
        return vector.rank() == 1 ? vector : vector.reshape(vector.length());
    }

    private static long requirePair(INDArray x, String xName, INDArray y, String yName) {
        long n = requireVector(x, xName);
        requireVector(y, yName);
        requireSameLength(x, xName, y, yName);
        if (x.dataType() != y.dataType()) {
            throw new IllegalArgumentException(xName + " is " + x.dataType() + " but " + yName + " is "
                    + y.dataType() + ": BLAS needs one type; cast one of them first (a cast allocates, so do it once"
                    + " outside any loop)");
        }
        return n;
    }

    private static void requireSameLength(INDArray x, String xName, INDArray y, String yName) {
        if (x.length() != y.length()) {
            throw new IllegalArgumentException(xName + " has " + x.length() + " elements but " + yName + " has "
                    + y.length() + ": the vectors must have the same length");
        }
    }

    /** @return the vector's length, after checking that BLAS can address it */
    static long requireVector(INDArray x, String name) {
        if (x == null) {
            throw new IllegalArgumentException(name + " is null: pass a FLOAT or DOUBLE vector");
        }
        if (x.wasClosed()) {
            throw new IllegalArgumentException(name + " was closed: its memory is released");
        }
        long[] shape = x.shape();
        boolean vector = x.rank() == 1 || (x.rank() == 2 && (shape[0] == 1 || shape[1] == 1));
        if (!vector) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(shape)
                    + ": pass a vector (rank 1, or rank 2 with one dimension 1)");
        }
        DataType type = x.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE) {
            throw new IllegalArgumentException(name + " is " + type + ": BLAS vectors must be FLOAT or DOUBLE");
        }
        if (x.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " has " + x.length() + " elements, more than BLAS's "
                    + Integer.MAX_VALUE);
        }
        if (x.length() > 1 && x.elementWiseStride() < 1) {
            throw new IllegalArgumentException(name + " (shape " + Arrays.toString(shape) + ", stride "
                    + Arrays.toString(x.stride()) + ") has no constant element stride: BLAS cannot address it;"
                    + " pass a contiguous vector or a contiguous interval of one");
        }
        return x.length();
    }
}
