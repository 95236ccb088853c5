package org.landscape4j.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Column types of the run files, their names as the format documents them, and schema checks for readers. */
final class Columns {

    static final ArrowType INT64 = new ArrowType.Int(64, true);
    static final ArrowType INT32 = new ArrowType.Int(32, true);
    static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    static final ArrowType BOOL = ArrowType.Bool.INSTANCE;

    private Columns() {
    }

    static Field notNull(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }

    static Field nullable(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    /** @return the schema metadata every run file carries */
    static Map<String, String> formatMetadata() {
        return Map.of(RunFiles.FORMAT_VERSION_KEY, Integer.toString(RunFiles.FORMAT_VERSION));
    }

    /**
     * Checks that each expected column is present with its type (child types included); extra columns are
     * allowed (a later minor addition), and the format version in the metadata, if present, is not newer.
     *
     * @param file     the file, for messages
     * @param schema   the file's schema
     * @param expected the columns this reader needs
     * @param kind     what the file should be, e.g. "a metrics file (metrics.arrows)"
     * @throws RunFormatException naming the first missing or mistyped column
     */
    static void check(Path file, Schema schema, List<Field> expected, String kind) throws RunFormatException {
        checkVersion(file, schema);
        List<String> missing = new ArrayList<>();
        for (Field want : expected) {
            Field have = find(schema, want.getName());
            if (have == null) {
                missing.add(want.getName());
                continue;
            }
            if (!sameType(have, want)) {
                throw new RunFormatException(file, "column " + want.getName() + " has type " + describe(have)
                        + ", expected " + describe(want) + ": not " + kind);
            }
        }
        if (!missing.isEmpty()) {
            throw new RunFormatException(file, "has no column" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing) + " (its columns: " + names(schema) + "): not " + kind);
        }
    }

    static Field find(Schema schema, String name) {
        for (Field field : schema.getFields()) {
            if (field.getName().equals(name)) {
                return field;
            }
        }
        return null;
    }

    private static void checkVersion(Path file, Schema schema) throws RunFormatException {
        Map<String, String> metadata = schema.getCustomMetadata();
        String version = metadata == null ? null : metadata.get(RunFiles.FORMAT_VERSION_KEY);
        if (version == null) {
            return;
        }
        int value;
        try {
            value = Integer.parseInt(version.trim());
        } catch (NumberFormatException e) {
            throw new RunFormatException(file, "schema metadata " + RunFiles.FORMAT_VERSION_KEY + " is \"" + version
                    + "\", expected an integer", e);
        }
        if (value > RunFiles.FORMAT_VERSION) {
            throw new RunFormatException(file, "was written in run format version " + value
                    + ", newer than this landscape4j reads (up to " + RunFiles.FORMAT_VERSION
                    + "); upgrade landscape4j to read it");
        }
    }

    /** Types match, recursively through children; names of children and nullability do not matter. */
    private static boolean sameType(Field have, Field want) {
        if (!have.getType().equals(want.getType()) || have.getChildren().size() != want.getChildren().size()) {
            return false;
        }
        for (int i = 0; i < want.getChildren().size(); i++) {
            if (!sameType(have.getChildren().get(i), want.getChildren().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** @return a field's type as docs/FORMAT.md writes it, e.g. int64, float64, FixedSizeList&lt;float32&gt;[3] */
    static String describe(Field field) {
        ArrowType type = field.getType();
        if (type instanceof ArrowType.Int i) {
            return (i.getIsSigned() ? "int" : "uint") + i.getBitWidth();
        }
        if (type instanceof ArrowType.FloatingPoint f) {
            return switch (f.getPrecision()) {
                case HALF -> "float16";
                case SINGLE -> "float32";
                case DOUBLE -> "float64";
            };
        }
        if (type instanceof ArrowType.Bool) {
            return "bool";
        }
        String children = field.getChildren().stream().map(Columns::describe).collect(Collectors.joining(", "));
        if (type instanceof ArrowType.FixedSizeList list) {
            return "FixedSizeList<" + children + ">[" + list.getListSize() + "]";
        }
        return type.toString() + (children.isEmpty() ? "" : "<" + children + ">");
    }

    private static String names(Schema schema) {
        return schema.getFields().isEmpty() ? "none"
                : schema.getFields().stream().map(Field::getName).collect(Collectors.joining(", "));
    }
}
