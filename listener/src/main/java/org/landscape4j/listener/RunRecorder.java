package org.landscape4j.listener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.landscape4j.run.MetricRow;
import org.landscape4j.run.MetricsWriter;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.SnapshotWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the listener writes to its run directory, and nothing else: the manifest, the network
 * configuration, the metrics stream and the snapshot stream. Not thread-safe: {@link #start} runs on the training
 * thread, every later call on the {@link AsyncRecorder}'s writer thread.
 */
final class RunRecorder {

    private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);

    private final Path directory;
    private final RunManifest manifest;
    private final MetricsWriter metrics;
    private final SnapshotWriter snapshots;

    private RunRecorder(Path directory, RunManifest manifest, MetricsWriter metrics, SnapshotWriter snapshots) {
        this.directory = directory;
        this.manifest = manifest;
        this.metrics = metrics;
        this.snapshots = snapshots;
    }

    /**
     * Creates the run's files: the manifest first (status "running"), then the streams.
     *
     * @param withSnapshots    whether to open the snapshot stream
     * @param metricsBatchRows rows buffered per metrics record batch
     */
    static RunRecorder start(Path directory, RunManifest manifest, String networkJson, boolean withSnapshots,
                             int metricsBatchRows) throws IOException {
        Files.createDirectories(directory);
        manifest.write(directory.resolve(RunFiles.MANIFEST));
        MetricsWriter metrics = null;
        SnapshotWriter snapshots = null;
        try {
            Files.writeString(directory.resolve(RunFiles.NETWORK), networkJson, StandardCharsets.UTF_8);
            metrics = new MetricsWriter(directory.resolve(RunFiles.METRICS), null, metricsBatchRows);
            if (withSnapshots) {
                snapshots = new SnapshotWriter(directory.resolve(RunFiles.SNAPSHOTS),
                        Math.toIntExact(manifest.parameterCount()), null);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(metrics);
            markQuietly(directory, manifest, RunManifest.STATUS_FAILED);
            throw e;
        }
        log.info("landscape4j: recording {} parameters into {}", manifest.parameterCount(), directory);
        return new RunRecorder(directory, manifest, metrics, snapshots);
    }

    Path directory() {
        return directory;
    }

    void appendMetrics(MetricRow row) throws IOException {
        metrics.append(row);
    }

    void flushMetrics() throws IOException {
        metrics.flush();
    }

    void writeSnapshot(long iteration, int epoch, double score, float[] params) throws IOException {
        snapshots.write(iteration, epoch, score, params);
    }

    long snapshotsWritten() {
        return snapshots == null ? 0 : snapshots.snapshotsWritten();
    }

    long metricRowsWritten() {
        return metrics.rowsWritten();
    }

    /** Closes both streams (pending rows flushed, end-of-stream markers written) and finishes the manifest. */
    void finish(String status) throws IOException {
        IOException first = null;
        try {
            metrics.close();
        } catch (IOException e) {
            first = e;
        }
        if (snapshots != null) {
            try {
                snapshots.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        try {
            manifest.finished(Instant.now(), status).write(directory.resolve(RunFiles.MANIFEST));
        } catch (IOException e) {
            first = first == null ? e : first;
        }
        if (first != null) {
            throw first;
        }
    }

    /** After a failure: releases what can be released and tries to mark the manifest, without throwing. */
    void abandon(String status) {
        closeQuietly(metrics);
        closeQuietly(snapshots);
        markQuietly(directory, manifest, status);
    }

    private static void markQuietly(Path directory, RunManifest manifest, String status) {
        try {
            manifest.finished(Instant.now(), status).write(directory.resolve(RunFiles.MANIFEST));
        } catch (IOException | RuntimeException e) {
            log.debug("landscape4j: could not mark the manifest of {} as {}", directory, status, e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("landscape4j: ignoring a failure to close {} after an earlier failure", closeable, e);
        }
    }
}
