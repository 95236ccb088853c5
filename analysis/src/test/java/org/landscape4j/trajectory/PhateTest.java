package org.landscape4j.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * PHATE end to end on synthetic trajectories whose structure is known (a noisy curve keeps its order, two clusters
 * stay apart), its determinism, stages and cancellation, and bad input with messages naming the value.
 */
class PhateTest {

    /**
     * A noisy arc, half a turn of a helix in R³ (radius 10, rising 3π), placed in R³⁰ by a random near-isometric map,
     * plus isotropic noise of σ = 0.05 per coordinate: consecutive snapshots are ≈ 0.3 apart, the noise ≈ 0.4.
     */
    static float[][] noisyCurve(int t, long seed) {
        Random random = new Random(seed);
        int p = 30;
        double[][] map = new double[3][p];
        for (double[] row : map) {
            for (int i = 0; i < p; i++) {
                row[i] = random.nextGaussian() / Math.sqrt(p);
            }
        }
        float[][] theta = new float[t][p];
        for (int s = 0; s < t; s++) {
            double u = Math.PI * s / (t - 1);
            double[] c = {Math.cos(u), Math.sin(u), 0.3 * u};
            for (int i = 0; i < p; i++) {
                double v = 0;
                for (int a = 0; a < 3; a++) {
                    v += 10 * c[a] * map[a][i];
                }
                theta[s][i] = (float) (v + 0.05 * random.nextGaussian());
            }
        }
        return theta;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    /**
     * Along a noisy curve the embedding keeps the order of the snapshots: each one's nearest neighbour in the picture
     * is within 3 steps of it in time, and snapshots up to 3 steps apart are closer in the picture than any two a
     * quarter of the trajectory apart. (PHATE draws this evenly sampled arc as a near circle: the potential distances
     * of far pairs saturate at −log 10⁻⁷, so the distance from the first snapshot is not monotone; the numpy reference
     * of {@code phate_reference.py} draws the same.)
     */
    @Test
    void aNoisyCurveKeepsItsOrder() throws IOException {
        int t = 150;
        PhateResult result = TrajectoryEmbedding.phate(SnapshotSource.inMemory(noisyCurve(t, 4)),
                PhateSettings.defaults(), TrajectoryProgress.NONE).orElseThrow();
        double[][] x = result.embedding().coordinates();
        double near = 0;
        double far = Double.POSITIVE_INFINITY;
        for (int s = 0; s < t; s++) {
            int nearest = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int o = 0; o < t; o++) {
                if (o == s) {
                    continue;
                }
                double d = distance(x[s], x[o]);
                if (d < best) {
                    best = d;
                    nearest = o;
                }
                if (Math.abs(o - s) <= 3) {
                    near = Math.max(near, d);
                } else if (Math.abs(o - s) >= t / 4) {
                    far = Math.min(far, d);
                }
            }
            assertTrue(Math.abs(nearest - s) <= 3, "snapshot " + s + "'s nearest is " + nearest);
        }
        assertTrue(near < far, "3 steps apart up to " + near + ", a quarter apart from " + far + "; " + result);
        assertTrue(result.converged(), result.toString());
        assertTrue(result.diffusionTime() >= 1 && result.diffusionTime() < 100, result.toString());
    }

    /**
     * Two clusters of 40 snapshots each (Gaussian, σ = 1 in R²⁰, centres 12 apart), interleaved in time: every
     * distance between the clusters in the embedding exceeds every distance within one.
     */
    @Test
    void twoClustersStayApart() {
        Random random = new Random(9);
        int p = 20;
        double[] centre = new double[p];
        for (int i = 0; i < p; i++) {
            centre[i] = random.nextGaussian();
        }
        double norm = Math.sqrt(Arrays.stream(centre).map(v -> v * v).sum());
        double[][] points = new double[80][p];
        for (int s = 0; s < 80; s++) {
            for (int i = 0; i < p; i++) {
                points[s][i] = (s % 2 == 0 ? 0 : 12 * centre[i] / norm) + random.nextGaussian();
            }
        }
        PhateResult result = Phate.embed(PhateStepsTest.squaredDistances(points), PhateSettings.defaults(),
                TrajectoryProgress.NONE).orElseThrow();
        double[][] x = result.embedding().coordinates();
        double within = 0;
        double between = Double.POSITIVE_INFINITY;
        for (int a = 0; a < 80; a++) {
            for (int b = 0; b < a; b++) {
                double d = distance(x[a], x[b]);
                if (a % 2 == b % 2) {
                    within = Math.max(within, d);
                } else {
                    between = Math.min(between, d);
                }
            }
        }
        assertTrue(between > within, "between " + between + ", within " + within + "; " + result);
    }

    /** No randomness anywhere: the same input gives the same result, bit for bit. */
    @Test
    void deterministic() {
        double[][] d2 = PhateReferenceTest.squaredDistances();
        PhateResult first = Phate.embed(d2, PhateSettings.defaults(), TrajectoryProgress.NONE).orElseThrow();
        PhateResult second = Phate.embed(d2, PhateSettings.defaults(), TrajectoryProgress.NONE).orElseThrow();
        assertEquals(first, second);
        double sum = 0;
        for (double[] row : first.embedding().coordinates()) {
            sum += row[0];
        }
        assertEquals(0, sum, 1e-9, "centred");
        double[] e = first.embedding().eigenvalues();
        assertTrue(e[0] >= e[1], first.toString());
    }

    /** Three snapshots (the fewest) with the defaults for them, k = 2, and 3-D output. */
    @Test
    void theFewestSnapshots() {
        double[][] d2 = PhateStepsTest.squaredDistances(new double[][] {{0, 0}, {1, 0}, {3, 1}});
        PhateSettings settings = PhateSettings.forSnapshots(3);
        assertEquals(2, settings.neighbours());
        PhateResult result = Phate.embed(d2, settings.withDimensions(3), TrajectoryProgress.NONE).orElseThrow();
        assertEquals(3, result.embedding().size());
        assertEquals(3, result.embedding().dimensions());
        assertEquals(5, PhateSettings.forSnapshots(400).neighbours());
    }

    @Test
    void reportsItsStagesInOrder() {
        List<String> stages = new ArrayList<>();
        TrajectoryProgress progress = (stage, done, total) -> {
            if (stages.isEmpty() || !stages.get(stages.size() - 1).equals(stage)) {
                stages.add(stage);
            }
        };
        double[][] d2 = PhateReferenceTest.squaredDistances();
        Phate.embed(d2, PhateSettings.defaults(), progress).orElseThrow();
        assertEquals(List.of("kernel", "spectrum", "potential", "mds", "smacof"), stages);
        stages.clear();
        Phate.embed(d2, PhateSettings.defaults().withDiffusionTime(6), progress).orElseThrow();
        assertEquals(List.of("kernel", "diffusion", "potential", "mds", "smacof"), stages);
    }

    @Test
    void anInterruptedThreadStops() {
        double[][] d2 = PhateReferenceTest.squaredDistances();
        Thread.currentThread().interrupt();
        try {
            CancellationException e = assertThrows(CancellationException.class,
                    () -> Phate.embed(d2, PhateSettings.defaults(), TrajectoryProgress.NONE));
            assertTrue(e.getMessage().contains("PHATE"), e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is passed on");
        } finally {
            Thread.interrupted();
        }
    }

    private static String refused(double[][] d2, PhateSettings settings) {
        return assertThrows(IllegalArgumentException.class,
                () -> Phate.embed(d2, settings, TrajectoryProgress.NONE)).getMessage();
    }

    @Test
    void badInputIsRefusedNamingTheValue() {
        double[][] two = PhateStepsTest.squaredDistances(new double[][] {{0}, {1}});
        assertTrue(refused(two, PhateSettings.defaults().withNeighbours(1)).contains("at least 3 snapshots, got 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PhateSettings.forSnapshots(2)).getMessage()
                .contains("got 2"));

        double[][] five = PhateStepsTest.line();
        String k = refused(five, PhateSettings.defaults().withNeighbours(5));
        assertTrue(k.contains("5 snapshots") && k.contains("1 to 4") && k.contains("got 5"), k);
        String d = refused(five, PhateSettings.defaults().withNeighbours(2).withDimensions(6));
        assertTrue(d.contains("got 6"), d);

        double[][] nan = PhateStepsTest.line();
        nan[3][1] = Double.NaN;
        nan[1][3] = Double.NaN;
        String message = refused(nan, PhateSettings.defaults().withNeighbours(2));
        assertTrue(message.contains("snapshots 1 and 3") && message.contains("NaN"), message);
        double[][] infinite = PhateStepsTest.line();
        infinite[4][0] = Double.POSITIVE_INFINITY;
        infinite[0][4] = Double.POSITIVE_INFINITY;
        assertTrue(refused(infinite, PhateSettings.defaults().withNeighbours(2)).contains("Infinity"));
        double[][] negative = PhateStepsTest.line();
        negative[2][0] = -1;
        negative[0][2] = -1;
        assertTrue(refused(negative, PhateSettings.defaults().withNeighbours(2)).contains("is -1.0"));
        double[][] asymmetric = PhateStepsTest.line();
        asymmetric[2][0] = 2;
        assertTrue(refused(asymmetric, PhateSettings.defaults().withNeighbours(2)).contains("not symmetric"));

        PhateSettings defaults = PhateSettings.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> defaults.withAlpha(0)).getMessage()
                .contains("got 0.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> defaults.withAlpha(Double.NaN)).getMessage()
                .contains("NaN"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> defaults.withThreshold(1)).getMessage()
                .contains("got 1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> defaults.withDiffusionTime(-2)).getMessage()
                .contains("got -2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> defaults.withNeighbours(0)).getMessage()
                .contains("got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> defaults.withMaxDiffusionTime(2)).getMessage()
                .contains("got 2"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> defaults.withTolerance(-1)).getMessage()
                .contains("got -1.0"));
    }
}
