package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.LayerNormRow;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.SnapshotReader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-array norms ({@code layers.arrows}) against norms recomputed from exact DOUBLE copies of θ taken by a plain
 * DL4J listener beside the recorder, from the float32 snapshots, and from gradients computed independently on each
 * minibatch. Tolerances: the same DOUBLE values summed in another order agree to ~1e-15 relative (1e-12 asserted);
 * an update recomputed as θ<sub>after</sub> − θ<sub>before</sub> carries the rounding of θ − u, ~1e-16·‖θ‖ against
 * ‖u‖ ≈ 1e-3 (1e-9 asserted); a float32 snapshot's norm differs by at most 2⁻²⁴ relative (1e-7 asserted); an
 * independent gradient on the same minibatch agrees to ~1e-15 (1e-10 asserted).
 */
class LayerNormRecorderTest {

    @TempDir
    Path tmp;

    private static final class Trajectory extends BaseTrainingListener {
        final List<INDArray> thetas = new ArrayList<>();

        Trajectory(MultiLayerNetwork net) {
            thetas.add(net.params().dup());
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            thetas.add(model.params().dup());
        }
    }

    private static double norm(INDArray theta, ParameterArray array) {
        double sum = 0;
        for (long i = array.offset(); i < array.end(); i++) {
            double v = theta.getDouble(i);
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    private static double normOfDifference(INDArray a, INDArray b, ParameterArray array) {
        double sum = 0;
        for (long i = array.offset(); i < array.end(); i++) {
            double v = a.getDouble(i) - b.getDouble(i);
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    @Test
    void perArrayNormsMatchRecomputedParametersGradientsAndUpdates() throws IOException {
        DataSet data = Fixtures.classification(3, 12, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        MultiLayerNetwork net = Fixtures.classifier(DataType.DOUBLE);             // Sgd(0.1)
        Trajectory trajectory = new Trajectory(net);
        Path run = tmp.resolve("layers");
        try (LandscapeListener listener = LandscapeListener.builder(run).metricsEveryIteration()
                .snapshotEvery(1, ScheduleUnit.ITERATIONS).build()) {
            net.addListeners(listener, trajectory);
            net.fit(new ListDataSetIterator<>(data.asList(), 4), 2);           // 3 minibatches, 6 updates
        }
        RunDirectory directory = RunDirectory.open(run);
        List<ParameterArray> layout = directory.manifest().layout().arrays();
        List<LayerNormRow> rows = directory.readLayerNorms(null).rows();
        List<MetricRow> metrics = directory.readMetrics(null).rows();
        assertEquals(6 * 4, rows.size(), "4 trainable arrays (0_W, 0_b, 1_W, 1_b) per update");
        assertEquals(Boolean.TRUE, directory.manifest().settings().get("layer_norms"));
        float[][] snapshots = new float[7][];
        try (SnapshotReader reader = directory.openSnapshots(null)) {
            assertEquals(7, reader.count());
            for (int t = 0; t < 7; t++) {
                snapshots[t] = reader.read(t).params();
            }
        }
        try (Objective objective = NetworkObjectiveFactory.builder(net).data(data).precision(Precision.DOUBLE)
                .build().create()) {
            for (int t = 0; t < 6; t++) {
                int first = (t % 3) * 4;                                      // minibatch t mod 3: examples 4k..4k+3
                DataSet batch = new DataSet(data.getFeatures().getRows(first, first + 1, first + 2, first + 3),
                        data.getLabels().getRows(first, first + 1, first + 2, first + 3));
                double[] gradient;
                try (Objective onBatch = NetworkObjectiveFactory.builder(net).data(batch)
                        .precision(Precision.DOUBLE).build().create()) {
                    gradient = Fixtures.gradient(onBatch, trajectory.thetas.get(t));
                }
                INDArray g = Nd4j.createFromArray(gradient);
                double squares = 0;
                for (int k = 0; k < 4; k++) {
                    LayerNormRow row = rows.get(4 * t + k);
                    ParameterArray array = layout.get(row.array());
                    assertEquals(t, row.iteration());
                    assertEquals(t / 3, row.epoch());
                    assertEquals(k, row.array());
                    INDArray after = trajectory.thetas.get(t + 1);
                    double param = norm(after, array);
                    assertEquals(param, row.paramNorm(), 1e-12 * param, array.name() + " ‖θ‖");
                    double fromSnapshot = norm(Nd4j.createFromArray(snapshots[t + 1]).castTo(DataType.DOUBLE), array);
                    assertEquals(fromSnapshot, row.paramNorm(), 1e-7 * param, array.name() + " ‖θ‖ vs snapshot");
                    double update = normOfDifference(after, trajectory.thetas.get(t), array);
                    assertEquals(update, row.updateNorm(), 1e-9 * update, array.name() + " ‖u‖");
                    double grad = norm(g, array);
                    assertEquals(grad, row.gradNorm(), 1e-10 * grad, array.name() + " ‖g‖ on minibatch " + t % 3);
                    assertEquals(0.1 * row.gradNorm(), row.updateNorm(), 1e-12 * row.updateNorm(), "plain SGD");
                    squares += row.gradNorm() * row.gradNorm();
                }
                double total = metrics.get(t).gradientNorm();
                assertEquals(total * total, squares, 1e-12 * squares, "the arrays' norms make up the total");
            }
        }
    }

    @Test
    void layerNormsCanBeTurnedOffAndNeedMetrics() throws IOException {
        DataSet data = Fixtures.classification(3, 8, Fixtures.INPUTS, Fixtures.CLASSES, DataType.FLOAT);
        MultiLayerNetwork net = Fixtures.classifier(DataType.FLOAT);
        Path run = tmp.resolve("off");
        try (LandscapeListener listener = LandscapeListener.builder(run).metricsEveryIteration().layerNorms(false)
                .build()) {
            net.addListeners(listener);
            net.fit(new ListDataSetIterator<>(data.asList(), 4), 1);
        }
        assertFalse(Files.exists(run.resolve(RunFiles.LAYERS)));
        assertEquals(Boolean.FALSE, RunDirectory.open(run).manifest().settings().get("layer_norms"));
    }
}
