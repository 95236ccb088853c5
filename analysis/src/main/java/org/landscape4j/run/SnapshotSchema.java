package org.landscape4j.run;

import java.util.List;
import java.util.Map;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The columns of {@code snapshots.arrows} for P parameters. */
final class SnapshotSchema {

    static final String PARAMETER_COUNT_KEY = "landscape4j.parameter_count";

    private SnapshotSchema() {
    }

    static List<Field> fields(int parameterCount) {
        Field item = new Field("item",
                FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), null);
        return List.of(
                new Field("iteration", FieldType.notNullable(new ArrowType.Int(64, true)), null),
                new Field("epoch", FieldType.notNullable(new ArrowType.Int(32, true)), null),
                new Field("score", FieldType.notNullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                        null),
                new Field("params", FieldType.notNullable(new ArrowType.FixedSizeList(parameterCount)),
                        List.of(item)));
    }

    static Schema schema(int parameterCount) {
        return new Schema(fields(parameterCount), Map.of("landscape4j.format_version",
                Integer.toString(RunFiles.FORMAT_VERSION), PARAMETER_COUNT_KEY, Integer.toString(parameterCount),
                "landscape4j.stream", "snapshots"));
    }

    /** @return P as the schema's params column declares it, or -1 if there is no such column */
    static int parameterCount(Schema schema) {
        return schema.getFields().stream()
                .filter(f -> f.getName().equals("params") && f.getType() instanceof ArrowType.FixedSizeList)
                .mapToInt(f -> ((ArrowType.FixedSizeList) f.getType()).getListSize())
                .findFirst().orElse(-1);
    }
}
