package org.landscape4j.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The one description of a table of a run: its scalar columns by name and type, and optionally one vector
 * column {@code FixedSizeList<float32>[P]} (a <em>vector table</em>: one row per record batch, so that row k
 * is found without decoding rows 0..k-1). Writers, readers and docs/FORMAT.md address columns by these names;
 * positions are derived from them here and nowhere else.
 *
 * <p>Every file carries in its schema metadata {@value RunFiles#FORMAT_VERSION_KEY}, {@value RunFiles#TABLE_KEY}
 * (this table's kind), {@value RunFiles#RUN_ID_KEY} (the run it belongs to) and, for vector tables,
 * {@value RunFiles#PARAMETER_COUNT_KEY}; results add their provenance ({@link Provenance}).
 */
public final class TableSchema {

    /** The name of a vector column's child field, as pyarrow and Arrow JS name it. */
    static final String ITEM = "item";

    private final String kind;
    private final String fileName;
    private final List<Column> scalars;
    private final String vectorColumn;
    private final Map<String, Integer> index;

    private TableSchema(String kind, String fileName, List<Column> scalars, String vectorColumn) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.fileName = Objects.requireNonNull(fileName, "fileName");
        this.scalars = List.copyOf(scalars);
        this.vectorColumn = vectorColumn;
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < this.scalars.size(); i++) {
            if (positions.put(this.scalars.get(i).name(), i) != null) {
                throw new IllegalArgumentException("table " + kind + " names column " + this.scalars.get(i).name()
                        + " twice");
            }
        }
        if (vectorColumn != null && positions.containsKey(vectorColumn)) {
            throw new IllegalArgumentException("table " + kind + " names column " + vectorColumn + " twice");
        }
        this.index = Map.copyOf(positions);
    }

    /**
     * @param kind     the table's kind, written to {@value RunFiles#TABLE_KEY}, e.g. {@code "metrics"}
     * @param fileName the file's usual name, for messages
     * @param columns  the scalar columns in file order
     * @return a table of scalar rows, many rows per record batch
     */
    public static TableSchema ofRows(String kind, String fileName, List<Column> columns) {
        return new TableSchema(kind, fileName, columns, null);
    }

    /**
     * @param kind         the table's kind, e.g. {@code "snapshots"}, {@code "directions"}
     * @param fileName     the file's usual name, for messages
     * @param scalars      the scalar columns in file order, before the vector
     * @param vectorColumn the name of the {@code FixedSizeList<float32>[P]} column, last in the file
     * @return a vector table: one row per record batch
     */
    public static TableSchema ofVectors(String kind, String fileName, List<Column> scalars, String vectorColumn) {
        return new TableSchema(kind, fileName, scalars, Objects.requireNonNull(vectorColumn, "vectorColumn"));
    }

    /** @return the kind written to {@value RunFiles#TABLE_KEY} */
    public String kind() {
        return kind;
    }

    /** @return the file's usual name */
    public String fileName() {
        return fileName;
    }

    /** @return the scalar columns, in file order */
    public List<Column> scalars() {
        return scalars;
    }

    /** @return the vector column's name, or null for a table of scalar rows */
    public String vectorColumn() {
        return vectorColumn;
    }

    /** @return true for a vector table */
    public boolean hasVector() {
        return vectorColumn != null;
    }

    /**
     * @param name a scalar column's name
     * @return its position among the scalar columns
     * @throws IllegalArgumentException if the table has no such column (a programming error)
     */
    public int index(String name) {
        Integer position = index.get(name);
        if (position == null) {
            throw new IllegalArgumentException("table " + kind + " has no scalar column " + name + "; its columns: "
                    + scalars.stream().map(Column::name).collect(Collectors.joining(", ")));
        }
        return position;
    }

    /** @return true if the table has a scalar column of this name */
    public boolean has(String name) {
        return index.containsKey(name);
    }

    /** @return "a metrics file (metrics.arrows)", for messages */
    String description() {
        return "a " + kind + " file (" + fileName + ")";
    }

    /**
     * @param vectorLength P for a vector table (1 to {@code Integer.MAX_VALUE / 4}), ignored otherwise
     * @param metadata     further schema metadata (run id, provenance); the format version, table kind and P
     *                     are added here
     * @return the Arrow schema of a file of this table
     */
    public Schema arrowSchema(int vectorLength, Map<String, String> metadata) {
        List<Field> fields = new ArrayList<>();
        for (Column column : scalars) {
            fields.add(new Field(column.name(), column.nullable() ? FieldType.nullable(column.type().arrow())
                    : FieldType.notNullable(column.type().arrow()), null));
        }
        Map<String, String> all = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        all.put(RunFiles.FORMAT_VERSION_KEY, Integer.toString(RunFiles.FORMAT_VERSION));
        all.put(RunFiles.TABLE_KEY, kind);
        if (vectorColumn != null) {
            if (vectorLength < 1 || vectorLength > Integer.MAX_VALUE / Float.BYTES) {
                throw new IllegalArgumentException("a vector of " + vectorLength + " values cannot be stored: P must be"
                        + " between 1 and " + Integer.MAX_VALUE / Float.BYTES + " (an Arrow buffer holds at most 2 GiB)");
            }
            Field item = new Field(ITEM, FieldType.notNullable(ColumnType.FLOAT32_ARROW), null);
            fields.add(new Field(vectorColumn, FieldType.notNullable(new ArrowType.FixedSizeList(vectorLength)),
                    List.of(item)));
            all.put(RunFiles.PARAMETER_COUNT_KEY, Integer.toString(vectorLength));
        }
        return new Schema(fields, all);
    }

    /**
     * Checks a file's schema against this table: every column present with its type (extra columns are
     * allowed: a later addition within the format version), the format version not newer than this code
     * reads, the table kind (if recorded) this one, and P consistent with the metadata.
     *
     * @param file   the file, for messages
     * @param schema its schema
     * @return P for a vector table, -1 otherwise
     * @throws RunFormatException naming the first problem
     */
    int check(Path file, Schema schema) throws RunFormatException {
        Map<String, String> metadata = schema.getCustomMetadata() == null ? Map.of() : schema.getCustomMetadata();
        int version = RunFiles.checkFormatVersion(file, metadata.get(RunFiles.FORMAT_VERSION_KEY),
                "schema metadata " + RunFiles.FORMAT_VERSION_KEY);
        String recordedKind = metadata.get(RunFiles.TABLE_KEY);
        if (recordedKind != null && !recordedKind.equals(kind)) {
            throw new RunFormatException(file, "is a " + SafeText.quote(recordedKind) + " table (schema metadata "
                    + RunFiles.TABLE_KEY + "), not " + description());
        }
        List<String> missing = new ArrayList<>();
        for (Column want : scalars) {
            Field have = find(schema, want.name());
            if (have == null) {
                missing.add(want.name());
            } else if (!have.getType().equals(want.type().arrow()) || !have.getChildren().isEmpty()) {
                throw new RunFormatException(file, "column " + want.name() + " has type " + describe(have)
                        + ", expected " + want.type().formatName() + ": not " + description());
            }
        }
        if (vectorColumn != null && find(schema, vectorColumn) == null) {
            missing.add(vectorColumn);
        }
        if (!missing.isEmpty()) {
            throw new RunFormatException(file, "has no column" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + " (its columns: " + names(schema) + "): not " + description());
        }
        if (vectorColumn == null) {
            return -1;
        }
        Field vector = find(schema, vectorColumn);
        if (!(vector.getType() instanceof ArrowType.FixedSizeList list) || vector.getChildren().size() != 1
                || !vector.getChildren().get(0).getType().equals(ColumnType.FLOAT32_ARROW)) {
            throw new RunFormatException(file, "column " + vectorColumn + " has type " + describe(vector)
                    + ", expected FixedSizeList<float32>: not " + description());
        }
        if (version >= 2 && !schema.getFields().get(schema.getFields().size() - 1).getName().equals(vectorColumn)) {
            throw new RunFormatException(file, "column " + vectorColumn + " is not the last column: not "
                    + description());
        }
        int p = list.getListSize();
        String declared = metadata.get(RunFiles.PARAMETER_COUNT_KEY);
        if (declared != null && !declared.trim().equals(Integer.toString(p))) {
            throw new RunFormatException(file, "schema metadata " + RunFiles.PARAMETER_COUNT_KEY + " is "
                    + SafeText.quote(declared) + " but the " + vectorColumn + " column holds " + p
                    + " values per row: the file is inconsistent");
        }
        if (p < 1) {
            throw new RunFormatException(file, "column " + vectorColumn + " holds " + p + " values per row; at least 1");
        }
        return p;
    }

    static Field find(Schema schema, String name) {
        for (Field field : schema.getFields()) {
            if (field.getName().equals(name)) {
                return field;
            }
        }
        return null;
    }

    /** @return a field's type as docs/FORMAT.md writes it, e.g. int64, float64, FixedSizeList&lt;float32&gt;[3] */
    static String describe(Field field) {
        ArrowType type = field.getType();
        for (ColumnType known : ColumnType.values()) {
            if (known.arrow().equals(type) && field.getChildren().isEmpty()) {
                return known.formatName();
            }
        }
        if (type.equals(ColumnType.FLOAT32_ARROW)) {
            return "float32";
        }
        String children = field.getChildren().stream().map(TableSchema::describe).collect(Collectors.joining(", "));
        if (type instanceof ArrowType.FixedSizeList list) {
            return "FixedSizeList<" + children + ">[" + list.getListSize() + "]";
        }
        return SafeText.quote(type.toString()) + (children.isEmpty() ? "" : "<" + children + ">");
    }

    private static String names(Schema schema) {
        return schema.getFields().isEmpty() ? "none"
                : schema.getFields().stream().map(f -> SafeText.quote(f.getName())).collect(Collectors.joining(", "));
    }

    /**
     * Checks a row's cells against the columns: one per scalar column, of the column's Java type, null only
     * where the column is nullable.
     *
     * @throws IllegalArgumentException naming the first offending column (a programming error of the caller)
     */
    void checkCells(Object[] cells) {
        if (cells.length != scalars.size()) {
            throw new IllegalArgumentException("table " + kind + " has " + scalars.size() + " scalar columns, got "
                    + cells.length + " cells: " + Arrays.toString(cells));
        }
        for (int i = 0; i < cells.length; i++) {
            Column column = scalars.get(i);
            Object cell = cells[i];
            if (cell == null ? !column.nullable() : !column.type().javaType().isInstance(cell)) {
                throw new IllegalArgumentException("table " + kind + ", column " + column.name() + " ("
                        + column.type().formatName() + (column.nullable() ? ", nullable" : ", never null")
                        + "): cannot hold " + (cell == null ? "null" : cell.getClass().getSimpleName() + " " + cell));
            }
        }
    }

    @Override
    public String toString() {
        return "TableSchema[" + kind + ": " + scalars.stream().map(Column::name).collect(Collectors.joining(", "))
                + (vectorColumn == null ? "" : ", " + vectorColumn + " FixedSizeList<float32>[P]") + "]";
    }
}
