package org.landscape4j.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.run.VectorTableReader;

/**
 * Incremental PCA: against the exact PCA when it keeps every component, from the very first snapshot, its state
 * saved and resumed, and its memory. (scikit-learn's values: {@link PcaReferenceTest}.)
 */
class IncrementalPcaTest {

    @TempDir
    Path dir;

    /**
     * With k ≥ T − 1 nothing is truncated, so the incremental PCA fed one snapshot at a time is the exact PCA
     * about the mean: the same subspace (sin of the largest principal angle ≤ 1e-6; the Gram route's error grows
     * with σ₁²/σᵢ² times 1e-16 per update), the same singular values (1e-8 relative to σ₁), and each component equal up to float rounding of the exact one (1e-6).
     */
    @ParameterizedTest(name = "P = {0}, components read after every {1} updates")
    @CsvSource({"40, 0", "40, 3", "65659, 4"})   // 65659 = 2 compaction blocks + 123 columns
    void keepingEveryComponentReproducesTheExactPca(int p, int readEvery) throws IOException {
        int t = 12;
        float[][] theta = Trajectories.randomWalk(t, p, 31);
        IncrementalPca ipca = new IncrementalPca(p, t - 1);
        for (int s = 0; s < t; s++) {
            assertTrue(ipca.update(theta[s]));
            if (readEvery > 0 && s % readEvery == readEvery - 1 && ipca.componentCount() > 0) {
                ipca.component(0);                               // compacts the basis between updates
            }
        }
        PcaResult exact = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(t - 1)
                .withReference(Reference.MEAN), TrajectoryProgress.NONE).orElseThrow();
        assertEquals(t - 1, ipca.componentCount());
        assertEquals(t - 1, exact.componentCount());
        double[][] incremental = new double[t - 1][];
        double[][] reference = Trajectories.unitComponents(exact, t - 1);
        for (int i = 0; i < t - 1; i++) {
            incremental[i] = ipca.component(i);
        }
        double angle = Trajectories.sinLargestAngle(incremental, reference);
        assertTrue(angle <= 1e-6, "sin of the largest principal angle: " + angle);
        for (int i = 0; i < t - 1; i++) {
            assertEquals(exact.singularValues()[i], ipca.singularValues()[i], 1e-8 * exact.singularValues()[0]);
            assertEquals(exact.explainedVarianceRatio()[i], ipca.explainedVarianceRatio()[i], 1e-8);
            assertEquals(exact.explainedVariance()[i], ipca.explainedVariance()[i],
                    1e-8 * exact.explainedVariance()[0]);
            assertArrayEquals(Trajectories.toDouble(exact.components()[i]), incremental[i], 1e-6, "component " + i
                    + ": the same sign convention");
        }
        assertEquals(exact.totalVariance(), ipca.totalVariance(), 1e-12 * exact.totalVariance());
        double[] z = ipca.project(theta[3]);
        for (int i = 0; i < t - 1; i++) {
            assertEquals(exact.coordinates()[3][i], z[i], 1e-6 * exact.singularValues()[0]);
        }
    }

    @Test
    void startsFromOneSnapshotAndGrowsWithTheRank() {
        int p = 25;
        float[][] theta = Trajectories.randomWalk(8, p, 7);
        IncrementalPca ipca = new IncrementalPca(p, 4);
        for (int n = 1; n <= 8; n++) {
            ipca.update(theta[n - 1]);
            assertEquals(n, ipca.samples());
            assertEquals(Math.min(4, n - 1), ipca.componentCount(), "after " + n + " snapshots");
        }
        double[] mean = Trajectories.mean(theta);
        assertArrayEquals(mean, ipca.mean(), 1e-12);
        // an update with a batch larger than one gives the same model as one snapshot at a time, up to rounding
        IncrementalPca batched = new IncrementalPca(p, 4);
        batched.update(new float[][] {theta[0], theta[1], theta[2]});
        batched.update(new float[][] {theta[3], theta[4], theta[5], theta[6], theta[7]});
        assertEquals(4, batched.componentCount());
        // with truncation (k = 4 < 7) the two orders are different approximations: compare the leading component
        assertEquals(ipca.singularValues()[0], batched.singularValues()[0], 1e-3 * ipca.singularValues()[0]);
    }

    /**
     * Feeding half, saving, loading and feeding the rest: the loaded object and the saved one give identical
     * results bit for bit, and both equal feeding all without a save to rounding (the save compacts the basis, which
     * feeding all does at other times: ~1e-15 relative; asserted to 1e-12).
     */
    @Test
    void aSavedStateResumesExactly() throws IOException {
        int p = 300;
        float[][] theta = Trajectories.randomWalk(14, p, 5);
        IncrementalPca whole = new IncrementalPca(p, 3);
        IncrementalPca first = new IncrementalPca(p, 3);
        for (int t = 0; t < 14; t++) {
            whole.update(theta[t]);
            if (t < 7) {
                first.update(theta[t]);
            }
        }
        Path file = dir.resolve("ipca.arrows");
        first.save(file);
        IncrementalPca loaded = IncrementalPca.load(file);
        assertEquals(first.samples(), loaded.samples());
        assertArrayEquals(first.mean(), loaded.mean(), 0);
        assertArrayEquals(first.singularValues(), loaded.singularValues(), 0);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(first.component(i), loaded.component(i), 0, "bit-exact component " + i);
        }
        assertEquals(first.squaredDeviation(), loaded.squaredDeviation(), 0);
        for (int t = 7; t < 14; t++) {
            loaded.update(theta[t]);
            first.update(theta[t]);
        }
        assertArrayEquals(first.singularValues(), loaded.singularValues(), 0);
        assertArrayEquals(first.mean(), loaded.mean(), 0);
        assertArrayEquals(first.explainedVarianceRatio(), loaded.explainedVarianceRatio(), 0);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(first.component(i), loaded.component(i), 0, "component " + i);
        }
        double[] s = whole.singularValues();
        for (int i = 0; i < 3; i++) {
            assertEquals(s[i], loaded.singularValues()[i], 1e-12 * s[0]);
            double[] a = whole.component(i);
            double[] b = loaded.component(i);
            for (int j = 0; j < p; j++) {
                assertEquals(a[j], b[j], 1e-12 * s[0] / s[i], "component " + i + " entry " + j);
            }
        }
        assertArrayEquals(whole.mean(), loaded.mean(), 0, "μ's arithmetic does not depend on the basis");
        try (VectorTableReader reader = VectorTableReader.open(file, IncrementalPcaState.TABLE, null, true)) {
            assertEquals(3 * 4, reader.rowCount(), "mean and 3 components, 3 float parts each");
            assertEquals("7", reader.metadata().get(IncrementalPcaState.SAMPLES_KEY));
        }
        assertTrue(Files.list(dir).noneMatch(f -> f.getFileName().toString().endsWith(".partial")));
    }

    @Test
    void theExactSplitOfDoublesIntoThreeFloats() {
        double[] x = {Math.PI, -1e-20, 1 / 3.0, 123456.789012345678, Math.nextUp(1.0), 0.0, -7.25e-29, 3e38};
        float[] hi = new float[x.length];
        float[] mid = new float[x.length];
        float[] lo = new float[x.length];
        IncrementalPcaState.split(x, hi, mid, lo);
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i], (double) hi[i] + ((double) mid[i] + (double) lo[i]), 0, "value " + x[i]);
        }
    }

    @Test
    void anEmptyStateSavesAndLoads() throws IOException {
        Path file = dir.resolve("empty.arrows");
        new IncrementalPca(10, 2).save(file);
        IncrementalPca loaded = IncrementalPca.load(file);
        assertEquals(0, loaded.samples());
        loaded.update(new float[10]);
        assertEquals(1, loaded.samples());
    }

    /**
     * Memory: once k components exist, an update allocates nothing of size P (only the (k+b+1)×1024 scratch and
     * the small Gram matrix); the state itself is (k + 1)·P doubles.
     */
    @Test
    void anUpdateAllocatesNothingOfSizeP() {
        int p = 200_000;
        int k = 4;
        float[][] theta = Trajectories.randomWalk(12, p, 3);
        IncrementalPca ipca = new IncrementalPca(p, k);
        for (int t = 0; t < 8; t++) {
            ipca.update(theta[t]);
        }
        assertEquals(k, ipca.componentCount());
        long before = ExactPcaTest.threadHeap();
        for (int t = 8; t < 12; t++) {
            ipca.update(theta[t]);
        }
        long perUpdate = (ExactPcaTest.threadHeap() - before) / 4;
        assertTrue(perUpdate < (long) p * Float.BYTES / 4, "an update allocated " + perUpdate + " bytes; one P-vector"
                + " of floats is " + (long) p * Float.BYTES);
    }

    @Test
    void aNonFiniteSnapshotIsRefusedAndLeavesTheStateUnchanged() {
        float[][] theta = Trajectories.randomWalk(5, 6, 1);
        IncrementalPca ipca = new IncrementalPca(6, 2);
        for (int t = 0; t < 4; t++) {
            ipca.update(theta[t]);
        }
        double[] s = ipca.singularValues();
        theta[4][2] = Float.POSITIVE_INFINITY;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ipca.update(theta[4]));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
        assertEquals(4, ipca.samples());
        assertArrayEquals(s, ipca.singularValues(), 0);
        assertThrows(IllegalArgumentException.class, () -> ipca.update(new float[5]));
        assertThrows(IllegalStateException.class, () -> new IncrementalPca(3, 1).mean());
    }
}
