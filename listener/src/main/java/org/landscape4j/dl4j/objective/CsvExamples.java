package org.landscape4j.dl4j.objective;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the classification CSV format of {@link org.landscape4j.objective.DataSource.CsvFile}: UTF-8, comma
 * separated, an optional header line (a first line in which no field is a number), then one example per line,
 * numeric feature columns and the integer class last. Blank lines are skipped. Every error names the file, the
 * line, the value seen and what is allowed.
 *
 * @param features  the feature values, row-major, {@code rows × columns}
 * @param rows      the number of examples
 * @param columns   the number of feature columns
 * @param labels    the class of each example, 0 ≤ class &lt; the number of classes
 */
record CsvExamples(float[] features, int rows, int columns, int[] labels) {

    /**
     * @param file    the CSV file
     * @param classes the number of classes the network outputs; every label must lie in [0, classes)
     * @return the examples
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if the content is not of the format, naming line and value
     */
    static CsvExamples read(Path file, int classes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no CSV file there: give the path of the data");
        }
        List<float[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int columns = -1;
        int lineNumber = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (columns < 0 && noNumbers(fields)) {
                    columns = fields.length; // a header names the columns
                    continue;
                }
                if (columns < 0) {
                    columns = fields.length;
                }
                if (fields.length != columns) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + " has " + fields.length
                            + " columns but the file's first line has " + columns + ": every line needs the same"
                            + " feature columns followed by the label");
                }
                if (columns < 2) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + " has " + columns
                            + " column; give at least one feature column and the label column");
                }
                float[] row = new float[columns - 1];
                for (int c = 0; c < columns - 1; c++) {
                    row[c] = (float) number(fields[c], file, lineNumber, c + 1);
                }
                rows.add(row);
                labels.add(label(fields[columns - 1], file, lineNumber, columns, classes));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no examples (" + lineNumber + " lines): give one"
                    + " example per line, features then the integer class");
        }
        int width = columns - 1;
        float[] features = new float[rows.size() * width];
        int[] classesOf = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, features, r * width, width);
            classesOf[r] = labels.get(r);
        }
        return new CsvExamples(features, rows.size(), width, classesOf);
    }

    /** @return the labels as one-hot rows over {@code classes}, row-major {@code rows × classes} */
    float[] oneHot(int classes) {
        float[] oneHot = new float[rows * classes];
        for (int r = 0; r < rows; r++) {
            oneHot[r * classes + labels[r]] = 1f;
        }
        return oneHot;
    }

    /** A header line holds no number at all; a line with some numbers is data (and its non-numbers errors). */
    private static boolean noNumbers(String[] fields) {
        for (String field : fields) {
            try {
                Double.parseDouble(field.trim());
                return false;
            } catch (NumberFormatException e) {
                // not a number: keep looking
            }
        }
        return true;
    }

    private static double number(String field, Path file, int line, int column) {
        String text = field.trim();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + line + " column " + column + " holds \"" + text
                    + "\", not a number: feature columns must be numeric");
        }
        if (!Double.isFinite(value) || Math.abs(value) > Float.MAX_VALUE) {
            throw new IllegalArgumentException(file + " line " + line + " column " + column + " holds " + text
                    + ": feature values must be finite numbers within float range; clean or impute the data");
        }
        return value;
    }

    private static int label(String field, Path file, int line, int column, int classes) {
        String text = field.trim();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + line + " column " + column + " (the label) holds \""
                    + text + "\", not a class number: the last column must be an integer class in [0, " + classes
                    + ")");
        }
        if (value != Math.rint(value) || value < 0 || value >= classes) {
            throw new IllegalArgumentException(file + " line " + line + " column " + column + " (the label) holds "
                    + text + ", outside the network's classes: the label must be an integer in [0, " + classes
                    + ") because the output layer has " + classes + " outputs");
        }
        return (int) value;
    }
}
