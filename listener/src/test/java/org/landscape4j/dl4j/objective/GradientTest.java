package org.landscape4j.dl4j.objective;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ∇L(θ) against central differences of L and against the batch-sum gradient DL4J itself reports.
 *
 * <p>Finite differences in double with ε = 1e-5: truncation ε²/6·|∂³L| ≈ 1e-11 and rounding u·|L|/ε ≈ 1e-11
 * (L ≈ 1), so each difference is good to ≈ 2e-11 absolutely. Asserting a relative error ≤ 1e-6 with the
 * denominator floored at 1e-4 (coordinates whose derivative is smaller are held to 1e-10 absolutely) is
 * therefore strict but safe; the observed errors are printed.
 */
class GradientTest {

    private static final double EPSILON = 1e-5;
    private static final double FLOOR = 1e-4;

    private static final DataSet DATA = Fixtures.classification(11, 12, Fixtures.INPUTS, Fixtures.CLASSES,
            DataType.DOUBLE);

    private static void assertMatchesCentralDifferences(Objective objective, INDArray theta, String what) {
        INDArray out = Nd4j.create(DataType.DOUBLE, objective.parameterCount());
        objective.parameters().assign(theta);
        double loss = objective.lossAndGradient(out);
        double[] gradient = Fixtures.values(out);
        double[] numeric = Fixtures.centralDifferences(objective, theta, EPSILON);
        double error = Fixtures.maxRelativeError(gradient, numeric, FLOOR);
        System.out.printf("%s: P = %d, max relative error vs central differences %.3g%n", what, gradient.length,
                error);
        assertTrue(error <= 1e-6, what + ": max relative error " + error);
        assertTrue(Fixtures.relativeNorm(gradient, numeric) <= 1e-8, what + ": gradient norm error");
        assertEquals(0, Fixtures.relative(loss, Fixtures.loss(objective, theta)), 1e-12,
                what + ": the loss returned with the gradient is L(θ)");
        assertArrayEquals(gradient, Fixtures.gradient(objective, theta), 0.0,
                what + ": gradient(out) (no loss computed) gives the very numbers of lossAndGradient(out)");
    }

    @Test
    void softmaxCrossEntropyGradientMatchesCentralDifferences() {
        MultiLayerNetwork network = Fixtures.classifier(Fixtures.base(DataType.DOUBLE).l2(0.05));
        try (Objective objective = Fixtures.objective(network, DATA)) {
            assertMatchesCentralDifferences(objective, Fixtures.perturbed(network.params(), 5, 0.2),
                    "tanh + softmax/MCXENT");
        }
    }

    @Test
    void meanSquaredErrorGradientMatchesCentralDifferences() {
        MultiLayerNetwork network = Fixtures.regression(DataType.DOUBLE);
        DataSet data = Fixtures.regression(13, 9, Fixtures.INPUTS, 2, DataType.DOUBLE);
        try (Objective objective = Fixtures.objective(network, data)) {
            assertMatchesCentralDifferences(objective, Fixtures.perturbed(network.params(), 6, 0.2),
                    "sigmoid + identity/MSE");
        }
    }

    @Test
    void graphGradientMatchesCentralDifferences() {
        ComputationGraph graph = Fixtures.graph(DataType.DOUBLE);
        try (Objective objective = NetworkObjectiveFactory.builder(graph)
                .data(new MultiDataSet(DATA.getFeatures(), DATA.getLabels())).build().create()) {
            assertMatchesCentralDifferences(objective, Fixtures.perturbed(graph.params(), 7, 0.2),
                    "ComputationGraph");
        }
    }

    /**
     * DL4J's computeGradientAndScore on a clone: the batch sum of the data-loss gradient; ours is it / N. This is
     * also what the old {@code lossAndGradient(θ)} returned for networks without batch normalization.
     */
    @Test
    void gradientIsDl4jBatchSumOverN() {
        for (boolean graph : new boolean[]{false, true}) {
            Model network = graph ? Fixtures.graph(DataType.DOUBLE)
                    : Fixtures.classifier(Fixtures.base(DataType.DOUBLE).l2(0.05));
            INDArray theta = Fixtures.perturbed(network.params(), 3, 0.3);
            Model reference;
            if (network instanceof MultiLayerNetwork mln) {
                MultiLayerNetwork clone = mln.clone();
                clone.params().assign(theta);
                clone.setInput(DATA.getFeatures());
                clone.setLabels(DATA.getLabels());
                reference = clone;
            } else {
                ComputationGraph clone = ((ComputationGraph) network).clone();
                clone.params().assign(theta);
                clone.setInputs(DATA.getFeatures());
                clone.setLabels(DATA.getLabels());
                reference = clone;
            }
            reference.computeGradientAndScore(org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
            double[] expected = Fixtures.values(reference.gradient().gradient().div(DATA.numExamples()));
            try (Objective objective = Fixtures.objective(network, DATA)) {
                double[] actual = Fixtures.gradient(objective, theta);
                // the same pass on the same parameters: equal up to the order of IEEE operations
                assertEquals(0, Fixtures.maxRelativeError(actual, expected, 1e-12), 1e-14, graph ? "graph" : "mln");
            }
        }
    }

    /** What a training listener sees in onGradientCalculation (before the updater) is N times our gradient. */
    @Test
    void gradientIsWhatTrainingListenersSeeOverN() {
        MultiLayerNetwork network = Fixtures.classifier(Fixtures.base(DataType.DOUBLE).l2(0.05));
        double[] actual;
        try (Objective objective = Fixtures.objective(network, DATA)) {
            actual = Fixtures.gradient(objective, network.params());
        }
        MultiLayerNetwork trained = network.clone();
        List<INDArray> seen = new ArrayList<>();
        trained.setListeners(new BaseTrainingListener() {
            @Override
            public void onGradientCalculation(Model model) {
                seen.add(model.gradient().gradient().dup());
            }
        });
        trained.fit(DATA);
        assertEquals(1, seen.size());
        double[] expected = Fixtures.values(seen.get(0).div(DATA.numExamples()));
        assertEquals(0, Fixtures.maxRelativeError(actual, expected, 1e-12), 1e-14,
                "raw gradient = batch sum, without the L2 term the score contains");
    }

    /** Dropout and weight noise are removed on the private copy: deterministic, and the no-dropout gradient. */
    @Test
    void dropoutIsDisabledForTheGradient() {
        MultiLayerNetwork withDropout = Fixtures.classifier(Fixtures.base(DataType.DOUBLE),
                new DenseLayer.Builder().dropOut(0.5));
        MultiLayerNetwork plain = Fixtures.classifier(DataType.DOUBLE);
        plain.setParams(withDropout.params());
        INDArray theta = withDropout.params().dup();
        try (Objective objective = Fixtures.objective(withDropout, DATA);
             Objective reference = Fixtures.objective(plain, DATA)) {
            double[] first = Fixtures.gradient(objective, theta);
            double[] second = Fixtures.gradient(objective, theta);
            assertArrayEquals(first, second, 0.0, "no randomness left");
            assertArrayEquals(Fixtures.gradient(reference, theta), first, 0.0,
                    "the gradient of the network without dropout");
        }
        assertTrue(withDropout.getLayer(0).conf().getLayer().getIDropout() != null,
                "the user's network keeps its dropout");
    }

    /**
     * A FLOAT network: the objective computes in float. Reference: its DOUBLE twin from the same factory. Float
     * rounding (u = 6e-8) through two layers and sums of a few dozen terms: relative errors of 1e-6 to 1e-5 are
     * expected; asserted 1e-4 for the loss and the gradient's norm.
     */
    @Test
    void floatNetworkAgreesWithItsDoubleTwin() {
        MultiLayerNetwork network = Fixtures.classifier(DataType.FLOAT);
        DataSet data = Fixtures.classification(11, 12, Fixtures.INPUTS, Fixtures.CLASSES, DataType.FLOAT);
        NetworkObjectiveFactory factory = NetworkObjectiveFactory.builder(network).data(data).build();
        try (Objective single = factory.create(); Objective dbl = factory.withPrecision(Precision.DOUBLE).create()) {
            assertEquals(Precision.FLOAT, single.precision());
            assertEquals(Precision.DOUBLE, dbl.precision());
            assertEquals(DataType.FLOAT, single.parameters().dataType());
            assertEquals(DataType.DOUBLE, dbl.parameters().dataType());
            INDArray theta = Fixtures.perturbed(network.params(), 9, 0.2);
            INDArray f = Nd4j.create(DataType.FLOAT, single.parameterCount());
            INDArray d = Nd4j.create(DataType.DOUBLE, dbl.parameterCount());
            single.parameters().assign(theta);
            dbl.parameters().assign(theta);
            double fl = single.lossAndGradient(f);
            double dl = dbl.lossAndGradient(d);
            assertEquals(0, Fixtures.relative(fl, dl), 1e-4);
            assertTrue(Fixtures.relativeNorm(Fixtures.values(f), Fixtures.values(d)) <= 1e-4);
            // a DOUBLE output vector for a FLOAT objective: accumulated in float, cast once
            INDArray mixed = Nd4j.create(DataType.DOUBLE, single.parameterCount());
            single.gradient(mixed);
            assertArrayEquals(Fixtures.values(f), Fixtures.values(mixed), 0.0);
            // central differences in float need ε ≈ 1e-2 (rounding u/ε ≈ 1e-5, truncation ε² ≈ 1e-4): coarse
            double[] numeric = Fixtures.centralDifferences(single, theta, 1e-2);
            assertTrue(Fixtures.relativeNorm(Fixtures.values(f), numeric) <= 1e-2);
        }
    }
}
