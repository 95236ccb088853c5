package org.landscape4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.landscape4j.slice.SlicePoint;

/**
 * The points one task evaluated, as primitive arrays (they cross from an executor to the driver), with where and how
 * fast: the executor, the attempt that succeeded, its BLAS settings and the wall time of its evaluation.
 *
 * @param partition     the task's partition number
 * @param attempt       the attempt that produced it (0 unless an earlier attempt failed)
 * @param executor      the executor's id and host
 * @param blas          the executor's BLAS/OpenMP settings
 * @param evaluateNanos the wall time of the evaluation of these points (objective creation included)
 * @param prepareNanos  the wall time this task waited for the executor's grid to be prepared (model, data, vectors
 *                      loaded; 0 when an earlier task of the executor had prepared it)
 */
record PartitionResult(int partition, int attempt, String executor, String blas, long evaluateNanos,
                       long prepareNanos, int[] i, int[] j, double[] alpha, double[] beta, double[] loss,
                       double[] regularization, double[] accuracy, long[] examples) implements Serializable {

    /** @return a result holding {@code points} in the order given */
    static PartitionResult of(int partition, int attempt, String executor, String blas, long evaluateNanos,
                              long prepareNanos, List<SlicePoint> points) {
        int n = points.size();
        int[] i = new int[n];
        int[] j = new int[n];
        double[] alpha = new double[n];
        double[] beta = new double[n];
        double[] loss = new double[n];
        double[] regularization = new double[n];
        double[] accuracy = new double[n];
        long[] examples = new long[n];
        for (int k = 0; k < n; k++) {
            SlicePoint p = points.get(k);
            i[k] = p.i();
            j[k] = p.j();
            alpha[k] = p.alpha();
            beta[k] = p.beta();
            loss[k] = p.loss();
            regularization[k] = p.regularization();
            accuracy[k] = p.accuracy();
            examples[k] = p.examples();
        }
        return new PartitionResult(partition, attempt, executor, blas, evaluateNanos, prepareNanos, i, j, alpha, beta,
                loss, regularization, accuracy, examples);
    }

    /** @return the points, in the order the task completed them */
    List<SlicePoint> points() {
        List<SlicePoint> points = new ArrayList<>(i.length);
        for (int k = 0; k < i.length; k++) {
            points.add(new SlicePoint(i[k], j[k], alpha[k], beta[k], loss[k], regularization[k], accuracy[k],
                    examples[k]));
        }
        return points;
    }

    /** @return the number of points */
    int size() {
        return i.length;
    }
}
