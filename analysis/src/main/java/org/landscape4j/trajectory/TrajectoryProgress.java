package org.landscape4j.trajectory;

/**
 * Receives the progress of a long trajectory computation, for a progress bar: called on the computing thread,
 * after each snapshot read of a pass.
 */
@FunctionalInterface
public interface TrajectoryProgress {

    /** Ignores every report. */
    TrajectoryProgress NONE = (stage, done, total) -> { };

    /**
     * @param stage what is being done (e.g. {@code "statistics"}, {@code "gram"}, {@code "components"})
     * @param done  snapshot reads done in this stage
     * @param total snapshot reads of this stage
     */
    void update(String stage, long done, long total);
}
