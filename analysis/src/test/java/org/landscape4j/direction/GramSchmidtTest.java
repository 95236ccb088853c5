package org.landscape4j.direction;

import org.junit.jupiter.api.Test;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cosine and Gram–Schmidt against closed forms: 2-D and 3-D vectors at known angles, where the orthogonalized
 * vector is known exactly; on P = 1000 random DOUBLE directions, orthogonality to 1e-12 (a double dot product of
 * 1000 terms errs by about 1000·2⁻⁵³·‖d₁‖‖d₂‖ ≈ 1e-13 relative at worst) and the norm kept to 1e-14.
 */
class GramSchmidtTest {

    static INDArray v(double... values) {
        return Nd4j.createFromArray(values);
    }

    static double[] values(INDArray array) {
        return array.castTo(DataType.DOUBLE).reshape(array.length()).toDoubleVector();
    }

    @Test
    void cosineOfKnownAngles() {
        assertEquals(0.5, GramSchmidt.cosine(v(1, 0), v(Math.cos(Math.PI / 3), Math.sin(Math.PI / 3))), 1e-15);
        assertEquals(Math.sqrt(0.5), GramSchmidt.cosine(v(2, 0), v(3, 3)), 1e-15);
        assertEquals(0.0, GramSchmidt.cosine(v(1, 2), v(-2, 1)), 0.0);
        assertEquals(0.5, GramSchmidt.cosine(v(1, 1, 0), v(0, 1, 1)), 1e-15);         // 60°
        assertEquals(-1.0, GramSchmidt.cosine(v(1, -2, 3), v(-2, 4, -6)), 1e-15);
        assertEquals(1 / Math.sqrt(3), GramSchmidt.cosine(v(1, 1, 1), v(0, 0, 5)), 1e-15);
        assertEquals(0.5, GramSchmidt.cosine(v(1, 0).castTo(DataType.FLOAT),
                v(1, Math.sqrt(3))), 1e-7, "FLOAT against DOUBLE");
        assertThrows(IllegalArgumentException.class, () -> GramSchmidt.cosine(v(0, 0), v(1, 0)));
        assertThrows(IllegalArgumentException.class, () -> GramSchmidt.cosine(v(1, 0), v(1, 0, 0)));
    }

    @Test
    void gramSchmidtClosedForms() {
        // 2-D: d₂ = (1, 1) against d₁ = (1, 0): residual (0, 1), rescaled to ‖d₂‖ = √2
        INDArray d1 = v(1, 0);
        INDArray d2 = v(1, 1);
        Cosine c = GramSchmidt.orthogonalize(d1, d2);
        assertArrayEquals(new double[]{0, Math.sqrt(2)}, values(d2), 1e-15);
        assertArrayEquals(new double[]{1, 0}, values(d1), 0.0, "d₁ unchanged");
        assertEquals(Math.sqrt(0.5), c.before(), 1e-15);
        assertEquals(0.0, c.after(), 1e-15);
        // 3-D at 60°: d₁ = (1, 1, 0), d₂ = (0, 1, 1); d₂ − ½·d₁ = (−½, ½, 1), norm √1.5, rescaled to √2
        INDArray e1 = v(1, 1, 0);
        INDArray e2 = v(0, 1, 1);
        c = GramSchmidt.orthogonalize(e1, e2);
        double s = Math.sqrt(2) / Math.sqrt(1.5);
        assertArrayEquals(new double[]{-0.5 * s, 0.5 * s, s}, values(e2), 1e-15);
        assertEquals(0.5, c.before(), 1e-15);
        assertEquals(0.0, c.after(), 1e-15);
        // parallel and zero directions are refused, d₂ unchanged
        INDArray parallel = v(-2, -2, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GramSchmidt.orthogonalize(e1, parallel));
        assertTrue(e.getMessage().contains("parallel"), e.getMessage());
        assertArrayEquals(new double[]{-2, -2, 0}, values(parallel), 0.0);
        assertThrows(IllegalArgumentException.class, () -> GramSchmidt.orthogonalize(v(0, 0, 0), v(1, 2, 3)));
    }

    @Test
    void randomDirectionsBecomeOrthogonalTo1e12() {
        int p = 1000;
        INDArray d1 = Directions.random(1, p, DataType.DOUBLE).vector();
        INDArray d2 = Directions.random(2, p, DataType.DOUBLE).vector();
        d2.addi(d1.mul(0.8));                                           // a large angle to remove: cos ≈ 0.62
        double norm = d2.norm2Number().doubleValue();
        double[] first = values(d1);
        Cosine c = GramSchmidt.orthogonalize(d1, d2);
        assertTrue(c.before() > 0.5, "before " + c.before());
        assertEquals(0.0, c.after(), 1e-12);
        assertEquals(0.0, GramSchmidt.cosine(d1, d2), 1e-12);
        assertEquals(norm, d2.norm2Number().doubleValue(), 1e-14 * norm, "‖d₂‖ kept");
        assertArrayEquals(first, values(d1), 0.0, "d₁ unchanged");

        List<INDArray> three = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            three.add(Directions.random(10 + k, p, DataType.DOUBLE).vector());
        }
        three.get(2).addi(three.get(0)).addi(three.get(1));
        double[] norms = three.stream().mapToDouble(x -> x.norm2Number().doubleValue()).toArray();
        GramSchmidt.orthogonalize(three);
        for (int i = 0; i < 3; i++) {
            assertEquals(norms[i], three.get(i).norm2Number().doubleValue(), 1e-14 * norms[i]);
            for (int j = i + 1; j < 3; j++) {
                assertEquals(0.0, GramSchmidt.cosine(three.get(i), three.get(j)), 1e-12, i + "," + j);
            }
        }
        // FLOAT: orthogonal to float precision (a few 2⁻²⁴·√P)
        INDArray f1 = Directions.random(3, p, DataType.FLOAT).vector();
        INDArray f2 = Directions.random(4, p, DataType.FLOAT).vector();
        GramSchmidt.orthogonalize(f1, f2);
        assertEquals(0.0, GramSchmidt.cosine(f1, f2), 1e-6);
    }

    /**
     * A set is prepared as a whole: normalized, cosines before and after Gram–Schmidt recorded; a direction that
     * normalization leaves zero (it moved only biases, which are ignored by default) is refused.
     */
    @Test
    void preparedSetRecordsCosines() {
        ParameterLayout layout = NormalizerTest.LAYOUT;
        INDArray theta = Directions.random(100, layout.parameterCount(), DataType.DOUBLE).vector();
        List<Direction> raw = List.of(Directions.random(101, layout.parameterCount(), DataType.DOUBLE),
                Directions.random(102, layout.parameterCount(), DataType.DOUBLE));
        double[] d1 = NormalizerTest.expected(values(raw.get(0).vector()), values(theta), Normalization.FILTER, false);
        double[] d2 = NormalizerTest.expected(values(raw.get(1).vector()), values(theta), Normalization.FILTER, false);
        double dot = 0;
        double n1 = 0;
        double n2 = 0;
        for (int i = 0; i < d1.length; i++) {
            dot += d1[i] * d2[i];
            n1 += d1[i] * d1[i];
            n2 += d2[i] * d2[i];
        }
        DirectionSet set = DirectionSet.prepare(raw, theta, layout, DirectionSettings.DEFAULT, true);
        assertTrue(set.orthogonalized());
        assertEquals(1, set.cosines().size());
        Cosine c = set.cosines().get(0);
        assertEquals(dot / Math.sqrt(n1 * n2), c.before(), 1e-14, "cosine of the normalized directions");
        assertEquals(0.0, c.after(), 1e-12);
        assertEquals(Math.sqrt(n2), set.get(1).vector().norm2Number().doubleValue(), 1e-13 * Math.sqrt(n2),
                "d₂ keeps its normalized norm");
        assertArrayEquals(d1, values(set.get(0).vector()), 1e-14 * Math.sqrt(n1), "d₁ is only normalized");

        List<Direction> again = List.of(Directions.random(101, layout.parameterCount(), DataType.DOUBLE),
                Directions.random(102, layout.parameterCount(), DataType.DOUBLE));
        DirectionSet plain = DirectionSet.prepare(again, theta, layout, DirectionSettings.DEFAULT, false);
        assertFalse(plain.orthogonalized());
        assertEquals(c.before(), plain.cosines().get(0).before(), 0.0);
        assertEquals(c.before(), plain.cosines().get(0).after(), 0.0, "not orthogonalized: after = before");

        INDArray biasOnly = Nd4j.zeros(DataType.DOUBLE, layout.parameterCount());
        biasOnly.putScalar(12, 1.0);                                    // 0_b
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DirectionSet.prepare(
                List.of(Directions.user(biasOnly, "bias")), theta, layout, DirectionSettings.DEFAULT, false));
        assertTrue(e.getMessage().contains("zero") && e.getMessage().contains("filter"), e.getMessage());
        DirectionSet included = DirectionSet.prepare(List.of(Directions.user(biasOnly, "bias")), theta, layout,
                new DirectionSettings(Normalization.FILTER, true), false);
        assertTrue(included.cosines().isEmpty());
        assertFalse(included.orthogonalized());
    }
}
