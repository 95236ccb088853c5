package org.landscape4j.curvature;

import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A symmetric linear operator A on R<sup>P</sup> given only by its products v ↦ Av, in the style of Commons Math's
 * {@code RealLinearOperator} but on ND4J vectors of length P written into the caller's buffer: the seam on which
 * Lanczos, Hutchinson and stochastic Lanczos quadrature run, whatever the operator (the Hessian by finite
 * differences, {@link HessianOperator}; later Gauss-Newton or Fisher operators).
 *
 * <p><b>Domain.</b> The operator acts on the coordinates of its {@link #domain()} S: {@code apply} reads v only on
 * S and writes a result that is 0 outside S, i.e. it computes P<sub>S</sub>AP<sub>S</sub>v. Eigen-solvers keep
 * their vectors in S and so compute the spectrum of the sub-block A<sub>SS</sub> (of order d = |S|).
 *
 * <p><b>Contract.</b> Vectors are rank 1 (or [1, P] / [P, 1]), of length {@link #dimension()} and of type
 * {@link #dataType()}. {@code apply} does not allocate P-sized arrays per call. An operator is not thread-safe.
 */
public interface SymmetricOperator {

    /** @return P, the length of the vectors the operator maps */
    long dimension();

    /** @return the type of the vectors (that of the operator's scratch buffers) */
    DataType dataType();

    /** @return the coordinates the operator acts on */
    Domain domain();

    /**
     * out ← P<sub>S</sub>AP<sub>S</sub>·v.
     *
     * @param v   the vector, length P; only read (it may be {@code out} itself)
     * @param out the caller's vector of length P; overwritten
     */
    void apply(INDArray v, INDArray out);

    /** @return the number of products {@link #apply} has computed since the operator was made */
    long productCount();

    /**
     * @param v    the vector, length P; only read
     * @param work the caller's vector of length P, overwritten with Av
     * @return vᵀAv for the part of v in the domain, one product
     */
    default double quadraticForm(INDArray v, INDArray work) {
        apply(v, work);
        return Blas.dot(v, work);
    }
}
