package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CurvatureRow} through its stream: a row with a distinct value in every field comes back equal, and a
 * second reader (Arrow's own) finds each value under its documented column name (a component written to the
 * wrong column cannot pass); NaN stays a value and null stays null in every nullable column, both ways.
 */
class CurvatureRowTest {

    @TempDir
    Path dir;

    private final BufferAllocator allocator = Fixtures.allocator("curvature-test");

    @AfterEach
    void noLeak() {
        Fixtures.closeChecked(allocator);
    }

    /** What each column of {@link Fixtures#distinctCurvature} must hold, by the name FORMAT.md gives it. */
    private static Map<String, Object> distinctByColumn(long iteration, int epoch) {
        Map<String, Object> byName = new LinkedHashMap<>();
        byName.put("iteration", iteration);
        byName.put("epoch", epoch);
        byName.put("probe_examples", 1003L);
        String[] doubles = {"loss", "grad_norm_sq", "g_hess_g", "curvature_g", "update_norm_sq", "g_dot_u",
            "u_hess_u", "curvature_u", "predicted_change", "observed_change", "lambda_max", "lambda_min",
            "lambda_max_residual", "lambda_min_residual", "learning_rate", "stability_threshold"};
        for (int i = 0; i < doubles.length; i++) {
            byName.put(doubles[i], 1.5 + i);
        }
        byName.put("hessian_products", 17L);
        byName.put("ill_conditioned", Boolean.TRUE);
        byName.put("edge_of_stability", Boolean.FALSE);
        byName.put("gradient_growth", Boolean.TRUE);
        return byName;
    }

    @Test
    void everyFieldLandsInItsOwnColumn() throws IOException {
        CurvatureRow row = Fixtures.distinctCurvature(12_345_678_901L, 3);
        assertEquals(1.5, row.loss());
        assertEquals(3.5, row.gradHessGrad());
        assertEquals(16.5, row.stabilityThreshold());
        Path file = write(List.of(row));
        ReadResult<CurvatureRow> read = CurvatureRow.read(file, allocator, true);
        assertEquals(List.of(row), read.rows());
        assertFalse(read.truncated());
        Map<String, Object> expected = distinctByColumn(12_345_678_901L, 3);
        assertEquals(List.copyOf(expected.keySet()), CurvatureRow.TABLE.scalars().stream().map(Column::name).toList(),
                "the documented columns, in the documented order");
        try (ArrowStreamReader reader = new ArrowStreamReader(FileChannel.open(file, StandardOpenOption.READ),
                allocator)) {
            assertTrue(reader.loadNextBatch());
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertEquals("curvature", root.getSchema().getCustomMetadata().get(RunFiles.TABLE_KEY));
            for (Map.Entry<String, Object> column : expected.entrySet()) {
                assertEquals(column.getValue(), root.getVector(column.getKey()).getObject(0), column.getKey());
            }
        }
    }

    @Test
    void nanAndNullArePreservedBothWays() throws IOException {
        List<CurvatureRow> rows = Fixtures.curvatureRows(8);
        Path file = write(rows);
        List<CurvatureRow> read = CurvatureRow.read(file, allocator, true).rows();
        assertEquals(rows, read);
        CurvatureRow nothing = read.get(0);
        assertNull(nothing.loss(), "not measured stays null");
        assertNull(nothing.hessianProducts());
        assertNull(nothing.illConditioned());
        CurvatureRow nan = read.get(2);
        assertTrue(Double.isNaN(nan.loss()), "measured NaN stays NaN");
        assertTrue(Double.isNaN(nan.stabilityThreshold()));
        assertEquals(0L, nan.hessianProducts());
        CurvatureRow mixed = read.get(3);
        assertNull(mixed.gradNormSquared());
        assertTrue(Double.isNaN(mixed.gradHessGrad()));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(mixed.curvatureGrad()));
        assertEquals(Double.NEGATIVE_INFINITY, mixed.curvatureStep());
        assertNull(mixed.edgeOfStability());
        // the second reader sees null cells as null and NaN cells as non-null NaN values
        try (ArrowStreamReader reader = new ArrowStreamReader(FileChannel.open(file, StandardOpenOption.READ),
                allocator)) {
            int row = 0;
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                for (int i = 0; i < root.getRowCount(); i++, row++) {
                    Object[] cells = rows.get(row).toCells();
                    for (int c = 0; c < cells.length; c++) {
                        Column column = CurvatureRow.TABLE.scalars().get(c);
                        FieldVector vector = root.getVector(column.name());
                        assertEquals(column.nullable(), vector.getField().isNullable(), column.name());
                        String at = "row " + row + " column " + column.name();
                        if (cells[c] == null) {
                            assertTrue(vector.isNull(i), at + " must be null");
                        } else {
                            assertFalse(vector.isNull(i), at + " must not be null");
                            assertEquals(cells[c], vector.getObject(i), at);
                        }
                    }
                }
            }
            assertEquals(8, row);
        }
    }

    private Path write(List<CurvatureRow> rows) throws IOException {
        Path file = dir.resolve(RunFiles.CURVATURE);
        try (RowStreamWriter writer = new RowStreamWriter(file, CurvatureRow.TABLE, Map.of(), 3, allocator)) {
            for (CurvatureRow row : rows) {
                writer.append(row.toCells());
            }
        }
        return file;
    }
}
