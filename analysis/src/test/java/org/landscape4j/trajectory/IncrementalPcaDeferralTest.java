package org.landscape4j.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The deferred folding of {@link IncrementalPca}: pending updates folded in at once give what folding each at once
 * gives (the eager algorithm: a read after every update folds it in), and scikit-learn's values, with reads anywhere
 * between updates, batches of b &gt; 1 after pending b = 1 updates, a save with pending updates, and the failures: a
 * non-finite snapshot (refused at once, nothing changed) and a failed small eigen-decomposition (found when folding;
 * that update left out as if never given).
 *
 * <p>Tolerances: folding at other times changes only the order of floating-point operations, and so the results at
 * rounding level; checked at 1e-10 of σ₁ (singular values, S) and of σ₁/σᵢ (component entries: the Gram route's error
 * on component i grows with σ₁/σᵢ), with the smallest kept σᵢ/σ₁ ≈ 0.05 here. μ's arithmetic does not depend on folding:
 * equal bit for bit.
 */
class IncrementalPcaDeferralTest {

    static final int P = 1300;      // not a multiple of the compaction panel (512) nor of the row chunk (8192)

    @TempDir
    Path dir;

    /** The ways of reading a model between updates, each folding (and for components, compacting) at other times. */
    enum Reads { NEVER, EVERY_UPDATE, COMPONENTS_EVERY_FIFTH, RANDOM }

    private static void read(IncrementalPca pca, Reads reads, int t, Random random) {
        switch (reads) {
            case NEVER -> { }
            case EVERY_UPDATE -> pca.componentCount();
            case COMPONENTS_EVERY_FIFTH -> {
                if (t % 5 == 4 && pca.componentCount() > 0) {
                    pca.component(0);
                }
            }
            case RANDOM -> {
                int what = random.nextInt(6);
                if (what == 0) {
                    pca.singularValues();
                } else if (what == 1 && pca.componentCount() > 0) {
                    pca.project(new float[P]);
                } else if (what == 2) {
                    pca.mean();
                }
            }
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(Reads.class)
    void foldingWheneverGivesTheResultOfFoldingEveryUpdate(Reads reads) {
        float[][] theta = Trajectories.randomWalk(37, P, 13);
        IncrementalPca eager = new IncrementalPca(P, 4);
        IncrementalPca deferred = new IncrementalPca(P, 4);
        Random random = new Random(3);
        for (int t = 0; t < theta.length; t++) {
            assertTrue(eager.update(theta[t]));
            eager.componentCount();                             // folds this update in now, as the eager version did
            assertTrue(deferred.update(theta[t]));
            read(deferred, reads, t, random);
        }
        assertSameModel(eager, deferred, 1e-10);
        assertArrayEquals(eager.mean(), deferred.mean(), 0, "μ does not depend on folding");
    }

    /**
     * With k ≥ n − 1 nothing is truncated, so however the snapshots are batched (singles, then a batch of 4 after
     * pending singles, a batch of 12 larger than the room for added rows, more singles) and whenever the model is
     * read, the incremental PCA is the exact PCA about the mean.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void mixedBatchesAfterPendingSinglesGiveTheExactPca(boolean readBetween) throws IOException {
        int t = 30;
        float[][] theta = Trajectories.randomWalk(t, P, 41);
        IncrementalPca ipca = new IncrementalPca(P, t - 1);
        int[] sizes = {1, 1, 1, 4, 1, 1, 12, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        int at = 0;
        for (int size : sizes) {
            assertTrue(ipca.update(Arrays.copyOfRange(theta, at, at + size)));
            at += size;
            if (readBetween && at % 3 == 0) {
                ipca.component(0);
            }
        }
        assertEquals(t, at);
        PcaResult exact = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(t - 1)
                .withReference(Reference.MEAN), TrajectoryProgress.NONE).orElseThrow();
        assertEquals(t, ipca.samples());
        assertEquals(t - 1, ipca.componentCount());
        double[][] incremental = new double[t - 1][];
        double[][] reference = Trajectories.unitComponents(exact, t - 1);
        for (int i = 0; i < t - 1; i++) {
            incremental[i] = ipca.component(i);
            assertEquals(exact.singularValues()[i], ipca.singularValues()[i], 1e-8 * exact.singularValues()[0]);
        }
        double angle = Trajectories.sinLargestAngle(incremental, reference);
        assertTrue(angle <= 1e-6, "sin of the largest principal angle: " + angle);
        assertArrayEquals(Trajectories.mean(theta), ipca.mean(), 1e-12);
        assertEquals(exact.totalVariance(), ipca.totalVariance(), 1e-12 * exact.totalVariance());
    }

    /** samples() counts the accepted snapshots without folding anything in: reading it changes no result, bit for bit. */
    @Test
    void readingTheCountChangesNothing() {
        float[][] theta = Trajectories.randomWalk(25, P, 19);
        IncrementalPca counted = new IncrementalPca(P, 3);
        IncrementalPca plain = new IncrementalPca(P, 3);
        for (int t = 0; t < 25; t++) {
            counted.update(theta[t]);
            assertEquals(t + 1, counted.samples());
            plain.update(theta[t]);
        }
        assertArrayEquals(plain.singularValues(), counted.singularValues(), 0);
        assertArrayEquals(plain.component(0), counted.component(0), 0);
    }

    /** scikit-learn's batches (4, 3, 3), the model read between them: still scikit-learn's values. */
    @Test
    void readsBetweenTheBatchesKeepScikitLearnsValues() {
        float[][] x = PcaReferenceTest.data();
        IncrementalPca ipca = new IncrementalPca(PcaReferenceTest.P, PcaReferenceTest.K);
        ipca.update(new float[][] {x[0], x[1], x[2], x[3]});
        assertEquals(3, ipca.singularValues().length);
        ipca.update(new float[][] {x[4], x[5], x[6]});
        ipca.component(1);
        ipca.update(new float[][] {x[7], x[8], x[9]});
        assertEquals(PcaReferenceTest.T, ipca.samples());
        PcaReferenceTest.assertClose(PcaReferenceTest.IPCA_SINGULAR_VALUES, ipca.singularValues(), 1e-10);
        PcaReferenceTest.assertClose(PcaReferenceTest.IPCA_EXPLAINED_VARIANCE_RATIO, ipca.explainedVarianceRatio(),
                1e-10);
        assertArrayEquals(PcaReferenceTest.IPCA_MEAN, ipca.mean(), 1e-15);
        for (int i = 0; i < PcaReferenceTest.K; i++) {
            assertArrayEquals(PcaReferenceTest.IPCA_COMPONENTS[i], ipca.component(i), 1e-10, "component " + i);
        }
    }

    /**
     * A save with pending updates (here 6 since the last compaction) folds them in and compacts: the loaded model and
     * the saved one then go on identically, bit for bit, and equal a model never saved to rounding.
     */
    @Test
    void aSaveWithPendingUpdatesResumesExactly() throws IOException {
        float[][] theta = Trajectories.randomWalk(40, P, 7);
        IncrementalPca whole = new IncrementalPca(P, 5);
        IncrementalPca first = new IncrementalPca(P, 5);
        for (int t = 0; t < 40; t++) {
            whole.update(theta[t]);
        }
        for (int t = 0; t < 17; t++) {
            first.update(theta[t]);
        }
        Path file = dir.resolve("pending.arrows");
        first.save(file);
        IncrementalPca loaded = IncrementalPca.load(file);
        for (int t = 17; t < 40; t++) {
            first.update(theta[t]);
            loaded.update(theta[t]);
            if (t == 25) {
                first.component(1);
                loaded.component(1);
            }
        }
        assertArrayEquals(first.singularValues(), loaded.singularValues(), 0);
        assertArrayEquals(first.mean(), loaded.mean(), 0);
        assertEquals(first.squaredDeviation(), loaded.squaredDeviation(), 0);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(first.component(i), loaded.component(i), 0, "component " + i + " bit for bit");
        }
        assertSameModel(whole, loaded, 1e-10);
    }

    /**
     * NaN or ±∞ among pending updates: refused at once, and nothing of it remains, bit for bit (also when the batch
     * came when the basis was full: it is checked before the compaction that would make room for it).
     */
    @Test
    void aNonFiniteSnapshotAmongPendingUpdatesChangesNothing() {
        float[][] theta = Trajectories.randomWalk(20, P, 9);
        IncrementalPca clean = new IncrementalPca(P, 3);
        IncrementalPca refused = new IncrementalPca(P, 3);
        for (int t = 0; t < 20; t++) {
            clean.update(theta[t]);
            refused.update(theta[t]);
            if (t == 6 || t == 10) {                            // at t = 10 the basis is full: 10 rows added since
                float[] nan = theta[t].clone();
                nan[P - 1] = Float.NaN;
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> refused.update(nan));
                assertTrue(e.getMessage().contains("non-finite") && e.getMessage().contains("not updated"),
                        e.getMessage());
                float[] infinite = theta[t].clone();
                infinite[0] = Float.NEGATIVE_INFINITY;
                assertThrows(IllegalArgumentException.class, () -> refused.update(new float[][] {theta[3], infinite,
                        theta[4]}));
            }
            if (t == 13) {
                assertEquals(14, refused.componentCount() > 0 ? refused.samples() : -1);   // a read folds in:
                assertEquals(14, clean.componentCount() > 0 ? clean.samples() : -1);       // read both alike
            }
        }
        assertEquals(20, refused.samples());
        assertArrayEquals(clean.singularValues(), refused.singularValues(), 0);
        assertArrayEquals(clean.mean(), refused.mean(), 0);
        assertEquals(clean.squaredDeviation(), refused.squaredDeviation(), 0);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(clean.component(i), refused.component(i), 0, "component " + i);
        }
        assertEquals(List.of(), refused.droppedUpdates());
    }

    /**
     * A small eigen-decomposition that fails when its update is folded in (made to fail here on the given call):
     * that update is left out as if it had never been given, the pending ones after it are folded in as the eager
     * algorithm would have without it, μ and n do not count it, and {@link IncrementalPca#droppedUpdates()} names it.
     * Compared with a model fed the same updates without it: equal to 1e-9 of σ₁ (the rows after it are re-expressed
     * in the basis, rounding differently).
     *
     * @param sizes  the batch sizes fed
     * @param fail   which decomposition fails (1 = the first)
     * @param failed which update that is (1 = the first)
     */
    @ParameterizedTest(name = "batches {0}, decomposition {1} fails (update {2})")
    @CsvSource({"'1 1 1 1 1 1 1 1 1 1 1 1', 5, 6", "'4 1 3 1 1 1 1', 3, 3", "'3 1 1 2 1 1 1', 1, 1",
            "'1 1 1 1 1 1 1 1', 7, 8", "'1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1', 12, 13"})
    void aFailedDecompositionLeavesItsUpdateOut(String sizes, int fail, int failed) {
        int[] batch = Arrays.stream(sizes.split(" ")).mapToInt(Integer::parseInt).toArray();
        int t = Arrays.stream(batch).sum();
        float[][] theta = Trajectories.randomWalk(t, P, 17);
        IncrementalPca pca = new IncrementalPca(P, 3);
        AtomicInteger calls = new AtomicInteger();
        pca.eigenSolver(m -> calls.incrementAndGet() == fail ? Optional.empty() : SymmetricEigen.all(m));
        IncrementalPca without = new IncrementalPca(P, 3);
        List<float[]> kept = new ArrayList<>();
        int at = 0;
        for (int u = 0; u < batch.length; u++) {
            float[][] rows = Arrays.copyOfRange(theta, at, at + batch[u]);
            at += batch[u];
            assertTrue(pca.update(rows), "an update is accepted; its decomposition comes later");
            if (u + 1 != failed) {
                without.update(rows);
                kept.addAll(List.of(rows));
            }
        }
        assertEquals(List.of((long) failed), pca.droppedUpdates());
        assertEquals(kept.size(), pca.samples());
        assertEquals(without.samples(), pca.samples());
        assertSameModel(without, pca, 1e-9);
        double[] mean = Trajectories.mean(kept.toArray(new float[0][]));
        assertArrayEquals(mean, pca.mean(), 1e-12 * Arrays.stream(mean).map(Math::abs).max().orElse(1));
        assertEquals(List.of((long) failed), pca.droppedUpdates(), "reported once, stays reported");
    }

    /** The model numbers of two PCAs agree: counts exactly, values to {@code tolerance} of σ₁ (of σ₁/σᵢ for components). */
    static void assertSameModel(IncrementalPca expected, IncrementalPca actual, double tolerance) {
        assertEquals(expected.samples(), actual.samples());
        assertEquals(expected.componentCount(), actual.componentCount());
        double[] s = expected.singularValues();
        assertArrayEquals(s, actual.singularValues(), tolerance * s[0], "singular values");
        assertEquals(expected.squaredDeviation(), actual.squaredDeviation(), tolerance * s[0] * s[0], "S");
        double[] mean = expected.mean();
        double scale = Arrays.stream(mean).map(Math::abs).max().orElse(1);
        assertArrayEquals(mean, actual.mean(), 1e-12 * scale, "μ");
        for (int i = 0; i < s.length; i++) {
            assertArrayEquals(expected.component(i), actual.component(i), tolerance * s[0] / s[i], "component " + i);
        }
    }
}
