package org.landscape4j.trajectory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Classical MDS reproduces points of a plane exactly up to rotation, reflection and translation (checked through
 * their pairwise distances, 1e-9 relative: double rounding of B and its eigenvectors); Isomap unrolls a curve to
 * its arc length.
 */
class EmbeddingTest {

    /** Points on a 2-D plane embedded in R^P, from a seeded generator. T = 60 (dense) and 400 (Lanczos). */
    @ParameterizedTest
    @ValueSource(ints = {60, 400})
    void classicalMdsReproducesAPlane(int t) throws IOException {
        int p = 12;
        Random random = new Random(t);
        double[] e1 = new double[p];
        double[] e2 = new double[p];
        double[] origin = new double[p];
        for (int i = 0; i < p; i++) {
            e1[i] = random.nextGaussian();
            e2[i] = random.nextGaussian();
            origin[i] = random.nextGaussian();
        }
        double[][] plane = new double[t][2];
        float[][] theta = new float[t][p];
        for (int s = 0; s < t; s++) {
            plane[s][0] = 3 * random.nextGaussian();
            plane[s][1] = random.nextGaussian();
            for (int i = 0; i < p; i++) {
                theta[s][i] = (float) (origin[i] + plane[s][0] * e1[i] + plane[s][1] * e2[i]);
            }
        }
        // the float snapshots are the points: their exact distances, in double
        double[][] d2 = new double[t][t];
        for (int a = 0; a < t; a++) {
            for (int b = 0; b < t; b++) {
                double s = 0;
                for (int i = 0; i < p; i++) {
                    double d = (double) theta[a][i] - theta[b][i];
                    s += d * d;
                }
                d2[a][b] = s;
            }
        }
        Embedding mds = ClassicalMds.embed(d2, 2).orElseThrow();
        double scale = 0;
        for (int a = 0; a < t; a++) {
            for (int b = 0; b < a; b++) {
                double dx = mds.coordinates()[a][0] - mds.coordinates()[b][0];
                double dy = mds.coordinates()[a][1] - mds.coordinates()[b][1];
                scale = Math.max(scale, d2[a][b]);
                assertEquals(d2[a][b], dx * dx + dy * dy, 1e-9 * scale, "pair " + a + ", " + b);
            }
        }
        // the streamed distances are the same, and the embedding of the snapshots too
        Embedding streamed = TrajectoryEmbedding.classicalMds(SnapshotSource.inMemory(theta), 2,
                TrajectoryProgress.NONE).orElseThrow();
        for (int s = 0; s < t; s++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(mds.coordinates()[s][j], streamed.coordinates()[s][j], 1e-9 * Math.sqrt(scale));
            }
        }
        double sum = 0;
        for (double[] x : mds.coordinates()) {
            sum += x[0];
        }
        assertEquals(0, sum / t, 1e-9 * Math.sqrt(scale), "centred");
    }

    @Test
    void classicalMdsEqualsThePcaCoordinatesOfTheCentredSnapshots() throws IOException {
        float[][] theta = Trajectories.randomWalk(15, 30, 4);
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(2)
                .withReference(Reference.MEAN), TrajectoryProgress.NONE).orElseThrow();
        Embedding mds = TrajectoryEmbedding.classicalMds(SnapshotSource.inMemory(theta), 2, TrajectoryProgress.NONE)
                .orElseThrow();
        for (int j = 0; j < 2; j++) {
            double sign = Math.signum(mds.coordinates()[0][j] * pca.coordinates()[0][j]);
            for (int s = 0; s < 15; s++) {
                assertEquals(pca.coordinates()[s][j], sign * mds.coordinates()[s][j], 1e-8 * pca.singularValues()[0]);
            }
        }
    }

    /**
     * A planar spiral r = 1 + θ/π for θ ∈ [0, 3π], placed in R^20 by an orthonormal pair. The chord between its
     * ends is short; its arc length is long. Isomap's first axis is ±(s − s̄), s the arc length (computed by
     * a fine sum of chords): the graph path over T = 300 points is the arc to ~1e-4, checked at 1 % of the length.
     */
    @ParameterizedTest
    @ValueSource(ints = {150, 400})
    void isomapUnrollsASpiralToItsArcLength(int t) throws IOException {
        int p = 20;
        double[] arc = new double[t];
        float[][] theta = new float[t][p];
        double previousX = 0;
        double previousY = 0;
        for (int s = 0; s < t; s++) {
            double angle = 3 * Math.PI * s / (t - 1);
            double r = 1 + angle / Math.PI;
            double x = r * Math.cos(angle);
            double y = r * Math.sin(angle);
            if (s > 0) {
                arc[s] = arc[s - 1] + fineArc(3 * Math.PI * (s - 1) / (t - 1), angle);
            }
            previousX = x;
            previousY = y;
            for (int i = 0; i < p; i++) {
                // orthonormal pair: e1 = (1, 0, 1, 0, ...)/√10 on even indices, e2 on odd ones
                theta[s][i] = (float) (i % 2 == 0 ? x / Math.sqrt(10) : y / Math.sqrt(10));
            }
        }
        assertTrue(previousX * previousX + previousY * previousY > 0);
        Embedding isomap = TrajectoryEmbedding.isomap(SnapshotSource.inMemory(theta), 6, 2, TrajectoryProgress.NONE)
                .orElseThrow();
        double length = arc[t - 1];
        double meanArc = 0;
        for (double a : arc) {
            meanArc += a / t;
        }
        double sign = Math.signum(isomap.coordinates()[t - 1][0] - isomap.coordinates()[0][0]);
        for (int s = 0; s < t; s++) {
            assertEquals(arc[s] - meanArc, sign * isomap.coordinates()[s][0], 0.01 * length, "point " + s);
        }
        assertTrue(isomap.eigenvalues()[1] < 1e-3 * isomap.eigenvalues()[0], "a curve unrolls to one dimension: "
                + isomap);
        // classical MDS of the same points keeps the spiral rolled up: its first axis is far from the arc length
        Embedding mds = TrajectoryEmbedding.classicalMds(SnapshotSource.inMemory(theta), 2, TrajectoryProgress.NONE)
                .orElseThrow();
        double worst = 0;
        for (int s = 0; s < t; s++) {
            worst = Math.max(worst, Math.abs(Math.abs(mds.coordinates()[s][0]) - Math.abs(arc[s] - meanArc)));
        }
        assertTrue(worst > 0.2 * length, "MDS does not unroll: " + worst);
    }

    private static double fineArc(double from, double to) {
        double length = 0;
        int steps = 200;
        for (int k = 0; k < steps; k++) {
            double a = from + (to - from) * k / steps;
            double b = from + (to - from) * (k + 1) / steps;
            double ra = 1 + a / Math.PI;
            double rb = 1 + b / Math.PI;
            length += Math.hypot(rb * Math.cos(b) - ra * Math.cos(a), rb * Math.sin(b) - ra * Math.sin(a));
        }
        return length;
    }

    @Test
    void aDisconnectedGraphIsRefused() {
        double[][] d2 = new double[6][6];
        for (int a = 0; a < 6; a++) {
            for (int b = 0; b < 6; b++) {
                double xa = a < 3 ? a : 100 + a;
                double xb = b < 3 ? b : 100 + b;
                d2[a][b] = (xa - xb) * (xa - xb);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Isomap.embed(d2, 2, 1));
        assertTrue(e.getMessage().contains("not connected") && e.getMessage().contains("3 cannot"), e.getMessage());
        assertTrue(Isomap.embed(d2, 3, 1).isPresent(), "3 neighbours join the two groups");
    }
}
