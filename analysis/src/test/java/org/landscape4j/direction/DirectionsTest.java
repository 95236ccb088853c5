package org.landscape4j.direction;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The directions' makers: random directions reproducible from their seed (bit for bit, and against the JDK's
 * specified algorithm re-implemented here), distributed as N(0, 1) per element, the difference of two vectors,
 * a user vector copied.
 */
class DirectionsTest {

    /**
     * java.util.Random as its javadoc specifies it (48-bit LCG, multiplier 0x5DEECE66D, addend 0xB; nextDouble
     * from 26 + 27 bits; nextGaussian by the polar method with StrictMath), written out so that the test pins the
     * documented contract, not whatever this JDK does.
     */
    static final class SpecifiedRandom {
        private long seed;
        private double nextNextGaussian;
        private boolean haveNextNextGaussian;

        SpecifiedRandom(long seed) {
            this.seed = (seed ^ 0x5DEECE66DL) & ((1L << 48) - 1);
        }

        private int next(int bits) {
            seed = (seed * 0x5DEECE66DL + 0xBL) & ((1L << 48) - 1);
            return (int) (seed >>> (48 - bits));
        }

        private double nextDouble() {
            return (((long) next(26) << 27) + next(27)) * 0x1.0p-53;
        }

        double nextGaussian() {
            if (haveNextNextGaussian) {
                haveNextNextGaussian = false;
                return nextNextGaussian;
            }
            double v1;
            double v2;
            double s;
            do {
                v1 = 2 * nextDouble() - 1;
                v2 = 2 * nextDouble() - 1;
                s = v1 * v1 + v2 * v2;
            } while (s >= 1 || s == 0);
            double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
            nextNextGaussian = v2 * multiplier;
            haveNextNextGaussian = true;
            return v1 * multiplier;
        }
    }

    static double[] values(INDArray array) {
        return array.castTo(DataType.DOUBLE).reshape(array.length()).toDoubleVector();
    }

    @Test
    void randomDirectionFollowsTheSpecifiedAlgorithmBitForBit() {
        int p = 10_001;
        Direction d = Directions.random(20260101L, p, DataType.DOUBLE);
        Direction f = Directions.random(20260101L, p, DataType.FLOAT);
        SpecifiedRandom reference = new SpecifiedRandom(20260101L);
        double[] doubles = values(d.vector());
        float[] floats = f.vector().toFloatVector();
        for (int i = 0; i < p; i++) {
            double want = reference.nextGaussian();
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(doubles[i]), "element " + i);
            assertEquals(Float.floatToRawIntBits((float) want), Float.floatToRawIntBits(floats[i]), "element " + i);
        }
        assertEquals(DirectionKind.RANDOM, d.kind());
        assertEquals(20260101L, d.seed());
        assertTrue(d.source().contains("20260101"), d.source());
    }

    @Test
    void sameSeedSameFloatsOtherSeedOtherFloats() {
        float[] a = Directions.random(7, 5000, DataType.FLOAT).vector().toFloatVector();
        float[] b = Directions.random(7, 5000, DataType.FLOAT).vector().toFloatVector();
        float[] c = Directions.random(8, 5000, DataType.FLOAT).vector().toFloatVector();
        assertArrayEquals(a, b);
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == c[i] ? 1 : 0;
        }
        assertEquals(0, same, "another seed shares no element (two independent N(0, 1) floats coincide with"
                + " probability ~1e-7 each)");
        INDArray into = Nd4j.zeros(DataType.FLOAT, 5010).get(NDArrayIndex.interval(10, 5010));
        Directions.fillGaussian(7, into);
        assertArrayEquals(a, into.toFloatVector(), "filling a caller's view gives the same numbers");
    }

    /**
     * Sample mean and variance of P = 100,000 elements within 5 standard errors of N(0, 1)'s: SE(mean) = 1/√P
     * ≈ 0.0032, SE(variance) = √(2/P) ≈ 0.0045 (the variance of s² for a normal sample is 2σ⁴/(P−1)). Two random
     * directions are nearly orthogonal: |cos| within 5/√P.
     */
    @Test
    void randomDirectionIsStandardNormal() {
        int p = 100_000;
        double[] x = values(Directions.random(12345, p, DataType.DOUBLE).vector());
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= p;
        double variance = 0;
        for (double v : x) {
            variance += (v - mean) * (v - mean);
        }
        variance /= p - 1;
        assertEquals(0.0, mean, 5 / Math.sqrt(p), "mean");
        assertEquals(1.0, variance, 5 * Math.sqrt(2.0 / p), "variance");
        double cosine = GramSchmidt.cosine(Directions.random(1, p, DataType.DOUBLE).vector(),
                Directions.random(2, p, DataType.DOUBLE).vector());
        assertEquals(0.0, cosine, 5 / Math.sqrt(p), "two random directions");
    }

    @Test
    void differenceIsToMinusFrom() {
        INDArray from = Nd4j.createFromArray(1.0, 2.5, -3.0, 0.1);
        INDArray to = Nd4j.createFromArray(2.0, 2.5, 1.0, 0.3);
        Direction d = Directions.difference(from, to, "a → b");
        assertEquals(DirectionKind.DIFFERENCE, d.kind());
        assertNull(d.seed());
        assertEquals(DataType.DOUBLE, d.vector().dataType());
        assertArrayEquals(new double[]{1.0, 0.0, 4.0, 0.3 - 0.1}, values(d.vector()), 0.0);
        Direction mixed = Directions.difference(from.castTo(DataType.FLOAT), to.castTo(DataType.FLOAT), "floats");
        assertEquals(DataType.FLOAT, mixed.vector().dataType());
        assertArrayEquals(new float[]{1f, 0f, 4f, 0.3f - 0.1f}, mixed.vector().toFloatVector(), 0f);
        assertEquals(DataType.DOUBLE, Directions.difference(from.castTo(DataType.FLOAT), to, "").vector().dataType());
        assertThrows(IllegalArgumentException.class, () -> Directions.difference(from, Nd4j.zeros(3), ""));
    }

    @Test
    void userVectorIsCopied() {
        INDArray mine = Nd4j.createFromArray(3f, 4f);
        Direction d = Directions.user(mine, "mine");
        d.vector().muli(2);
        assertArrayEquals(new float[]{3f, 4f}, mine.toFloatVector(), "the caller's array is not the direction's");
        assertEquals(DirectionKind.USER, d.kind());
        assertEquals("mine", d.source());
    }

    @Test
    void provenanceIsChecked() {
        INDArray v = Nd4j.zeros(DataType.FLOAT, 3);
        assertThrows(IllegalArgumentException.class, () -> new Direction(DirectionKind.RANDOM, v, null, ""));
        assertThrows(IllegalArgumentException.class, () -> new Direction(DirectionKind.USER, v, 3L, ""));
        assertThrows(IllegalArgumentException.class, () -> Directions.random(1, 0, DataType.FLOAT));
        assertThrows(IllegalArgumentException.class, () -> Directions.random(1, 3, DataType.HALF));
        for (DirectionKind kind : DirectionKind.values()) {
            assertEquals(kind, DirectionKind.fromName(kind.jsonName()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DirectionKind.fromName("eigen"));
        assertTrue(e.getMessage().contains("hessian_eigenvector"), e.getMessage());
        assertFalse(new Direction(DirectionKind.USER, v, null, "x").toString().isEmpty());
    }
}
