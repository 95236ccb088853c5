package org.landscape4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.landscape4j.objective.Precision;
import org.landscape4j.slice.PointWork;
import org.landscape4j.slice.VectorSource;

/**
 * One snapshot's grid, the element of its one-task job: the snapshot's θ and counters (only this snapshot's), the
 * slice's directions as the driver normalized them against this θ, the work and the precision it runs in, and the
 * points still missing from its result.
 *
 * @param label         the snapshot, for messages (e.g. "snapshot 3 (iteration 120)")
 * @param parameters    θ as {@code snapshots.arrows} stores it
 * @param iteration     the snapshot's iteration (the network's counter)
 * @param epoch         the snapshot's epoch
 * @param directions    the slice's vectors after its centre (d, or d₁ and d₂), inline
 * @param work          what to compute at each point
 * @param precision     the precision of the work's objectives (DOUBLE for an eigenvalue map)
 * @param points        the point numbers to evaluate
 * @param sliceSettings the driver's {@code Slice.settings()} (kind, P, vectors' fingerprints): the executor rebuilds
 *                      the slice and refuses to evaluate one that differs
 */
record SnapshotTask(String label, float[] parameters, long iteration, long epoch, List<VectorSource> directions,
                    PointWork<?> work, Precision precision, int[] points, Map<String, Object> sliceSettings)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    SnapshotTask {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(parameters, "parameters");
        directions = List.copyOf(directions);
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(points, "points");
        sliceSettings = new java.util.LinkedHashMap<>(sliceSettings);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SnapshotTask that && label.equals(that.label)
                && Arrays.equals(parameters, that.parameters) && iteration == that.iteration && epoch == that.epoch
                && directions.equals(that.directions) && work.equals(that.work) && precision == that.precision
                && Arrays.equals(points, that.points) && sliceSettings.equals(that.sliceSettings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, Arrays.hashCode(parameters), iteration, epoch, directions, work, precision,
                Arrays.hashCode(points));
    }

    @Override
    public String toString() {
        return "SnapshotTask[" + label + ", " + work.description() + ", " + points.length + " points, P = "
                + parameters.length + "]";
    }
}
