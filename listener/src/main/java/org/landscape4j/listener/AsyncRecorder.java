package org.landscape4j.listener;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.landscape4j.run.MetricRow;
import org.landscape4j.run.RunManifest;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the run's I/O off the training thread. The training thread only measures and copies (a snapshot is one
 * bulk copy into a pooled {@code float[P]}); a single writer thread serializes the Arrow batches and writes
 * them, in the order they were handed over. Measured on W3 (25k parameters, a metrics batch and a snapshot per
 * 12 ms epoch): Arrow's per-batch serialization was most of the listener's cost on the training thread.
 *
 * <p>Memory is bounded: {@value #SNAPSHOT_BUFFERS} snapshot buffers; when both wait to be written (a slow
 * disk), the training thread waits for one (backpressure), so at most O(P) memory is in flight. Metric rows are
 * small and queue freely. A kill loses what was queued and not yet written (at most those buffers and the rows
 * since the last batch). A write failure is kept and surfaced by {@link #failure()}; later work is dropped.
 */
final class AsyncRecorder {

    private static final Logger log = LoggerFactory.getLogger(AsyncRecorder.class);

    /** Snapshots that may be in flight at once. */
    static final int SNAPSHOT_BUFFERS = 2;

    private interface Task {
        void run(RunRecorder recorder) throws IOException;
    }

    /** Ends the writer thread after running. */
    private record Last(Task task) implements Task {
        @Override
        public void run(RunRecorder recorder) throws IOException {
            task.run(recorder);
        }
    }

    private final RunRecorder recorder;
    private final int parameterCount;
    private final int metricsBatchRows;
    /** Rows collected by the listener (under its lock); handed to the writer one batch at a time (one wake-up each). */
    private java.util.List<MetricRow> rows = new java.util.ArrayList<>();
    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final BlockingQueue<float[]> freeBuffers = new ArrayBlockingQueue<>(SNAPSHOT_BUFFERS);
    private final Thread writer;
    private int buffersCreated;
    private volatile Exception failure;
    private volatile long writerCpuNanos = -1;

    AsyncRecorder(RunRecorder recorder, int parameterCount, int metricsBatchRows) {
        this.recorder = recorder;
        this.parameterCount = parameterCount;
        this.metricsBatchRows = metricsBatchRows;
        this.writer = new Thread(this::drain, "landscape4j-writer " + recorder.directory().getFileName());
        writer.setDaemon(true);
        writer.start();
    }

    /** @return the first write failure, or null */
    Exception failure() {
        return failure;
    }

    /** Collects a row; a full batch goes to the writer. Called under the listener's lock. */
    void appendMetrics(MetricRow row) {
        rows.add(row);
        if (rows.size() >= metricsBatchRows) {
            flushMetrics();
        }
    }

    /** Hands the collected rows to the writer as one record batch. Called under the listener's lock. */
    void flushMetrics() {
        if (rows.isEmpty()) {
            return;
        }
        java.util.List<MetricRow> batch = rows;
        rows = new java.util.ArrayList<>();
        tasks.add(r -> {
            for (MetricRow row : batch) {
                r.appendMetrics(row);
            }
            r.flushMetrics();
        });
    }

    /** Copies θ now (the caller's view may change right after) and queues the snapshot. */
    void writeSnapshot(long iteration, int epoch, double score, INDArray params) throws InterruptedException {
        float[] buffer = takeBuffer();
        ParameterCopy.into(params, buffer);
        tasks.add(r -> {
            try {
                r.writeSnapshot(iteration, epoch, score, buffer);
            } finally {
                freeBuffers.offer(buffer);
            }
        });
    }

    private float[] takeBuffer() throws InterruptedException {
        float[] buffer = freeBuffers.poll();
        if (buffer == null && buffersCreated < SNAPSHOT_BUFFERS) {
            buffersCreated++;
            return new float[parameterCount];
        }
        return buffer != null ? buffer : freeBuffers.take();
    }

    /** @return the CPU time the writer thread used, once it has ended (after finish or abandon); else -1 */
    long writerCpuNanos() {
        return writerCpuNanos;
    }

    private static long currentThreadCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
    }

    long snapshotsWritten() {
        return recorder.snapshotsWritten();
    }

    long metricRowsWritten() {
        return recorder.metricRowsWritten();
    }

    /**
     * Writes everything queued, then closes the streams and finishes the manifest with {@code status}; waits.
     *
     * @throws IOException the first failure of any queued write or of finishing
     */
    void finish(String status) throws IOException, InterruptedException {
        flushMetrics();
        tasks.add(new Last(r -> r.finish(status)));
        writer.join();
        Exception first = failure;
        if (first instanceof IOException io) {
            throw io;
        }
        if (first != null) {
            throw new IOException(first.getMessage(), first);
        }
    }

    /** After a failure: lets the writer stop, then releases the files and marks the manifest; never throws. */
    void abandon(String status) {
        if (failure == null) {
            failure = new IOException("recording abandoned");
        }
        tasks.add(new Last(r -> r.abandon(status)));
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        while (true) {
            Task task;
            try {
                task = tasks.take();
            } catch (InterruptedException e) {
                log.warn("landscape4j: the writer of {} was interrupted; recording stops", recorder.directory());
                failure = failure == null ? e : failure;
                recorder.abandon(RunManifest.STATUS_FAILED);
                writerCpuNanos = currentThreadCpuNanos();
                return;
            }
            boolean last = task instanceof Last;
            if (failure == null || last) {
                try {
                    task.run(recorder);
                } catch (IOException | RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    }
                    if (last) {
                        recorder.abandon(RunManifest.STATUS_FAILED);
                    }
                }
            }
            if (last) {
                writerCpuNanos = currentThreadCpuNanos();
                return;
            }
        }
    }
}
