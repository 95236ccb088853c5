package org.landscape4j.listener;

import java.io.IOException;

/**
 * One recording concern of the {@link LandscapeListener}: metrics, snapshots, and later slices, curvature and
 * the trajectory's PCA. The listener translates DL4J's callbacks into {@link TrainingEvent}s and hands each to
 * every live recorder; a recorder decides from its own {@link Schedule} whether to act, takes what it needs
 * on the training thread (a norm, a shared θ copy) and submits the heavy work to the run's writer thread.
 *
 * <p>Failure isolation: an exception from any method stops this recorder alone (one log line; its files are
 * abandoned, the others go on), and the run ends {@code failed} with that reason.
 *
 * <p>Threads: the {@code on*} methods run on the training thread (under the listener's lock), must be quick and
 * must not keep references to the network's live arrays; {@link #open}, {@link #close}, {@link #abandon} and
 * the submitted tasks run on the writer thread, in submission order.
 */
interface Recorder {

    /** @return a short name for logs and the manifest, e.g. {@code "snapshots"} */
    String name();

    /** @return when it records */
    Schedule schedule();

    /** Recording starts (the first training event, before any update the listener sees). */
    default void onStart(TrainingEvent event) throws IOException {
    }

    /** The raw minibatch gradient exists ({@code onGradientCalculation}): before update {@code event.updates() + 1}. */
    default void onGradient(TrainingEvent event) throws IOException {
    }

    /** An update was applied ({@code iterationDone}): {@code event.updates()} updates so far. */
    default void onUpdate(TrainingEvent event) throws IOException {
    }

    /** An epoch ended: {@code event.completedEpochs()} epochs completed. */
    default void onEpochEnd(TrainingEvent event) throws IOException {
    }

    /** The listener closes (the program closed it, or the JVM is shutting down with {@code event.atShutdown()}). */
    default void onClose(TrainingEvent event) throws IOException {
    }

    /** Writer thread: creates the recorder's files in the run directory. */
    void open(RunContext run) throws IOException;

    /** Writer thread: completes the recorder's files (end-of-stream markers); nothing is written after. */
    void close() throws IOException;

    /** Writer thread: releases the recorder's files after a failure, without throwing. */
    void abandon();

    /** @return the CPU time its own background threads (not the writer's) have used so far, in nanoseconds */
    default long workerCpuNanos() {
        return 0;
    }

    /** @return what it wrote, for the closing log line, e.g. {@code "101 snapshots"} */
    String summary();
}
