package org.landscape4j.run;

import java.util.Objects;

/**
 * One row of a vector table: its scalar cells and its P-vector. The vector is not copied (P may be millions):
 * the reader hands each row a fresh array that the caller owns.
 *
 * @param scalars the scalar cells, by column name
 * @param vector  the vector, float32, length P
 */
public record VectorRow(ScalarRow scalars, float[] vector) {

    public VectorRow {
        Objects.requireNonNull(scalars, "scalars");
        Objects.requireNonNull(vector, "vector");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VectorRow that && scalars.equals(that.scalars)
                && java.util.Arrays.equals(vector, that.vector);
    }

    @Override
    public int hashCode() {
        return 31 * scalars.hashCode() + java.util.Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "VectorRow[" + scalars + ", P=" + vector.length + "]";
    }
}
