package org.landscape4j.run;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** The Arrow types of the scalar columns of run files, named as docs/FORMAT.md names them. */
public enum ColumnType {
    /** int32, read and written as {@link Integer}. */
    INT32(new ArrowType.Int(32, true), Integer.class),
    /** int64, read and written as {@link Long}. */
    INT64(new ArrowType.Int(64, true), Long.class),
    /** float64, read and written as {@link Double}; NaN is a value, distinct from null. */
    FLOAT64(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), Double.class),
    /** bool, read and written as {@link Boolean}. */
    BOOL(ArrowType.Bool.INSTANCE, Boolean.class);

    /** The element type of vector columns ({@code FixedSizeList<float32>[P]}). */
    static final ArrowType FLOAT32_ARROW = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);

    private final ArrowType arrow;
    private final Class<?> javaType;

    ColumnType(ArrowType arrow, Class<?> javaType) {
        this.arrow = arrow;
        this.javaType = javaType;
    }

    /** @return the Arrow type */
    public ArrowType arrow() {
        return arrow;
    }

    /** @return the boxed Java type a cell of this column holds */
    public Class<?> javaType() {
        return javaType;
    }

    /** @return the name FORMAT.md uses: int32, int64, float64, bool */
    public String formatName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
