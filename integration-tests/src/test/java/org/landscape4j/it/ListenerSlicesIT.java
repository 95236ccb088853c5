package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.listener.LandscapeListener;
import org.landscape4j.listener.ScheduleUnit;
import org.landscape4j.listener.SliceSettings;
import org.landscape4j.objective.Objective;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceTable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The listener's slice recorder during real training: slices appear at exactly the scheduled moments (and at the
 * end), with their provenance, and each one's centre is the loss of the parameters at that moment on the
 * evaluation set, bit for bit.
 */
class ListenerSlicesIT {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void slicesAppearAtTheScheduledEpochsAndAtTheEndWithTheirProvenance() throws Exception {
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 4);
        DataSet train = TinyNetworks.data(24, DataType.FLOAT, 5);
        DataSet evaluation = TinyNetworks.data(20, DataType.FLOAT, 6);
        Path run = tmp.resolve("run");
        ListDataSetIterator<DataSet> iterator = new ListDataSetIterator<>(train.asList(), 8);   // 3 updates per epoch
        try (LandscapeListener listener = LandscapeListener.builder(run).snapshotEveryEpoch()
                .slices(SliceSettings.builder(evaluation).at(ScheduleUnit.EPOCHS, 2, 4).atEnd().grid(5).workers(2)
                        .build())
                .build()) {
            net.addListeners(listener);
            net.fit(iterator, 2);
            awaitFile(run.resolve("results/slice-it6.arrows"));
            net.fit(iterator, 2);
            awaitFile(run.resolve("results/slice-it12.arrows"));
            net.fit(iterator, 1);
        }
        RunManifest manifest = RunDirectory.open(run).manifest();
        List<Results.ResultInfo> results = Results.of(RunDirectory.open(run)).list();
        assertEquals(List.of("slice-it12", "slice-it12.directions", "slice-it15", "slice-it15.directions",
                "slice-it6", "slice-it6.directions"), results.stream().map(Results.ResultInfo::name).sorted().toList());
        for (long updates : new long[] {6, 12, 15}) {
            Path file = run.resolve("results/slice-it" + updates + ".arrows");
            Provenance provenance = results.stream().filter(r -> r.file().equals(file)).findFirst().orElseThrow()
                    .provenance();
            assertEquals(manifest.runId(), provenance.runId());
            assertEquals(List.of(updates), provenance.sourceIterations());
            assertEquals("20", provenance.objective().get("objective.examples"), provenance.objective().toString());
            assertEquals(Map.of("direction_0", 0L, "direction_1", 1L), provenance.seeds());
            List<SlicePoint> points = SliceTable.read(file).stream().sorted(Comparator.comparingInt(SlicePoint::j)
                    .thenComparingInt(SlicePoint::i)).toList();
            assertEquals(25, points.size());
            assertEquals(lossAt(run, updates, evaluation), points.get(12).loss(), 0.0,
                    "the centre of the slice after " + updates + " updates is the loss of θ then");
        }
        assertTrue(((Map<?, ?>) manifest.settings().get("slices")).get("grid") != null, manifest.settings().toString());
    }

    /** The loss of the snapshot taken after {@code updates} updates, on the evaluation set. */
    private static double lossAt(Path run, long updates, DataSet evaluation) throws IOException {
        try (SnapshotReader reader = RunDirectory.open(run).openSnapshots(null)) {
            for (Snapshot snapshot : reader) {
                if (snapshot.iteration() == updates) {
                    MultiLayerNetwork net = TinyNetworks.mlp(DataType.FLOAT, 4);
                    net.params().assign(Nd4j.createFromArray(snapshot.params()));
                    try (Objective objective = NetworkObjectiveFactory.builder(net).data(evaluation).build().create()) {
                        return objective.evaluate().loss();
                    }
                }
            }
        }
        throw new AssertionError("no snapshot after " + updates + " updates");
    }

    /** Waits (bounded by the test's timeout) until the background slice has been committed. */
    private static void awaitFile(Path file) throws InterruptedException {
        while (!Files.exists(file)) {
            Thread.sleep(20);
        }
    }
}
