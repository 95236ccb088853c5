package org.landscape4j.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PHATE's steps one at a time against exact references: the kernel and Markov matrix of five points worked by hand,
 * the diffusion operator's eigen path and repeated squaring against plain repeated multiplication, the von Neumann
 * entropy in closed form and its knee on the {@code phate} package's documented examples, and SMACOF's monotone stress
 * and exact recovery of planar points.
 */
class PhateStepsTest {

    /** Five points on a line, x = 0, 1, 3, 4, 10: squared distances (x<sub>i</sub> − x<sub>j</sub>)². */
    static final double[] LINE = {0, 1, 3, 4, 10};

    static double[][] squaredDistances(double[][] points) {
        int t = points.length;
        double[][] d2 = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                double s = 0;
                for (int a = 0; a < points[i].length; a++) {
                    double diff = points[i][a] - points[j][a];
                    s += diff * diff;
                }
                d2[i][j] = s;
            }
        }
        return d2;
    }

    static double[][] line() {
        double[][] points = new double[LINE.length][1];
        for (int i = 0; i < LINE.length; i++) {
            points[i][0] = LINE[i];
        }
        return squaredDistances(points);
    }

    /** ½e<sup>−a</sup> + ½e<sup>−b</sup>, the two halves of a kernel entry with (d/ε)<sup>α</sup> = a and b. */
    private static double half(double a, double b) {
        return 0.5 * Math.exp(-a) + 0.5 * Math.exp(-b);
    }

    /**
     * k = 2, α = 2, no threshold. By hand: the 2nd-nearest distances are ε = 3 (0: 1, 3), 2 (1: 1, 2), 2 (3: 1, 2),
     * 3 (4: 1, 3), 7 (10: 6, 7); K(i, j) = ½exp(−(d/ε<sub>i</sub>)²) + ½exp(−(d/ε<sub>j</sub>)²).
     */
    @Test
    void kernelAndMarkovMatrixOfFivePointsByHand() {
        double[][] d2 = line();
        assertArrayEquals(new double[] {3, 2, 2, 3, 7}, AlphaDecayKernel.bandwidths(d2, 2), 0);
        double[][] expected = {
            {1, half(1 / 9.0, 1 / 4.0), half(9 / 9.0, 9 / 4.0), half(16 / 9.0, 16 / 9.0), half(100 / 9.0, 100 / 49.0)},
            {0, 1, half(4 / 4.0, 4 / 4.0), half(9 / 4.0, 9 / 9.0), half(81 / 4.0, 81 / 49.0)},
            {0, 0, 1, half(1 / 4.0, 1 / 9.0), half(49 / 4.0, 49 / 49.0)},
            {0, 0, 0, 1, half(36 / 9.0, 36 / 49.0)},
            {0, 0, 0, 0, 1}};
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < i; j++) {
                expected[i][j] = expected[j][i];
            }
        }
        double[][] k = AlphaDecayKernel.kernel(d2, 2, 2, 0);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(expected[i], k[i], 1e-15, "row " + i);
        }
        // P = D⁻¹K: row 0 divided by its sum; every row a distribution
        double[][] p = AlphaDecayKernel.markov(k);
        double degree0 = 1 + half(1 / 9.0, 1 / 4.0) + half(1, 9 / 4.0) + Math.exp(-16 / 9.0)
                + half(100 / 9.0, 100 / 49.0);
        assertEquals(half(1 / 9.0, 1 / 4.0) / degree0, p[0][1], 1e-15);
        assertEquals(1 / degree0, p[0][0], 1e-15);
        for (double[] row : p) {
            double sum = 0;
            for (double v : row) {
                sum += v;
            }
            assertEquals(1, sum, 1e-15);
        }
        // the threshold 1e-4 removes the one-sided values e^(−100/9) ≈ 1.5e-5, e^(−81/4) ≈ 1.6e-9 and e^(−49/4) ≈
        // 4.8e-6 and nothing else: the far point keeps its own halves, 0.5e^(−100/49) ...
        double[][] thresholded = AlphaDecayKernel.kernel(d2, 2, 2, 1e-4);
        assertEquals(0.5 * Math.exp(-100 / 49.0), thresholded[0][4], 1e-15);
        assertEquals(0.5 * Math.exp(-81 / 49.0), thresholded[1][4], 1e-15);
        assertEquals(0.5 * Math.exp(-1.0), thresholded[2][4], 1e-15);
        assertEquals(expected[3][4], thresholded[3][4], 1e-15);
        assertEquals(expected[0][3], thresholded[0][3], 1e-15);
    }

    /** α = 40 (phate's default) turns the kernel into a soft k-NN graph: ≈ 1 inside ε, ≈ 0 beyond 1.1ε. */
    @Test
    void phatesAlphaMakesASoftNeighbourGraph() {
        double[][] k = AlphaDecayKernel.kernel(line(), 2, 40, 1e-4);
        // 0–1: d/ε = 1/3 and 1/2, both halves e^(−tiny) ≈ 1
        assertEquals(half(Math.pow(1 / 3.0, 40), Math.pow(0.5, 40)), k[0][1], 1e-15);
        assertTrue(k[0][1] > 1 - 1e-12);
        // 0–3: d = 3 = ε(0), d/ε(3) = 1: both halves e^(−1)
        assertEquals(Math.exp(-1), k[0][2] * 2 - Math.exp(-Math.pow(1.5, 40)), 1e-15);
        // 0–10: far beyond both bandwidths
        assertEquals(0, k[0][4], 0);
    }

    /** More than k copies of a point: its bandwidth is 0, raised to 2⁻⁵², as graphtools does. */
    @Test
    void duplicatesGetAffinityOneToEachOtherAndZeroElsewhere() {
        double[][] points = {{0}, {0}, {0}, {5}, {6}};
        double[][] k = AlphaDecayKernel.kernel(squaredDistances(points), 2, 40, 1e-4);
        assertEquals(AlphaDecayKernel.MIN_BANDWIDTH, AlphaDecayKernel.bandwidths(squaredDistances(points), 2)[0]);
        assertEquals(1, k[0][1], 0);
        assertEquals(1, k[0][2], 0);
        // 0–5: from 0's side nothing; from 5's side (ε = 5, its 2nd neighbour) e^(−1)
        assertEquals(0.5 * Math.exp(-1), k[0][3], 1e-15);
    }

    private static double[][] randomKernel(int t, long seed) {
        Random random = new Random(seed);
        double[][] points = new double[t][3];
        for (double[] p : points) {
            for (int a = 0; a < 3; a++) {
                p[a] = random.nextGaussian();
            }
        }
        return AlphaDecayKernel.kernel(squaredDistances(points), 5, 10, 1e-4);
    }

    private static double[][] naivePower(double[][] p, int t) {
        int n = p.length;
        double[][] result = new double[n][n];
        for (int i = 0; i < n; i++) {
            result[i][i] = 1;
        }
        for (int s = 0; s < t; s++) {
            double[][] next = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int m = 0; m < n; m++) {
                    double r = result[i][m];
                    if (r != 0) {
                        for (int j = 0; j < n; j++) {
                            next[i][j] += r * p[m][j];
                        }
                    }
                }
            }
            result = next;
        }
        return result;
    }

    /**
     * P<sup>t</sup> = D<sup>−½</sup>VΛ<sup>t</sup>VᵀD<sup>½</sup> and repeated squaring both equal t plain
     * multiplications by P to 1e-12 (entries in [0, 1]). T = 40 takes Commons Math's decomposition, T = 350 LAPACK's.
     */
    @ParameterizedTest
    @ValueSource(ints = {40, 350})
    void diffusionPowersByEigenPathAndSquaringEqualRepeatedMultiplication(int size) {
        DiffusionOperator operator = new DiffusionOperator(randomKernel(size, size));
        double[][] p = operator.markov();
        SymmetricEigen.Pairs spectrum = operator.spectrum().orElseThrow();
        assertEquals(1, spectrum.values()[0], 1e-12, "a Markov matrix's largest eigenvalue");
        for (double v : spectrum.values()) {
            assertTrue(v >= -1 - 1e-12 && v <= 1 + 1e-12, "eigenvalue " + v);
        }
        for (int t : new int[] {0, 1, 2, 5, 16, 37}) {
            double[][] reference = naivePower(p, t);
            double[][] eigen = operator.power(spectrum, t);
            double[][] squared = operator.power(t, TrajectoryProgress.NONE);
            for (int i = 0; i < size; i++) {
                assertArrayEquals(reference[i], eigen[i], 1e-12, "eigen path, t = " + t + ", row " + i);
                assertArrayEquals(reference[i], squared[i], 1e-12, "squaring, t = " + t + ", row " + i);
            }
            double sum = 0;
            for (double v : squared[size / 2]) {
                sum += v;
            }
            assertEquals(1, sum, 1e-12, "P^t is stochastic");
        }
    }

    /** Progress of repeated squaring: t = 37 = 100101₂ takes 5 squarings and 2 more products. */
    @Test
    void repeatedSquaringReportsEachProduct() {
        DiffusionOperator operator = new DiffusionOperator(randomKernel(12, 3));
        long[] last = new long[2];
        operator.power(37, (stage, done, total) -> {
            assertEquals("diffusion", stage);
            last[0] = done;
            last[1] = total;
        });
        assertArrayEquals(new long[] {7, 7}, last);
    }

    /**
     * The entropy in closed form: a spectrum {1, 1} has p = ½ (+ 2⁻⁵²) at every t, H = ln 2; {1, ½}: p = 1/(1 +
     * 2<sup>−t</sup>) and 2<sup>−t</sup>/(1 + 2<sup>−t</sup>). Signs are ignored.
     */
    @Test
    void vonNeumannEntropyInClosedForm() {
        double eps = Math.ulp(1.0);
        double[] flat = VonNeumannEntropy.entropy(new double[] {1, -1}, 5);
        for (double h : flat) {
            assertEquals(-2 * (0.5 + eps) * Math.log(0.5 + eps), h, 1e-15);
        }
        double[] halving = VonNeumannEntropy.entropy(new double[] {1, 0.5}, 6);
        for (int t = 1; t <= 6; t++) {
            double small = Math.pow(0.5, t) / (1 + Math.pow(0.5, t)) + eps;
            double large = 1 / (1 + Math.pow(0.5, t)) + eps;
            assertEquals(-(small * Math.log(small) + large * Math.log(large)), halving[t - 1], 1e-15, "t = " + t);
        }
    }

    /**
     * The {@code phate} package's documented examples ({@code phate.vne} docstrings): {@code find_knee_point} of
     * y = exp(−x/10), x = 0..19, is 8; for X = I₁₀ with X[0,0] = 5 and X[3,2] = 4, the knee of the entropy of X's
     * singular values ({@code compute_von_neumann_entropy}, t_max = 100) is 23.
     */
    @Test
    void kneeMatchesPhatesDocumentedExamples() {
        double[] y = new double[20];
        for (int x = 0; x < 20; x++) {
            y[x] = Math.exp(-x / 10.0);
        }
        assertEquals(8, VonNeumannEntropy.knee(y));
        double[][] x = new double[10][10];
        for (int i = 0; i < 10; i++) {
            x[i][i] = 1;
        }
        x[0][0] = 5;
        x[3][2] = 4;
        double[] singular = new SingularValueDecomposition(new Array2DRowRealMatrix(x)).getSingularValues();
        assertEquals(23, VonNeumannEntropy.knee(VonNeumannEntropy.entropy(singular, 100)));
    }

    /** Points of a plane, from a seeded generator: T points and their exact distances. */
    private static double[][] planar(int t, long seed) {
        Random random = new Random(seed);
        double[][] points = new double[t][2];
        for (double[] p : points) {
            p[0] = 3 * random.nextGaussian();
            p[1] = random.nextGaussian();
        }
        return points;
    }

    private static double[][] distances(double[][] points) {
        double[][] d = squaredDistances(points);
        for (double[] row : d) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.sqrt(row[j]);
            }
        }
        return d;
    }

    /**
     * Distances of 30 points in R⁵ (not embeddable in the plane) fitted in 2-D from a random start: σ never increases
     * (majorization), up to rounding of the sum (1e-12 relative), and the returned stress is that of the returned
     * configuration.
     */
    @Test
    void smacofStressNeverIncreases() {
        Random random = new Random(11);
        double[][] points = new double[30][5];
        for (double[] p : points) {
            for (int a = 0; a < 5; a++) {
                p[a] = random.nextGaussian();
            }
        }
        double[][] delta = distances(points);
        double[][] start = new double[30][2];
        for (double[] s : start) {
            s[0] = random.nextGaussian();
            s[1] = random.nextGaussian();
        }
        Smacof.Result fit = Smacof.fit(delta, start, 500, 1e-12, TrajectoryProgress.NONE);
        double[] stress = fit.stress();
        assertTrue(stress.length > 20, fit.toString());
        for (int k = 1; k < stress.length; k++) {
            assertTrue(stress[k] <= stress[k - 1] * (1 + 1e-12), "iteration " + k + ": " + stress[k] + " > "
                    + stress[k - 1]);
        }
        assertTrue(stress[stress.length - 1] < 0.5 * stress[0], fit.toString());
        assertEquals(Smacof.stress(delta, fit.coordinates()), fit.finalStress(), 1e-12 * fit.finalStress());
        assertEquals(fit.iterations() + 1, stress.length);
    }

    /**
     * Planar points: from a start perturbed by a third of their spread, SMACOF reaches their distances to 1e-8
     * (relative to the largest), the stress falling to rounding; from the classical MDS start it is exact at once.
     */
    @Test
    void smacofRecoversPlanarPointsExactly() {
        double[][] points = planar(25, 5);
        double[][] delta = distances(points);
        Random random = new Random(6);
        double[][] start = new double[25][2];
        for (int i = 0; i < 25; i++) {
            start[i][0] = points[i][0] + random.nextGaussian();
            start[i][1] = points[i][1] + 0.5 * random.nextGaussian();
        }
        Smacof.Result fit = Smacof.fit(delta, start, 20000, 0, TrajectoryProgress.NONE);
        double scale = 0;
        for (double[] row : delta) {
            for (double v : row) {
                scale = Math.max(scale, v);
            }
        }
        double[][] fitted = distances(fit.coordinates());
        for (int i = 0; i < 25; i++) {
            assertArrayEquals(delta[i], fitted[i], 1e-8 * scale, "point " + i + "; " + fit);
        }
        assertTrue(fit.normalisedStress() < 1e-9, fit.toString());

        double[][] classical = ClassicalMds.embed(squaredDistances(points), 2).orElseThrow().coordinates();
        Smacof.Result exact = Smacof.fit(delta, classical, 100, 1e-6, TrajectoryProgress.NONE);
        assertTrue(exact.stress()[0] < 1e-20 * scale * scale, exact.toString());
    }
}
