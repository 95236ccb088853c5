package org.landscape4j.dl4j.objective;

import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.landscape4j.dl4j.TestData;
import org.landscape4j.objective.Evaluation;
import org.landscape4j.objective.LossAndGradient;
import org.junit.jupiter.api.Test;
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
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Data sources, accuracy, isolation from the user's network, and the builder's errors. */
class DataAndContractTest {

    private static final DataSet DATA = TestData.classification(21, 12, Networks.INPUTS, Networks.CLASSES,
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
     * Three batches of unequal size give what one in-memory batch gives: the per-example losses and gradients
     * are the same numbers, summed in another grouping; 1e-12 relative covers that reassociation.
     */
    @Test
    void streamedBatchesEqualOneInMemoryBatch() {
        MultiLayerNetwork network = Networks.classifier(Networks.base(DataType.DOUBLE).l2(0.03));
        INDArray theta = TestData.perturbed(network.params(), 4, 0.2);
        NetworkObjective memory = NetworkObjective.of(network, DATA);
        NetworkObjective streamed = NetworkObjective.builder(network)
                .data(new ExistingDataSetIterator(unequalBatches())).build();
        assertEquals(12, streamed.exampleCount());

        for (int pass = 0; pass < 2; pass++) { // the iterator is reset per evaluation
            assertEquals(0, Networks.relative(streamed.loss(theta), memory.loss(theta)), 1e-12);
            LossAndGradient s = streamed.lossAndGradient(theta);
            LossAndGradient m = memory.lossAndGradient(theta);
            assertEquals(0, Networks.relative(s.loss(), m.loss()), 1e-12);
            assertEquals(0, Networks.maxRelativeError(TestData.values(s.gradient()), TestData.values(m.gradient()),
                    1e-12), 1e-12);
            Evaluation se = streamed.evaluate(theta);
            Evaluation me = memory.evaluate(theta);
            assertEquals(0, Networks.relative(se.loss(), me.loss()), 1e-12);
            assertEquals(me.regularization(), se.regularization(), 0.0);
            assertEquals(me.accuracy(), se.accuracy());
        }
    }

    /** A graph reading a MultiDataSetIterator of unequal batches agrees with one in-memory MultiDataSet. */
    @Test
    void graphStreamsMultiDataSets() {
        ComputationGraph graph = Networks.graph(DataType.DOUBLE);
        INDArray theta = TestData.perturbed(graph.params(), 5, 0.2);
        NetworkObjective streamed = NetworkObjective.builder(graph)
                .data(new MultiDataSetIteratorAdapter(new ExistingDataSetIterator(unequalBatches()))).build();
        NetworkObjective memory = NetworkObjective.builder(graph)
                .data(new MultiDataSet(DATA.getFeatures(), DATA.getLabels())).build();
        assertEquals(12, streamed.exampleCount());
        LossAndGradient s = streamed.lossAndGradient(theta);
        LossAndGradient m = memory.lossAndGradient(theta);
        assertEquals(0, Networks.relative(s.loss(), m.loss()), 1e-12);
        assertEquals(0, Networks.maxRelativeError(TestData.values(s.gradient()), TestData.values(m.gradient()),
                1e-12), 1e-12);
        assertEquals(memory.evaluate(theta).accuracy(), streamed.evaluate(theta).accuracy());
    }

    /** Graph: L = DL4J's score − R, and the single-pass accuracy equals arg-max of output(). */
    @Test
    void graphLossAndAccuracyMatchDl4j() {
        ComputationGraph graph = Networks.graph(DataType.DOUBLE);
        MultiDataSet data = new MultiDataSet(DATA.getFeatures(), DATA.getLabels());
        NetworkObjective objective = NetworkObjective.builder(graph).data(data).build();
        INDArray theta = graph.params();
        Evaluation evaluation = objective.evaluate(theta);
        double expected = graph.score(data, false) - graph.calcRegularizationScore(true);
        assertEquals(0, Networks.relative(evaluation.loss(), expected), 1e-12);
        assertEquals(0, Networks.relative(objective.loss(theta), expected), 1e-12);
        assertEquals(graph.calcRegularizationScore(true), evaluation.regularization(), 0.0);
        assertTrue(objective.isClassifier());
        assertEquals(referenceAccuracy(graph.output(false, DATA.getFeatures())[0]), evaluation.accuracy()
                .orElseThrow(), 0.0);
        // A graph with one input and one output also takes a plain DataSet.
        assertEquals(0, Networks.relative(NetworkObjective.of(graph, DATA).loss(theta), expected), 1e-12);
    }

    @Test
    void accuracyOfAClassifier() {
        MultiLayerNetwork network = Networks.classifier(DataType.DOUBLE);
        NetworkObjective objective = NetworkObjective.of(network, DATA);
        assertTrue(objective.isClassifier());
        for (long seed = 1; seed <= 3; seed++) {
            INDArray theta = TestData.perturbed(network.params(), seed, 1.0);
            Evaluation evaluation = objective.evaluate(theta);
            MultiLayerNetwork reference = network.clone();
            reference.params().assign(theta);
            assertEquals(referenceAccuracy(reference.output(DATA.getFeatures(), false)),
                    evaluation.accuracy().orElseThrow(), 0.0);
            // evaluate() makes one pass; its loss must be the loss() of scoreExamples.
            assertEquals(0, Networks.relative(evaluation.loss(), objective.loss(theta)), 1e-12);
            assertEquals(objective.regularization(theta), evaluation.regularization(), 0.0);
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
     */
    @Test
    void usersNetworkIsUntouched() {
        MultiLayerNetwork network = Networks.classifier(Networks.base(DataType.FLOAT).updater(new Adam(1e-2))
                .l2(0.01), new DenseLayer.Builder().dropOut(0.8));
        DataSet data = TestData.classification(21, 12, Networks.INPUTS, Networks.CLASSES, DataType.FLOAT);
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
        double[] params = TestData.values(network.params());
        double score = network.score();
        String json = network.getLayerWiseConfigurations().toJson();
        double[] updaterState = TestData.values(network.getUpdater().getStateViewArray());
        List<TrainingListener> listeners = new ArrayList<>(network.getListeners());

        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            NetworkObjective objective = NetworkObjective.builder(network).data(data).dataType(type).build();
            INDArray theta = TestData.perturbed(network.params(), 8, 0.5);
            objective.loss(theta);
            objective.regularization(theta);
            objective.lossAndGradient(theta);
            objective.evaluate(theta);
        }
        assertArrayEquals(params, TestData.values(network.params()), 0.0);
        assertEquals(DataType.FLOAT, network.params().dataType());
        assertEquals(score, network.score(), 0.0);
        assertEquals(json, network.getLayerWiseConfigurations().toJson());
        assertArrayEquals(updaterState, TestData.values(network.getUpdater().getStateViewArray()), 0.0);
        assertEquals(listeners, new ArrayList<>(network.getListeners()));
        assertEquals(callsAfterFit, calls.get(), "no listener of the user's network was called");
    }

    /** θ may be [P], [1, P] or [P, 1], FLOAT or DOUBLE; the gradient has params()'s shape [P], fresh. */
    @Test
    void thetaShapesAndTypes() {
        MultiLayerNetwork network = Networks.classifier(DataType.DOUBLE);
        NetworkObjective objective = NetworkObjective.of(network, DATA);
        long p = objective.parameterCount();
        INDArray theta = TestData.perturbed(network.params(), 2, 0.2);
        double loss = objective.loss(theta);
        assertEquals(loss, objective.loss(theta.reshape(1, p)), 0.0);
        assertEquals(loss, objective.loss(theta.reshape(p, 1)), 0.0);
        INDArray asFloat = theta.castTo(DataType.FLOAT);
        assertEquals(objective.loss(asFloat.castTo(DataType.DOUBLE)), objective.loss(asFloat), 0.0);

        INDArray before = theta.dup();
        INDArray first = objective.lossAndGradient(theta).gradient();
        INDArray second = objective.lossAndGradient(theta).gradient();
        assertArrayEquals(new long[]{p}, first.shape());
        assertNotSame(first, second);
        assertFalse(first.isAttached(), "allocated outside any workspace");
        assertEquals(before, theta, "θ is only read");
        objective.lossAndGradient(TestData.perturbed(theta, 3, 1.0));
        assertArrayEquals(TestData.values(second), TestData.values(first), 0.0,
                "a returned gradient is not overwritten by later evaluations");
    }

    @Test
    void wrongThetaLengthNamesBothLengths() {
        MultiLayerNetwork network = Networks.classifier(DataType.DOUBLE);
        NetworkObjective objective = NetworkObjective.of(network, DATA);
        long p = objective.parameterCount();
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> objective.loss(Nd4j.zeros(DataType.DOUBLE, p - 1)));
        assertTrue(error.getMessage().contains(Long.toString(p)) && error.getMessage().contains(Long.toString(p - 1)),
                error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> objective.lossAndGradient(Nd4j.zeros(DataType.DOUBLE,
                p + 1)));
        assertThrows(IllegalArgumentException.class, () -> objective.evaluate(null));
        assertThrows(IllegalArgumentException.class, () -> objective.regularization(Nd4j.zeros(DataType.INT32, p)));
    }

    @Test
    void builderErrors() {
        MultiLayerNetwork network = Networks.classifier(DataType.DOUBLE);
        IllegalStateException noData = assertThrows(IllegalStateException.class,
                () -> NetworkObjective.builder(network).build());
        assertTrue(noData.getMessage().contains("no data"), noData.getMessage());
        assertThrows(IllegalStateException.class, () -> NetworkObjective.builder(network).data(DATA).data(DATA));
        assertThrows(IllegalArgumentException.class, () -> NetworkObjective.builder(null));
        assertThrows(IllegalArgumentException.class, () -> NetworkObjective.builder(network).dataType(DataType.INT32));

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjective.builder(network).data(new ExistingDataSetIterator(List.of())).build());
        assertTrue(empty.getMessage().contains("no examples"), empty.getMessage());
        IllegalArgumentException emptySet = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjective.builder(network).data(new MultiDataSet(
                        Nd4j.create(DataType.DOUBLE, 0, Networks.INPUTS),
                        Nd4j.create(DataType.DOUBLE, 0, Networks.CLASSES))).build());
        assertTrue(emptySet.getMessage().contains("no examples"), emptySet.getMessage());

        IllegalArgumentException unlabelled = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjective.of(network, new DataSet(DATA.getFeatures(), null)));
        assertTrue(unlabelled.getMessage().contains("labels"), unlabelled.getMessage());

        IllegalArgumentException oneShot = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjective.builder(network).data(new ExistingDataSetIterator(unequalBatches().iterator()))
                        .build());
        assertTrue(oneShot.getMessage().contains("reset"), oneShot.getMessage());

        ComputationGraph graph = Networks.graph(DataType.DOUBLE);
        IllegalArgumentException wrongArity = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjective.builder(graph).data(new MultiDataSet(new INDArray[]{DATA.getFeatures()},
                        new INDArray[]{DATA.getLabels(), DATA.getLabels()})).build());
        assertTrue(wrongArity.getMessage().contains("2 label array(s)"), wrongArity.getMessage());

        MultiLayerNetwork uninitialized = new MultiLayerNetwork(network.getLayerWiseConfigurations().clone());
        IllegalArgumentException notInit = assertThrows(IllegalArgumentException.class,
                () -> NetworkObjective.of(uninitialized, DATA));
        assertTrue(notInit.getMessage().contains("init()"), notInit.getMessage());
    }

    @Test
    void layoutAndCountsDescribeTheNetwork() {
        MultiLayerNetwork network = Networks.classifier(DataType.DOUBLE);
        NetworkObjective objective = NetworkObjective.of(network, DATA);
        assertEquals(network.numParams(), objective.parameterCount());
        assertEquals(12, objective.exampleCount());
        assertSame(DataType.DOUBLE, objective.dataType());
        assertEquals("0_W", objective.layout().arrays().get(0).name());
        assertFalse(NetworkObjective.of(Networks.regression(DataType.DOUBLE),
                TestData.regression(1, 5, Networks.INPUTS, 2, DataType.DOUBLE)).isClassifier());
    }
}
