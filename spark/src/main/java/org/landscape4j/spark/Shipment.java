package org.landscape4j.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.PointWork;
import org.landscape4j.slice.SliceKind;
import org.landscape4j.slice.VectorSource;

/**
 * What the driver broadcasts once to every executor for one grid: the objective's description, the model's bytes
 * (a {@code ModelSerializer} file, so that executors need no access to the driver's files or run directory), the
 * data's bytes when they are shipped too (else the executors read the spec's data path), the slice's kind,
 * vectors (inline values) and grid, and the work done at each point. Tasks carry only their point numbers.
 *
 * @param spec      the objective as the caller described it (its paths are the driver's)
 * @param model     the model as a {@code ModelSerializer} zip
 * @param data      the CSV data file's bytes, or null when executors read {@code spec}'s data path themselves
 *                  (or the data is in memory, inside {@code spec})
 * @param kind      the slice's kind
 * @param vectors   the slice's vectors in the kind's order, inline
 * @param grid      the grid
 * @param work      what is computed at each point (the loss, the Hessian's extreme eigenvalues)
 * @param workerThreads the task threads one executor runs at once (its BLAS check)
 */
record Shipment(ObjectiveSpec spec, byte[] model, byte[] data, SliceKind kind, List<VectorSource> vectors,
                GridSpec grid, PointWork<?> work, int workerThreads) implements Serializable {

    Shipment {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(kind, "kind");
        vectors = List.copyOf(vectors);
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(work, "work");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shipment that && spec.equals(that.spec) && Arrays.equals(model, that.model)
                && Arrays.equals(data, that.data) && kind == that.kind && vectors.equals(that.vectors)
                && grid.equals(that.grid) && work.equals(that.work) && workerThreads == that.workerThreads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec, Arrays.hashCode(model), Arrays.hashCode(data), kind, vectors, grid, work);
    }

    @Override
    public String toString() {
        return "Shipment[" + work.description() + " of a " + kind.id() + " on " + grid + ", model " + model.length + " bytes, data "
                + (data == null ? spec.data().source().describe() : data.length + " bytes") + "]";
    }
}
