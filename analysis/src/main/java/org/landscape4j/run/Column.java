package org.landscape4j.run;

import java.util.Objects;

/**
 * One scalar column of a run file.
 *
 * @param name     the column's name, as docs/FORMAT.md writes it (snake_case)
 * @param type     its type
 * @param nullable whether a cell may be null; in landscape4j's files null means "not measured" and NaN a
 *                 measured value that was not a number (a diverged loss)
 */
public record Column(String name, ColumnType type, boolean nullable) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** @return a non-nullable column */
    public static Column required(String name, ColumnType type) {
        return new Column(name, type, false);
    }

    /** @return a nullable column */
    public static Column optional(String name, ColumnType type) {
        return new Column(name, type, true);
    }
}
