package org.landscape4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The points one task evaluated (results of the grid's {@link org.landscape4j.slice.PointWork}: plain serializable
 * records, they cross from an executor to the driver), with where and how fast: the executor, the attempt that
 * succeeded, its BLAS settings and the wall time of its evaluation.
 *
 * @param partition     the task's partition number
 * @param attempt       the attempt that produced it (0 unless an earlier attempt failed)
 * @param executor      the executor's id and host
 * @param blas          the executor's BLAS/OpenMP settings
 * @param evaluateNanos the wall time of the evaluation of these points (objective creation included)
 * @param prepareNanos  the wall time this task waited for the executor's grid to be prepared (model, data, vectors
 *                      loaded; 0 when an earlier task of the executor had prepared it)
 * @param points        the points, in the order the task completed them
 * @param <R>           the result of one point
 */
record PartitionResult<R extends Serializable>(int partition, int attempt, String executor, String blas,
                                               long evaluateNanos, long prepareNanos, List<R> points)
        implements Serializable {

    private static final long serialVersionUID = 2L;

    PartitionResult {
        points = new ArrayList<>(points);
    }

    /** @return the number of points */
    int size() {
        return points.size();
    }
}
