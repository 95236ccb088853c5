package org.landscape4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.SafeText;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.trajectory.SnapshotSelection;
import org.landscape4j.trajectory.SnapshotSource;

/**
 * The snapshots a trajectory command ({@code pca}, {@code trajectory}, {@code embed}) works on: a run's
 * {@code snapshots.arrows}, opened once, selected ({@code --snapshots a:b:stride}), read one at a time by the
 * analyses; never all of θ at once.
 *
 * @param run       the run
 * @param reader    its open snapshots (closed with this)
 * @param selection the selection
 * @param source    the selected snapshots, renumbered 0 to T − 1
 */
record TrajectoryInputs(RunDirectory run, SnapshotReader reader, SnapshotSelection selection, SnapshotSource source)
        implements AutoCloseable {

    /**
     * @param directory the run directory
     * @param selection the {@code --snapshots} text, or null for every snapshot
     * @return the run's selected snapshots
     * @throws IllegalArgumentException if the selection is malformed, selects nothing, or fewer than 2 snapshots
     * @throws org.landscape4j.run.RunFormatException if the run or its snapshots cannot be read
     */
    static TrajectoryInputs open(Path directory, String selection) throws IOException {
        SnapshotSelection chosen = selection == null ? SnapshotSelection.ALL : SnapshotSelection.parse(selection);
        RunDirectory run = RunDirectory.open(directory);
        SnapshotReader reader = run.openSnapshots(null);
        try {
            if (reader.count() == 0) {
                throw new IllegalArgumentException(SafeText.escapeControls(directory.toString()) + " holds no"
                        + " snapshot: record the run with snapshots (e.g. snapshotEveryEpoch())");
            }
            SnapshotSource source = SnapshotSource.of(reader).select(chosen);
            if (source.count() < 2) {
                throw new IllegalArgumentException("the trajectory needs at least 2 snapshots, but "
                        + (selection == null ? SafeText.escapeControls(directory.toString()) + " holds "
                        : "--snapshots " + chosen + " selects ") + source.count() + " (of " + reader.count() + ")");
            }
            return new TrajectoryInputs(run, reader, chosen, source);
        } catch (RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /** @return T, the snapshots selected */
    int count() {
        return source.count();
    }

    /** @return one JSON object per selected snapshot: {@code snapshot, iteration, epoch, coordinates} */
    List<Map<String, Object>> rows(double[][] coordinates) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int t = 0; t < count(); t++) {
            int index = source.sourceIndex(t);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("snapshot", index);
            row.put("iteration", reader.scalars(index).getLong(Snapshot.ITERATION));
            row.put("epoch", reader.scalars(index).getInt(Snapshot.EPOCH));
            row.put("coordinates", coordinates[t]);
            rows.add(row);
        }
        return rows;
    }

    /** @return the epoch of selected snapshot t */
    int epoch(int t) throws IOException {
        return reader.scalars(source.sourceIndex(t)).getInt(Snapshot.EPOCH);
    }

    @Override
    public void close() {
        reader.close();
    }
}
