package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.RunStatus;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The listener as a scheduler of recorders: a recorder that throws (on the training thread or on the writer
 * thread) stops alone, the others record the whole run, training finishes, and the run ends failed with the
 * failing recorder's reason; θ copies are shared between recorders that need them at one event.
 */
class RecorderIsolationTest {

    @TempDir
    Path tmp;

    /** Softmax regression 3 → 2 (8 parameters): enough to train, nothing to learn about it here. */
    private static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.FLOAT).updater(new Sgd(0.1)).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    private static ListDataSetIterator<DataSet> data() {
        Nd4j.getRandom().setSeed(4);
        DataSet data = new DataSet(Nd4j.rand(DataType.FLOAT, 8, 3), Nd4j.eye(2).castTo(DataType.FLOAT).repeat(0, 4));
        return new ListDataSetIterator<>(data.asList(), 4);                // 2 updates per epoch
    }

    /** A recorder that counts its callbacks and fails where told. */
    private static final class Faulty implements Recorder {
        final AtomicInteger updates = new AtomicInteger();
        final AtomicInteger written = new AtomicInteger();
        final int throwOnUpdate;
        final int throwOnWrite;
        final List<float[]> seen = new ArrayList<>();

        Faulty(int throwOnUpdate, int throwOnWrite) {
            this.throwOnUpdate = throwOnUpdate;
            this.throwOnWrite = throwOnWrite;
        }

        @Override
        public String name() {
            return "faulty";
        }

        @Override
        public Schedule schedule() {
            return Schedule.every(1, ScheduleUnit.ITERATIONS);
        }

        @Override
        public void onUpdate(TrainingEvent event) throws IOException {
            if (updates.incrementAndGet() == throwOnUpdate) {
                throw new IOException("deliberate failure on the training thread");
            }
            SharedTheta theta = event.theta();
            seen.add(theta.values());
            event.submit(this, () -> {
                if (written.incrementAndGet() == throwOnWrite) {
                    throw new IllegalStateException("deliberate failure on the writer thread");
                }
            }, theta);
        }

        @Override
        public void open(RunContext run) {
        }

        @Override
        public void close() {
        }

        @Override
        public void abandon() {
        }

        @Override
        public String summary() {
            return written.get() + " writes";
        }
    }

    private RunManifest trainWith(Faulty faulty, Path dir) throws IOException {
        MultiLayerNetwork net = network();
        try (LandscapeListener listener = LandscapeListener.builder(dir).snapshotEvery(1, ScheduleUnit.ITERATIONS)
                .metricsEveryIteration().recorder(faulty).build()) {
            net.addListeners(listener);
            net.fit(data(), 5);
            assertTrue(listener.isRecording(), "the other recorders go on");
        }
        assertEquals(10, net.getIterationCount(), "training finished");
        RunDirectory run = RunDirectory.open(dir);
        assertEquals(10, run.readMetrics(null).rows().size(), "metrics recorded every update");
        List<Long> iterations = new ArrayList<>();
        try (SnapshotReader reader = run.openSnapshots(null)) {
            for (Snapshot snapshot : reader) {
                iterations.add(snapshot.iteration());
            }
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), iterations, "snapshots recorded every update");
        return run.manifest();
    }

    @Test
    void aRecorderThatThrowsOnTheTrainingThreadStopsAlone() throws IOException {
        Faulty faulty = new Faulty(3, -1);
        RunManifest manifest = trainWith(faulty, tmp.resolve("training-thread"));
        assertEquals(3, faulty.updates.get(), "no callback after its failure");
        assertEquals(2, faulty.written.get(), "its earlier work was written");
        assertEquals(RunStatus.FAILED, manifest.status());
        assertEquals("the faulty recorder stopped: could not record an update: deliberate failure on the training"
                + " thread", manifest.failure());
    }

    @Test
    void aRecorderThatThrowsOnTheWriterThreadStopsAlone() throws IOException {
        Faulty faulty = new Faulty(-1, 4);
        RunManifest manifest = trainWith(faulty, tmp.resolve("writer-thread"));
        assertEquals(RunStatus.FAILED, manifest.status());
        assertEquals("the faulty recorder stopped: could not write: deliberate failure on the writer thread",
                manifest.failure());
        assertTrue(faulty.written.get() >= 4, "it ran until its failure");
    }

    /** The snapshot recorder and the faulty one asked for θ at the same events: one copy each time, shared. */
    @Test
    void recordersShareTheThetaCopyOfAnEvent() throws IOException {
        Faulty faulty = new Faulty(-1, -1);
        RunManifest manifest = trainWith(faulty, tmp.resolve("shared"));
        assertEquals(RunStatus.COMPLETE, manifest.status());
        assertEquals(10, faulty.seen.size());
        long distinct = faulty.seen.stream().map(System::identityHashCode).distinct().count();
        assertTrue(distinct <= LandscapeListener.thetaBuffers(8), distinct + " buffers for 10 events: pooled, O(P)");
    }

    @Test
    void failFastThrowsARecordersFailureIntoTraining() {
        MultiLayerNetwork net = network();
        try (LandscapeListener listener = LandscapeListener.builder(tmp.resolve("fast")).metricsEveryIteration()
                .recorder(new Faulty(2, -1)).failFast(true).build()) {
            net.addListeners(listener);
            LandscapeRecordingException e = assertThrows(LandscapeRecordingException.class, () -> net.fit(data(), 2));
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().contains("faulty recorder stopped"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }
}
