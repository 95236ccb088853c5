package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.RunStatus;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.trajectory.ExactPca;
import org.landscape4j.trajectory.IncrementalPca;
import org.landscape4j.trajectory.PcaResult;
import org.landscape4j.trajectory.PcaSettings;
import org.landscape4j.trajectory.PcaTable;
import org.landscape4j.trajectory.Reference;
import org.landscape4j.trajectory.SnapshotSource;
import org.landscape4j.trajectory.TrajectoryProgress;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The incremental-PCA recorder on the 4-5-3 classifier (43 parameters): it writes {@code results/ipca.arrows} at
 * the configured times, its numbers are exactly those of an {@link IncrementalPca} fed the run's own snapshots here
 * (and, with k above the trajectory's rank, those of the exact PCA about the mean), it is recorded in the manifest,
 * and a failure stops it alone.
 */
class TrajectoryPcaRecorderTest {

    @TempDir
    Path tmp;

    /** 24 examples in minibatches of 8: 3 updates per epoch. */
    private static ListDataSetIterator<DataSet> data() {
        return new ListDataSetIterator<>(Fixtures.classification(7, 24, Fixtures.INPUTS, Fixtures.CLASSES,
                DataType.FLOAT).asList(), 8);
    }

    private static List<Snapshot> snapshots(Path run) throws IOException {
        List<Snapshot> all = new ArrayList<>();
        try (SnapshotReader reader = RunDirectory.open(run).openSnapshots(null)) {
            for (Snapshot snapshot : reader) {
                all.add(snapshot);
            }
        }
        return all;
    }

    /**
     * An incremental PCA fed the snapshots here, one at a time, and read after the given numbers of snapshots, as
     * the recorder is (a read compacts the PCA's basis, which changes later results in their last bits).
     */
    private static IncrementalPca fed(List<Snapshot> snapshots, int k, List<Long> readAfter) {
        IncrementalPca pca = new IncrementalPca(snapshots.get(0).params().length, k);
        for (Snapshot snapshot : snapshots) {
            assertTrue(pca.update(snapshot.params()));
            if (readAfter.contains(pca.samples()) && pca.componentCount() > 0) {
                pca.componentAsFloat(0);
            }
        }
        return pca;
    }

    @Test
    void writesAtTheConfiguredTimesTheComponentsOfAnIncrementalPcaFedTheSameSnapshots() throws IOException {
        Path run = tmp.resolve("every-update");
        TrajectoryPcaRecorder recorder = new TrajectoryPcaRecorder(TrajectoryPcaSettings.builder().components(3)
                .every(1, ScheduleUnit.ITERATIONS).writeEvery(4).build());
        MultiLayerNetwork net = Fixtures.classifier(DataType.FLOAT);
        try (LandscapeListener listener = LandscapeListener.builder(run).snapshotEvery(1, ScheduleUnit.ITERATIONS)
                .recorder(recorder).build()) {
            net.addListeners(listener);
            net.fit(data(), 3);
        }
        List<Snapshot> snapshots = snapshots(run);
        assertEquals(10, snapshots.size(), "θ at start and after each of the 9 updates");
        assertEquals(List.of(4L, 8L, 10L), recorder.writes(), "after the 4th and 8th snapshot, then at the end");

        PcaTable.StoredPca stored = PcaTable.read(run.resolve(RunFiles.RESULTS).resolve("ipca.arrows"));
        IncrementalPca expected = fed(snapshots, 3, List.of(4L, 8L));
        assertEquals(3, stored.components().length);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expected.componentAsFloat(i), stored.components()[i], "component " + i);
        }
        assertArrayEquals(expected.singularValues(), stored.singularValues(), 0.0);
        assertArrayEquals(expected.explainedVariance(), stored.explainedVariance(), 0.0);
        assertArrayEquals(expected.explainedVarianceRatio(), stored.explainedVarianceRatio(), 0.0);
        float[] mean = new float[expected.parameterCount()];
        double[] exactMean = expected.mean();
        for (int p = 0; p < mean.length; p++) {
            mean[p] = (float) exactMean[p];
        }
        assertArrayEquals(mean, stored.center(), "row 0 is the running mean");

        List<Long> iterations = snapshots.stream().map(Snapshot::iteration).toList();
        assertEquals(iterations, stored.provenance().sourceIterations());
        assertEquals(RunDirectory.open(run).manifest().runId(), stored.provenance().runId());
        Map<?, ?> settings = (Map<?, ?>) stored.provenance().settings().get(PcaTable.SETTINGS_KEY);
        assertEquals(true, settings.get("incremental"));
        assertEquals(10L, ((Number) settings.get("snapshots")).longValue());
        assertEquals("mean", settings.get("reference"));
    }

    /** With k above the trajectory's rank nothing is truncated: the incremental PCA is the exact one about the mean. */
    @Test
    void theListenerLineRecordsTheSettingsAndMatchesTheExactPcaAboutTheMean() throws IOException {
        Path run = tmp.resolve("listener-line");
        MultiLayerNetwork net = Fixtures.classifier(DataType.FLOAT);
        try (LandscapeListener listener = LandscapeListener.builder(run).snapshotEveryEpoch()
                .trajectoryPca(TrajectoryPcaSettings.builder().components(12).writeEvery(0).build()).build()) {
            net.addListeners(listener);
            net.fit(data(), 6);
        }
        RunManifest manifest = RunDirectory.open(run).manifest();
        assertEquals(RunStatus.COMPLETE, manifest.status());
        Map<?, ?> recorded = (Map<?, ?>) manifest.settings().get("trajectory_pca");
        assertEquals(12L, ((Number) recorded.get("components")).longValue());
        assertEquals(0L, ((Number) recorded.get("write_every")).longValue());
        assertEquals("results/ipca.arrows", recorded.get("result"));
        assertEquals("epochs", ((Map<?, ?>) recorded.get("schedule")).get("unit"));

        List<Snapshot> snapshots = snapshots(run);
        assertEquals(7, snapshots.size(), "start and 6 epochs, the same schedule as the PCA's");
        PcaTable.StoredPca stored = PcaTable.read(run.resolve(RunFiles.RESULTS).resolve("ipca.arrows"));
        assertEquals(snapshots.stream().map(Snapshot::iteration).toList(), stored.provenance().sourceIterations());

        float[][] rows = snapshots.stream().map(Snapshot::params).toArray(float[][]::new);
        PcaResult exact = ExactPca.compute(SnapshotSource.inMemory(rows),
                PcaSettings.of(12).withReference(Reference.MEAN), TrajectoryProgress.NONE).orElseThrow();
        assertEquals(exact.componentCount(), stored.components().length, "the 7 snapshots span 6 dimensions");
        for (int i = 0; i < 3; i++) {
            assertEquals(exact.explainedVarianceRatio()[i], stored.explainedVarianceRatio()[i], 1e-9, "ratio " + i);
            assertEquals(exact.singularValues()[i], stored.singularValues()[i], 1e-9 * exact.singularValues()[0]);
            float[] a = exact.components()[i];
            float[] b = stored.components()[i];
            for (int p = 0; p < a.length; p++) {
                assertEquals(a[p], b[p], 1e-4, "component " + i + ", parameter " + p);
            }
        }
    }

    @Test
    void aRecorderThatCannotWriteStopsAloneAndTheRunEndsFailed() throws IOException {
        Path run = tmp.resolve("blocked");
        Files.createDirectories(run);
        Files.writeString(run.resolve(RunFiles.RESULTS), "a file where results/ should be");
        MultiLayerNetwork net = Fixtures.classifier(DataType.FLOAT);
        try (LandscapeListener listener = LandscapeListener.builder(run).snapshotEveryEpoch().metricsEveryIteration()
                .trajectoryPca(TrajectoryPcaSettings.builder().components(2).writeEvery(1).build()).build()) {
            net.addListeners(listener);
            net.fit(data(), 2);
            assertTrue(listener.isRecording(), "the other recorders go on");
        }
        assertEquals(6, net.getIterationCount(), "training finished");
        RunDirectory directory = RunDirectory.open(run);
        assertEquals(RunStatus.FAILED, directory.manifest().status());
        assertTrue(directory.manifest().failure().startsWith("the trajectory PCA recorder stopped"),
                directory.manifest().failure());
        assertEquals(3, snapshots(run).size(), "snapshots recorded the whole run");
        assertEquals(6, directory.readMetrics(null).rows().size());
    }

    /** The source iterations recorded leave out the updates the PCA dropped (a failed decomposition, by ordinal). */
    @Test
    void updatesThePcaLeftOutAreNotRecordedAsItsSources() {
        List<Long> fed = List.of(0L, 10L, 20L, 30L, 40L);
        assertEquals(fed, TrajectoryPcaRecorder.inModel(fed, List.of()));
        assertEquals(List.of(0L, 20L, 30L), TrajectoryPcaRecorder.inModel(fed, List.of(2L, 5L)));
    }

    @Test
    void theClosingLineWarnsWhenTheFirstTwoComponentsHoldLittle() {
        TrajectoryPcaRecorder.Message little = TrajectoryPcaRecorder.varianceMessage(new double[] {0.3, 0.1, 0.05},
                20, "results/ipca.arrows");
        assertTrue(little.warning());
        assertTrue(little.text().contains("40.0%"), little.text());
        assertTrue(little.text().contains("a PCA plane that explains little is a misleading picture"), little.text());

        TrajectoryPcaRecorder.Message much = TrajectoryPcaRecorder.varianceMessage(new double[] {0.8, 0.15}, 20,
                "results/ipca.arrows");
        assertFalse(much.warning());
        assertTrue(much.text().contains("95.0%") && much.text().contains("PC1 80.0%"), much.text());
        assertFalse(much.text().contains("misleading"));

        TrajectoryPcaRecorder.Message one = TrajectoryPcaRecorder.varianceMessage(new double[] {1.0}, 2, "f");
        assertFalse(one.warning(), "one component holding everything is not little");
        assertTrue(one.text().contains("PC2 none"), one.text());

        assertTrue(TrajectoryPcaRecorder.varianceMessage(new double[0], 1, "f").warning());
    }

    @Test
    void settingsRefuseWhatWouldDoNothing() {
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPcaSettings.builder().components(0));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPcaSettings.builder().writeEvery(-1));
        IllegalArgumentException never = assertThrows(IllegalArgumentException.class, () ->
                new TrajectoryPcaSettings(new Schedule(0, ScheduleUnit.EPOCHS, new TreeSet<>(), false, false), 2, 1));
        assertTrue(never.getMessage().contains("never fires"), never.getMessage());
        TrajectoryPcaSettings defaults = TrajectoryPcaSettings.builder().build();
        assertEquals(10, defaults.components());
        assertTrue(defaults.schedule().atStart() && defaults.schedule().atEnd());
        assertNull(LandscapeListener.builder(tmp.resolve("x")).metricsEveryIteration().settings().trajectoryPca());
    }
}
