package org.landscape4j.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.landscape4j.run.SnapshotReader;
import org.landscape4j.run.SnapshotWriter;

/**
 * Exact PCA against Commons Math's SVD of the explicit T×P matrix of rows (θ<sub>t</sub> − c)·q on small cases.
 *
 * <p>Tolerances: singular values, variances and coordinates are computed in double from the Gram matrix, so they
 * agree with the SVD to ~1e-13 relative (checked at 1e-10 relative to σ₁); components are stored as float32, whose
 * rounding is ≤ 2⁻²⁴ ≈ 6e-8 of each entry (checked at 1e-6 absolute, on unit vectors).
 */
class ExactPcaTest {

    static final int T = 8;
    static final int P = 30;
    static final int K = 3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Reference.class)
    void matchesTheSvdOfTheExplicitMatrix(Reference reference) throws IOException {
        float[][] theta = Trajectories.randomWalk(T, P, 11);
        double[] c = reference == Reference.MEAN ? Trajectories.mean(theta) : Trajectories.toDouble(theta[T - 1]);
        double[][] m = Trajectories.rows(theta, c, null);
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(K).withReference(reference)
                .withChunkColumns(7), TrajectoryProgress.NONE).orElseThrow();
        checkAgainstSvd(pca, m, K);
        assertEquals(reference, pca.reference());
        for (int p = 0; p < P; p++) {
            assertEquals(c[p], pca.center()[p], 1e-6 * Math.max(1, Math.abs(c[p])), "centre " + p);
        }
    }

    /**
     * Column chunks of any width, dividing P or not, 1 to P: the same PCA as the SVD of the explicit matrix, for both
     * references, standardized or not (with constant parameters), and the centre and σ of every parameter.
     */
    @ParameterizedTest(name = "{0}, standardized {1}, chunks of {2}")
    @org.junit.jupiter.params.provider.CsvSource({"FINAL, false, 1", "FINAL, false, 4", "MEAN, false, 7",
            "MEAN, false, 29", "FINAL, true, 7", "MEAN, true, 4", "MEAN, true, 30", "FINAL, true, 0"})
    void chunksOfAnyWidthGiveTheSvdOfTheExplicitMatrix(Reference reference, boolean standardize, int chunk)
            throws IOException {
        float[][] theta = Trajectories.randomWalk(T, P, 17);
        if (standardize) {
            for (float[] row : theta) {
                row[6] = 1.5f;                  // constant: excluded, σ = 0
                row[P - 1] = -2f;               // in the last chunk
            }
        }
        double[] std = standardize ? Trajectories.std(theta) : null;
        double[] c = reference == Reference.MEAN ? Trajectories.mean(theta) : Trajectories.toDouble(theta[T - 1]);
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(K).withReference(reference)
                .withStandardize(standardize).withChunkColumns(chunk), TrajectoryProgress.NONE).orElseThrow();
        checkAgainstSvd(pca, Trajectories.rows(theta, c, std), K);
        for (int p = 0; p < P; p++) {
            assertEquals((float) c[p], pca.center()[p], 1e-6f * Math.max(1, Math.abs((float) c[p])), "centre " + p);
            if (standardize) {
                assertEquals((float) std[p], pca.std()[p], 1e-6f * Math.max(1e-3f, (float) std[p]), "σ " + p);
            }
        }
        if (standardize) {
            assertEquals(0f, pca.std()[6]);
            assertEquals(0f, pca.std()[P - 1]);
            for (float[] d : pca.components()) {
                assertEquals(0f, d[6]);
                assertEquals(0f, d[P - 1]);
            }
        }
    }

    /** T = 2, the fewest snapshots: one component, the line through the two, whatever the reference. */
    @ParameterizedTest(name = "{0}, standardized {1}")
    @org.junit.jupiter.params.provider.CsvSource({"FINAL, false", "MEAN, false", "FINAL, true", "MEAN, true"})
    void twoSnapshotsHaveOneComponent(Reference reference, boolean standardize) throws IOException {
        float[][] theta = Trajectories.randomWalk(2, P, 23);
        double[] std = standardize ? Trajectories.std(theta) : null;
        double[] c = reference == Reference.MEAN ? Trajectories.mean(theta) : Trajectories.toDouble(theta[1]);
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(K).withReference(reference)
                .withStandardize(standardize).withChunkColumns(8), TrajectoryProgress.NONE).orElseThrow();
        checkAgainstSvd(pca, Trajectories.rows(theta, c, std), 1);
        assertEquals(1.0, pca.explainedVarianceRatio()[0], 1e-12);
        if (reference == Reference.FINAL) {
            assertEquals(0, pca.coordinates()[1][0], 0, "the final snapshot sits at the origin");
        } else {
            assertEquals(-pca.coordinates()[0][0], pca.coordinates()[1][0], 1e-12 * pca.singularValues()[0]);
        }
    }

    /**
     * More snapshots than one BLAS call may produce rows of the Gram matrix ({@link SafeGemm}): T = 140 in chunks of
     * a width that does not divide P, against the SVD.
     */
    @ParameterizedTest
    @EnumSource(Reference.class)
    void manySnapshotsGiveTheSvdOfTheExplicitMatrix(Reference reference) throws IOException {
        int t = 140;
        int p = 300;
        float[][] theta = Trajectories.randomWalk(t, p, 29);
        double[] c = reference == Reference.MEAN ? Trajectories.mean(theta) : Trajectories.toDouble(theta[t - 1]);
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(K).withReference(reference)
                .withChunkColumns(97), TrajectoryProgress.NONE).orElseThrow();
        checkAgainstSvd(pca, Trajectories.rows(theta, c, null), K);
    }

    /** Checks components (up to sign), singular values, variances and coordinates against the SVD of m. */
    static void checkAgainstSvd(PcaResult pca, double[][] m, int k) {
        SingularValueDecomposition svd = Trajectories.svd(m);
        double[] s = svd.getSingularValues();
        RealMatrix v = svd.getV();
        RealMatrix u = svd.getU();
        int t = m.length;
        double total = 0;
        for (double value : s) {
            total += value * value;
        }
        assertEquals(k, pca.componentCount());
        assertEquals(total / (t - 1), pca.totalVariance(), 1e-10 * total);
        for (int i = 0; i < k; i++) {
            assertEquals(s[i], pca.singularValues()[i], 1e-10 * s[0], "σ" + i);
            assertEquals(s[i] * s[i] / (t - 1), pca.explainedVariance()[i], 1e-10 * s[0] * s[0], "variance " + i);
            assertEquals(s[i] * s[i] / total, pca.explainedVarianceRatio()[i], 1e-10, "ratio " + i);
            double[] reference = v.getColumn(i);
            float[] d = pca.components()[i];
            double sign = Math.signum(Trajectories.dot(reference, Trajectories.toDouble(d)));
            for (int p = 0; p < reference.length; p++) {
                assertEquals(sign * reference[p], d[p], 1e-6, "component " + i + ", entry " + p);
            }
            for (int r = 0; r < t; r++) {
                assertEquals(sign * u.getEntry(r, i) * s[i], pca.coordinates()[r][i], 1e-10 * s[0],
                        "coordinate of snapshot " + r + " on component " + i);
            }
        }
    }

    @Test
    void signsMakeTheLargestEntryPositive() throws IOException {
        for (long seed = 1; seed <= 5; seed++) {
            PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(Trajectories.randomWalk(T, P, seed)),
                    PcaSettings.of(K), TrajectoryProgress.NONE).orElseThrow();
            for (float[] d : pca.components()) {
                int largest = 0;
                for (int p = 1; p < d.length; p++) {
                    if (Math.abs(d[p]) > Math.abs(d[largest])) {
                        largest = p;
                    }
                }
                assertTrue(d[largest] > 0, "seed " + seed + ": entry " + largest + " = " + d[largest]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Reference.class)
    void coordinatesAreTheProjectionsOfTheSnapshots(Reference reference) throws IOException {
        float[][] theta = Trajectories.randomWalk(T, P, 5);
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(K).withReference(reference),
                TrajectoryProgress.NONE).orElseThrow();
        for (int t = 0; t < T; t++) {
            double[] x = new double[P];
            for (int p = 0; p < P; p++) {
                x[p] = (double) theta[t][p] - pca.center()[p];
            }
            double[] projected = pca.project(theta[t]);
            for (int i = 0; i < K; i++) {
                double z = Trajectories.dot(x, Trajectories.toDouble(pca.components()[i]));
                // float components: |Δz| ≤ ‖x‖·‖Δd‖ ≤ ‖x‖·√P·6e-8
                double tolerance = 1e-6 * Math.max(Trajectories.norm(x), 1e-3);
                assertEquals(z, pca.coordinates()[t][i], tolerance, "snapshot " + t + ", component " + i);
                assertEquals(z, projected[i], 1e-12 * Math.max(1, Math.abs(z)), "project(θ)");
            }
        }
        if (reference == Reference.FINAL) {
            for (int i = 0; i < K; i++) {
                assertEquals(0, pca.coordinates()[T - 1][i], 1e-12, "the final snapshot sits at the origin");
            }
        }
        double[][] relative = pca.coordinatesRelativeTo(T - 1);
        assertEquals(pca.coordinates()[0][1] - pca.coordinates()[T - 1][1], relative[0][1], 0);
    }

    @ParameterizedTest
    @EnumSource(Reference.class)
    void standardizedIsThePcaOfTheCorrelationMatrix(Reference reference) throws IOException {
        float[][] theta = Trajectories.randomWalk(T, P, 3);
        for (float[] row : theta) {
            row[4] = 0.25f;     // constant parameters: excluded
            row[17] = -3f;
        }
        double[] std = Trajectories.std(theta);
        double[] c = reference == Reference.MEAN ? Trajectories.mean(theta) : Trajectories.toDouble(theta[T - 1]);
        double[][] m = Trajectories.rows(theta, c, std);
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(K).withReference(reference)
                .withStandardize(true), TrajectoryProgress.NONE).orElseThrow();
        checkAgainstSvd(pca, m, K);
        for (float[] d : pca.components()) {
            assertEquals(0f, d[4], "a constant parameter is excluded");
            assertEquals(0f, d[17]);
        }
        assertEquals(0f, pca.std()[4]);
        if (reference == Reference.MEAN) {
            // the covariance of the standardized rows is the correlation matrix: total variance = non-constant P
            assertEquals(P - 2, pca.totalVariance(), 1e-10);
        }
    }

    @Test
    void aSelectionIsThePcaOfTheSelectedRows() throws IOException {
        float[][] theta = Trajectories.randomWalk(20, P, 9);
        SnapshotSelection selection = SnapshotSelection.parse("2:17:3");
        float[][] selected = new float[5][];
        for (int i = 0; i < 5; i++) {
            selected[i] = theta[2 + 3 * i];
        }
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(theta).select(selection),
                PcaSettings.of(K).withReference(Reference.MEAN), TrajectoryProgress.NONE).orElseThrow();
        assertArrayEquals(new int[] {2, 5, 8, 11, 14}, pca.sourceIndices());
        assertArrayEquals(new long[] {2, 5, 8, 11, 14}, pca.iterations());
        checkAgainstSvd(pca, Trajectories.rows(selected, Trajectories.mean(selected), null), K);
    }

    @Test
    void streamingFromASnapshotsFileGivesTheInMemoryResult() throws IOException {
        float[][] theta = Trajectories.randomWalk(T, P, 21);
        Path file = dir.resolve("snapshots.arrows");
        try (SnapshotWriter writer = new SnapshotWriter(file, P, "run-pca", null)) {
            for (int t = 0; t < T; t++) {
                writer.write(100L * t, t, 1.0, theta[t]);
            }
        }
        List<String> stages = new ArrayList<>();
        PcaSettings settings = PcaSettings.of(K).withReference(Reference.MEAN).withStandardize(true);
        PcaResult fromFile;
        try (SnapshotReader reader = SnapshotReader.open(file)) {
            fromFile = ExactPca.compute(SnapshotSource.of(reader), settings.withChunkColumns(7),
                    (stage, done, total) -> {
                        if (done == total) {
                            stages.add(stage + " " + total);
                        }
                    }).orElseThrow();
        }
        PcaResult inMemory = ExactPca.compute(SnapshotSource.inMemory(theta), settings.withChunkColumns(7),
                TrajectoryProgress.NONE).orElseThrow();
        assertArrayEquals(new long[] {0, 100, 200, 300, 400, 500, 600, 700}, fromFile.iterations());
        assertArrayEquals(inMemory.coordinates(), fromFile.coordinates());
        assertArrayEquals(inMemory.components(), fromFile.components());
        assertArrayEquals(inMemory.center(), fromFile.center());
        assertArrayEquals(inMemory.std(), fromFile.std());
        // P = 30 in chunks of 7: 5 chunks per pass, two passes (the statistics come with the Gram pass's chunks)
        assertEquals(List.of("gram 5", "components 5"), stages);
    }

    @Test
    void theChunkWidthChangesNothingButTheReads() throws IOException {
        float[][] theta = Trajectories.randomWalk(T, P, 2);
        PcaResult one = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(K).withChunkColumns(1),
                TrajectoryProgress.NONE).orElseThrow();
        PcaResult all = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(K).withChunkColumns(P),
                TrajectoryProgress.NONE).orElseThrow();
        // each Gram entry is the same dot product whatever the chunk, summed by BLAS in its own order: equal to
        // rounding (u = 1.1e-16 per term of P = 30 products of order 1), so 1e-12 relative to σ₁ leaves margin
        assertArrayEquals(one.iterations(), all.iterations());
        for (int i = 0; i < one.singularValues().length; i++) {
            assertEquals(one.singularValues()[i], all.singularValues()[i], 1e-12 * one.singularValues()[0]);
        }
        for (int t = 0; t < one.coordinates().length; t++) {
            assertArrayEquals(one.coordinates()[t], all.coordinates()[t], 1e-12 * one.singularValues()[0]);
        }
        for (int i = 0; i < one.components().length; i++) {
            assertArrayEquals(one.components()[i], all.components()[i], 1e-6f, "component " + i);
        }
    }

    @Test
    void aTrajectoryOnALineHasOneComponent() throws IOException {
        float[][] theta = new float[6][P];
        for (int t = 0; t < 6; t++) {
            for (int p = 0; p < P; p++) {
                theta[t][p] = (p % 3 - 1) * t * 0.5f + p;  // θ₀ + t·v, exact in float
            }
        }
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(K), TrajectoryProgress.NONE)
                .orElseThrow();
        assertEquals(1, pca.componentCount(), "rank 1: the other eigenvalues are rounding noise");
        assertEquals(1.0, pca.explainedVarianceRatio()[0], 1e-12);
    }

    @Test
    void theMemoryIsOfKVectorsNotOfTheTrajectory() throws IOException {
        int t = 64;
        int p = 40_000;
        float[][] theta = Trajectories.randomWalk(t, p, 4);
        SnapshotSource source = SnapshotSource.inMemory(theta);  // hands out its own arrays: reads allocate nothing
        PcaSettings settings = PcaSettings.of(2).withReference(Reference.MEAN).withStandardize(true);
        ExactPca.compute(source, settings, TrajectoryProgress.NONE); // warm-up (class loading, JIT)
        long before = threadHeap();
        PcaResult pca = ExactPca.compute(source, settings, TrajectoryProgress.NONE).orElseThrow();
        long allocated = threadHeap() - before;
        // P-sized: statistics (2 doubles), weights, shift, y, sum, 2 components (double) + 2 (float) + centre and
        // std (float): 10 doubles' worth ≈ 8 + 4·... ≤ 12 P doubles; T×P would be 64 P floats = 32 P doubles
        long bound = 12L * p * Double.BYTES + 1_000_000;
        assertTrue(allocated < bound, "allocated " + allocated + " bytes, bound " + bound + "; T·P floats = "
                + (long) t * p * Float.BYTES);
        assertEquals(2, pca.componentCount());
    }

    @Test
    void interruptionStopsBetweenSnapshots() {
        float[][] theta = Trajectories.randomWalk(T, P, 1);
        TrajectoryProgress interrupt = (stage, done, total) -> Thread.currentThread().interrupt();
        CancellationException e = assertThrows(CancellationException.class, () -> ExactPca.compute(
                SnapshotSource.inMemory(theta), PcaSettings.of(K), interrupt));
        assertTrue(Thread.interrupted(), "the interrupt is passed on");
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
    }

    @Test
    void badInputIsRefusedWithTheValueSeen() {
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> ExactPca.compute(
                SnapshotSource.inMemory(new float[][] {{1, 2}}), PcaSettings.of(1), TrajectoryProgress.NONE));
        assertTrue(one.getMessage().contains("got 1"), one.getMessage());
        float[][] nan = Trajectories.randomWalk(4, 5, 1);
        nan[2][3] = Float.NaN;
        IllegalArgumentException diverged = assertThrows(IllegalArgumentException.class, () -> ExactPca.compute(
                SnapshotSource.inMemory(nan), PcaSettings.of(1), TrajectoryProgress.NONE));
        assertTrue(diverged.getMessage().contains("non-finite"), diverged.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SnapshotSelection.parse("5:2").indices(10));
        assertThrows(IllegalArgumentException.class, () -> SnapshotSelection.parse("a:b"));
        assertFalse(SnapshotSelection.parse("-3:").toString().isEmpty());
        assertArrayEquals(new int[] {7, 8, 9}, SnapshotSelection.parse("-3:").indices(10));
        assertArrayEquals(new int[] {0, 4, 8}, SnapshotSelection.parse("::4").indices(10));
    }

    static long threadHeap() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
