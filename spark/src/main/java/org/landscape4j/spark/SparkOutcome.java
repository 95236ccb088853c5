package org.landscape4j.spark;

import java.util.Map;
import org.landscape4j.slice.GridEvaluator;

/**
 * How a Spark evaluation of a grid ran, whatever was computed at its points.
 *
 * @param grid               the points of the grid, evaluated now and resumed, and the wall time ({@code workers}
 *                           is the number of tasks of this call)
 * @param tasks              the tasks this call ran (0 when every point was resumed)
 * @param retried            the tasks whose successful attempt was not the first
 * @param taskMillisPerPoint the executors' wall time per point inside the tasks (objective creation included, the
 *                           executor's one-time preparation excluded), NaN when no point was evaluated
 * @param prepareMillis      the longest one-time preparation of an executor (model, data and vectors loaded)
 * @param executors          per executor (id@host), its BLAS/OpenMP settings
 */
public record SparkOutcome(GridEvaluator.Outcome grid, int tasks, int retried, double taskMillisPerPoint,
                           double prepareMillis, Map<String, String> executors) {

    public SparkOutcome {
        executors = Map.copyOf(executors);
    }
}
