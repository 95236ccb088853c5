package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.listener.LandscapeListener;
import org.landscape4j.listener.ScheduleUnit;
import org.landscape4j.objective.Objective;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.ReadResult;
import org.landscape4j.run.RunStatus;
import org.landscape4j.run.MetricsReader;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** Trains tiny networks with the listener and checks what it recorded against independent measurements. */
class ListenerRecordingIT {

    @TempDir
    Path tmp;

    @Test
    void epochSchedulesGiveExactCountsAcrossRepeatedFitCalls() throws IOException {
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.DOUBLE, 7);
        DataSet data = TinyNetworks.data(10, DataType.DOUBLE, 3);
        DataSetIterator iterator = new ListDataSetIterator<>(data.asList(), 4);   // batches of 4, 4, 2
        Path dir = tmp.resolve("run");
        try (LandscapeListener listener = LandscapeListener.builder(dir).snapshotEveryEpoch()
                .metricsEveryIteration().metricsBatchRows(2).seed("data", 3).build()) {
            net.addListeners(listener);
            net.fit(iterator, 2);
            net.fit(iterator);
            net.fit(iterator, 1);
        }

        List<Snapshot> snapshots = readSnapshots(dir);
        // the start, then the end of each of the 4 epochs; training ended on an epoch end: no extra final one
        assertEquals(List.of(0L, 3L, 6L, 9L, 12L), snapshots.stream().map(Snapshot::iteration).toList());
        assertEquals(List.of(0, 1, 2, 3, 4), snapshots.stream().map(Snapshot::epoch).toList());
        assertSameAsFloats(net.params(), snapshots.get(4).params());

        ReadResult<MetricRow> metrics = MetricsReader.read(dir.resolve("metrics.arrows"));
        assertFalse(metrics.truncated());
        List<MetricRow> rows = metrics.rows();
        assertEquals(12, rows.size());
        for (int i = 0; i < 12; i++) {
            assertEquals(i, rows.get(i).iteration());
            assertEquals(i / 3, rows.get(i).epoch());
            assertEquals(i % 3 == 2 ? 2 : 4, rows.get(i).batchSize());
            assertEquals(0.1, rows.get(i).learningRate(), 1e-15);
            assertTrue(rows.get(i).gradientNorm() > 0 && rows.get(i).updateNorm() > 0);
        }

        RunManifest manifest = RunDirectory.open(dir).manifest();
        assertEquals(RunStatus.COMPLETE, manifest.status());
        assertEquals(manifest.runId(), metrics.runId(), "the stream carries the run's id");
        assertEquals(TinyNetworks.PARAMS, manifest.parameterCount());
        assertEquals("DOUBLE", manifest.dataType());
        assertEquals(4, manifest.layout().arrays().size());
        assertEquals(3L, manifest.seeds().get("data"));
        assertEquals(7L, manifest.seeds().get("network"));
        assertTrue(manifest.endTime() != null && !manifest.endTime().isBefore(manifest.startTime()));
    }

    /**
     * fit(DataSet) one step at a time: the parameters are read from the network between steps, so "the
     * parameters at that moment" are known without trusting any callback. Snapshot k must equal θ_k (as float32),
     * metric row k must hold ‖∇L(θ_k)‖ on that batch as an independent copy of the network computes it, ‖θ_k − θ_{k+1}‖ and
     * the training score L(θ_k) + R(θ_k).
     */
    @Test
    void snapshotsAndNormsMatchIndependentMeasurements() throws IOException {
        MultiLayerNetwork net = TinyNetworks.mlp(DataType.DOUBLE, 11);
        DataSet batch = TinyNetworks.data(6, DataType.DOUBLE, 5);
        Path dir = tmp.resolve("steps");
        List<INDArray> thetas = new ArrayList<>();
        try (LandscapeListener listener = LandscapeListener.builder(dir)
                .snapshotEvery(1, ScheduleUnit.ITERATIONS).metricsEveryIteration().build()) {
            net.addListeners(listener);
            for (int k = 0; k < 5; k++) {
                thetas.add(net.params().dup());
                net.fit(batch);
            }
            thetas.add(net.params().dup());
        }
        List<Snapshot> snapshots = readSnapshots(dir);
        assertEquals(6, snapshots.size(), "the start and one per update");
        for (int k = 0; k < 6; k++) {
            assertEquals(k, snapshots.get(k).iteration());
            assertEquals(0, snapshots.get(k).epoch(), "fit(DataSet) has no epochs");
            assertSameAsFloats(thetas.get(k), snapshots.get(k).params());
        }

        MultiLayerNetwork reference = net.clone();          // an independent copy, no listeners
        reference.setListeners();
        Objective objective = NetworkObjectiveFactory.builder(net).data(batch).build().create();
        INDArray gradient = org.nd4j.linalg.factory.Nd4j.create(DataType.DOUBLE, objective.parameterCount());
        List<MetricRow> rows = MetricsReader.read(dir.resolve("metrics.arrows")).rows();
        assertEquals(5, rows.size());
        for (int k = 0; k < 5; k++) {
            MetricRow row = rows.get(k);
            reference.params().assign(thetas.get(k));
            reference.setInput(batch.getFeatures());
            reference.setLabels(batch.getLabels());
            reference.computeGradientAndScore();
            // DL4J's raw gradient is the batch sum: divided by b, the mean-loss gradient.
            double gradientNorm = reference.gradient().gradient().norm2Number().doubleValue() / batch.numExamples();
            // Same double arithmetic on the same batch, summed in a different order: 1e-12 relative.
            assertEquals(gradientNorm, row.gradientNorm(), 1e-12 * gradientNorm, "gradient norm at step " + k);
            objective.parameters().assign(thetas.get(k));
            double loss = objective.lossAndGradient(gradient);
            assertEquals(gradientNorm, gradient.norm2Number().doubleValue(), 1e-12 * gradientNorm,
                    "the objective adapter agrees at step " + k);
            double step = thetas.get(k).sub(thetas.get(k + 1)).norm2Number().doubleValue();
            assertEquals(step, row.updateNorm(), 1e-12 * step, "update norm at step " + k);
            assertEquals(0.1 * gradientNorm, step, 0.1 * gradientNorm * 0.05,
                    "plain SGD: the step is η·(g + L2 term), and the L2 term is small here");
            double score = reference.score();
            assertEquals(score, loss + objective.regularization(), 1e-12 * score);
            assertEquals(score, row.score(), 1e-12 * score, "score at step " + k);
            assertEquals(6, row.batchSize());
        }
    }

    @Test
    void recordsAComputationGraphInFloat() throws IOException {
        ComputationGraph graph = TinyNetworks.graph(DataType.FLOAT, 13);
        DataSet data = TinyNetworks.data(9, DataType.FLOAT, 1);
        Path dir = tmp.resolve("graph");
        try (LandscapeListener listener = LandscapeListener.builder(dir).snapshotEvery(2, ScheduleUnit.EPOCHS)
                .metricsEvery(2).build()) {
            graph.addListeners(listener);
            graph.fit(new ListDataSetIterator<>(data.asList(), 3), 5);        // 3 iterations per epoch
        }
        List<Snapshot> snapshots = readSnapshots(dir);
        // start, end of epochs 2 and 4, then close() adds the final parameters (after epoch 5)
        assertEquals(List.of(0L, 6L, 12L, 15L), snapshots.stream().map(Snapshot::iteration).toList());
        assertEquals(List.of(0, 2, 4, 5), snapshots.stream().map(Snapshot::epoch).toList());
        assertArrayEquals(graph.params().toFloatVector(), snapshots.get(3).params());
        List<MetricRow> rows = MetricsReader.read(dir.resolve("metrics.arrows")).rows();
        // metricsEvery(2): after updates 2, 4, ..., 14, whose 0-based iteration indices are 1, 3, ..., 13
        assertEquals(List.of(1L, 3L, 5L, 7L, 9L, 11L, 13L), rows.stream().map(MetricRow::iteration).toList());
        RunManifest manifest = RunDirectory.open(dir).manifest();
        assertEquals("FLOAT", manifest.dataType());
        assertEquals(ComputationGraph.class.getName(), manifest.networkClass());
        assertEquals(List.of("dense_a_W", "dense_a_b", "dense_b_W", "dense_b_b", "out_W", "out_b"),
                manifest.layout().arrays().stream().map(a -> a.name()).toList());
    }

    @Test
    void aSecondNetworkIsIgnored() throws IOException {
        MultiLayerNetwork first = TinyNetworks.mlp(DataType.FLOAT, 1);
        MultiLayerNetwork second = TinyNetworks.mlp(DataType.FLOAT, 2);
        DataSet data = TinyNetworks.data(4, DataType.FLOAT, 1);
        Path dir = tmp.resolve("two");
        try (LandscapeListener listener = LandscapeListener.builder(dir).metricsEveryIteration().build()) {
            first.addListeners(listener);
            second.addListeners(listener);
            first.fit(data);
            second.fit(data);
            first.fit(data);
        }
        assertEquals(2, MetricsReader.read(dir.resolve("metrics.arrows")).rows().size());
    }

    /**
     * Hardening item 11: for a batch-norm network, ‖g‖ and ‖u‖ cover the trainable parameters only (the running
     * mean and variance DL4J keeps among the parameters are updated by a running average, not a gradient step).
     * Checked two ways: against the parameters before and after the update, restricted to the trainable arrays
     * of the layout; and against Adam's first step, which moves every parameter whose gradient is not tiny by
     * η·g/(|g| + ε) ≈ η, so ‖u‖ ≈ η·√(trainable count).
     */
    @Test
    void normsOfABatchNormNetworkCoverTrainableParametersOnly() throws IOException {
        MultiLayerNetwork net = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .seed(5).dataType(DataType.DOUBLE).updater(new org.nd4j.linalg.learning.config.Adam(1e-3)).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(TinyNetworks.INPUTS).nOut(8)
                        .activation(org.nd4j.linalg.activations.Activation.TANH).build())
                .layer(new org.deeplearning4j.nn.conf.layers.BatchNormalization.Builder().nOut(8).build())
                .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                        org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT).nIn(8)
                        .nOut(TinyNetworks.CLASSES).activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .build());
        net.init();
        DataSet batch = TinyNetworks.data(16, DataType.DOUBLE, 6);
        Path dir = tmp.resolve("batch-norm");
        List<INDArray> thetas = new ArrayList<>();
        try (LandscapeListener listener = LandscapeListener.builder(dir).metricsEveryIteration().build()) {
            net.addListeners(listener);
            for (int k = 0; k < 3; k++) {
                thetas.add(net.params().dup());
                net.fit(batch);
            }
            thetas.add(net.params().dup());
        }
        RunManifest manifest = RunDirectory.open(dir).manifest();
        List<org.landscape4j.layout.ParameterArray> trainable = manifest.layout().arrays().stream()
                .filter(a -> a.role().isTrainable()).toList();
        long trainableCount = trainable.stream().mapToLong(org.landscape4j.layout.ParameterArray::length).sum();
        assertEquals(4 * 8 + 8 + 2 * 8 + 8 * 3 + 3, trainableCount, "W, b, gamma, beta, W, b; not mean and var");
        assertTrue(manifest.parameterCount() > trainableCount);
        List<MetricRow> rows = MetricsReader.read(dir.resolve("metrics.arrows")).rows();
        assertEquals(3, rows.size());
        for (int k = 0; k < 3; k++) {
            double sum = 0;
            for (org.landscape4j.layout.ParameterArray array : trainable) {
                for (long i = array.offset(); i < array.end(); i++) {
                    double step = thetas.get(k).getDouble(i) - thetas.get(k + 1).getDouble(i);
                    sum += step * step;
                }
            }
            assertEquals(Math.sqrt(sum), rows.get(k).updateNorm(), 1e-12 * Math.sqrt(sum), "update norm at step " + k);
        }
        // Adam's first step: bias-corrected m/√v = g/|g| exactly, so each component moves by η·|g|/(|g| + 1e-8).
        double expected = 1e-3 * Math.sqrt(trainableCount);
        assertEquals(expected, rows.get(0).updateNorm(), 1e-3 * expected, "Adam's first step over "
                + trainableCount + " trainable parameters");
        assertTrue(rows.get(0).gradientNorm() > 0);
    }

    static List<Snapshot> readSnapshots(Path dir) throws IOException {
        List<Snapshot> snapshots = new ArrayList<>();
        try (SnapshotReader reader = SnapshotReader.open(dir.resolve("snapshots.arrows"))) {
            reader.forEach(snapshots::add);
            assertFalse(reader.truncated(), "a closed run has no torn tail");
        }
        return snapshots;
    }

    /** Snapshots are float32: each value must be exactly the float nearest to the network's value. */
    static void assertSameAsFloats(INDArray expected, float[] actual) {
        assertArrayEquals(expected.castTo(DataType.FLOAT).toFloatVector(), actual);
    }
}
