package org.landscape4j.objective;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where an objective's model comes from, as plain data: a path is a {@code String} (resolved by the process
 * that builds the objective), so that a description crosses processes.
 */
public sealed interface ModelSource extends Serializable {

    /** @return a one-line description for provenance, e.g. {@code "model.zip /runs/a/model.zip"} */
    String describe();

    /**
     * A model saved by DL4J's {@code ModelSerializer} ({@code MultiLayerNetwork} or {@code ComputationGraph});
     * its updater state, if saved, is not loaded.
     *
     * @param path the model file
     */
    record ModelFile(String path) implements ModelSource {
        public ModelFile {
            requireText(path, "model file path");
        }

        @Override
        public String describe() {
            return "model file " + path;
        }
    }

    /**
     * A parameter snapshot of a recorded run: the run's network configuration ({@code network.json}) with θ of
     * snapshot {@code snapshotIndex} of {@code snapshots.arrows}.
     *
     * @param runDirectory  the run directory
     * @param snapshotIndex the snapshot's position in the file, from 0; negative counts from the end (−1 is the
     *                      last snapshot, −2 the one before)
     */
    record RunSnapshot(String runDirectory, int snapshotIndex) implements ModelSource {
        public RunSnapshot {
            requireText(runDirectory, "run directory");
        }

        @Override
        public String describe() {
            return "run " + runDirectory + " snapshot " + snapshotIndex;
        }
    }

    private static void requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " is blank: give a path");
        }
    }
}
