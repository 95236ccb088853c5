package org.landscape4j.cli;

import org.landscape4j.trajectory.TrajectoryProgress;

/**
 * Progress bars for a trajectory computation: one {@link Progress} per stage of snapshot reads ({@code gram},
 * {@code components}, ...), on standard error, opened when the stage reports first and closed when the next
 * begins. Called on the computing thread only.
 */
final class StageProgress implements TrajectoryProgress, AutoCloseable {

    private final String task;
    private String stage;
    private Progress bar;

    /** @param task the command, e.g. "pca" */
    StageProgress(String task) {
        this.task = task;
    }

    @Override
    public void update(String stage, long done, long total) {
        if (!stage.equals(this.stage)) {
            close();
            this.stage = stage;
            bar = Progress.start(task + " " + stage, total, 0, System.err);
        }
        bar.update(done);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
