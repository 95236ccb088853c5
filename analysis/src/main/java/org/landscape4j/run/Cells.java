package org.landscape4j.run;

import java.nio.file.Path;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;

/** Moves scalar cells (Integer, Long, Double, Boolean or null) in and out of Arrow vectors, by column type. */
final class Cells {

    private Cells() {
    }

    /** Sets row {@code row} of {@code vector} (allocated large enough) to {@code cell}; null sets a null. */
    static void set(FieldVector vector, ColumnType type, int row, Object cell) {
        if (cell == null) {
            vector.setNull(row);
            return;
        }
        // set(i, v) sets the validity bit too: every non-null cell must have it, or other readers see null
        switch (type) {
            case INT32 -> ((IntVector) vector).set(row, (Integer) cell);
            case INT64 -> ((BigIntVector) vector).set(row, (Long) cell);
            case FLOAT64 -> ((Float8Vector) vector).set(row, (Double) cell);
            case BOOL -> ((BitVector) vector).set(row, ((Boolean) cell) ? 1 : 0);
            default -> throw new AssertionError(type);
        }
    }

    /** @return row {@code row} of {@code vector} as a boxed cell, or null */
    static Object get(FieldVector vector, ColumnType type, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        return switch (type) {
            case INT32 -> ((IntVector) vector).get(row);
            case INT64 -> ((BigIntVector) vector).get(row);
            case FLOAT64 -> ((Float8Vector) vector).get(row);
            case BOOL -> ((BitVector) vector).get(row) != 0;
        };
    }

    /**
     * Reads row {@code row} of the table's scalar columns from a loaded root, refusing nulls where the format
     * allows none.
     */
    static Object[] readRow(Path file, TableSchema table, FieldVector[] vectors, int row, long rowNumber)
            throws RunFormatException {
        Object[] cells = new Object[vectors.length];
        for (int c = 0; c < vectors.length; c++) {
            Column column = table.scalars().get(c);
            cells[c] = get(vectors[c], column.type(), row);
            if (cells[c] == null && !column.nullable()) {
                throw new RunFormatException(file, "column " + column.name() + " holds a null in row " + rowNumber
                        + ", but it is never null in " + table.description()
                        + (column.type() == ColumnType.FLOAT64 ? " (NaN marks a missing value there)" : ""));
            }
        }
        return cells;
    }

    /** @return the root's vectors of the table's scalar columns, in the table's order */
    static FieldVector[] vectors(org.apache.arrow.vector.VectorSchemaRoot root, TableSchema table) {
        FieldVector[] vectors = new FieldVector[table.scalars().size()];
        for (int c = 0; c < vectors.length; c++) {
            vectors[c] = root.getVector(table.scalars().get(c).name());
        }
        return vectors;
    }
}
