package org.landscape4j.listener;

import org.landscape4j.dl4j.network.Dl4jNetwork;

import org.landscape4j.run.VectorCopy;

/**
 * One training event as recorders see it: the counters at that moment, the network (training thread only), a
 * θ copy taken at most once per event and shared by every recorder that asks ({@link #theta()}), and the way
 * to hand work to the writer thread ({@link #submit}).
 */
final class TrainingEvent {

    private final Dl4jNetwork network;
    private final org.landscape4j.layout.ParameterLayout layout;
    private final RunWriter writer;
    private final ThetaPool pool;
    private final long updates;
    private final int epoch;
    private final long completedEpochs;
    private final double score;
    private final boolean atShutdown;
    private final ArrayNorms norms;
    private SharedTheta theta;
    private boolean thetaUnavailable;
    private double[] gradientViewNorms;
    private double[] paramNorms;

    TrainingEvent(Dl4jNetwork network, org.landscape4j.layout.ParameterLayout layout, ArrayNorms norms,
                  RunWriter writer, ThetaPool pool, long updates, int epoch, long completedEpochs, double score,
                  boolean atShutdown) {
        this.network = network;
        this.layout = layout;
        this.norms = norms;
        this.writer = writer;
        this.pool = pool;
        this.updates = updates;
        this.epoch = epoch;
        this.completedEpochs = completedEpochs;
        this.score = score;
        this.atShutdown = atShutdown;
    }

    /** @return the network, to be read on the training thread only; null at shutdown */
    Dl4jNetwork network() {
        return atShutdown ? null : network;
    }

    /** @return the layout of θ, read once when recording started */
    org.landscape4j.layout.ParameterLayout layout() {
        return layout;
    }

    /** @return how {@link #gradientViewNorms()} and {@link #paramNorms()} are measured (which arrays) */
    ArrayNorms norms() {
        return norms;
    }

    /**
     * @return ‖v<sub>s</sub>‖₂ of each trainable array ({@link ArrayNorms}) of the network's gradient view now: the
     *         raw minibatch gradient (a batch sum) in {@code onGradient}, the update just applied in
     *         {@code onUpdate}; measured once per event and shared by every recorder that asks (do not modify)
     */
    double[] gradientViewNorms() {
        if (gradientViewNorms == null) {
            gradientViewNorms = norms.of(network.currentGradientView());
        }
        return gradientViewNorms;
    }

    /** @return ‖θ<sub>s</sub>‖₂ of each trainable array now, measured once per event and shared (do not modify) */
    double[] paramNorms() {
        if (paramNorms == null) {
            paramNorms = norms.of(network.params());
        }
        return paramNorms;
    }

    /** @return parameter updates applied so far */
    long updates() {
        return updates;
    }

    /** @return the epoch the current update belongs to (0-based; 0 throughout fit(DataSet) loops) */
    int epoch() {
        return epoch;
    }

    /** @return epochs completed so far */
    long completedEpochs() {
        return completedEpochs;
    }

    /** @return the training score of the last update's minibatch (NaN before any) */
    double score() {
        return score;
    }

    /** @return true if the JVM is shutting down: the network may be mid-update and must not be read */
    boolean atShutdown() {
        return atShutdown;
    }

    /** @return the run directory */
    java.nio.file.Path runDirectory() {
        return writer.directory();
    }

    /** @return the run's id, as its manifest records it */
    String runId() {
        return writer.runId();
    }

    /** @return seconds since recording started */
    double elapsedSeconds() {
        return writer.elapsedSeconds();
    }

    /**
     * @return θ now, copied once for this event and shared; the caller gets its own reference and must release it
     *         (or pass it to {@link #submit}); null at shutdown, or when no buffer can be had because the writer
     *         stopped
     */
    SharedTheta theta() {
        if (atShutdown || thetaUnavailable) {
            return null;
        }
        if (theta == null) {
            if (pool.available() == 0) {
                writer.wake();                   // the writer holds every buffer: it must not finish its nap first
            }
            theta = pool.take(writer::isAlive);
            if (theta == null) {
                thetaUnavailable = true;
                return null;
            }
            theta.reset(updates, Math.toIntExact(completedEpochs), score);
            try {
                VectorCopy.into(network.model().params(), theta.buffer());   // never cached: the user owns it
            } catch (RuntimeException e) {
                theta.release();
                theta = null;
                throw e;
            }
        }
        return theta.retain();
    }

    /**
     * Hands work to the writer thread, in order. If the recorder has failed, the task is dropped; {@code held}
     * (if not null) is released after the task, whatever happens.
     */
    void submit(Recorder recorder, RunWriter.Task task, SharedTheta held) {
        writer.submit(recorder, task, held);
    }

    /**
     * Reports a failure of a recorder's own background work (not the writer's): the recorder stops alone, with one
     * log line, as if its callback had thrown. Thread-safe; the returned reporter may be kept and called later.
     */
    java.util.function.BiConsumer<String, Throwable> failureReporter(Recorder recorder) {
        RunWriter target = writer;
        return (what, e) -> target.recorderFailed(recorder, what, e);
    }

    /**
     * A handle through which a recorder's own background thread hands tasks to the writer thread (in order, dropped
     * once the recorder has failed or the run is finishing). Thread-safe; the handle may be kept and called later,
     * but only before the recorder's {@code onClose} returns.
     */
    java.util.function.Consumer<RunWriter.Task> submitter(Recorder recorder) {
        RunWriter target = writer;
        return task -> target.submit(recorder, task, null);
    }

    /** Drops the event's own reference to its θ copy (after every recorder has seen the event). */
    void finish() {
        if (theta != null) {
            theta.release();
            theta = null;
        }
    }
}
