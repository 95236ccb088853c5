package org.landscape4j.direction;

import org.junit.jupiter.api.Test;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every normalization against references computed here, by plain loops over the definitions of the package
 * documentation, never by the code under test.
 *
 * <p>The layout has one array of every kind DL4J produces: a dense weight [4, 3] 'f' (a filter is a column,
 * element (i, j) at i + 4j), its bias, a convolution's bias and kernel [2, 1, 2, 2] 'c' (a filter is W[o], element
 * (o, c, h, w) at ((o·1 + c)·2 + h)·2 + w), batch-norm γ, β (NORM) and running mean, variance (STATE), an
 * LSTM-like input weight [3, 4·2] 'f' (a column feeds one gate of one unit), its bias, and a weight without filters
 * (filter axis −1, one filter). The filters of the reference are enumerated from those index formulas, so a wrong
 * idea of which elements form a filter cannot agree with it.
 *
 * <p><b>Tolerances.</b> Reference and code both sum squares in double and scale each element by one ratio, formed
 * in double: the only difference is the order of summation, a relative error of a few units of 2⁻⁵³ in the ratio.
 * DOUBLE results therefore agree to 1e-14 relative; FLOAT results are that product rounded to float, so they agree
 * to within one float ulp (a double difference of 1e-15 can move a value across a rounding boundary).
 */
class NormalizerTest {

    /** The arrays of the test layout, in θ order; P = 70. */
    static final ParameterLayout LAYOUT = new ParameterLayout(List.of(
            new ParameterArray("0_W", "0", "DenseLayer", 0, 12, new long[]{4, 3}, 'f', ParameterRole.WEIGHT, 1),
            new ParameterArray("0_b", "0", "DenseLayer", 12, 3, new long[]{1, 3}, 'c', ParameterRole.BIAS, -1),
            new ParameterArray("1_b", "1", "ConvolutionLayer", 15, 2, new long[]{1, 2}, 'c', ParameterRole.BIAS, -1),
            new ParameterArray("1_W", "1", "ConvolutionLayer", 17, 8, new long[]{2, 1, 2, 2}, 'c',
                    ParameterRole.WEIGHT, 0),
            new ParameterArray("2_gamma", "2", "BatchNormalization", 25, 2, new long[]{1, 2}, 'c',
                    ParameterRole.NORM, -1),
            new ParameterArray("2_beta", "2", "BatchNormalization", 27, 2, new long[]{1, 2}, 'c',
                    ParameterRole.NORM, -1),
            new ParameterArray("2_mean", "2", "BatchNormalization", 29, 2, new long[]{1, 2}, 'c',
                    ParameterRole.STATE, -1),
            new ParameterArray("2_var", "2", "BatchNormalization", 31, 2, new long[]{1, 2}, 'c',
                    ParameterRole.STATE, -1),
            new ParameterArray("3_W", "3", "LSTM", 33, 24, new long[]{3, 8}, 'f', ParameterRole.WEIGHT, 1),
            new ParameterArray("3_b", "3", "LSTM", 57, 8, new long[]{1, 8}, 'c', ParameterRole.BIAS, -1),
            new ParameterArray("4_W", "4", "Custom", 65, 5, new long[]{5}, 'c', ParameterRole.WEIGHT, -1)));

    static final int P = 70;

    // ------------------------------------------------------------------ the reference, from the definitions

    /** One group per filter of a weight array, from the index formulas of its kind (see the class comment). */
    static List<int[]> filters(String name) {
        List<int[]> groups = new ArrayList<>();
        switch (name) {
            case "0_W" -> {                                        // [4, 3] 'f': (i, j) at i + 4j, filter = column j
                for (int j = 0; j < 3; j++) {
                    int[] group = new int[4];
                    for (int i = 0; i < 4; i++) {
                        group[i] = i + 4 * j;
                    }
                    groups.add(group);
                }
            }
            case "1_W" -> {                                        // [2, 1, 2, 2] 'c': filter = W[o]
                for (int o = 0; o < 2; o++) {
                    int[] group = new int[4];
                    int n = 0;
                    for (int c = 0; c < 1; c++) {
                        for (int h = 0; h < 2; h++) {
                            for (int w = 0; w < 2; w++) {
                                group[n++] = 17 + ((o * 1 + c) * 2 + h) * 2 + w;
                            }
                        }
                    }
                    groups.add(group);
                }
            }
            case "3_W" -> {                                        // [3, 8] 'f': (i, j) at i + 3j, filter = column j
                for (int j = 0; j < 8; j++) {
                    int[] group = new int[3];
                    for (int i = 0; i < 3; i++) {
                        group[i] = 33 + i + 3 * j;
                    }
                    groups.add(group);
                }
            }
            default -> throw new IllegalArgumentException(name);
        }
        return groups;
    }

    static int[] whole(ParameterArray array) {
        int[] group = new int[(int) array.length()];
        for (int i = 0; i < group.length; i++) {
            group[i] = (int) array.offset() + i;
        }
        return group;
    }

    static boolean movable(ParameterArray array, boolean includeOneDimensional) {
        return array.role() == ParameterRole.WEIGHT
                || (includeOneDimensional && (array.role() == ParameterRole.BIAS || array.role() == ParameterRole.NORM));
    }

    static double squares(double[] v, int[] group) {
        double sum = 0;
        for (int i : group) {
            sum += v[i] * v[i];
        }
        return sum;
    }

    /** The expected normalized direction, in double, from the definitions. */
    static double[] expected(double[] d, double[] theta, Normalization normalization, boolean includeOneDimensional) {
        double[] e = d.clone();
        for (ParameterArray array : LAYOUT.arrays()) {
            if (!movable(array, includeOneDimensional)) {
                for (int i : whole(array)) {
                    e[i] = 0;
                }
            }
        }
        switch (normalization) {
            case NONE -> {
            }
            case MODEL -> {
                double thetaSquares = 0;
                double dSquares = 0;
                for (ParameterArray array : LAYOUT.arrays()) {
                    if (movable(array, includeOneDimensional)) {
                        thetaSquares += squares(theta, whole(array));
                        dSquares += squares(e, whole(array));
                    }
                }
                for (int i = 0; i < P && dSquares > 0; i++) {          // guard: ‖d‖ = 0 stays zero
                    e[i] *= Math.sqrt(thetaSquares) / Math.sqrt(dSquares);
                }
            }
            case LAYER -> {
                for (ParameterArray array : LAYOUT.arrays()) {
                    if (movable(array, includeOneDimensional)) {
                        int[] group = whole(array);
                        if (squares(e, group) == 0) {
                            continue;                                  // guard: ‖d_s‖ = 0 stays zero
                        }
                        double ratio = Math.sqrt(squares(theta, group)) / Math.sqrt(squares(e, group));
                        for (int i : group) {
                            e[i] *= ratio;
                        }
                    }
                }
            }
            case FILTER -> {
                for (ParameterArray array : LAYOUT.arrays()) {
                    if (!movable(array, includeOneDimensional)) {
                        continue;
                    }
                    List<int[]> groups = array.role() == ParameterRole.WEIGHT && array.filterAxis() >= 0
                            ? filters(array.name()) : List.of(whole(array));
                    for (int[] group : groups) {
                        double ratio = Math.sqrt(squares(theta, group)) / (Math.sqrt(squares(e, group)) + 1e-10);
                        for (int i : group) {
                            e[i] *= ratio;
                        }
                    }
                }
            }
            case WEIGHT -> {
                for (int i = 0; i < P; i++) {
                    e[i] *= Math.abs(theta[i]);
                }
            }
        }
        return e;
    }

    // ------------------------------------------------------------------ helpers

    static double[] gaussian(long seed, int n, DataType type) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            double v = random.nextGaussian();
            values[i] = type == DataType.FLOAT ? (float) v : v;       // the values the vector really holds
        }
        return values;
    }

    static INDArray vector(double[] values, DataType type) {
        return Nd4j.createFromArray(values).castTo(type);
    }

    static double[] values(INDArray array) {
        return array.castTo(DataType.DOUBLE).reshape(array.length()).toDoubleVector();
    }

    static void assertClose(double[] expected, double[] actual, DataType type, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double tolerance = type == DataType.FLOAT ? Math.ulp((float) expected[i]) : 1e-14 * Math.abs(expected[i]);
            double want = type == DataType.FLOAT ? (float) expected[i] : expected[i];
            int at = i;
            assertEquals(want, actual[i], tolerance, () -> what + ", element " + at + " of " + name(at));
        }
    }

    static String name(long index) {
        return LAYOUT.arrays().stream().filter(a -> a.offset() <= index && index < a.end()).findFirst()
                .map(ParameterArray::name).orElse("?");
    }

    // ------------------------------------------------------------------ tests

    @Test
    void everyNormalizationMatchesTheDefinitions() {
        for (DataType type : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            double[] theta = gaussian(1, P, type);
            double[] d = gaussian(2, P, type);
            for (Normalization normalization : Normalization.values()) {
                for (boolean include : new boolean[]{false, true}) {
                    INDArray direction = vector(d, type);
                    Normalizer.normalize(direction, vector(theta, type), LAYOUT,
                            new DirectionSettings(normalization, include));
                    assertClose(expected(d, theta, normalization, include), values(direction), type,
                            type + " " + normalization + (include ? " with 1-D arrays" : " without 1-D arrays"));
                }
            }
        }
    }

    /**
     * A worked example small enough to check on paper: W [2, 2] 'f' (filters: elements {0, 1} and {2, 3}) and a
     * bias [1, 2]; θ = (3, 4, 0, 1, 5, 12), d = (1, 0, 2, 2, 1, 1).
     */
    @Test
    void handWorkedExample() {
        ParameterLayout layout = new ParameterLayout(List.of(
                new ParameterArray("W", "0", "DenseLayer", 0, 4, new long[]{2, 2}, 'f', ParameterRole.WEIGHT, 1),
                new ParameterArray("b", "0", "DenseLayer", 4, 2, new long[]{1, 2}, 'c', ParameterRole.BIAS, -1)));
        double[] theta = {3, 4, 0, 1, 5, 12};
        double[] d = {1, 0, 2, 2, 1, 1};
        double r2 = Math.sqrt(2);
        double r8 = Math.sqrt(8);
        double r26 = Math.sqrt(26);
        // filter 0: ‖θ‖ = 5, ‖d‖ = 1; filter 1: ‖θ‖ = 1, ‖d‖ = √8; bias: ‖θ‖ = 13, ‖d‖ = √2
        check(layout, theta, d, Normalization.FILTER, false,
                new double[]{5 / (1 + 1e-10), 0, 2 / (r8 + 1e-10), 2 / (r8 + 1e-10), 0, 0});
        check(layout, theta, d, Normalization.FILTER, true,
                new double[]{5 / (1 + 1e-10), 0, 2 / (r8 + 1e-10), 2 / (r8 + 1e-10), 13 / (r2 + 1e-10),
                        13 / (r2 + 1e-10)});
        // weights: ‖θ‖ = √26, ‖d‖ = 3
        check(layout, theta, d, Normalization.LAYER, false, new double[]{r26 / 3, 0, 2 * r26 / 3, 2 * r26 / 3, 0, 0});
        check(layout, theta, d, Normalization.LAYER, true,
                new double[]{r26 / 3, 0, 2 * r26 / 3, 2 * r26 / 3, 13 / r2, 13 / r2});
        // model-wise with the bias: ‖θ‖ = √(26 + 169) = √195, ‖d‖ = √(9 + 2) = √11
        check(layout, theta, d, Normalization.MODEL, false, new double[]{r26 / 3, 0, 2 * r26 / 3, 2 * r26 / 3, 0, 0});
        double m = Math.sqrt(195) / Math.sqrt(11);
        check(layout, theta, d, Normalization.MODEL, true, new double[]{m, 0, 2 * m, 2 * m, m, m});
        check(layout, theta, d, Normalization.WEIGHT, false, new double[]{3, 0, 0, 2, 0, 0});
        check(layout, theta, d, Normalization.WEIGHT, true, new double[]{3, 0, 0, 2, 5, 12});
        check(layout, theta, d, Normalization.NONE, false, new double[]{1, 0, 2, 2, 0, 0});
        check(layout, theta, d, Normalization.NONE, true, new double[]{1, 0, 2, 2, 1, 1});
    }

    private static void check(ParameterLayout layout, double[] theta, double[] d, Normalization normalization,
                              boolean include, double[] want) {
        INDArray direction = vector(d, DataType.DOUBLE);
        Normalizer.normalize(direction, vector(theta, DataType.DOUBLE), layout,
                new DirectionSettings(normalization, include));
        assertArrayEquals(want, values(direction), 1e-14, normalization + " include=" + include);
    }

    @Test
    void stateNeverMovesAndOneDimensionalArraysAreZeroedByDefault() {
        double[] theta = gaussian(3, P, DataType.DOUBLE);
        for (Normalization normalization : Normalization.values()) {
            for (boolean include : new boolean[]{false, true}) {
                INDArray direction = vector(gaussian(4, P, DataType.DOUBLE), DataType.DOUBLE);
                Normalizer.normalize(direction, vector(theta, DataType.DOUBLE), LAYOUT,
                        new DirectionSettings(normalization, include));
                double[] result = values(direction);
                for (ParameterArray array : LAYOUT.arrays()) {
                    boolean zero = array.role() == ParameterRole.STATE
                            || (!include && array.role() != ParameterRole.WEIGHT);
                    for (int i : whole(array)) {
                        if (zero) {
                            assertEquals(0.0, result[i], 0.0, normalization + " " + array.name());
                        } else {
                            assertTrue(result[i] != 0 && Double.isFinite(result[i]), normalization + " " + array.name());
                        }
                    }
                }
            }
        }
        assertEquals(new DirectionSettings(Normalization.FILTER, false), DirectionSettings.DEFAULT);
        assertEquals(false, DirectionSettings.of(Normalization.MODEL).includeOneDimensional());
    }

    /** NaN in a state entry is not read, only zeroed; NaN where the direction moves is refused, d unchanged. */
    @Test
    void nonFiniteEntriesAreRefusedWhereRead() {
        double[] theta = gaussian(5, P, DataType.DOUBLE);
        double[] d = gaussian(6, P, DataType.DOUBLE);
        d[30] = Double.NaN;                                       // 2_mean: state, zeroed unread
        INDArray direction = vector(d, DataType.DOUBLE);
        Normalizer.normalize(direction, vector(theta, DataType.DOUBLE), LAYOUT, DirectionSettings.DEFAULT);
        assertEquals(0.0, direction.getDouble(30), 0.0);

        d[20] = Double.POSITIVE_INFINITY;                         // in 1_W
        INDArray refused = vector(d, DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Normalizer.normalize(refused,
                vector(theta, DataType.DOUBLE), LAYOUT, DirectionSettings.DEFAULT));
        assertTrue(e.getMessage().contains("1_W") && e.getMessage().contains("index 20"), e.getMessage());
        assertEquals(Double.NaN, refused.getDouble(30), 0.0, "d untouched by a refusal");
        theta[0] = Double.NaN;
        double[] clean = gaussian(6, P, DataType.DOUBLE);
        INDArray other = vector(clean, DataType.DOUBLE);
        e = assertThrows(IllegalArgumentException.class, () -> Normalizer.normalize(other,
                vector(theta, DataType.DOUBLE), LAYOUT, DirectionSettings.of(Normalization.LAYER)));
        assertTrue(e.getMessage().contains("reference θ") && e.getMessage().contains("0_W"), e.getMessage());
        assertArrayEquals(clean, values(other), 0.0);
        Normalizer.normalize(other, vector(theta, DataType.DOUBLE), LAYOUT, DirectionSettings.of(Normalization.NONE));
    }

    /** ‖d_s‖ = 0 leaves zeros under model- and layer-wise normalization, and filter-wise needs no guard. */
    @Test
    void zeroNormsGiveZerosNeverNaN() {
        double[] theta = gaussian(7, P, DataType.DOUBLE);
        double[] d = gaussian(8, P, DataType.DOUBLE);
        java.util.Arrays.fill(d, 17, 25, 0.0);                    // 1_W entirely zero
        for (Normalization normalization : Normalization.values()) {
            INDArray direction = vector(d, DataType.DOUBLE);
            Normalizer.normalize(direction, vector(theta, DataType.DOUBLE), LAYOUT,
                    new DirectionSettings(normalization, true));
            double[] result = values(direction);
            for (int i = 0; i < P; i++) {
                assertTrue(Double.isFinite(result[i]), normalization + " element " + i);
            }
            for (int i = 17; i < 25; i++) {
                assertEquals(0.0, result[i], 0.0, normalization + " element " + i);
            }
            if (normalization != Normalization.NONE && normalization != Normalization.WEIGHT) {
                assertClose(expected(d, theta, normalization, true), result, DataType.DOUBLE, normalization.name());
            }
        }
        INDArray zero = Nd4j.zeros(DataType.DOUBLE, P);
        for (Normalization normalization : Normalization.values()) {
            Normalizer.normalize(zero, vector(theta, DataType.DOUBLE), LAYOUT, new DirectionSettings(normalization, true));
            assertArrayEquals(new double[P], values(zero), 0.0, normalization.name());
        }
    }

    /**
     * A layout whose filters are not contiguous ([3, 4] 'c' with filters on axis 1: column j is strided) is
     * refused by filter-wise normalization, naming the array, before d changes; the other normalizations do not
     * need filters and accept it.
     */
    @Test
    void nonContiguousFiltersAreRefusedByName() {
        ParameterLayout layout = new ParameterLayout(List.of(
                new ParameterArray("bias_first", "0", "Custom", 0, 3, new long[]{3}, 'c', ParameterRole.BIAS, -1),
                new ParameterArray("strided_W", "1", "Custom", 3, 12, new long[]{3, 4}, 'c', ParameterRole.WEIGHT, 1)));
        double[] d = gaussian(9, 15, DataType.DOUBLE);
        INDArray direction = vector(d, DataType.DOUBLE);
        INDArray theta = vector(gaussian(10, 15, DataType.DOUBLE), DataType.DOUBLE);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Normalizer.normalize(direction, theta, layout, DirectionSettings.DEFAULT));
        assertTrue(e.getMessage().contains("strided_W"), e.getMessage());
        assertArrayEquals(d, values(direction), 0.0, "d untouched: the bias before it was not zeroed");
        Normalizer.normalize(direction, theta, layout, DirectionSettings.of(Normalization.LAYER));
        assertEquals(0.0, direction.getDouble(0), 0.0);
    }

    @Test
    void wrongLengthsAndTypesAreRefused() {
        INDArray theta = vector(gaussian(11, P, DataType.DOUBLE), DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Normalizer.normalize(
                Nd4j.zeros(DataType.DOUBLE, P - 1), theta, LAYOUT, DirectionSettings.DEFAULT));
        assertTrue(e.getMessage().contains("69") && e.getMessage().contains("P = 70"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Normalizer.normalize(
                Nd4j.zeros(DataType.INT, P), theta, LAYOUT, DirectionSettings.DEFAULT));
        assertTrue(e.getMessage().contains("INT"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Normalizer.normalize(
                Nd4j.zeros(DataType.DOUBLE, 7, 10), theta, LAYOUT, DirectionSettings.DEFAULT));
        assertTrue(e.getMessage().contains("[7, 10]"), e.getMessage());
    }

    /**
     * The vectors may be views: an interval of a larger array, a [1, P] row, a column of a matrix (stride 3), and
     * of different types (a DOUBLE direction against a FLOAT θ). The result equals the plain case.
     */
    @Test
    void viewsStridesAndMixedTypes() {
        double[] theta = gaussian(12, P, DataType.FLOAT);
        double[] d = gaussian(13, P, DataType.DOUBLE);
        double[] want = expected(d, theta, Normalization.FILTER, true);
        DirectionSettings settings = new DirectionSettings(Normalization.FILTER, true);

        INDArray big = Nd4j.zeros(DataType.DOUBLE, P + 10);
        INDArray interval = big.get(NDArrayIndex.interval(5, 5 + P));
        interval.assign(vector(d, DataType.DOUBLE));
        INDArray matrix = Nd4j.zeros(DataType.FLOAT, P, 3);
        INDArray column = matrix.getColumn(1);
        column.assign(vector(theta, DataType.FLOAT));
        assertTrue(column.stride(0) == 3, "a strided θ");
        Normalizer.normalize(interval, column, LAYOUT, settings);
        assertClose(want, values(interval), DataType.DOUBLE, "interval view against a strided FLOAT θ");
        double[] all = values(big);
        for (int i : new int[]{0, 4, P + 5, P + 9}) {
            assertEquals(0.0, all[i], 0.0, "outside the view");
        }

        INDArray row = vector(d, DataType.DOUBLE).reshape(1, P);
        Normalizer.normalize(row, vector(theta, DataType.FLOAT).reshape(P, 1), LAYOUT, settings);
        assertClose(want, values(row), DataType.DOUBLE, "[1, P] against [P, 1]");
    }

    @Test
    void namesRoundTripAndUnknownNamesAreRefused() {
        for (Normalization normalization : Normalization.values()) {
            assertEquals(normalization, Normalization.fromName(normalization.jsonName()));
            assertEquals(normalization, Normalization.fromName(" " + normalization.name() + " "));
        }
        assertEquals("filter", Normalization.FILTER.jsonName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normalization.fromName("filterwise"));
        assertTrue(e.getMessage().contains("'filterwise'")
                && e.getMessage().contains("none, model, layer, filter, weight"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalization.fromName(null));
        assertThrows(NullPointerException.class, () -> new DirectionSettings(null, false));
    }
}
