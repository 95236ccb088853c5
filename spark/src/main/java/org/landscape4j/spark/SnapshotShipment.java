package org.landscape4j.spark;

import java.io.Serializable;
import java.util.Objects;
import org.landscape4j.objective.ObjectiveSpec;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.SliceKind;

/**
 * What the driver broadcasts once for slices of many snapshots of one run, shared by every snapshot's task: the run's
 * network configuration, the data (its bytes, or the path every executor reads), the objective's batching and
 * precision, the slice's kind and the grid. Each task then carries only its own snapshot's θ and directions
 * ({@link SnapshotTask}).
 *
 * @param spec              the objective as the driver described it (data, batching, subsample, precision of the
 *                          slices); its model source is not used on the executors
 * @param configurationJson the run's {@code network.json}
 * @param data              the CSV data's bytes, or null when the executors read {@code spec}'s path (or the data is
 *                          in memory, inside {@code spec})
 * @param kind              the slices' kind (a line or a plane)
 * @param grid              the grid of every slice
 * @param workerThreads     the task threads one executor runs at once (its BLAS check)
 */
record SnapshotShipment(ObjectiveSpec spec, String configurationJson, byte[] data, SliceKind kind, GridSpec grid,
                        int workerThreads) implements Serializable {

    private static final long serialVersionUID = 1L;

    SnapshotShipment {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(configurationJson, "configurationJson");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(grid, "grid");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SnapshotShipment that && spec.equals(that.spec)
                && configurationJson.equals(that.configurationJson) && java.util.Arrays.equals(data, that.data)
                && kind == that.kind && grid.equals(that.grid) && workerThreads == that.workerThreads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec, configurationJson, java.util.Arrays.hashCode(data), kind, grid, workerThreads);
    }

    @Override
    public String toString() {
        return "SnapshotShipment[" + kind.id() + " on " + grid + ", configuration " + configurationJson.length()
                + " chars, data " + (data == null ? spec.data().source().describe() : data.length + " bytes") + "]";
    }
}
