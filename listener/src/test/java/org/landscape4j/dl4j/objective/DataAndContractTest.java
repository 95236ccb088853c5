package org.landscape4j.dl4j.objective;

import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.junit.jupiter.api.Test;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.dl4j.network.Dl4jNetwork;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.PointResult;
import org.landscape4j.objective.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.dataset.adapter.MultiDataSetIteratorAdapter;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data sources, batching, accuracy, isolation from the user's network, the buffer contract and the errors. */
class DataAndContractTest {

    private static final DataSet DATA = Fixtures.classification(21, 12, Fixtures.INPUTS, Fixtures.CLASSES,
            DataType.DOUBLE);

    /** DATA cut into batches of 5, 3 and 4 examples. */
    private static List<DataSet> unequalBatches() {
        List<DataSet> batches = new ArrayList<>();
        int[][] ranges = {{0, 5}, {5, 8}, {8, 12}};
        for (int[] r : ranges) {
            batches.add(new DataSet(
                    DATA.getFeatures().get(NDArrayIndex.interval(r[0], r[1]), NDArrayIndex.all()).dup(),
                    DATA.getLabels().get(NDArrayIndex.interval(r[0], r[1]), NDArrayIndex.all()).dup()));
        }
        return batches;
    }

    /**
     * Three iterator batches of unequal size, and the in-memory set cut by batchSize(5), give what one in-memory
     * batch gives: the per-example losses and gradients are the same numbers, summed in another grouping; 1e-12
     * relative covers that reassociation.
     */
    @Test
    void batchedDataEqualsOneBatch() {
        MultiLayerNetwork network = Fixtures.classifier(Fixtures.base(DataType.DOUBLE).l2(0.03));
        INDArray theta = Fixtures.perturbed(network.params(), 4, 0.2);
        NetworkObjectiveFactory memory = NetworkObjectiveFactory.builder(network).data(DATA).build();
        NetworkObjectiveFactory streamed = NetworkObjectiveFactory.builder(network)
                .data(new ExistingDataSetIterator(unequalBatches())).build();
        NetworkObjectiveFactory cut = NetworkObjectiveFactory.builder(network).data(DATA).batchSize(5).build();
        assertEquals(12, streamed.exampleCount());
        assertEquals("5", cut.provenance().get("objective.batch_size"));
        try (Objective m = memory.create(); Objective s = streamed.create(); Objective c = cut.create()) {
            PointResult reference = m.evaluate(theta);
            double[] gradient = Fixtures.gradient(m, theta);
            for (Objective other : List.of(s, c)) {
                for (int pass = 0; pass < 2; pass++) { // the batches are read again on every pass
                    PointResult point = other.evaluate(theta);
                    assertEquals(0, Fixtures.relative(point.loss(), reference.loss()), 1e-12);
                    assertEquals(reference.regularization(), point.regularization(), 0.0);
                    assertEquals(reference.accuracy(), point.accuracy(), 0.0);
                    assertEquals(12, point.examples());
                    assertEquals(0, Fixtures.maxRelativeError(Fixtures.gradient(other, theta), gradient, 1e-12),
                            1e-12);
                    INDArray out = Nd4j.create(DataType.DOUBLE, other.parameterCount());
                    assertEquals(0, Fixtures.relative(other.lossAndGradient(out), reference.loss()), 1e-12);
                }
            }
        }
    }

    /** A graph reading a MultiDataSetIterator of unequal batches agrees with one in-memory MultiDataSet. */
    @Test
    void graphReadsMultiDataSets() {
        ComputationGraph graph = Fixtures.graph(DataType.DOUBLE);
        INDArray theta = Fixtures.perturbed(graph.params(), 5, 0.2);
        try (Objective streamed = NetworkObjectiveFactory.builder(graph)
                .data(new MultiDataSetIteratorAdapter(new ExistingDataSetIterator(unequalBatches()))).build().create();
             Objective memory = NetworkObjectiveFactory.builder(graph)
                     .data(new MultiDataSet(DATA.getFeatures(), DATA.getLabels())).build().create()) {
            assertEquals(12, streamed.exampleCount());
            assertEquals(0, Fixtures.relative(streamed.evaluate(theta).loss(), memory.evaluate(theta).loss()), 1e-12);
            assertEquals(0, Fixtures.maxRelativeError(Fixtures.gradient(streamed, theta),
                    Fixtures.gradient(memory, theta), 1e-12), 1e-12);
            assertEquals(memory.evaluate(theta).accuracy(), streamed.evaluate(theta).accuracy(), 0.0);
        }
    }

    /** Graph: L = DL4J's score − R, and the single-pass accuracy equals arg-max of output(). */
    @Test
    void graphLossAndAccuracyMatchDl4j() {
        ComputationGraph graph = Fixtures.graph(DataType.DOUBLE);
        MultiDataSet data = new MultiDataSet(DATA.getFeatures(), DATA.getLabels());
        try (Objective objective = NetworkObjectiveFactory.builder(graph).data(data).build().create();
             Objective fromDataSet = Fixtures.objective(graph, DATA)) {
            PointResult point = objective.evaluate(graph.params());
            double expected = graph.score(data, false) - graph.calcRegularizationScore(true);
            assertEquals(0, Fixtures.relative(point.loss(), expected), 1e-12);
            assertEquals(0, Fixtures.relative(objective.loss(), expected), 1e-12);
            assertEquals(graph.calcRegularizationScore(true), point.regularization(), 0.0);
            assertTrue(objective.isClassifier());
            assertEquals(referenceAccuracy(graph.output(false, DATA.getFeatures())[0]), point.accuracy(), 0.0);
            // a graph with one input and one output also takes a plain DataSet
            assertEquals(0, Fixtures.relative(fromDataSet.evaluate(graph.params()).loss(), expected), 1e-12);
        }
    }

    @Test
    void accuracyOfAClassifier() {
        MultiLayerNetwork network = Fixtures.classifier(DataType.DOUBLE);
        try (Objective objective = Fixtures.objective(network, DATA)) {
            assertTrue(objective.isClassifier());
            List<Double> accuracies = new ArrayList<>();
            for (long seed = 1; seed <= 3; seed++) {
                INDArray theta = Fixtures.perturbed(network.params(), seed, 1.0);
                PointResult point = objective.evaluate(theta);
                MultiLayerNetwork reference = network.clone();
                reference.params().assign(theta);
                assertEquals(referenceAccuracy(reference.output(DATA.getFeatures(), false)), point.accuracy(), 0.0);
                // evaluate() makes one pass; its loss must be the loss() of scoreExamples
                assertEquals(0, Fixtures.relative(point.loss(), objective.loss()), 1e-12);
                assertEquals(objective.regularization(), point.regularization(), 0.0);
                accuracies.add(point.accuracy());
            }
            assertTrue(accuracies.stream().distinct().count() > 1, "the points differ in accuracy: " + accuracies);
        }
    }

    private static double referenceAccuracy(INDArray output) {
        int correct = 0;
        for (int i = 0; i < DATA.numExamples(); i++) {
            int predicted = Nd4j.argMax(output.getRow(i)).getInt(0);
            int actual = Nd4j.argMax(DATA.getLabels().getRow(i)).getInt(0);
            correct += predicted == actual ? 1 : 0;
        }
        return correct / (double) DATA.numExamples();
    }

    /**
     * The objective never touches the user's network: parameters (bitwise), score, listeners (none called),
     * configuration (dropout kept) and updater state are the same after using it at other θ, in both types.
     * Its copies carry no updater state and no listeners.
     */
    @Test
    void usersNetworkIsUntouched() {
        MultiLayerNetwork network = Fixtures.classifier(Fixtures.base(DataType.FLOAT).updater(new Adam(1e-2))
                .l2(0.01), new DenseLayer.Builder().dropOut(0.8));
        DataSet data = Fixtures.classification(21, 12, Fixtures.INPUTS, Fixtures.CLASSES, DataType.FLOAT);
        AtomicInteger calls = new AtomicInteger();
        TrainingListener listener = new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                calls.incrementAndGet();
            }

            @Override
            public void onForwardPass(Model model, List<INDArray> activations) {
                calls.incrementAndGet();
            }

            @Override
            public void onGradientCalculation(Model model) {
                calls.incrementAndGet();
            }
        };
        network.setListeners(listener);
        network.fit(data);
        int callsAfterFit = calls.get();
        double[] params = Fixtures.values(network.params());
        double score = network.score();
        String json = network.getLayerWiseConfigurations().toJson();
        double[] updaterState = Fixtures.values(network.getUpdater().getStateViewArray());
        List<TrainingListener> listeners = new ArrayList<>(network.getListeners());

        NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(network).data(data).build();
        for (Precision precision : Precision.values()) {
            try (NetworkObjective objective = factory.withPrecision(precision).create()) {
                INDArray theta = Fixtures.perturbed(network.params(), 8, 0.5);
                objective.evaluate(theta);
                objective.loss();
                objective.regularization();
                INDArray out = Nd4j.create(precision.toNd4j(), objective.parameterCount());
                objective.lossAndGradient(out);
                objective.gradient(out);
                objective.addRegularizationGradient(out);
            }
        }
        assertArrayEquals(params, Fixtures.values(network.params()), 0.0);
        assertEquals(DataType.FLOAT, network.params().dataType());
        assertEquals(score, network.score(), 0.0);
        assertEquals(json, network.getLayerWiseConfigurations().toJson());
        assertArrayEquals(updaterState, Fixtures.values(network.getUpdater().getStateViewArray()), 0.0);
        assertEquals(listeners, new ArrayList<>(network.getListeners()));
        assertEquals(callsAfterFit, calls.get(), "no listener of the user's network was called");

        Dl4jNetwork copy = Dl4jNetwork.of(network).evaluationCopy(DataType.DOUBLE);
        MultiLayerNetwork copied = (MultiLayerNetwork) copy.model();
        assertEquals(null, copied.getUpdater(false), "no updater (state) in the copy");
        assertTrue(copied.getListeners().isEmpty());
        assertEquals(null, copied.getLayer(0).conf().getLayer().getIDropout(), "no dropout in the copy");
        assertArrayEquals(params, Fixtures.values(copy.params()), 0.0, "the copy starts at the network's θ");
        copy.close();
    }

    /**
     * The buffer contract: parameters() is a live rank-1 view of the copy; θ may be written as FLOAT or DOUBLE,
     * [P] or [1, P]; gradients go into caller vectors of shape [P], [1, P] or [P, 1], overwritten, not allocated.
     */
    @Test
    void bufferAndOutputContract() {
        MultiLayerNetwork network = Fixtures.classifier(DataType.DOUBLE);
        try (Objective objective = Fixtures.objective(network, DATA)) {
            long p = objective.parameterCount();
            INDArray buffer = objective.parameters();
            assertSame(buffer, objective.parameters(), "one buffer for the objective's life");
            assertArrayEquals(new long[]{p}, buffer.shape());
            INDArray theta = Fixtures.perturbed(network.params(), 2, 0.2);
            double loss = objective.evaluate(theta).loss();
            assertArrayEquals(Fixtures.values(theta), Fixtures.values(buffer), 0.0, "θ is in the buffer");
            assertEquals(loss, objective.evaluate(theta.reshape(1, p)).loss(), 0.0);
            INDArray asFloat = theta.castTo(DataType.FLOAT);
            assertEquals(objective.evaluate(asFloat.castTo(DataType.DOUBLE)).loss(), objective.evaluate(asFloat).loss(),
                    0.0);

            INDArray before = theta.dup();
            INDArray row = Nd4j.create(DataType.DOUBLE, 1, p);
            INDArray column = Nd4j.create(DataType.DOUBLE, p, 1);
            INDArray flat = Nd4j.valueArrayOf(new long[]{p}, 42.0, DataType.DOUBLE);
            objective.gradient(theta, row);
            objective.gradient(theta, column);
            objective.gradient(theta, flat);
            assertArrayEquals(Fixtures.values(flat), Fixtures.values(row), 0.0);
            assertArrayEquals(Fixtures.values(flat), Fixtures.values(column), 0.0);
            assertFalse(Fixtures.values(flat)[0] == 42.0, "overwritten, not added to");
            assertEquals(before, theta, "θ is only read");
        }
    }

    @Test
    void wrongOutputVectorsNameBothLengths() {
        MultiLayerNetwork network = Fixtures.classifier(DataType.DOUBLE);
        try (Objective objective = Fixtures.objective(network, DATA)) {
            long p = objective.parameterCount();
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> objective.gradient(Nd4j.zeros(DataType.DOUBLE, p - 1)));
            assertTrue(error.getMessage().contains(Long.toString(p)) && error.getMessage().contains(
                    Long.toString(p - 1)), error.getMessage());
            assertThrows(IllegalArgumentException.class, () -> objective.lossAndGradient(Nd4j.zeros(DataType.DOUBLE,
                    p + 1)));
            assertThrows(IllegalArgumentException.class, () -> objective.gradient(null));
            assertThrows(IllegalArgumentException.class, () -> objective.gradient(Nd4j.zeros(DataType.INT32, p)));
            assertThrows(IllegalArgumentException.class, () -> objective.gradient(Nd4j.zeros(DataType.DOUBLE, 2, p)));
            IllegalArgumentException theta = assertThrows(IllegalArgumentException.class,
                    () -> objective.evaluate(Nd4j.zeros(DataType.DOUBLE, p + 2)));
            assertTrue(theta.getMessage().contains(Long.toString(p + 2)), theta.getMessage());
        }
    }

    /** close() releases the copy's memory, is idempotent, and every later use is an IllegalStateException. */
    @Test
    void closeReleasesAndForbidsUse() {
        MultiLayerNetwork network = Fixtures.classifier(DataType.DOUBLE);
        Objective objective = Fixtures.objective(network, DATA);
        INDArray buffer = objective.parameters();
        INDArray out = Nd4j.create(DataType.DOUBLE, objective.parameterCount());
        objective.gradient(out);
        objective.close();
        objective.close();
        assertTrue(buffer.wasClosed(), "the parameter buffer's memory is released");
        IllegalStateException error = assertThrows(IllegalStateException.class, objective::evaluate);
        assertTrue(error.getMessage().contains("closed"), error.getMessage());
        assertThrows(IllegalStateException.class, objective::parameters);
        assertThrows(IllegalStateException.class, objective::loss);
        assertThrows(IllegalStateException.class, () -> objective.gradient(out));
        assertThrows(IllegalStateException.class, () -> objective.addRegularizationGradient(out));
        assertEquals(Fixtures.values(network.params()).length, objective.parameterCount(), "facts stay readable");
    }

    /**
     * Examples are counted on every pass: data that changes size between passes is an error naming both counts
     * (a batch source that drops its last batch after the first pass stands for an iterator that shrank).
     */
    @Test
    void dataChangingSizeBetweenPassesIsAnError() {
        MultiLayerNetwork network = Fixtures.classifier(DataType.DOUBLE);
        BatchList full = BatchList.materialize(new ExistingDataSetIterator(unequalBatches()));
        Batches shrinking = new Batches() {
            private int passes;

            @Override
            public int count() {
                return passes++ == 0 ? full.count() : full.count() - 1;
            }

            @Override
            public org.nd4j.linalg.dataset.api.MultiDataSet get(int index) {
                return full.get(index);
            }

            @Override
            public long exampleCount() {
                return full.exampleCount();
            }

            @Override
            public String description() {
                return "a shrinking iterator";
            }
        };
        Dl4jNetwork copy = Dl4jNetwork.of(network).evaluationCopy(DataType.DOUBLE);
        try (NetworkObjective objective = new NetworkObjective(copy, shrinking,
                org.landscape4j.dl4j.layout.NetworkLayouts.of(copy), full.labelShape())) {
            assertEquals(12, objective.evaluate().examples());
            IllegalStateException error = assertThrows(IllegalStateException.class, objective::loss);
            assertTrue(error.getMessage().contains("saw 8 examples") && error.getMessage().contains("had 12")
                    && error.getMessage().contains("a shrinking iterator"), error.getMessage());
        }
    }

    @Test
    void builderErrors() {
        MultiLayerNetwork network = Fixtures.classifier(DataType.DOUBLE);
        IllegalStateException noData = assertThrows(IllegalStateException.class,
                () -> NetworkObjectiveFactory.builder(network).build());
        assertTrue(noData.getMessage().contains("no data"), noData.getMessage());
        assertThrows(IllegalStateException.class, () -> NetworkObjectiveFactory.builder(network).data(DATA).data(DATA));
        assertThrows(IllegalArgumentException.class, () -> NetworkObjectiveFactory.builder(null));
        assertThrows(IllegalArgumentException.class, () -> NetworkObjectiveFactory.builder(network).batchSize(0));
        IllegalStateException iteratorBatch = assertThrows(IllegalStateException.class,
                () -> NetworkObjectiveFactory.builder(network).data(new ExistingDataSetIterator(unequalBatches()))
                        .batchSize(4).build());
        assertTrue(iteratorBatch.getMessage().contains("own batches"), iteratorBatch.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjectiveFactory.builder(network).data(new ExistingDataSetIterator(List.of())).build());
        assertTrue(empty.getMessage().contains("no batches"), empty.getMessage());
        IllegalArgumentException emptySet = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjectiveFactory.builder(network).data(new MultiDataSet(
                        Nd4j.create(DataType.DOUBLE, 0, Fixtures.INPUTS),
                        Nd4j.create(DataType.DOUBLE, 0, Fixtures.CLASSES))).build());
        assertTrue(emptySet.getMessage().contains("no examples"), emptySet.getMessage());
        IllegalArgumentException unlabelled = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjectiveFactory.builder(network).data(new DataSet(DATA.getFeatures(), null)).build());
        assertTrue(unlabelled.getMessage().contains("labels"), unlabelled.getMessage());
        IllegalArgumentException oneShot = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjectiveFactory.builder(network)
                        .data(new ExistingDataSetIterator(unequalBatches().iterator())).build());
        assertTrue(oneShot.getMessage().contains("reset"), oneShot.getMessage());

        ComputationGraph graph = Fixtures.graph(DataType.DOUBLE);
        IllegalArgumentException wrongArity = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjectiveFactory.builder(graph).data(new MultiDataSet(new INDArray[]{DATA.getFeatures()},
                        new INDArray[]{DATA.getLabels(), DATA.getLabels()})).build());
        assertTrue(wrongArity.getMessage().contains("2 label array(s)"), wrongArity.getMessage());

        MultiLayerNetwork uninitialized = new MultiLayerNetwork(network.getLayerWiseConfigurations().clone());
        IllegalArgumentException notInit = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjectiveFactory.builder(uninitialized).data(DATA).build());
        assertTrue(notInit.getMessage().contains("init()"), notInit.getMessage());
    }

    @Test
    void layoutAndCountsDescribeTheNetwork() {
        MultiLayerNetwork network = Fixtures.classifier(DataType.DOUBLE);
        try (Objective objective = Fixtures.objective(network, DATA);
             Objective regression = Fixtures.objective(Fixtures.regression(DataType.DOUBLE),
                     Fixtures.regression(1, 5, Fixtures.INPUTS, 2, DataType.DOUBLE))) {
            assertEquals(network.numParams(), objective.parameterCount());
            assertEquals(12, objective.exampleCount());
            assertSame(Precision.DOUBLE, objective.precision());
            assertEquals(List.of("0_W", "0_b", "1_W", "1_b"), objective.layout().arrays().stream()
                    .map(org.landscape4j.layout.ParameterArray::name).toList());
            assertFalse(regression.isClassifier());
            assertEquals(5, regression.exampleCount());
        }
    }
}
