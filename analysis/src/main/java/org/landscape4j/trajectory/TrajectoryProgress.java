package org.landscape4j.trajectory;

/**
 * Receives the progress of a long trajectory computation, for a progress bar: called on the computing thread,
 * after each unit of a pass (a snapshot read, or a column chunk of every snapshot).
 */
@FunctionalInterface
public interface TrajectoryProgress {

    /** Ignores every report. */
    TrajectoryProgress NONE = (stage, done, total) -> { };

    /**
     * @param stage what is being done (e.g. {@code "statistics"}, {@code "gram"}, {@code "components"})
     * @param done  units done in this stage (snapshot reads, or column chunks for the passes that read by chunks)
     * @param total units of this stage
     */
    void update(String stage, long done, long total);
}
