package org.landscape4j.listener;

import java.io.IOException;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.SnapshotWriter;

/**
 * Records θ into {@link RunFiles#SNAPSHOTS} on its schedule: when recording starts ({@code atStart}), after
 * every scheduled update or epoch, and when the listener closes if θ changed since the last snapshot
 * ({@code atEnd}). The training thread takes the shared θ copy of the event (one bulk copy); the writer thread
 * writes it. Snapshot iterations are strictly increasing: an event at a count already snapshotted (an epoch
 * end right after an update snapshot) is skipped.
 */
final class SnapshotRecorder extends StreamRecorder<SnapshotWriter> {

    private final Schedule schedule;
    private long lastUpdates = -1;

    SnapshotRecorder(Schedule schedule) {
        this.schedule = schedule;
    }

    @Override
    public String name() {
        return "snapshots";
    }

    @Override
    public Schedule schedule() {
        return schedule;
    }

    @Override
    public void onStart(TrainingEvent event) {
        if (schedule.atStart()) {
            take(event);
        }
    }

    @Override
    public void onUpdate(TrainingEvent event) {
        if (schedule.isDueAfterUpdate(event.updates())) {
            take(event);
        }
    }

    @Override
    public void onEpochEnd(TrainingEvent event) {
        if (schedule.isDueAfterEpoch(event.completedEpochs())) {
            take(event);
        }
    }

    @Override
    public void onClose(TrainingEvent event) {
        if (schedule.atEnd() && !event.atShutdown() && event.updates() != lastUpdates) {
            take(event);
        }
    }

    private void take(TrainingEvent event) {
        if (event.updates() == lastUpdates) {
            return;
        }
        SharedTheta theta = event.theta();
        if (theta == null) {
            return;                                  // the writer has stopped: nothing to hand it
        }
        lastUpdates = event.updates();
        event.submit(this, () -> stream.write(theta.updates(), theta.epoch(), theta.score(), theta.values()), theta);
    }

    @Override
    protected SnapshotWriter createStream(RunContext run) throws IOException {
        return new SnapshotWriter(run.file(RunFiles.SNAPSHOTS), Math.toIntExact(run.manifest().parameterCount()),
                run.manifest().runId(), null);
    }

    /** @return snapshots written so far */
    long snapshotsWritten() {
        return rowsWritten();
    }

    @Override
    public String summary() {
        return rowsWritten() + " snapshots";
    }
}
