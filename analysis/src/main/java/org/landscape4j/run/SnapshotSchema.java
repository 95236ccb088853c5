package org.landscape4j.run;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The columns of {@link RunFiles#SNAPSHOTS}; docs/FORMAT.md documents each. */
final class SnapshotSchema {

    static final String ITERATION = "iteration";
    static final String EPOCH = "epoch";
    static final String SCORE = "score";
    static final String PARAMS = "params";
    /** The name of the list's child field, as pyarrow and Arrow JS name it. */
    static final String ITEM = "item";

    static final String KIND = "a snapshots file (" + RunFiles.SNAPSHOTS + ")";

    /** The scalar columns; {@code params} is checked separately, since its list size is P. */
    static final List<Field> SCALARS = List.of(Columns.notNull(ITERATION, Columns.INT64),
            Columns.notNull(EPOCH, Columns.INT32), Columns.notNull(SCORE, Columns.FLOAT64));

    private SnapshotSchema() {
    }

    /** @return the schema for P parameters, with the format version and P in its metadata */
    static Schema schema(int parameterCount) {
        Field item = new Field(ITEM, FieldType.notNullable(Columns.FLOAT32), null);
        Field params = new Field(PARAMS, FieldType.notNullable(new ArrowType.FixedSizeList(parameterCount)),
                List.of(item));
        Map<String, String> metadata = new HashMap<>(Columns.formatMetadata());
        metadata.put(RunFiles.PARAMETER_COUNT_KEY, Integer.toString(parameterCount));
        return new Schema(List.of(SCALARS.get(0), SCALARS.get(1), SCALARS.get(2), params), metadata);
    }

    /**
     * @return P, the list size of the params column
     * @throws RunFormatException if a column is missing or mistyped, or the metadata contradicts the schema
     */
    static int check(Path file, Schema schema) throws RunFormatException {
        Columns.check(file, schema, SCALARS, KIND);
        Field params = Columns.find(schema, PARAMS);
        if (params == null) {
            throw new RunFormatException(file, "has no column " + PARAMS + " (its columns: "
                    + String.join(", ", schema.getFields().stream().map(Field::getName).toList()) + "): not " + KIND);
        }
        if (!(params.getType() instanceof ArrowType.FixedSizeList list) || params.getChildren().size() != 1
                || !params.getChildren().get(0).getType().equals(Columns.FLOAT32)) {
            throw new RunFormatException(file, "column " + PARAMS + " has type " + Columns.describe(params)
                    + ", expected FixedSizeList<float32>: not " + KIND);
        }
        int p = list.getListSize();
        String declared = schema.getCustomMetadata() == null ? null
                : schema.getCustomMetadata().get(RunFiles.PARAMETER_COUNT_KEY);
        if (declared != null && !declared.trim().equals(Integer.toString(p))) {
            throw new RunFormatException(file, "schema metadata " + RunFiles.PARAMETER_COUNT_KEY + " is \"" + declared
                    + "\" but the params column holds " + p + " values per row: the file is inconsistent");
        }
        return p;
    }
}
