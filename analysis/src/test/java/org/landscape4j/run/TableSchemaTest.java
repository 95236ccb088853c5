package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * One schema description per table ({@link TableSchema}): a file's schema is checked against it by column
 * name — missing and mistyped columns are refused naming the column, extra columns and another column order are
 * accepted, a file of another table kind is refused naming both kinds, the vector column's type, position and P
 * are checked, the format version is bounded — and the description itself refuses misuse (duplicate names,
 * unknown columns, cells that do not fit).
 */
class TableSchemaTest {

    private static final Path FILE = Path.of("run", "some.arrows");

    private static Field field(String name, ColumnType type) {
        return new Field(name, FieldType.notNullable(type.arrow()), null);
    }

    private static Schema metricsWith(List<Field> fields, Map<String, String> metadata) {
        return new Schema(fields, metadata);
    }

    private static List<Field> metricFields() {
        return new ArrayList<>(MetricRow.TABLE.arrowSchema(0, Map.of()).getFields());
    }

    private static RunFormatException refused(TableSchema table, Schema schema) {
        RunFormatException e = assertThrows(RunFormatException.class, () -> table.check(FILE, schema));
        assertEquals(FILE, e.file());
        Fixtures.assertPrintable(e.getMessage());
        return e;
    }

    @Test
    void aFileOfTheTableIsAcceptedWithExtraColumnsInAnyOrder() throws RunFormatException {
        assertEquals(-1, MetricRow.TABLE.check(FILE, MetricRow.TABLE.arrowSchema(0, Map.of())));
        List<Field> fields = metricFields();
        java.util.Collections.reverse(fields);
        fields.add(1, field("gpu_temperature", ColumnType.FLOAT64));
        fields.add(new Field("notes", FieldType.nullable(ArrowType.Utf8.INSTANCE), null));
        assertEquals(-1, MetricRow.TABLE.check(FILE, new Schema(fields,
                Map.of(RunFiles.FORMAT_VERSION_KEY, "2", RunFiles.TABLE_KEY, "metrics"))));
        assertEquals(37, Snapshot.TABLE.check(FILE, Snapshot.TABLE.arrowSchema(37, Map.of())));
    }

    @Test
    void missingColumnsAreNamed() {
        List<Field> fields = metricFields();
        fields.removeIf(f -> f.getName().equals("grad_norm"));
        assertEquals(FILE + ": has no column grad_norm (its columns: \"iteration\", \"epoch\", \"batch_size\","
                + " \"score\", \"update_norm\", \"learning_rate\", \"wall_time_s\"): not a metrics file"
                + " (metrics.arrows)", refused(MetricRow.TABLE, new Schema(fields)).getMessage());
        fields.removeIf(f -> f.getName().equals("epoch"));
        assertTrue(refused(MetricRow.TABLE, new Schema(fields)).getMessage().contains("has no columns epoch,"
                + " grad_norm (its columns"));
        assertEquals(FILE + ": has no columns iteration, epoch, batch_size, score, grad_norm, update_norm,"
                + " learning_rate, wall_time_s (its columns: none): not a metrics file (metrics.arrows)",
                refused(MetricRow.TABLE, new Schema(List.of())).getMessage());
        List<Field> hostile = metricFields();
        hostile.removeIf(f -> f.getName().equals("score"));
        hostile.add(field("sc\u001b[31more\n", ColumnType.FLOAT64));
        assertTrue(refused(MetricRow.TABLE, new Schema(hostile)).getMessage().contains("\"sc\\u001b[31more\\n\""),
                "hostile column names are quoted and escaped");
    }

    @Test
    void mistypedColumnsAreNamed() {
        List<Field> fields = metricFields();
        fields.set(3, field("score", ColumnType.INT64));
        assertEquals(FILE + ": column score has type int64, expected float64: not a metrics file (metrics.arrows)",
                refused(MetricRow.TABLE, new Schema(fields)).getMessage());
        fields = metricFields();
        fields.set(1, new Field("epoch", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null));
        assertEquals(FILE + ": column epoch has type \"Utf8\", expected int32: not a metrics file (metrics.arrows)",
                refused(MetricRow.TABLE, new Schema(fields)).getMessage());
        fields = metricFields();
        fields.set(0, new Field("iteration", FieldType.notNullable(new ArrowType.FixedSizeList(1)),
                List.of(field("item", ColumnType.INT64))));
        assertEquals(FILE + ": column iteration has type FixedSizeList<int64>[1], expected int64: not a metrics file"
                + " (metrics.arrows)", refused(MetricRow.TABLE, new Schema(fields)).getMessage());
    }

    @Test
    void aFileOfAnotherTableKindIsRefusedNamingBoth() {
        Schema snapshots = Snapshot.TABLE.arrowSchema(5, Map.of());
        assertEquals(FILE + ": is a \"snapshots\" table (schema metadata landscape4j.table), not a metrics file"
                + " (metrics.arrows)", refused(MetricRow.TABLE, snapshots).getMessage());
        Schema curvature = CurvatureRow.TABLE.arrowSchema(0, Map.of());
        assertEquals(FILE + ": is a \"curvature\" table (schema metadata landscape4j.table), not a metrics file"
                + " (metrics.arrows)", refused(MetricRow.TABLE, curvature).getMessage());
        // a metrics file with every curvature column added is still not a curvature file
        Map<String, String> metadata = new HashMap<>(MetricRow.TABLE.arrowSchema(0, Map.of()).getCustomMetadata());
        List<Field> fields = metricFields();
        fields.addAll(CurvatureRow.TABLE.arrowSchema(0, Map.of()).getFields().subList(2, 22));
        assertTrue(refused(CurvatureRow.TABLE, metricsWith(fields, metadata)).getMessage()
                .contains("is a \"metrics\" table (schema metadata landscape4j.table), not a curvature file"));
    }

    @Test
    void theVectorColumnIsCheckedForTypePositionAndLength() {
        Schema good = Snapshot.TABLE.arrowSchema(4, Map.of());
        List<Field> moved = new ArrayList<>(good.getFields());
        moved.add(0, moved.remove(3));
        assertEquals(FILE + ": column params is not the last column: not a snapshots file (snapshots.arrows)",
                refused(Snapshot.TABLE, new Schema(moved, good.getCustomMetadata())).getMessage());
        Map<String, String> v1 = Map.of(RunFiles.FORMAT_VERSION_KEY, "1", RunFiles.PARAMETER_COUNT_KEY, "4");
        assertEquals(4, assertDoesNotThrow(() -> Snapshot.TABLE.check(FILE, new Schema(moved, v1))),
                "version 1 did not require the vector last");
        Map<String, String> wrongP = new HashMap<>(good.getCustomMetadata());
        wrongP.put(RunFiles.PARAMETER_COUNT_KEY, " 5");
        assertEquals(FILE + ": schema metadata landscape4j.parameter_count is \" 5\" but the params column holds 4"
                + " values per row: the file is inconsistent",
                refused(Snapshot.TABLE, new Schema(good.getFields(), wrongP)).getMessage());
        List<Field> doubles = new ArrayList<>(good.getFields());
        doubles.set(3, new Field("params", FieldType.notNullable(new ArrowType.FixedSizeList(4)),
                List.of(field("item", ColumnType.FLOAT64))));
        assertEquals(FILE + ": column params has type FixedSizeList<float64>[4], expected FixedSizeList<float32>: not"
                + " a snapshots file (snapshots.arrows)",
                refused(Snapshot.TABLE, new Schema(doubles, good.getCustomMetadata())).getMessage());
        List<Field> none = new ArrayList<>(good.getFields().subList(0, 3));
        assertTrue(refused(Snapshot.TABLE, new Schema(none)).getMessage().contains("has no column params"));
    }

    @Test
    void theFormatVersionIsBounded() {
        Schema good = MetricRow.TABLE.arrowSchema(0, Map.of());
        assertEquals(FILE + ": was written in run format version 3, newer than this landscape4j reads (up to 2);"
                + " upgrade landscape4j to read it", refused(MetricRow.TABLE, new Schema(good.getFields(),
                Map.of(RunFiles.FORMAT_VERSION_KEY, "3"))).getMessage());
        assertEquals(FILE + ": schema metadata landscape4j.format_version is 0, expected 1 to 2",
                refused(MetricRow.TABLE, new Schema(good.getFields(), Map.of(RunFiles.FORMAT_VERSION_KEY, "0")))
                        .getMessage());
        assertEquals(FILE + ": schema metadata landscape4j.format_version is \"2.0\", expected an integer",
                refused(MetricRow.TABLE, new Schema(good.getFields(), Map.of(RunFiles.FORMAT_VERSION_KEY, "2.0")))
                        .getMessage());
    }

    @Test
    void theDescriptionRefusesMisuse() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> TableSchema.ofRows("t",
                "t.arrows", List.of(Column.required("a", ColumnType.INT32), Column.optional("a", ColumnType.BOOL))));
        assertEquals("table t names column a twice", twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TableSchema.ofVectors("t", "t.arrows",
                List.of(Column.required("v", ColumnType.INT32)), "v"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Snapshot.TABLE.index("loss"));
        assertEquals("table snapshots has no scalar column loss; its columns: iteration, epoch, score",
                unknown.getMessage());
        assertTrue(Snapshot.TABLE.has("epoch"));
        assertFalse(Snapshot.TABLE.has("params"), "the vector is not a scalar column");
        assertEquals(2, Snapshot.TABLE.index("score"));
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> Snapshot.TABLE.arrowSchema(0, Map.of()));
        assertTrue(p.getMessage().startsWith("a vector of 0 values cannot be stored"), p.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Snapshot.TABLE.arrowSchema(Integer.MAX_VALUE / 4 + 1,
                Map.of()));
        IllegalArgumentException cells = assertThrows(IllegalArgumentException.class,
                () -> MetricRow.TABLE.checkCells(new Object[] {1L, 2, 3, 4.0, 5.0, 6.0, 7.0, 8}));
        assertEquals("table metrics, column wall_time_s (float64, never null): cannot hold Integer 8",
                cells.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricRow.TABLE.checkCells(new Object[] {1L}));
        assertEquals("TableSchema[snapshots: iteration, epoch, score, params FixedSizeList<float32>[P]]",
                Snapshot.TABLE.toString());
        Schema schema = Snapshot.TABLE.arrowSchema(3, Map.of(RunFiles.RUN_ID_KEY, "r", RunFiles.TABLE_KEY, "forged"));
        assertEquals(Map.of(RunFiles.RUN_ID_KEY, "r", RunFiles.TABLE_KEY, "snapshots", RunFiles.FORMAT_VERSION_KEY,
                "2", RunFiles.PARAMETER_COUNT_KEY, "3"), schema.getCustomMetadata(), "the table's own keys win");
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> supplier) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(supplier);
    }
}
