package org.landscape4j.run;

import java.util.Arrays;
import java.util.Objects;

/**
 * One row of a table's scalar columns, addressed by column name. A null cell means "not measured"; a
 * float64 cell may also hold NaN, a measured value that was not a number.
 */
public final class ScalarRow {

    private final TableSchema table;
    private final Object[] cells;

    ScalarRow(TableSchema table, Object[] cells) {
        this.table = table;
        this.cells = cells;
    }

    /** @return the table the row belongs to */
    public TableSchema table() {
        return table;
    }

    /** @return the cell of the column (Integer, Long, Double, Boolean), or null */
    public Object get(String column) {
        return cells[table.index(column)];
    }

    /** @return true if the cell is null (not measured) */
    public boolean isNull(String column) {
        return get(column) == null;
    }

    /**
     * @return the int64 cell
     * @throws IllegalStateException if it is null
     */
    public long getLong(String column) {
        return ((Number) require(column)).longValue();
    }

    /**
     * @return the int32 cell
     * @throws IllegalStateException if it is null
     */
    public int getInt(String column) {
        return (Integer) require(column);
    }

    /** @return the float64 cell, or NaN if it is null (use {@link #isNull} to tell the two apart) */
    public double getDouble(String column) {
        Object cell = get(column);
        return cell == null ? Double.NaN : (Double) cell;
    }

    /** @return the float64 cell, or null if not measured */
    public Double getNullableDouble(String column) {
        return (Double) get(column);
    }

    /** @return the bool cell, or null */
    public Boolean getBoolean(String column) {
        return (Boolean) get(column);
    }

    private Object require(String column) {
        Object cell = get(column);
        if (cell == null) {
            throw new IllegalStateException("column " + column + " of table " + table.kind() + " is null in this row");
        }
        return cell;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScalarRow that && table.kind().equals(that.table.kind())
                && Arrays.equals(cells, that.cells);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table.kind(), Arrays.hashCode(cells));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(table.kind()).append('[');
        for (int c = 0; c < cells.length; c++) {
            text.append(c == 0 ? "" : ", ").append(table.scalars().get(c).name()).append('=').append(cells[c]);
        }
        return text.append(']').toString();
    }
}
