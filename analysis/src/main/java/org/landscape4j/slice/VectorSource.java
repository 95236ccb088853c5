package org.landscape4j.slice;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.SnapshotReader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a vector of a {@link SliceTask} comes from, as plain serializable data (no live array crosses a process):
 * its values inline, or a reference resolved by the process that evaluates the task.
 */
public sealed interface VectorSource extends Serializable {

    /**
     * @return the vector as a new rank-1 array of its own type (FLOAT for float values and snapshots, DOUBLE for
     *         double values)
     * @throws IOException if a referenced file cannot be read
     */
    INDArray load() throws IOException;

    /** @return a one-line description for messages (never the values) */
    String describe();

    /** @return the values of {@code vector} inline, in its type (FLOAT or DOUBLE), copied */
    static VectorSource inline(INDArray vector) {
        Objects.requireNonNull(vector, "vector");
        INDArray flat = vector.rank() == 1 ? vector : vector.reshape(vector.length());
        if (vector.dataType() == DataType.DOUBLE) {
            return new Doubles(flat.toDoubleVector());
        }
        if (vector.dataType() == DataType.FLOAT) {
            return new Floats(flat.toFloatVector());
        }
        throw new IllegalArgumentException("a slice vector is FLOAT or DOUBLE, not " + vector.dataType());
    }

    /** Float values inline (copied in and out). */
    record Floats(float[] values) implements VectorSource {
        public Floats {
            values = Objects.requireNonNull(values, "values").clone();
        }

        @Override
        public float[] values() {
            return values.clone();
        }

        @Override
        public INDArray load() {
            return Nd4j.createFromArray(values);          // copies into native memory
        }

        @Override
        public String describe() {
            return values.length + " float values inline";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Floats that && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Floats[" + describe() + "]";
        }
    }

    /** Double values inline (copied in and out). */
    record Doubles(double[] values) implements VectorSource {
        public Doubles {
            values = Objects.requireNonNull(values, "values").clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        @Override
        public INDArray load() {
            return Nd4j.createFromArray(values);          // copies into native memory
        }

        @Override
        public String describe() {
            return values.length + " double values inline";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Doubles that && Arrays.equals(values, that.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Doubles[" + describe() + "]";
        }
    }

    /**
     * θ of snapshot {@code snapshotIndex} of a run's {@value RunFiles#SNAPSHOTS}, read where the task runs (the run
     * directory must be reachable there, e.g. on a shared file system).
     *
     * @param runDirectory  the run directory, as a path string
     * @param snapshotIndex the snapshot's position, from 0; negative counts from the end (−1 is the last)
     */
    record RunSnapshot(String runDirectory, int snapshotIndex) implements VectorSource {
        public RunSnapshot {
            Objects.requireNonNull(runDirectory, "runDirectory");
            if (runDirectory.isBlank()) {
                throw new IllegalArgumentException("the run directory is blank: give a path");
            }
        }

        @Override
        public INDArray load() throws IOException {
            // through the run, so that the file is checked to be this run's (run id, P)
            try (SnapshotReader reader = RunDirectory.open(Path.of(runDirectory)).openSnapshots(null)) {
                return Nd4j.createFromArray(reader.read(snapshotIndex).params());
            }
        }

        @Override
        public String describe() {
            return "run " + runDirectory + " snapshot " + snapshotIndex;
        }
    }
}
