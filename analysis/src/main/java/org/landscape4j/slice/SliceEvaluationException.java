package org.landscape4j.slice;

/**
 * The evaluation of one point of a slice threw (an exception, not a NaN: a diverged loss is a value). The slice
 * stopped; the points completed before stay in the partial result, which a rerun resumes after the cause is
 * fixed.
 */
public final class SliceEvaluationException extends RuntimeException {

    private final int i;
    private final int j;
    private final double alpha;
    private final double beta;

    SliceEvaluationException(String message, int i, int j, double alpha, double beta, Throwable cause) {
        super(message, cause);
        this.i = i;
        this.j = j;
        this.alpha = alpha;
        this.beta = beta;
    }

    /** @return the index along α of the failed point, or -1 if no point was being evaluated */
    public int i() {
        return i;
    }

    /** @return the index along β of the failed point, or -1 if no point was being evaluated */
    public int j() {
        return j;
    }

    /** @return α of the failed point, or NaN */
    public double alpha() {
        return alpha;
    }

    /** @return β of the failed point, or NaN */
    public double beta() {
        return beta;
    }
}
