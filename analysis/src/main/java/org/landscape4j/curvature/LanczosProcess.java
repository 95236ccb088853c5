package org.landscape4j.curvature;

import org.landscape4j.linalg.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Lanczos three-term recurrence with full reorthogonalization, shared by {@link Lanczos} and
 * {@link StochasticLanczosQuadrature} (Golub &amp; Van Loan, "Matrix Computations", 4th ed., §10.1, Algorithm
 * 10.1.1; full reorthogonalization §10.3.1). From a unit q₁ in the domain, step j computes
 * <pre>
 *   w = Aq<sub>j</sub>,  α<sub>j</sub> = q<sub>j</sub>ᵀw,  w ← w − α<sub>j</sub>q<sub>j</sub> − β<sub>j−1</sub>q<sub>j−1</sub>,
 *   w ← w − Σ<sub>i≤j</sub> (q<sub>i</sub>ᵀw)q<sub>i</sub>  (twice: "twice is enough", Parlett),
 *   β<sub>j</sub> = ‖w‖,  q<sub>j+1</sub> = w/β<sub>j</sub>
 * </pre>
 * so that AQ<sub>j</sub> = Q<sub>j</sub>T<sub>j</sub> + β<sub>j</sub>q<sub>j+1</sub>e<sub>j</sub>ᵀ with T<sub>j</sub> tridiagonal
 * (diagonal α, off-diagonal β) and Q<sub>j</sub> orthonormal to working precision.
 *
 * <p>It stops (no further step possible) at an invariant subspace: β<sub>j</sub> ≤ √u·‖T<sub>j</sub>‖ with ‖T‖
 * estimated by max(|α|, β), u the unit roundoff of the vectors' type, or j = d (the domain's size); or when a
 * product is not finite. Memory: one P-vector per step (the basis Q) plus one work vector.
 */
final class LanczosProcess implements AutoCloseable {

    /** Why the recurrence cannot go on. */
    enum State { RUNNING, INVARIANT_SUBSPACE, NON_FINITE }

    private final SymmetricOperator operator;
    private final String what;
    private final long total;
    private final Progress progress;
    private final long domainSize;
    private final double sqrtRoundoff;
    private final List<INDArray> basis = new ArrayList<>();
    private final INDArray work;
    private double[] alpha = new double[8];
    private double[] beta = new double[8];
    private int steps;
    private double normEstimate;
    private long products;
    private State state = State.RUNNING;

    /**
     * @param operator the operator
     * @param start    the starting vector, length P (copied, projected onto the domain, normalized); must be
     *                 non-zero on the domain
     * @param what     what is computed, for messages
     * @param total    the planned number of products, for progress
     * @param progress the progress callback
     */
    LanczosProcess(SymmetricOperator operator, INDArray start, String what, long total, Progress progress) {
        this.operator = operator;
        this.what = what;
        this.total = total;
        this.progress = progress;
        this.domainSize = operator.domain().size();
        DataType type = operator.dataType();
        this.sqrtRoundoff = Math.sqrt(type == DataType.DOUBLE ? 0x1.0p-53 : 0x1.0p-24);
        INDArray q1 = newVector();
        Blas.copy(start, q1);
        operator.domain().project(q1);
        double norm = Blas.nrm2(q1);
        if (!(norm > 0) || !Double.isFinite(norm)) {
            q1.close();
            throw new IllegalArgumentException("the starting vector's norm on the domain is " + norm
                    + ": it must be finite and non-zero");
        }
        Blas.scal(1.0 / norm, q1);
        basis.add(q1);
        this.work = newVector();
    }

    private INDArray newVector() {
        return newVector(operator);
    }

    /** @return a new zero vector of the operator's type and length, outside any workspace */
    @SuppressWarnings("try") // the workspace scope is used for its effect, not referenced
    static INDArray newVector(SymmetricOperator operator) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.create(operator.dataType(), operator.dimension());
        }
    }

    /**
     * One step: one product. Call only while {@link #state()} is RUNNING; after a step that reached an invariant
     * subspace or a non-finite product the state says so. The basis vector q<sub>j</sub> is formed from the
     * previous step's residual at the start of step j, so a caller that stops after a step allocates nothing more.
     *
     * @throws java.util.concurrent.CancellationException if the thread is interrupted before the product
     */
    void step() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("the Lanczos recurrence stopped (" + state + ") after " + steps
                    + " steps");
        }
        Cancellation.check(what, products);
        int j = steps;
        if (j > 0) {
            INDArray next = newVector();
            Blas.copy(work, next);
            Blas.scal(1.0 / beta[j - 1], next);
            basis.add(next);
        }
        INDArray q = basis.get(j);
        operator.apply(q, work);
        products++;
        progress.update(products, total);
        double a = Blas.dot(q, work);
        if (!Double.isFinite(a)) {
            state = State.NON_FINITE;
            return;
        }
        Blas.axpy(-a, q, work);
        if (j > 0) {
            Blas.axpy(-beta[j - 1], basis.get(j - 1), work);
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i <= j; i++) {
                INDArray qi = basis.get(i);
                Blas.axpy(-Blas.dot(qi, work), qi, work);
            }
        }
        double b = Blas.nrm2(work);
        if (!Double.isFinite(b)) {
            state = State.NON_FINITE;
            return;
        }
        ensureCapacity(j + 1);
        alpha[j] = a;
        beta[j] = b;
        steps = j + 1;
        normEstimate = Math.max(normEstimate, Math.max(Math.abs(a), b));
        if (b <= sqrtRoundoff * normEstimate || steps >= domainSize) {
            state = State.INVARIANT_SUBSPACE;
        }
    }

    private void ensureCapacity(int n) {
        if (n > alpha.length) {
            alpha = Arrays.copyOf(alpha, Math.max(n, 2 * alpha.length));
            beta = Arrays.copyOf(beta, Math.max(n, 2 * beta.length));
        }
    }

    State state() {
        return state;
    }

    /** @return j, the number of completed steps (the order of T) */
    int steps() {
        return steps;
    }

    long products() {
        return products;
    }

    /** @return α<sub>1..j</sub>, a copy */
    double[] alpha() {
        return Arrays.copyOf(alpha, steps);
    }

    /** @return β<sub>1..j</sub>, a copy: the first j − 1 are T's off-diagonal, the last the residual norm */
    double[] beta() {
        return Arrays.copyOf(beta, steps);
    }

    /** @return β<sub>j</sub>, the norm of the residual of the last completed step (0 before the first) */
    double lastBeta() {
        return steps == 0 ? 0 : beta[steps - 1];
    }

    /** @return the decomposition of T<sub>j</sub>, or empty before the first step or if it fails */
    java.util.Optional<TridiagonalEigen> eigen() {
        if (steps == 0) {
            return java.util.Optional.empty();
        }
        return TridiagonalEigen.of(alpha(), beta());
    }

    /** out ← Q<sub>j</sub>s, a Ritz vector for the eigenvector s of T<sub>j</sub> (length j). */
    void combine(double[] s, INDArray out) {
        out.assign(0.0);
        for (int i = 0; i < s.length; i++) {
            Blas.axpy(s[i], basis.get(i), out);
        }
    }

    /** @return the work vector, free for the caller once the recurrence is done */
    INDArray work() {
        return work;
    }

    SymmetricOperator operator() {
        return operator;
    }

    /** Frees the basis and the work vector. */
    @Override
    public void close() {
        for (INDArray q : basis) {
            if (q.closeable()) {
                q.close();
            }
        }
        basis.clear();
        if (work.closeable()) {
            work.close();
        }
    }
}
