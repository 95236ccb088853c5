package org.landscape4j.slice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.landscape4j.slice.GridSpecTest.assertMessage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The slices' formulas against hand-computed vectors. The hand vectors hold small integers and halves and the
 * coordinates are dyadic (0.25, 0.5, ...), so every product and sum is exact in binary and the expected values are
 * asserted bit for bit. Corners, vertices and ends are checked on seeded random FLOAT and DOUBLE vectors too: the
 * weighted-sum form gives the models exactly (the difference form θ₀ + α(θ₁ − θ₀) would not, in general). Also:
 * the checks of the inputs, the domain, the fingerprints in the provenance settings, and the cast.
 */
class SliceFormulasTest {

    private static final double[] A = {1, 2, 3};
    private static final double[] B = {4, 0, -2};
    private static final double[] C = {0.5, -1, 8};
    private static final double[] D = {2, 2, 2};

    private static INDArray v(double... values) {
        return Nd4j.createFromArray(values);
    }

    private static double[] at(Slice slice, double alpha, double beta) {
        INDArray out = Nd4j.create(slice.dataType(), slice.parameterCount());
        slice.point(alpha, beta, out);
        return out.toDoubleVector();
    }

    /**
     * {@link Slice#weights} is the point as a combination of the slice's own vectors: Σ w<sub>k</sub>v<sub>k</sub>
     * computed by hand from the weights equals {@link Slice#point} bit for bit on the dyadic vectors and
     * coordinates (every product and sum exact), for every kind.
     */
    @Test
    void weightsCombineTheVectorsIntoThePoint() {
        List<Slice> slices = List.of(Slice.line(v(A), v(B)), Slice.plane(v(A), v(B), v(C)),
                Slice.interpolation(v(A), v(B)), Slice.bilinear(v(A), v(B), v(C), v(D)),
                Slice.barycentric(v(A), v(B), v(C)), Slice.threeModelPlane(v(A), v(B), v(C)));
        double[][] coordinates = {{0, 0}, {0.5, 0}, {0.25, 0.5}, {-1, 2}, {1.5, -0.75}};
        for (Slice slice : slices) {
            double[] w = new double[slice.vectors().size()];
            for (double[] ab : coordinates) {
                double beta = slice.kind().dimensions() == 1 ? 0 : ab[1];
                slice.weights(ab[0], beta, w);
                double[] combined = new double[A.length];
                for (int k = 0; k < w.length; k++) {
                    double[] vector = slice.vectors().get(k).toDoubleVector();
                    for (int e = 0; e < combined.length; e++) {
                        combined[e] += w[k] * vector[e];
                    }
                }
                assertArrayEquals(at(slice, ab[0], beta), combined, slice.kind() + " at " + ab[0] + ", " + beta);
            }
        }
    }

    @Test
    void lineAndPlane() {
        LineSlice line = Slice.line(v(A), v(B));
        assertArrayEquals(A, at(line, 0, 0));
        assertArrayEquals(new double[] {3, 2, 2}, at(line, 0.5, 0));
        assertArrayEquals(new double[] {-3, 2, 5}, at(line, -1, 0));
        PlaneSlice plane = Slice.plane(v(A), v(B), v(C));
        assertArrayEquals(A, at(plane, 0, 0));
        assertArrayEquals(new double[] {2, 4, -14}, at(plane, 0.5, -2), "c + 0.5·d1 − 2·d2");
        assertEquals(SliceKind.PLANE, plane.kind());
        assertEquals(List.of("c", "d1", "d2"), plane.kind().vectorNames());
    }

    @Test
    void linearInterpolation() {
        LinearInterpolation slice = Slice.interpolation(v(A), v(B));
        assertArrayEquals(A, at(slice, 0, 0));
        assertArrayEquals(B, at(slice, 1, 0));
        assertArrayEquals(new double[] {2.5, 1, 0.5}, at(slice, 0.5, 0), "the midpoint");
        assertArrayEquals(new double[] {-0.5, 3, 5.5}, at(slice, -0.5, 0), "1.5·θ0 − 0.5·θ1");
        assertArrayEquals(new double[] {5.5, -1, -4.5}, at(slice, 1.5, 0), "−0.5·θ0 + 1.5·θ1");
        assertEquals(GridSpec.line(41, -0.5, 1.5), slice.defaultGrid(41, 1));
    }

    @Test
    void bilinear() {
        BilinearInterpolation slice = Slice.bilinear(v(A), v(B), v(C), v(D));
        assertArrayEquals(A, at(slice, 0, 0), "θ00");
        assertArrayEquals(B, at(slice, 1, 0), "θ10");
        assertArrayEquals(C, at(slice, 0, 1), "θ01");
        assertArrayEquals(D, at(slice, 1, 1), "θ11");
        assertArrayEquals(new double[] {1.875, 0.75, 2.75}, at(slice, 0.5, 0.5), "the mean of the four");
        assertArrayEquals(new double[] {2.5, 1, 0.5}, at(slice, 0.5, 0), "the midpoint of the edge θ00–θ10");
        assertArrayEquals(new double[] {0.75, 0.5, 5.5}, at(slice, 0, 0.5), "the midpoint of the edge θ00–θ01");
        // weights 0.1875, 0.0625, 0.5625, 0.1875
        assertArrayEquals(new double[] {1.09375, 0.1875, 5.3125}, at(slice, 0.25, 0.75));
    }

    @Test
    void barycentricAndThreeModelPlane() {
        BarycentricInterpolation slice = Slice.barycentric(v(A), v(B), v(C));
        assertArrayEquals(A, at(slice, 0, 0), "vertex θ0");
        assertArrayEquals(B, at(slice, 1, 0), "vertex θ1");
        assertArrayEquals(C, at(slice, 0, 1), "vertex θ2");
        assertArrayEquals(new double[] {1.625, 0.75, 3}, at(slice, 0.25, 0.25), "0.5·θ0 + 0.25·θ1 + 0.25·θ2");
        assertArrayEquals(new double[] {2.25, -0.5, 3}, at(slice, 0.5, 0.5), "the midpoint of the edge θ1–θ2");
        assertTrue(slice.contains(0.5, 0.5));
        assertTrue(slice.contains(0, 0));
        assertFalse(slice.contains(0.75, 0.5));
        assertFalse(slice.contains(-0.1, 0.2));
        assertEquals("triangle", slice.domain());

        ThreeModelPlane plane = Slice.threeModelPlane(v(A), v(B), v(C));
        assertArrayEquals(at(slice, 0.25, 0.25), at(plane, 0.25, 0.25));
        assertArrayEquals(new double[] {3.5, -3, 3}, at(plane, 1, 1), "−θ0 + θ1 + θ2, outside the triangle");
        assertTrue(plane.contains(1, 1));
        assertEquals("grid", plane.domain());
    }

    @Test
    void theTriangleHoldsItsEdgesDespiteRounding() {
        BarycentricInterpolation slice = Slice.barycentric(v(A), v(B), v(C));
        GridSpec grid = GridSpec.square(11, 0, 1);
        int[] points = slice.domainPoints(grid);
        assertEquals(66, points.length, "i + j ≤ 10: 11·12/2 points, the hypotenuse included");
        for (int k : points) {
            assertTrue(grid.i(k) + grid.j(k) <= 10);
        }
        assertEquals(121, Slice.threeModelPlane(v(A), v(B), v(C)).domainPoints(grid).length);
        assertMessage(() -> slice.checkGrid(GridSpec.square(5, 2, 3)), "none of the points", "triangle");
    }

    @Test
    void cornersAreTheModelsExactlyInBothPrecisions() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            Random random = new Random(17);
            INDArray[] models = new INDArray[4];
            for (int m = 0; m < 4; m++) {
                double[] values = new double[101];
                for (int k = 0; k < values.length; k++) {
                    values[k] = random.nextGaussian() / 3;
                }
                models[m] = Nd4j.createFromArray(values).castTo(type);
            }
            BilinearInterpolation bilinear = Slice.bilinear(models[0], models[1], models[2], models[3]);
            assertArrayEquals(models[0].toDoubleVector(), at(bilinear, 0, 0), type + " θ00");
            assertArrayEquals(models[1].toDoubleVector(), at(bilinear, 1, 0), type + " θ10");
            assertArrayEquals(models[2].toDoubleVector(), at(bilinear, 0, 1), type + " θ01");
            assertArrayEquals(models[3].toDoubleVector(), at(bilinear, 1, 1), type + " θ11");
            BarycentricInterpolation barycentric = Slice.barycentric(models[0], models[1], models[2]);
            assertArrayEquals(models[0].toDoubleVector(), at(barycentric, 0, 0), type + " θ0");
            assertArrayEquals(models[1].toDoubleVector(), at(barycentric, 1, 0), type + " θ1");
            assertArrayEquals(models[2].toDoubleVector(), at(barycentric, 0, 1), type + " θ2");
            LinearInterpolation line = Slice.interpolation(models[0], models[1]);
            assertArrayEquals(models[0].toDoubleVector(), at(line, 0, 0), type + " θ0");
            assertArrayEquals(models[1].toDoubleVector(), at(line, 1, 0), type + " θ1");
        }
    }

    @Test
    void rowVectorsAndViewsAreAccepted() {
        INDArray row = Nd4j.createFromArray(new double[][] {A});
        INDArray column = row.reshape(3, 1);
        INDArray view = Nd4j.createFromArray(0, 1, 2, 3, 0).castTo(DataType.DOUBLE)
                .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4));
        LineSlice line = Slice.line(row, column);
        assertArrayEquals(new double[] {2, 4, 6}, at(line, 1, 0));
        assertArrayEquals(new double[] {2, 4, 6}, at(Slice.line(view, view), 1, 0), "(1, 2, 3) + (1, 2, 3)");
    }

    @Test
    void badInputsAreRefusedNamingBothCounts() {
        assertMessage(() -> Slice.plane(v(A), v(B), v(1, 2, 3, 4)), "d2 has 4 elements but c has 3",
                "same length P");
        assertMessage(() -> Slice.interpolation(v(A), v(1, 2)), "theta1 has 2 elements but theta0 has 3");
        assertMessage(() -> Slice.line(v(A), v(B).castTo(DataType.FLOAT)), "d is FLOAT but c is DOUBLE",
                "one type");
        assertMessage(() -> Slice.line(v(A), v(1, Double.NaN, 3)), "d holds NaN at index 1", "finite");
        assertMessage(() -> Slice.line(v(A), v(1, 2, Double.NEGATIVE_INFINITY)), "d holds -Infinity at index 2");
        assertMessage(() -> Slice.line(Nd4j.create(DataType.DOUBLE, 2, 2), v(A)), "c has shape [2, 2]");
        assertMessage(() -> Slice.line(v(A), null), "d is null");
        assertMessage(() -> Slice.line(Nd4j.createFromArray(1, 2, 3), v(A)), "c is INT", "FLOAT or DOUBLE");
        assertMessage(() -> SliceKind.BILINEAR.create(List.of(v(A), v(B))), "takes 4 vectors",
                "theta00, theta10, theta01, theta11", "got 2");
        assertMessage(() -> SliceKind.of("surface"), "\"surface\" is unknown", "plane", "three_model_plane");

        LineSlice line = Slice.line(v(A), v(B));
        assertMessage(() -> line.point(0, 0, Nd4j.create(DataType.DOUBLE, 5)),
                "the buffer has 5 elements but the slice's vectors have 3");
        assertMessage(() -> line.point(0, 0, Nd4j.create(DataType.FLOAT, 3)),
                "the buffer is FLOAT but the slice's vectors are DOUBLE", "castTo");
        assertMessage(() -> line.checkGrid(GridSpec.square(5, -1, 1)), "a line is one-dimensional", "ny = 1");
        assertMessage(() -> line.checkGrid(new GridSpec(5, 1, -1, 1, 0.5, 0.5)), "β = 0");
        assertMessage(() -> line.defaultGrid(5, 5), "a line is one-dimensional: ny must be 1, got 5");
    }

    @Test
    void settingsFingerprintTheValuesWhateverTheirType() throws Exception {
        PlaneSlice plane = Slice.plane(v(A), v(B), v(C));
        Map<String, Object> settings = plane.settings();
        assertEquals("plane", settings.get("slice"));
        assertEquals(3L, settings.get("parameters"));
        assertEquals("grid", settings.get("domain"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> vectors = (Map<String, Map<String, Object>>) settings.get("vectors");
        assertEquals(List.of("c", "d1", "d2"), List.copyOf(vectors.keySet()));
        assertEquals(sha256(A), vectors.get("c").get("sha256"));
        assertEquals(Math.sqrt(14), (double) vectors.get("c").get("norm"), 1e-15);
        assertEquals(Math.sqrt(20), (double) vectors.get("d1").get("norm"), 1e-15);

        // the same values in FLOAT have the same fingerprint; a cast slice keeps the original's
        PlaneSlice floats = Slice.plane(v(A).castTo(DataType.FLOAT), v(B).castTo(DataType.FLOAT),
                v(C).castTo(DataType.FLOAT));
        assertEquals(settings, floats.settings());
        PlaneSlice cast = plane.castTo(DataType.FLOAT);
        assertEquals(DataType.FLOAT, cast.dataType());
        assertEquals(settings, cast.settings());
        assertSame(plane, plane.castTo(DataType.DOUBLE));
        assertArrayEquals(new double[] {2, 4, -14}, at(cast, 0.5, -2));

        // one value different anywhere: another fingerprint
        assertNotEquals(settings, Slice.plane(v(A), v(B), v(0.5, -1, 8.000001)).settings());
        // a huge vector's norm does not overflow
        PlaneSlice huge = Slice.plane(v(1e300, 1e300, 0), v(B), v(C));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> hugeVectors =
                (Map<String, Map<String, Object>>) huge.settings().get("vectors");
        assertEquals(Math.sqrt(2) * 1e300, (double) hugeVectors.get("c").get("norm"), 1e285);
    }

    @Test
    void fingerprintsOfLongVectorsAreReadInChunks() throws Exception {
        int p = 2 * SliceVectors.CHUNK + 123;
        float[] values = new float[p];
        Random random = new Random(5);
        for (int k = 0; k < p; k++) {
            values[k] = (float) random.nextGaussian();
        }
        double[] asDoubles = new double[p];
        double sumOfSquares = 0;
        for (int k = 0; k < p; k++) {
            asDoubles[k] = values[k];
            sumOfSquares += asDoubles[k] * asDoubles[k];
        }
        INDArray vector = Nd4j.createFromArray(values);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> vectors = (Map<String, Map<String, Object>>) Slice.line(vector, vector)
                .settings().get("vectors");
        assertEquals(sha256(asDoubles), vectors.get("c").get("sha256"), "three chunks hash as one sequence");
        // the scaled accumulation and the plain sum of squares agree to rounding (≈ p·u relative at worst)
        assertEquals(Math.sqrt(sumOfSquares), (double) vectors.get("c").get("norm"), 1e-9 * Math.sqrt(sumOfSquares));
        INDArray withNaN = vector.dup();
        withNaN.putScalar(SliceVectors.CHUNK + 7, Float.NaN);
        assertMessage(() -> Slice.line(vector, withNaN), "d holds NaN at index " + (SliceVectors.CHUNK + 7));
    }

    private static String sha256(double[] values) throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8);
        for (double value : values) {
            bytes.putDouble(value);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.array()));
    }

    @Test
    void defaultGrids() {
        assertEquals(GridSpec.square(21, -1, 1), Slice.plane(v(A), v(B), v(C)).defaultGrid(21, 21));
        assertEquals(GridSpec.line(21, -1, 1), Slice.line(v(A), v(B)).defaultGrid(21, 1));
        assertEquals(GridSpec.line(1, 0, 0), Slice.line(v(A), v(B)).defaultGrid(1, 1));
        assertEquals(GridSpec.square(11, 0, 1), Slice.bilinear(v(A), v(B), v(C), v(D)).defaultGrid(11, 11));
        assertEquals(GridSpec.square(11, 0, 1), Slice.barycentric(v(A), v(B), v(C)).defaultGrid(11, 11));
        assertThrows(IllegalArgumentException.class, () -> Slice.interpolation(v(A), v(B)).defaultGrid(5, 2));
    }
}
