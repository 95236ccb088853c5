package org.landscape4j.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.dl4j.Fixtures;
import org.landscape4j.dl4j.objective.NetworkObjectiveFactory;
import org.landscape4j.listener.CurvatureAlert;
import org.landscape4j.listener.CurvatureSettings;
import org.landscape4j.listener.LandscapeListener;
import org.landscape4j.listener.ScheduleUnit;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.CurvatureRow;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.RunDirectory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The listener's curvature recorder on tiny DOUBLE networks trained by plain SGD, against exact references.
 *
 * <p>Full-batch gradient descent with the probe set equal to the training batch: the update is u = −η·g exactly
 * (DL4J's Sgd multiplies the mean-loss gradient by η; the recorder's g is the same function's gradient on a DOUBLE
 * twin, equal to DL4J's to ~1e-15 relative), so gᵀu = −η‖g‖² and uᵀHu = η²gᵀHg. The first identity involves no
 * Hessian product: asserted to 1e-10 relative (rounding of θ − ηg in DOUBLE, ~1e-16·|θ|/|ηg| ≈ 1e-14). The second
 * compares two finite-difference products along ±ĝ, whose points c ± εv̂ differ only by rounding: asserted to 1e-8
 * relative. κ_g, λmax and λmin are compared with an explicit Hessian built column by column from gradient
 * differences along the coordinate axes on a second objective (entries good to about 1e-10; the operator itself
 * was checked against second differences of loss values in {@link NetworkHessianTest}): Weyl's inequality bounds
 * the eigenvalue error by ‖ΔH‖₂ ≤ ‖ΔH‖_F ≤ 43·1e-10 plus the operator's own ≈ 1e-10 per entry, so 1e-7 absolute
 * is asserted (the observed errors, about 1e-9, are printed); the reference κ_g uses the second objective's
 * gradient. θ<sub>t</sub> is captured
 * exactly (DOUBLE) by a plain DL4J listener attached beside the recorder.
 */
class CurvatureRecorderTest {

    private static final double ETA = 0.1;

    @TempDir
    Path tmp;

    /** Records θ after every update (and the initial θ), exactly, as DOUBLE copies. */
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

    /**
     * The explicit Hessian column by column, H e_j ≈ [∇L(θ + h e_j) − ∇L(θ − h e_j)]/(2h), symmetrized: P·2 gradient
     * passes on its own objective, along coordinate axes (the operator under test steps along normalized
     * directions of its own choosing). Error per entry: truncation h²/6·|∂³L| ≈ 1e-11 plus rounding
     * u·|∇L|/h ≈ 1e-11, about 1e-10 with the backward pass's own rounding.
     */
    private static double[][] fromGradients(Objective objective, INDArray theta, double h) {
        int p = (int) objective.parameterCount();
        double[][] columns = new double[p][];
        for (int j = 0; j < p; j++) {
            INDArray plus = theta.dup();
            plus.putScalar(j, theta.getDouble(j) + h);
            INDArray minus = theta.dup();
            minus.putScalar(j, theta.getDouble(j) - h);
            double[] gp = Fixtures.gradient(objective, plus);
            double[] gm = Fixtures.gradient(objective, minus);
            columns[j] = new double[p];
            for (int i = 0; i < p; i++) {
                columns[j][i] = (gp[i] - gm[i]) / (2 * h);
            }
        }
        double[][] hessian = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                hessian[i][j] = 0.5 * (columns[j][i] + columns[i][j]);
            }
        }
        return hessian;
    }

    private static List<CurvatureRow> rows(Path run) throws IOException {
        return RunDirectory.open(run).readCurvature(null).rows();
    }

    @Test
    void fullBatchGradientDescentSatisfiesTheStepIdentitiesAndMatchesTheExplicitHessian() throws IOException {
        DataSet data = Fixtures.classification(7, 16, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        MultiLayerNetwork net = Fixtures.classifier(DataType.DOUBLE);     // Sgd(0.1), no regularization
        Trajectory trajectory = new Trajectory(net);
        Path run = tmp.resolve("gd");
        try (LandscapeListener listener = LandscapeListener.builder(run)
                .curvature(CurvatureSettings.builder().probe(data).every(2, ScheduleUnit.ITERATIONS).atStart()
                        .spectrumEvery(2).waitIfBusy(true)
                        .lanczos(LanczosSettings.defaults().withMaxSteps(60).withTolerance(1e-10)).build())
                .build()) {
            net.addListeners(listener, trajectory);
            net.fit(new ListDataSetIterator<>(data.asList(), 16), 6);         // 6 full-batch updates
        }
        List<CurvatureRow> rows = rows(run);
        assertEquals(List.of(0L, 1L, 3L, 5L), rows.stream().map(CurvatureRow::iteration).toList(),
                "update 1 (atStart) and every 2nd update: iterations 0, 1, 3, 5");
        try (Objective reference = NetworkObjectiveFactory.builder(net).data(data).precision(Precision.DOUBLE)
                .build().create()) {
            for (int k = 0; k < rows.size(); k++) {
                CurvatureRow row = rows.get(k);
                int t = (int) row.iteration();
                INDArray before = trajectory.thetas.get(t);
                INDArray after = trajectory.thetas.get(t + 1);
                assertEquals(16, row.probeExamples());
                assertEquals(t, row.epoch(), "one update per epoch");
                double lossBefore = Fixtures.loss(reference, before);
                double lossAfter = Fixtures.loss(reference, after);
                assertEquals(lossBefore, row.loss(), 1e-12 * lossBefore, "L(θ_t) on the probe set");
                assertEquals(lossAfter - lossBefore, row.observedChange(), 1e-12 * lossBefore);
                double g2 = row.gradNormSquared();
                double[] g = Fixtures.gradient(reference, before);
                assertEquals(Hessians.dot(g, g), g2, 1e-12 * g2, "‖g‖² against an independent gradient");
                assertEquals(-ETA * g2, row.gradDotStep(), 1e-10 * ETA * g2, "gᵀu = −η‖g‖²");
                assertEquals(ETA * ETA * g2, row.stepNormSquared(), 1e-10 * ETA * ETA * g2, "‖u‖² = η²‖g‖²");
                assertEquals(ETA * ETA * row.gradHessGrad(), row.stepHessStep(),
                        1e-8 * Math.abs(ETA * ETA * row.gradHessGrad()), "uᵀHu = η²gᵀHg");
                assertEquals(row.gradHessGrad() / g2, row.curvatureGrad(), 0.0);
                assertEquals(row.stepHessStep() / row.stepNormSquared(), row.curvatureStep(), 0.0);
                assertEquals(row.gradDotStep() + 0.5 * row.stepHessStep(), row.predictedChange(), 0.0);
                assertEquals(0.5 * row.stepHessStep() > Math.abs(row.gradDotStep()), row.illConditioned());
                assertEquals(ETA, row.learningRate(), 0.0);
                assertEquals(2 / ETA, row.stabilityThreshold(), 1e-12, "plain SGD: 2/η");

                double[][] h = fromGradients(reference, before, 1e-5);
                double kappa = Hessians.dot(g, Hessians.multiply(h, g)) / Hessians.dot(g, g);
                System.out.printf("iteration %d: κ_g %.6g, explicit %.6g (difference %.2g)%n", t,
                        row.curvatureGrad(), kappa, row.curvatureGrad() - kappa);
                assertEquals(kappa, row.curvatureGrad(), 1e-7, "κ_g against the explicit Hessian");
                boolean spectrum = k % 2 == 1;                  // every 2nd measurement: the 2nd, the 4th
                if (spectrum) {
                    double[] eigenvalues = Hessians.eigen(h)[0][0];
                    double max = eigenvalues[eigenvalues.length - 1];
                    double min = eigenvalues[0];
                    System.out.printf("  λmax %.6g (explicit %.6g), λmin %.6g (explicit %.6g)%n", row.lambdaMax(),
                            max, row.lambdaMin(), min);
                    assertEquals(max, row.lambdaMax(), 1e-7);
                    assertEquals(min, row.lambdaMin(), 1e-7);
                    assertTrue(row.lambdaMaxResidual() <= 1e-8 && row.lambdaMinResidual() <= 1e-8);
                    assertEquals(row.lambdaMax() > 2 / ETA, row.edgeOfStability());
                    assertTrue(row.hessianProducts() > 2, "2 products + the Lanczos steps");
                } else {
                    assertNull(row.lambdaMax(), "λ not measured at this row: null, not NaN");
                    assertNull(row.lambdaMin());
                    assertNull(row.lambdaMaxResidual());
                    assertNull(row.edgeOfStability(), "no λmax, no edge-of-stability flag");
                    assertEquals(2L, row.hessianProducts(), "gᵀHg and uᵀHu: one product each");
                }
                assertNotNull(row.gradientGrowth());
            }
        }
        Map<String, Object> manifest = RunDirectory.open(run).manifest().settings();
        @SuppressWarnings("unchecked")
        Map<String, Object> curvature = (Map<String, Object>) manifest.get("curvature");
        assertEquals("given", curvature.get("probe_source"));
        assertEquals(16, ((Number) curvature.get("probe_examples")).intValue());
    }

    /**
     * With DL4J's L2 (applied to the gradient before the updater) plain SGD steps along −η(∇L + ∇R): measuring L + R
     * ({@code includeRegularization(true)}) restores gᵀu = −η‖g‖² (1e-10 relative, as above), and the row's loss is
     * L + R of an independent objective (1e-12); measuring L alone does not satisfy it (the L2 term, λ = 0.05 on
     * weights of order 0.5, is far above the tolerance).
     */
    @Test
    void theRegularizedObjectiveIsMeasuredWhenAsked() throws IOException {
        DataSet data = Fixtures.classification(7, 16, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        for (boolean regularization : new boolean[]{true, false}) {
            MultiLayerNetwork net = Fixtures.classifier(Fixtures.base(DataType.DOUBLE).l2(0.05));
            Trajectory trajectory = new Trajectory(net);
            Path run = tmp.resolve("l2-" + regularization);
            try (LandscapeListener listener = LandscapeListener.builder(run)
                    .curvature(CurvatureSettings.builder().probe(data).every(1, ScheduleUnit.ITERATIONS)
                            .spectrumEvery(0).includeRegularization(regularization).waitIfBusy(true).build())
                    .build()) {
                net.addListeners(listener, trajectory);
                net.fit(new ListDataSetIterator<>(data.asList(), 16), 2);
            }
            try (Objective reference = NetworkObjectiveFactory.builder(net).data(data).precision(Precision.DOUBLE)
                    .build().create()) {
                for (CurvatureRow row : rows(run)) {
                    double identity = Math.abs(row.gradDotStep() + ETA * row.gradNormSquared());
                    INDArray before = trajectory.thetas.get((int) row.iteration());
                    double loss = Fixtures.loss(reference, before);
                    double penalty = reference.regularization();
                    assertTrue(penalty > 1e-3, "a penalty worth measuring: " + penalty);
                    if (regularization) {
                        assertTrue(identity <= 1e-10 * ETA * row.gradNormSquared(), "gᵀu = −η‖g‖²: off by " + identity);
                        assertEquals(loss + penalty, row.loss(), 1e-12 * row.loss(), "L + R");
                    } else {
                        assertTrue(identity > 1e-6 * ETA * row.gradNormSquared(), "L alone: the step is not −ηg");
                        assertEquals(loss, row.loss(), 1e-12 * row.loss(), "L");
                    }
                }
            }
        }
    }

    /** The default probe set: the first examples of the first minibatches; an epochs schedule measures the next update. */
    @Test
    void theDefaultProbeIsTheFirstExamplesSeenAndAnEpochScheduleMeasuresTheNextUpdate() throws IOException {
        DataSet data = Fixtures.classification(11, 8, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        MultiLayerNetwork net = Fixtures.classifier(DataType.DOUBLE);
        Trajectory trajectory = new Trajectory(net);
        Path run = tmp.resolve("default-probe");
        LandscapeListener listener = LandscapeListener.builder(run)
                .curvature(CurvatureSettings.builder().probeSize(6).every(1, ScheduleUnit.EPOCHS).spectrumEvery(0)
                        .waitIfBusy(true).build())
                .build();
        try (listener) {
            net.addListeners(listener, trajectory);
            net.fit(new ListDataSetIterator<>(data.asList(), 4), 3);          // 2 updates per epoch
        }
        java.time.Duration worker = listener.workerCpuTime();
        if (java.lang.management.ManagementFactory.getThreadMXBean().isThreadCpuTimeSupported()) {
            assertTrue(worker.compareTo(java.time.Duration.ZERO) > 0, "the worker's CPU time, two measurements");
        }
        assertEquals(worker, listener.workerCpuTime(), "final once the worker has ended");
        List<CurvatureRow> rows = rows(run);
        assertEquals(List.of(2L, 4L), rows.stream().map(CurvatureRow::iteration).toList(),
                "the first update after epochs 1 and 2 (after epoch 3 training has ended)");
        DataSet firstSix = new DataSet(data.getFeatures().getRows(0, 1, 2, 3, 4, 5),
                data.getLabels().getRows(0, 1, 2, 3, 4, 5));
        try (Objective reference = NetworkObjectiveFactory.builder(net).data(firstSix).precision(Precision.DOUBLE)
                .build().create()) {
            for (CurvatureRow row : rows) {
                assertEquals(6, row.probeExamples(), "the 4 examples of batch 1 and the first 2 of batch 2");
                double loss = Fixtures.loss(reference, trajectory.thetas.get((int) row.iteration()));
                assertEquals(loss, row.loss(), 1e-12 * loss, "L(θ_t) on exactly those 6 examples");
                assertNull(row.lambdaMax(), "spectrumEvery(0): never");
                assertEquals(row.iteration() / 2, row.epoch());
            }
        }
    }

    /**
     * Linear regression by full-batch GD with η far beyond 2/λmax: it diverges, every step is ill-conditioned
     * (η·κ_g &gt; 2 once the top eigendirection dominates) and λmax &gt; 2/η. The flags must agree with the row's own
     * numbers, and the callback must be called, on the training thread, once for the first flagged row of each
     * window of 5 updates.
     */
    @Test
    void alertsFlagADivergingRunAndCallBackOncePerWindowOnTheTrainingThread() throws IOException {
        DataSet data = Fixtures.regression(5, 32, 3, 1, DataType.DOUBLE);
        MultiLayerNetwork net = Fixtures.linearRegression(DataType.DOUBLE, 3, 1);
        double eta = 2.0;
        net.setLearningRate(eta);
        List<Long> called = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Path run = tmp.resolve("diverging");
        try (LandscapeListener listener = LandscapeListener.builder(run)
                .curvature(CurvatureSettings.builder().probe(data).every(1, ScheduleUnit.ITERATIONS).spectrumEvery(1)
                        .waitIfBusy(true).alertWindow(5).onAlert((alert, model) -> {
                            assertSame(net, model);
                            called.add(alert.row().iteration());
                            threads.add(Thread.currentThread());
                        }).build())
                .build()) {
            net.addListeners(listener);
            net.fit(new ListDataSetIterator<>(data.asList(), 32), 12);
        }
        List<CurvatureRow> rows = rows(run);
        assertEquals(12, rows.size());
        List<Long> expected = new ArrayList<>();
        long last = Long.MIN_VALUE;
        int illConditioned = 0;
        for (CurvatureRow row : rows) {
            assertEquals(0.5 * row.stepHessStep() > Math.abs(row.gradDotStep()), row.illConditioned());
            assertEquals(row.lambdaMax() > 2 / eta, row.edgeOfStability());
            assertEquals(-eta * row.gradNormSquared(), row.gradDotStep(), 1e-10 * eta * row.gradNormSquared());
            illConditioned += row.illConditioned() ? 1 : 0;
            boolean flagged = row.illConditioned() || row.edgeOfStability() || row.gradientGrowth();
            if (flagged && (last == Long.MIN_VALUE || row.iteration() - last >= 5)) {
                expected.add(row.iteration());
                last = row.iteration();
            }
        }
        assertTrue(illConditioned >= 8, illConditioned + " ill-conditioned steps of 12");
        assertTrue(rows.get(11).edgeOfStability(), "λmax > 2/η");
        assertTrue(rows.get(11).gradientGrowth(), "‖g‖ grew tenfold while the loss rose");
        assertTrue(expected.size() >= 2, "the window limits the calls: " + expected);
        assertEquals(expected, called, "one call per window, for its first flagged row");
        threads.forEach(thread -> assertSame(Thread.currentThread(), thread, "called on the training thread"));
    }

    /** The callback may lower the learning rate: DL4J uses it from the next update, and the rows see it. */
    @Test
    void anAlertListenerCanLowerTheLearningRateOfTheRunningTraining() throws IOException {
        DataSet data = Fixtures.regression(5, 32, 3, 1, DataType.DOUBLE);
        MultiLayerNetwork net = Fixtures.linearRegression(DataType.DOUBLE, 3, 1);
        net.setLearningRate(2.0);
        Path run = tmp.resolve("lowered");
        List<CurvatureAlert> alerts = new ArrayList<>();
        try (LandscapeListener listener = LandscapeListener.builder(run).metricsEveryIteration()
                .curvature(CurvatureSettings.builder().probe(data).every(1, ScheduleUnit.ITERATIONS).spectrumEvery(1)
                        .waitIfBusy(true).onAlert((alert, model) -> {
                            alerts.add(alert);
                            double lambdaMax = alert.row().lambdaMax();
                            ((MultiLayerNetwork) model).setLearningRate(1.0 / lambdaMax);   // η·λmax = 1: stable
                        }).build())
                .build()) {
            net.addListeners(listener);
            net.fit(new ListDataSetIterator<>(data.asList(), 32), 12);
        }
        assertFalse(alerts.isEmpty());
        double lowered = 1.0 / alerts.get(0).row().lambdaMax();
        List<MetricRow> metrics = RunDirectory.open(run).readMetrics(null).rows();
        int change = -1;
        for (int i = 0; i < metrics.size(); i++) {
            if (metrics.get(i).learningRate() != 2.0) {
                change = i;
                break;
            }
        }
        assertTrue(change > 0, "the learning rate changed during training");
        for (int i = change; i < metrics.size(); i++) {
            assertEquals(lowered, metrics.get(i).learningRate(), 1e-15);
        }
        List<CurvatureRow> rows = rows(run);
        for (CurvatureRow row : rows) {
            double eta = row.learningRate();
            assertEquals(-eta * row.gradNormSquared(), row.gradDotStep(), 1e-10 * eta * row.gradNormSquared(),
                    "u = −η g with the η in effect at update " + (row.iteration() + 1));
            assertEquals(2 / eta, row.stabilityThreshold(), 1e-12 * 2 / eta);
        }
        CurvatureRow lastRow = rows.get(rows.size() - 1);
        assertEquals(lowered, lastRow.learningRate(), 1e-15);
        assertFalse(lastRow.edgeOfStability(), "λmax·η ≈ 1 < 2 after the change");
        assertTrue(lastRow.observedChange() < 0, "the loss falls again");
    }

    /**
     * The issue's edge-of-stability test: linear regression (a quadratic, so λmax is the same everywhere and equals
     * the top eigenvalue of 2X̃ᵀX̃/N, computed here by Commons Math) trained by full-batch SGD whose learning rate
     * grows by a per-iteration schedule, η_i·λmax = 1.65 + 0.1·i. It first exceeds 2 at i = 4 (2.05; i = 3 gives
     * 1.95, far enough from 2 that Lanczos's λmax, exact to ~1e-12 on this 4-dimensional operator, cannot flip the
     * comparison). Before that no mode of GD grows, so neither ½uᵀHu &gt; |gᵀu| (which needs η·κ_g &gt; 2, and
     * κ_g ≤ λmax) nor gradient growth can fire: the first alert must be raised at update i = 4 and name the edge.
     */
    @Test
    void aGrowingLearningRateRaisesTheEdgeOfStabilityAlertAtTheStepWhereEtaLambdaMaxFirstExceedsTwo()
            throws IOException {
        int inputs = 3;
        DataSet data = Fixtures.regression(17, 64, inputs, 1, DataType.DOUBLE);
        double[][] x = data.getFeatures().toDoubleMatrix();
        double[][] h = new double[inputs + 1][inputs + 1];
        for (double[] row : x) {
            double[] xt = Arrays.copyOf(row, inputs + 1);
            xt[inputs] = 1;
            for (int a = 0; a <= inputs; a++) {
                for (int c = 0; c <= inputs; c++) {
                    h[a][c] += 2 * xt[a] * xt[c] / x.length;
                }
            }
        }
        double lambdaMax = Arrays.stream(new EigenDecomposition(
                new Array2DRowRealMatrix(h)).getRealEigenvalues()).max().orElseThrow();
        int iterations = 8;
        Map<Integer, Double> rates = new HashMap<>();
        for (int i = 0; i < iterations; i++) {
            rates.put(i, (1.65 + 0.1 * i) / lambdaMax);
        }
        MultiLayerNetwork net = Fixtures.linearRegression(DataType.DOUBLE, inputs, 1);
        net.setLearningRate(new MapSchedule(
                ScheduleType.ITERATION, rates));
        List<CurvatureAlert> alerts = new ArrayList<>();
        Path run = tmp.resolve("warming-up");
        try (LandscapeListener listener = LandscapeListener.builder(run)
                .curvature(CurvatureSettings.builder().probe(data).every(1, ScheduleUnit.ITERATIONS).spectrumEvery(1)
                        .waitIfBusy(true).alertWindow(1).onAlert((alert, model) -> alerts.add(alert)).build())
                .build()) {
            net.addListeners(listener);
            net.fit(new ListDataSetIterator<>(data.asList(), 64), iterations);
        }
        List<CurvatureRow> rows = rows(run);
        assertEquals(iterations, rows.size());
        for (CurvatureRow row : rows) {
            int i = (int) row.iteration();
            assertEquals(rates.get(i), row.learningRate(), 1e-15 * rates.get(i), "η of update " + (i + 1));
            assertEquals(lambdaMax, row.lambdaMax(), 1e-9 * lambdaMax, "λmax of a quadratic at update " + (i + 1));
            assertEquals(i >= 4, row.edgeOfStability(), "η·λmax = " + rates.get(i) * lambdaMax);
        }
        assertFalse(alerts.isEmpty(), "the crossing raised an alert");
        CurvatureAlert first = alerts.get(0);
        assertEquals(4, first.row().iteration(), "the first alert is at the first update with η·λmax > 2");
        assertTrue(first.kinds().contains(CurvatureAlert.Kind.EDGE_OF_STABILITY), first.message());
        assertTrue(first.message().contains("2/η"), first.message());
    }

    /**
     * Bad input that must be measured, not fail: (1) η = 0, so the step u is the zero vector — its curvature
     * uᵀHu/‖u‖² is 0/0, recorded as NaN (not null), the rest of the row as usual; (2) a run that diverges to
     * infinity and NaN — every quantity that stops being finite is recorded as NaN, the rows keep coming and
     * training runs to its end; (3) a probe set of one class — measured like any other.
     */
    @Test
    void aZeroStepADivergedRunAndAOneClassProbeAreRecordedAsNaNAndTrainingGoesOn() throws IOException {
        DataSet data = Fixtures.regression(5, 32, 3, 1, DataType.DOUBLE);
        MultiLayerNetwork still = Fixtures.linearRegression(DataType.DOUBLE, 3, 1);
        still.setLearningRate(0.0);
        Path zero = tmp.resolve("zero-step");
        try (LandscapeListener listener = LandscapeListener.builder(zero)
                .curvature(CurvatureSettings.builder().probe(data).every(1, ScheduleUnit.ITERATIONS).spectrumEvery(1)
                        .waitIfBusy(true).build()).build()) {
            still.addListeners(listener);
            still.fit(new ListDataSetIterator<>(data.asList(), 32), 3);
        }
        List<CurvatureRow> rows = rows(zero);
        assertEquals(3, rows.size());
        for (CurvatureRow row : rows) {
            assertEquals(0.0, row.stepNormSquared());
            assertNotNull(row.curvatureStep(), "NaN, not null");
            assertTrue(Double.isNaN(row.curvatureStep()), "0/0 is NaN: " + row.curvatureStep());
            assertTrue(Double.isFinite(row.lambdaMax()) && row.gradNormSquared() > 0, row.toString());
            assertFalse(row.illConditioned(), "½·0 > |0| is false");
            assertNull(row.stabilityThreshold(), "η = 0: no 2/η");
        }

        MultiLayerNetwork diverging = Fixtures.linearRegression(DataType.DOUBLE, 3, 1);
        diverging.setLearningRate(1e6);
        Path blownUp = tmp.resolve("diverged");
        try (LandscapeListener listener = LandscapeListener.builder(blownUp)
                .curvature(CurvatureSettings.builder().probe(data).every(1, ScheduleUnit.ITERATIONS).spectrumEvery(1)
                        .waitIfBusy(true).build()).build()) {
            diverging.addListeners(listener);
            diverging.fit(new ListDataSetIterator<>(data.asList(), 32), 40);
        }
        assertEquals(40, diverging.getIterationCount(), "training ran to its end");
        rows = rows(blownUp);
        assertEquals(40, rows.size(), "a row for every update, finite or not");
        CurvatureRow last = rows.get(rows.size() - 1);
        assertFalse(Double.isFinite(last.loss()), "the run diverged: " + last.loss());
        assertNotNull(last.gradNormSquared());
        assertTrue(Double.isNaN(last.gradNormSquared()) || Double.isInfinite(last.gradNormSquared()));
        assertNotNull(last.curvatureGrad(), "NaN, not null");
        assertTrue(Double.isNaN(last.curvatureGrad()), "κ_g of a non-finite gradient: " + last.curvatureGrad());

        DataSet oneClass = Fixtures.classification(3, 16, Fixtures.INPUTS, Fixtures.CLASSES, DataType.DOUBLE);
        INDArray labels = oneClass.getLabels();
        labels.assign(0);
        labels.getColumn(1).assign(1);
        MultiLayerNetwork net = Fixtures.classifier(DataType.DOUBLE);
        Path single = tmp.resolve("one-class");
        try (LandscapeListener listener = LandscapeListener.builder(single)
                .curvature(CurvatureSettings.builder().probe(oneClass).every(1, ScheduleUnit.ITERATIONS)
                        .spectrumEvery(1).waitIfBusy(true).build()).build()) {
            net.addListeners(listener);
            net.fit(new ListDataSetIterator<>(oneClass.asList(), 16), 3);
        }
        rows = rows(single);
        assertEquals(3, rows.size());
        rows.forEach(row -> assertTrue(Double.isFinite(row.lambdaMax()) && Double.isFinite(row.curvatureGrad()),
                row.toString()));
    }

    /**
     * The worker's time budget paces the passes: with maxOverhead = 1e-6 the first measurement's first pass (≥ 1 µs)
     * makes its next pass wait ≥ 1 s per µs, far longer than the 30 updates of linear regression take, so every
     * later due update is skipped while it waits; closing lifts the pacing, so the measurement finishes at once and
     * exactly its row appears. waitIfBusy(true) ignores the budget and measures every update; the settings refuse
     * shares outside (0, 1] and default to 5 %.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void theTimeBudgetPacesTheWorkerUnlessEveryMeasurementIsAskedFor() throws IOException {
        DataSet data = Fixtures.regression(5, 32, 3, 1, DataType.DOUBLE);
        for (boolean wait : new boolean[] {false, true}) {
            MultiLayerNetwork net = Fixtures.linearRegression(DataType.DOUBLE, 3, 1);
            net.setLearningRate(0.01);
            Path run = tmp.resolve("budget-" + wait);
            long start = System.nanoTime();
            try (LandscapeListener listener = LandscapeListener.builder(run)
                    .curvature(CurvatureSettings.builder().probe(data).every(1, ScheduleUnit.ITERATIONS)
                            .spectrumEvery(1).maxOverhead(1e-6).waitIfBusy(wait).build())
                    .build()) {
                net.addListeners(listener);
                net.fit(new ListDataSetIterator<>(data.asList(), 32), 30);
            }
            assertTrue(System.nanoTime() - start < 60e9, "closing lifted the pacing");
            List<CurvatureRow> rows = rows(run);
            assertEquals(wait ? 30 : 1, rows.size(), wait ? "waitIfBusy measures every update" : "one, then skipped");
            assertEquals(0, rows.get(0).iteration());
            assertTrue(Double.isFinite(rows.get(0).lambdaMax()), "the paced measurement is complete: "
                    + rows.get(0));
            Map<?, ?> settings = (Map<?, ?>) RunDirectory.open(run).manifest().settings().get("curvature");
            assertEquals(1e-6, ((Number) settings.get("max_overhead")).doubleValue());
        }
        assertThrows(IllegalArgumentException.class, () -> CurvatureSettings.builder().maxOverhead(0).build());
        assertThrows(IllegalArgumentException.class, () -> CurvatureSettings.builder().maxOverhead(1.5).build());
        assertEquals(0.05, CurvatureSettings.builder().build().maxOverhead(), "5 % unless asked otherwise");
    }
}
