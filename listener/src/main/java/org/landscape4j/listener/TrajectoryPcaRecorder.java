package org.landscape4j.listener;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunFiles;
import org.landscape4j.trajectory.IncrementalPca;
import org.landscape4j.trajectory.PcaTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trajectory's principal components, online: at each scheduled moment the training thread hands over the
 * event's shared θ copy (taken once per event for every recorder, no copy of its own) and goes on; the writer
 * thread feeds it to an {@link IncrementalPca} (Ross et al. 2008, one snapshot per update: one pass over P to form its
 * row and the mean, the products with the basis deferred and done for ten updates at a time; O(kP) memory; the T×P
 * matrix of the trajectory is never held) and, after every {@code writeEvery}-th snapshot
 * and when the listener closes, writes the model to {@code results/ipca.arrows} ({@link PcaTable#writeIncremental},
 * replacing the previous one). Closing logs how much of the trajectory's variance the first two components
 * hold, as a warning when it is below {@value #LITTLE_VARIANCE} (a PCA plane would then be a misleading
 * picture of the path).
 *
 * <p>A snapshot holding NaN or ±∞ (a diverged run) is not fed, with one warning; the PCA of the snapshots before
 * it stays. A snapshot the PCA leaves out when folding it in (its small eigen-decomposition failed:
 * {@link IncrementalPca#droppedUpdates()}, logged there) is left out of the recorded source iterations too. Any other
 * failure (the disk is full) stops this recorder alone, as every recorder.
 */
final class TrajectoryPcaRecorder implements Recorder {

    private static final Logger log = LoggerFactory.getLogger(TrajectoryPcaRecorder.class);

    /** Below this share of the variance in the first two components, the closing line is a warning. */
    static final double LITTLE_VARIANCE = 0.5;

    private final TrajectoryPcaSettings settings;
    /** The updates counts of the snapshots fed, one per update the PCA accepted, in order (writer thread). */
    private final List<Long> fed = new ArrayList<>();
    /** For each write, the number of snapshots it covered (read by tests after close). */
    private final List<Long> writes = new CopyOnWriteArrayList<>();
    private IncrementalPca pca;
    /**
     * The snapshots in the model, for {@link #summary()} on another thread: the PCA itself is read on the writer thread
     * only (a read folds pending updates in, which changes its state).
     */
    private volatile long samples;
    private Path resultsDirectory;
    private String runId;
    private int sinceWrite;
    private boolean warnedNonFinite;
    /** Training thread: the updates count of the last θ handed over. */
    private long lastUpdates = -1;

    TrajectoryPcaRecorder(TrajectoryPcaSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "trajectory PCA";
    }

    @Override
    public Schedule schedule() {
        return settings.schedule();
    }

    @Override
    public void onStart(TrainingEvent event) {
        if (settings.schedule().atStart()) {
            take(event);
        }
    }

    @Override
    public void onUpdate(TrainingEvent event) {
        if (settings.schedule().isDueAfterUpdate(event.updates())) {
            take(event);
        }
    }

    @Override
    public void onEpochEnd(TrainingEvent event) {
        if (settings.schedule().isDueAfterEpoch(event.completedEpochs())) {
            take(event);
        }
    }

    @Override
    public void onClose(TrainingEvent event) {
        if (settings.schedule().atEnd() && !event.atShutdown() && event.updates() != lastUpdates) {
            take(event);
        }
    }

    private void take(TrainingEvent event) {
        if (event.updates() == lastUpdates) {
            return;
        }
        SharedTheta theta = event.theta();
        if (theta == null) {
            return;                                   // the writer has stopped: nothing to hand it
        }
        lastUpdates = event.updates();
        event.submit(this, () -> feed(theta.values(), theta.updates()), theta);
    }

    /** Writer thread: one incremental update, and a write when due. */
    private void feed(float[] theta, long updates) throws IOException {
        if (!finite(theta)) {
            if (!warnedNonFinite) {
                warnedNonFinite = true;
                log.warn("landscape4j: θ after {} updates holds NaN or ±∞ (a diverged run?): it and later such"
                        + " snapshots are left out of the trajectory PCA", updates);
            }
            return;
        }
        if (pca == null) {
            pca = new IncrementalPca(theta.length, settings.components());
        }
        if (!pca.update(theta)) {
            return;                                   // not accepted (IncrementalPca accepts every finite θ of length P)
        }
        fed.add(updates);
        samples++;
        sinceWrite++;
        if (settings.writeEvery() > 0 && sinceWrite >= settings.writeEvery()) {
            write();
        }
    }

    /**
     * @param fed     the updates counts of the snapshots fed, one per accepted update
     * @param dropped the ordinals (1 = the first) of the updates the PCA left out
     * @return the counts of the snapshots in the model
     */
    static List<Long> inModel(List<Long> fed, List<Long> dropped) {
        List<Long> kept = new ArrayList<>(fed.size());
        for (int i = 0; i < fed.size(); i++) {
            if (!dropped.contains(i + 1L)) {
                kept.add(fed.get(i));
            }
        }
        return kept;
    }

    private static boolean finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private void write() throws IOException {
        Provenance provenance = PcaTable.incrementalProvenance(runId, pca, inModel(fed, pca.droppedUpdates()),
                java.util.Map.of("recorded_by", "listener", "schedule", settings.schedule().toSettings()));
        PcaTable.writeIncremental(Results.at(resultsDirectory), TrajectoryPcaSettings.RESULT_NAME, pca, provenance);
        samples = pca.samples();                      // after a dropped update, fewer than fed
        writes.add(samples);
        sinceWrite = 0;
    }

    @Override
    public void open(RunContext run) {
        resultsDirectory = run.file(RunFiles.RESULTS);
        runId = run.manifest().runId();
    }

    /** Writer thread: the last write (if anything was fed since the previous one) and the closing line. */
    @Override
    public void close() throws IOException {
        if (pca == null) {
            log.info("landscape4j: the trajectory PCA saw no snapshot; nothing written");
            return;
        }
        if (sinceWrite > 0) {
            write();
        }
        Message message = varianceMessage(pca.explainedVarianceRatio(), pca.samples(),
                resultsDirectory.resolve(TrajectoryPcaSettings.RESULT_NAME + Results.EXTENSION).toString());
        if (message.warning()) {
            log.warn(message.text());
        } else {
            log.info(message.text());
        }
    }

    @Override
    public void abandon() {
        // a write in progress leaves its partial file; nothing else is open
    }

    @Override
    public String summary() {
        return samples + " snapshots in the trajectory PCA (" + writes.size() + " writes)";
    }

    /** @return for each write so far, the number of snapshots it covered */
    List<Long> writes() {
        return List.copyOf(writes);
    }

    /**
     * A closing line, and whether it is a warning.
     *
     * @param text    the line
     * @param warning true when the first two components hold less than {@value #LITTLE_VARIANCE} of the variance
     */
    record Message(String text, boolean warning) {
    }

    /**
     * @param ratios    the explained variance ratios of the components, descending
     * @param snapshots n, the snapshots seen
     * @param file      where the components were written
     * @return the closing line: the share of the variance the first two components hold, a warning below
     *         {@value #LITTLE_VARIANCE}
     */
    static Message varianceMessage(double[] ratios, long snapshots, String file) {
        if (ratios.length == 0) {
            return new Message("landscape4j: the trajectory PCA of " + snapshots + " snapshot(s) has no component (the"
                    + " snapshots do not differ, or fewer than 2 were fed); written to " + file, true);
        }
        double two = ratios[0] + (ratios.length > 1 ? ratios[1] : 0);
        String share = String.format(Locale.ROOT, "the first two principal components hold %.1f%% of the"
                + " trajectory's variance (PC1 %.1f%%, PC2 %s; %d snapshots, %d components in %s)", 100 * two,
                100 * ratios[0], ratios.length > 1 ? String.format(Locale.ROOT, "%.1f%%", 100 * ratios[1]) : "none",
                snapshots, ratios.length, file);
        if (two < LITTLE_VARIANCE) {
            return new Message("landscape4j: only " + share + ": a PCA plane that explains little is a misleading"
                    + " picture of the path; look at more components, or at an embedding (landscape4j embed)", true);
        }
        return new Message("landscape4j: " + share, false);
    }
}
