package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.direction.DirectionSet;
import org.landscape4j.direction.DirectionTable;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.trajectory.TrajectoryPath;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The listener's PCA-plane landscape at close: the files appear with the plane's provenance, and the losses are
 * the network's own loss at c + αd₁ + βd₂, rebuilt here from the final snapshot and the saved directions. Tolerance:
 * the network is FLOAT; the evaluator forms θ in float, this test in double then rounds once, so the two θ differ
 * by float rounding (~1e-7 relative) and the losses by about as much: asserted to 1e-5 relative.
 */
class PcaPlaneAtEndTest {

    @TempDir
    Path tmp;

    private static DataSet data() {
        return Fixtures.classification(7, 24, Fixtures.INPUTS, Fixtures.CLASSES, DataType.FLOAT);
    }

    @Test
    void theClosedRunGetsItsPcaPlaneWhoseLossesAreTheNetworksOwn() throws IOException {
        Path run = tmp.resolve("plane");
        MultiLayerNetwork net = Fixtures.classifier(DataType.FLOAT);
        DataSet evaluation = data();
        try (LandscapeListener listener = LandscapeListener.builder(run).snapshotEvery(1, ScheduleUnit.ITERATIONS)
                .pcaPlaneAtEnd(PcaPlaneSettings.of(evaluation).withGrid(5, 4).withMargin(0.3).withWorkers(2))
                .build()) {
            net.addListeners(listener);
            net.fit(new ListDataSetIterator<>(data().asList(), 8), 3);
        }
        Path results = run.resolve(RunFiles.RESULTS);
        Path slice = results.resolve("pca-plane.arrows");
        assertTrue(Files.isRegularFile(slice), "written at close");
        List<SlicePoint> points = SliceTable.read(slice);
        assertEquals(20, points.size());
        List<TrajectoryPath.Point> path = TrajectoryPath.read(results.resolve("pca-plane.path.arrows"));
        assertEquals(10, path.size(), "θ at start and after each of the 9 updates");
        TrajectoryPath.Point last = path.get(path.size() - 1);
        assertEquals(0.0, last.alpha(), 1e-12, "the plane is centred at the final snapshot");
        assertEquals(0.0, last.beta(), 1e-12);
        double[] alpha = points.stream().mapToDouble(SlicePoint::alpha).toArray();
        double[] beta = points.stream().mapToDouble(SlicePoint::beta).toArray();
        for (TrajectoryPath.Point point : path) {
            assertTrue(point.alpha() > java.util.Arrays.stream(alpha).min().orElseThrow()
                    && point.alpha() < java.util.Arrays.stream(alpha).max().orElseThrow()
                    && point.beta() > java.util.Arrays.stream(beta).min().orElseThrow()
                    && point.beta() < java.util.Arrays.stream(beta).max().orElseThrow(),
                    "the grid holds the path, with a margin: " + point);
        }
        Map<?, ?> manifest = RunDirectory.open(run).manifest().settings();
        assertEquals("[5, 4]", String.valueOf(((Map<?, ?>) manifest.get("pca_plane")).get("grid")));

        DirectionSet directions = DirectionTable.load(results.resolve("pca-plane.directions.arrows"),
                net.numParams()).directions();
        float[] centre;
        try (SnapshotReader reader = RunDirectory.open(run).openSnapshots(null)) {
            centre = reader.read(reader.count() - 1).params();
        }
        MultiLayerNetwork probe = net.clone();
        for (SlicePoint point : List.of(points.get(0), points.get(7), points.get(19))) {
            double[] theta = new double[centre.length];
            double[] d1 = directions.get(0).vector().toDoubleVector();
            double[] d2 = directions.get(1).vector().toDoubleVector();
            for (int p = 0; p < theta.length; p++) {
                theta[p] = centre[p] + point.alpha() * d1[p] + point.beta() * d2[p];
            }
            INDArray params = Nd4j.createFromArray(theta).castTo(DataType.FLOAT);
            probe.setParams(params.reshape(1, theta.length));
            double expected = probe.score(evaluation, false);
            assertEquals(expected, point.loss(), 1e-5 * Math.abs(expected), "loss at " + point);
        }
    }

    @Test
    void itNeedsSnapshotsAndSkipsARunWithTooFew() throws IOException {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () ->
                LandscapeListener.builder(tmp.resolve("none")).metricsEveryIteration()
                        .pcaPlaneAtEnd(PcaPlaneSettings.of(data())).build());
        assertTrue(refused.getMessage().contains("snapshotEveryEpoch()"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PcaPlaneSettings.of(data()).withGrid(1, 5));
        assertThrows(IllegalArgumentException.class, () -> PcaPlaneSettings.of(data()).withMargin(-0.1));

        Path run = tmp.resolve("two");
        MultiLayerNetwork net = Fixtures.classifier(DataType.FLOAT);
        try (LandscapeListener listener = LandscapeListener.builder(run).snapshotEveryEpoch()
                .pcaPlaneAtEnd(PcaPlaneSettings.of(data())).build()) {
            net.addListeners(listener);
            net.fit(new ListDataSetIterator<>(data().asList(), 24), 1);   // θ at start and at the end: 2
        }
        assertFalse(Files.exists(run.resolve(RunFiles.RESULTS).resolve("pca-plane.arrows")),
                "2 snapshots: no plane, a warning");
        assertNotNull(RunDirectory.open(run).manifest());
    }
}
