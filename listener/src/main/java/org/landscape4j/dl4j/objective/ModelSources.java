package org.landscape4j.dl4j.objective;

import org.landscape4j.dl4j.network.Dl4jNetwork;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Turns a {@link ModelSource} into a network: a model file without its updater state, or a run's configuration
 * with θ of one snapshot. What {@link NetworkObjectiveFactory#fromSpec} loads, for callers that need the
 * network's parameters without an objective (and its data).
 */
public final class ModelSources {

    private ModelSources() {
    }

    /**
     * @param source the model's source
     * @return the loaded network (close it to release its memory at once)
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if the run's files disagree or the snapshot does not exist
     */
    public static Dl4jNetwork load(ModelSource source) throws IOException {
        if (source instanceof ModelSource.ModelFile file) {
            return Dl4jNetwork.load(Path.of(file.path()));
        }
        if (source instanceof ModelSource.RunSnapshot snapshot) {
            return fromRun(Path.of(snapshot.runDirectory()), snapshot.snapshotIndex());
        }
        throw new IllegalArgumentException("unknown model source " + source);
    }

    /**
     * A run's network at one snapshot: the configuration of {@code network.json}, θ of the snapshot, and the
     * snapshot's iteration and epoch as the network's counters (schedules read them). The manifest's network
     * class and parameter count must match.
     */
    static Dl4jNetwork fromRun(Path directory, int index) throws IOException {
        RunDirectory run = RunDirectory.open(directory);
        RunManifest manifest = run.manifest();
        Path networkFile = directory.resolve(RunFiles.NETWORK);
        if (!Files.isRegularFile(networkFile)) {
            throw new NoSuchFileException(networkFile.toString(), null, "the run has no network configuration;"
                    + " it was recorded without one or is incomplete");
        }
        String json = Files.readString(networkFile, StandardCharsets.UTF_8);
        Snapshot snapshot = snapshotAt(run, index);
        Dl4jNetwork network = fromConfiguration(json, snapshot.params(), snapshot.iteration(), snapshot.epoch());
        String built = network.kind().type().getName();
        if (!built.equals(manifest.networkClass())) {
            throw new IllegalArgumentException(RunFiles.NETWORK + " of " + directory + " configures a " + built
                    + " but the manifest says " + manifest.networkClass() + ": the run's files disagree");
        }
        if (network.parameterCount() != manifest.parameterCount()) {
            throw new IllegalArgumentException(RunFiles.NETWORK + " of " + directory + " defines "
                    + network.parameterCount() + " parameters but the manifest says " + manifest.parameterCount());
        }
        return network;
    }

    /**
     * A recorded snapshot rebuilt from its parts, as {@link #load} rebuilds a run's snapshot (the same network, bit
     * for bit): for a process that has the run's configuration and one snapshot's θ but not the run directory (a
     * cluster task that was shipped them).
     *
     * @param configurationJson the run's {@code network.json}
     * @param parameters        θ of the snapshot, as {@code snapshots.arrows} stores it
     * @param iteration         the snapshot's iteration, set as the network's counter (schedules read it)
     * @param epoch             the snapshot's epoch, likewise
     * @throws IllegalArgumentException if θ's length is not the configuration's parameter count
     */
    public static Dl4jNetwork fromConfiguration(String configurationJson, float[] parameters, long iteration,
                                                long epoch) {
        Dl4jNetwork network = Dl4jNetwork.fromJson(configurationJson, Nd4j.createFromArray(parameters));
        network.setCounters(iteration, epoch);
        return network;
    }

    /**
     * Snapshot {@code index} of a run (negative: from the end, -1 the last), read by random access: only its own
     * bytes are read, and the file is checked to belong to the run.
     */
    static Snapshot snapshotAt(RunDirectory run, int index) throws IOException {
        try (SnapshotReader reader = run.openSnapshots(null)) {
            int count = reader.count();
            if (index >= count || index < -count) {
                throw new IllegalArgumentException("snapshot " + index + " does not exist: " + run.file(RunFiles.SNAPSHOTS)
                        + " holds " + count + " snapshot(s)" + (reader.truncated() ? " (the file is truncated)" : "")
                        + "; give an index in [0, " + count + ") or [-" + count + ", -1]");
            }
            return reader.read(index);
        }
    }
}
