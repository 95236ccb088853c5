package org.landscape4j.slice;

import java.io.Serializable;
import java.util.function.BooleanSupplier;
import org.landscape4j.objective.Objective;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.run.TableSchema;

/**
 * What is computed at each point θ(α, β) of a slice's grid, by a worker that owns one objective: the one seam
 * through which the local workers ({@link GridEvaluator}, under {@link SliceEvaluator} and the curvature map) and a
 * cluster's tasks (the {@code spark} module, one objective per task) evaluate a unit of work. Whoever runs the
 * points, a point's result is computed by the same {@link Worker#evaluate} from the same objective, so it is the
 * same bit for bit.
 *
 * <p>A work is plain serializable data (settings only: no objective, no array) so that it can be shipped to another
 * process; it names its result table and converts its results to and from that table's rows, which is how a
 * partial result is resumed and how a cluster's driver writes what its tasks return.
 *
 * @param <R> the result of one point, itself plain data (it crosses threads and processes)
 */
public interface PointWork<R extends GridPoint & Serializable> extends Serializable {

    /** @return what is computed, for messages (e.g. "slice", "curvature map") */
    String description();

    /** @return the result table: one row per grid point */
    TableSchema table();

    /** @return the row of a result, in {@link #table()}'s column order */
    Object[] cells(R point);

    /** @return the result a row of {@link #table()} holds (the inverse of {@link #cells}) */
    R point(ScalarRow row);

    /**
     * Opens a worker: called once per worker thread (or cluster task) on that thread, before its first point.
     *
     * @param objective the worker's own objective, in the precision the slice was cast to; the worker may write
     *                  its parameter buffer, and must not close it
     * @param slice     the slice, in the objective's precision
     * @return the worker; closed on the same thread after its last point
     */
    Worker<R> open(Objective objective, Slice slice);

    /** One worker's state between its points (scratch vectors, precomputed products, an operator). Not thread-safe. */
    interface Worker<R> extends AutoCloseable {

        /**
         * Evaluates the point (i, j) at θ(α, β).
         *
         * @param stop true once the evaluation should stop; a work whose point takes long (many objective
         *             evaluations) polls it and then throws {@link java.util.concurrent.CancellationException};
         *             a short one may ignore it (the point in flight completes)
         * @return the point's result
         */
        R evaluate(int i, int j, double alpha, double beta, BooleanSupplier stop);

        /** Releases what {@link PointWork#open} made; the objective is closed by its owner. */
        @Override
        default void close() {
        }
    }
}
