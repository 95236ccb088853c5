package org.landscape4j.objective;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The floating-point type an objective computes in.
 *
 * <p>FLOAT is what networks train in and what slices need; DOUBLE is what finite differences need: a central
 * difference of a gradient with step ε has rounding error ≈ u·‖∇L‖/ε, which for ε ≈ 1e-5 is 1e-11 relative in
 * DOUBLE but 1e-2 in FLOAT (DESIGN.md, Hessian-vector products).
 */
public enum Precision {
    /** IEEE 754 binary32, unit roundoff u = 2<sup>−24</sup> ≈ 6.0e-8. */
    FLOAT(DataType.FLOAT, 0x1.0p-24),
    /** IEEE 754 binary64, unit roundoff u = 2<sup>−53</sup> ≈ 1.1e-16. */
    DOUBLE(DataType.DOUBLE, 0x1.0p-53);

    private final DataType nd4j;
    private final double unitRoundoff;

    Precision(DataType nd4j, double unitRoundoff) {
        this.nd4j = nd4j;
        this.unitRoundoff = unitRoundoff;
    }

    /** @return the ND4J data type of this precision */
    public DataType toNd4j() {
        return nd4j;
    }

    /** @return u, half the distance from 1 to the next representable number */
    public double unitRoundoff() {
        return unitRoundoff;
    }

    /**
     * @param type an ND4J data type
     * @return the precision of that type
     * @throws IllegalArgumentException for any type other than FLOAT and DOUBLE
     */
    public static Precision of(DataType type) {
        if (type == DataType.FLOAT) {
            return FLOAT;
        }
        if (type == DataType.DOUBLE) {
            return DOUBLE;
        }
        throw new IllegalArgumentException("data type " + type + " is not supported: objectives compute in FLOAT"
                + " or DOUBLE; convert the network (convertDataType) or choose one of the two");
    }
}
