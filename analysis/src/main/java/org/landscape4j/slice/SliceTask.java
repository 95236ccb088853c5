package org.landscape4j.slice;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.ObjectiveSpec;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A share of a slice's grid as plain serializable data, for an executor in another process (a cluster): the
 * objective's description, the slice's kind and vectors ({@link VectorSource}: inline values or references), the
 * grid, and the points to evaluate. No live object (array, network) is in it.
 *
 * <p>An executor builds a factory from {@link #objective()} (in DL4J: {@code NetworkObjectiveFactory.fromSpec})
 * and calls {@link #evaluate(ObjectiveFactory, int, SliceEvaluator.Sink, BooleanSupplier)}, which runs the very
 * code of the local evaluator ({@link SliceEvaluator#evaluate(Slice, GridSpec, int[], SliceEvaluator.Sink,
 * BooleanSupplier)}): for equal inputs its points are bit-identical to a local evaluation's.
 *
 * @param objective the objective to evaluate
 * @param kind      the slice's kind
 * @param vectors   the slice's vectors, in the order of {@link SliceKind#vectorNames()}
 * @param grid      the whole grid (the task evaluates only {@code points} of it)
 * @param points    the point numbers k = j·nx + i to evaluate, each in the slice's domain, none twice
 */
public record SliceTask(ObjectiveSpec objective, SliceKind kind, List<VectorSource> vectors, GridSpec grid,
                        int[] points) implements Serializable {

    public SliceTask {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(grid, "grid");
        vectors = List.copyOf(Objects.requireNonNull(vectors, "vectors"));
        points = Objects.requireNonNull(points, "points").clone();
        if (vectors.size() != kind.vectorNames().size()) {
            throw new IllegalArgumentException("a " + kind.id() + " slice takes " + kind.vectorNames().size()
                    + " vectors (" + String.join(", ", kind.vectorNames()) + "), the task has " + vectors.size());
        }
        if (kind.dimensions() == 1 && (grid.ny() != 1 || grid.yMin() != 0)) {
            throw new IllegalArgumentException("a " + kind.id() + " slice is one-dimensional: its grid has ny = 1 and"
                    + " β = 0, got " + grid);
        }
        for (int k : points) {
            if (k < 0 || k >= grid.points()) {
                throw new IllegalArgumentException("point " + k + " is outside the grid " + grid + " (0 to "
                        + (grid.points() - 1) + ")");
            }
        }
    }

    /**
     * Cuts the domain of a slice into tasks of at most {@code pointsPerTask} points, in point order. The vectors
     * are copied inline once and shared by the tasks (each serialized task carries them).
     *
     * @param points the point numbers to share out (e.g. the domain without the points of a partial result), or
     *               null for the slice's whole domain on the grid
     */
    public static List<SliceTask> split(ObjectiveSpec objective, Slice slice, GridSpec grid, int[] points,
                                        int pointsPerTask) {
        if (pointsPerTask < 1) {
            throw new IllegalArgumentException("points per task = " + pointsPerTask + ": give at least 1");
        }
        slice.checkGrid(grid);
        int[] all = points == null ? slice.domainPoints(grid) : points;
        List<VectorSource> inline = new ArrayList<>();
        for (INDArray vector : slice.vectors()) {
            inline.add(VectorSource.inline(vector));
        }
        List<SliceTask> tasks = new ArrayList<>();
        for (int from = 0; from < all.length; from += pointsPerTask) {
            int[] share = Arrays.copyOfRange(all, from, Math.min(all.length, from + pointsPerTask));
            tasks.add(new SliceTask(objective, slice.kind(), inline, grid, share));
        }
        return Collections.unmodifiableList(tasks);
    }

    @Override
    public int[] points() {
        return points.clone();
    }

    /**
     * @return the slice, its vectors loaded in their stored type (fingerprinted as a local slice of the same values
     *         is, so a result's provenance does not depend on where the slice was made)
     * @throws IOException if a referenced vector cannot be read
     */
    public Slice slice() throws IOException {
        List<INDArray> loaded = new ArrayList<>();
        for (VectorSource source : vectors) {
            loaded.add(source.load());
        }
        return kind.create(loaded);
    }

    /**
     * Evaluates the task's points through {@link SliceEvaluator}, handing each to {@code sink}.
     *
     * @param factory   objectives of {@link #objective()} (built from it by the executor), in its precision
     * @param workers   worker threads in this process
     * @param cancelled polled before each point; thread-safe
     * @return the summary over the task's points
     */
    public SliceSummary evaluate(ObjectiveFactory factory, int workers, SliceEvaluator.Sink sink,
                                 BooleanSupplier cancelled) throws IOException {
        if (factory.precision() != objective.precision()) {
            throw new IllegalArgumentException("the factory computes in " + factory.precision() + " but the task's"
                    + " objective in " + objective.precision() + ": build the factory from the task's objective");
        }
        return SliceEvaluator.builder(factory).workers(workers).build()
                .evaluate(slice(), grid, points, sink, cancelled);
    }

    /** @return the task's points evaluated by one worker, in completion order */
    public List<SlicePoint> evaluate(ObjectiveFactory factory) throws IOException {
        List<SlicePoint> result = new ArrayList<>(points.length);
        evaluate(factory, 1, result::add, () -> false);
        return result;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SliceTask that && objective.equals(that.objective) && kind == that.kind
                && vectors.equals(that.vectors) && grid.equals(that.grid) && Arrays.equals(points, that.points);
    }

    @Override
    public int hashCode() {
        return Objects.hash(objective, kind, vectors, grid, Arrays.hashCode(points));
    }

    @Override
    public String toString() {
        return "SliceTask[" + kind.id() + ", " + points.length + " of the " + grid.points() + " points of " + grid
                + ", vectors: " + vectors.stream().map(VectorSource::describe).toList() + ", objective: "
                + objective.model().describe() + "]";
    }
}
