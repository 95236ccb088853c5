package org.landscape4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.landscape4j.objective.ModelSource;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;

/**
 * Where a command's inputs come from, for the provenance of what it writes: the run (if any), its id, and the
 * iterations of the snapshots used.
 *
 * @param run              the run directory, or null when the inputs are files
 * @param runId            the run's id, or null
 * @param sourceIterations the iterations of the snapshots used, in order
 */
record CommandInputs(RunDirectory run, String runId, List<Long> sourceIterations) {

    CommandInputs {
        sourceIterations = List.copyOf(sourceIterations);
    }

    /**
     * @param runDirectory the run named on the command line, or null
     * @param models       the models the command evaluates (snapshots of that or other runs, or files)
     * @return the inputs; the run's snapshot iterations are read from the snapshots' scalar columns
     * @throws IOException if the run or a snapshot cannot be read
     */
    static CommandInputs resolve(Path runDirectory, ModelSource... models) throws IOException {
        RunDirectory run = runDirectory == null ? null : RunDirectory.open(runDirectory);
        String runId = run == null ? null : run.manifest().runId();
        List<Long> iterations = new java.util.ArrayList<>();
        for (ModelSource model : models) {
            if (model instanceof ModelSource.RunSnapshot snapshot) {
                RunDirectory source = run != null && Path.of(snapshot.runDirectory()).toAbsolutePath().normalize()
                        .equals(run.path().toAbsolutePath().normalize()) ? run
                        : RunDirectory.open(Path.of(snapshot.runDirectory()));
                if (run == null) {
                    run = source;
                    runId = source.manifest().runId();
                }
                iterations.add(iterationOf(source, snapshot.snapshotIndex()));
            }
        }
        return new CommandInputs(run, runId, iterations);
    }

    /** @return the iteration of snapshot {@code index} (negative from the end), without decoding its θ */
    private static long iterationOf(RunDirectory run, int index) throws IOException {
        try (SnapshotReader reader = run.openSnapshots(null)) {
            int count = reader.count();
            int k = index < 0 ? count + index : index;
            if (k < 0 || k >= count) {
                throw new IllegalArgumentException("snapshot " + index + " does not exist: " + run.path()
                        + " holds " + count + " snapshot(s); give an index in [0, " + count + ") or [-" + count
                        + ", -1]");
            }
            return reader.scalars(k).getLong(Snapshot.ITERATION);
        }
    }
}
