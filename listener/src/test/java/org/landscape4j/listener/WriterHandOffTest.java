package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.SnapshotReader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The hand-off between the training thread and the writer: the writer is never signalled per task (it looks at its
 * queue after naps of {@link RunWriter#MIN_NAP_MILLIS} to {@link RunWriter#MAX_NAP_MILLIS} ms), so these check that
 * nothing is lost or stuck when the training thread outruns it, and that the background threads' CPU times are
 * readable while the run records.
 */
class WriterHandOffTest {

    @TempDir
    Path tmp;

    /** Copies θ after every update, as float32 (what a snapshot holds). */
    private static final class Thetas extends BaseTrainingListener {
        final List<float[]> values = new ArrayList<>();

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            values.add(model.params().castTo(DataType.FLOAT).toFloatVector());
        }
    }

    /**
     * 120 snapshots taken within a few hundred milliseconds, far faster than the writer's naps, with 16 θ buffers (the
     * pool's most for this small network): the training thread runs out of buffers and must wake the writer rather
     * than wait for its next look. Every snapshot arrives, in order, equal to θ after its update. The timeout only
     * guards against a hang (a writer never woken would take 50 ms per buffer, not forever).
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void snapshotsFasterThanTheWriterNapsAreAllWrittenInOrder() throws IOException {
        DataSet data = Fixtures.classification(3, 24, Fixtures.INPUTS, Fixtures.CLASSES, DataType.FLOAT);
        MultiLayerNetwork net = Fixtures.classifier(DataType.FLOAT);
        Thetas thetas = new Thetas();
        Path run = tmp.resolve("fast");
        try (LandscapeListener listener = LandscapeListener.builder(run)
                .snapshotEvery(1, ScheduleUnit.ITERATIONS).build()) {
            net.addListeners(listener, thetas);
            net.fit(new ListDataSetIterator<>(data.asList(), 2), 10);      // 12 minibatches, 120 updates
        }
        RunDirectory directory = RunDirectory.open(run);
        try (SnapshotReader reader = directory.openSnapshots(null)) {
            assertEquals(121, reader.count(), "the initial θ and one per update");
            for (int t = 0; t < 120; t++) {
                assertEquals(t + 1, reader.read(t + 1).iteration());
                assertArrayEquals(thetas.values.get(t), reader.read(t + 1).params(), "θ after update " + (t + 1));
            }
        }
    }

    /**
     * The nap rule's arithmetic: half the pool's buffers at the rate θ copies came, between the shortest and the
     * longest nap; doubling when none came.
     */
    @Test
    void theWriterNapsUntilAboutHalfThePoolCouldBeTaken() {
        long ms = 1_000_000;
        long min = RunWriter.MIN_NAP_MILLIS * ms;
        long max = RunWriter.MAX_NAP_MILLIS * ms;
        // 4 copies in 100 ms (one per 25 ms), 16 buffers: 8 take 200 ms
        assertEquals(200 * ms, RunWriter.nextNapNanos(min, 4, 100 * ms, 16));
        // 8 buffers: 4 take 100 ms
        assertEquals(100 * ms, RunWriter.nextNapNanos(min, 4, 100 * ms, 8));
        // fast copies: never shorter than the shortest nap (the training thread wakes the writer if the pool runs dry)
        assertEquals(min, RunWriter.nextNapNanos(max, 40, 100 * ms, 2));
        // rare copies: never longer than the longest
        assertEquals(max, RunWriter.nextNapNanos(min, 1, 2_000 * ms, 16));
        // no copy since the last look: twice the last nap, up to the longest
        assertEquals(2 * min, RunWriter.nextNapNanos(min, 0, 60 * ms, 16));
        assertEquals(max, RunWriter.nextNapNanos(max, 0, 300 * ms, 16));
        // a pool of one buffer: room for one copy
        assertEquals(60 * ms, RunWriter.nextNapNanos(min, 2, 120 * ms, 1));
    }

    /** The writer's CPU time is read live while the run records (it was known only after close), and grows. */
    @Test
    void theWritersCpuTimeIsReadWhileRecordingAndFinalAfterClose() throws IOException {
        DataSet data = Fixtures.classification(3, 12, Fixtures.INPUTS, Fixtures.CLASSES, DataType.FLOAT);
        MultiLayerNetwork net = Fixtures.classifier(DataType.FLOAT);
        List<Optional<Duration>> during = new ArrayList<>();
        LandscapeListener listener = LandscapeListener.builder(tmp.resolve("cpu")).metricsEveryIteration()
                .snapshotEveryEpoch().build();
        net.addListeners(listener, new BaseTrainingListener() {
            @Override
            public void onEpochEnd(Model model) {
                during.add(listener.writerCpuTime());
            }
        });
        net.fit(new ListDataSetIterator<>(data.asList(), 4), 3);
        listener.close();
        Optional<Duration> after = listener.writerCpuTime();
        if (after.isEmpty()) {
            return;                                   // a JVM without thread CPU time: nothing to read, before or after
        }
        assertEquals(3, during.size());
        for (Optional<Duration> reading : during) {
            assertTrue(reading.isPresent(), "read while recording");
            assertTrue(reading.get().compareTo(after.get()) <= 0, reading.get() + " then " + after.get());
        }
        assertTrue(after.get().compareTo(Duration.ZERO) > 0);
        assertEquals(after, listener.writerCpuTime(), "final once closed");
    }
}
