package org.landscape4j.trajectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.landscape4j.run.Column;
import org.landscape4j.run.ColumnType;
import org.landscape4j.run.RunFormatException;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.run.TableSchema;
import org.landscape4j.run.VectorTableReader;
import org.landscape4j.run.VectorTableWriter;

/**
 * The file of an {@link IncrementalPca}'s state: a vector table ({@code landscape4j.table} = {@value #KIND}) whose
 * rows are the mean and the components, each P-vector of doubles stored bit-exactly as three float32 rows
 * ({@code part} 0, 1, 2): hi = fl(x), mid = fl(x − hi), lo = fl(x − hi − mid), x = hi + (mid + lo). Both
 * subtractions are exact in double, and lo has at most 5 significant bits, so the split is exact for every
 * |x| between 2<sup>−97</sup> and the float range (smaller values lose at most 2<sup>−149</sup>; larger ones are not
 * parameters of a trained network). The scalars of the state are in the schema metadata, as decimal text that
 * reads back to the same double. docs/FORMAT.md ("PCA results") documents the columns.
 */
final class IncrementalPcaState {

    static final String KIND = "ipca_state";
    static final String ROLE = "role";
    static final String INDEX = "index";
    static final String PART = "part";
    static final String SINGULAR_VALUE = "singular_value";
    static final String VALUES = "values";

    static final int ROLE_MEAN = 0;
    static final int ROLE_COMPONENT = 1;

    static final String SAMPLES_KEY = "landscape4j.ipca.samples";
    static final String MAX_COMPONENTS_KEY = "landscape4j.ipca.max_components";
    static final String COMPONENTS_KEY = "landscape4j.ipca.components";
    static final String SQUARED_DEVIATION_KEY = "landscape4j.ipca.squared_deviation";
    static final String GRAM_KEY = "landscape4j.ipca.gram";

    static final TableSchema TABLE = TableSchema.ofVectors(KIND, "ipca_state.arrows", List.of(
            Column.required(ROLE, ColumnType.INT32),
            Column.required(INDEX, ColumnType.INT32),
            Column.required(PART, ColumnType.INT32),
            Column.optional(SINGULAR_VALUE, ColumnType.FLOAT64)), VALUES);

    private IncrementalPcaState() {
    }

    static void write(Path file, IncrementalPca pca) throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(SAMPLES_KEY, Long.toString(pca.samples()));
        metadata.put(MAX_COMPONENTS_KEY, Integer.toString(pca.maxComponents()));
        metadata.put(COMPONENTS_KEY, Integer.toString(pca.componentCount()));
        metadata.put(SQUARED_DEVIATION_KEY, Double.toString(pca.squaredDeviation()));
        metadata.put(GRAM_KEY, gramText(pca.componentGram()));
        Path absolute = file.toAbsolutePath();
        Path partial = absolute.resolveSibling("." + absolute.getFileName() + ".partial");
        int p = pca.parameterCount();
        float[][] parts = {new float[p], new float[p], new float[p]};
        try (VectorTableWriter writer = VectorTableWriter.create(partial, TABLE, p, metadata, null)) {
            if (pca.samples() > 0) {
                writeSplit(writer, ROLE_MEAN, 0, null, pca.meanView(), parts);
            }
            double[] s = pca.singularValues();
            for (int i = 0; i < s.length; i++) {
                writeSplit(writer, ROLE_COMPONENT, i, s[i], pca.component(i), parts);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeSplit(VectorTableWriter writer, int role, int index, Double singularValue, double[] x,
                                   float[][] parts) throws IOException {
        split(x, parts[0], parts[1], parts[2]);
        for (int part = 0; part < 3; part++) {
            writer.write(new Object[] {role, index, part, singularValue}, parts[part]);
        }
    }

    /** hi + (mid + lo) = x exactly (see the class documentation). */
    static void split(double[] x, float[] hi, float[] mid, float[] lo) {
        for (int p = 0; p < x.length; p++) {
            float h = (float) x[p];
            double r = x[p] - h;
            float m = (float) r;
            hi[p] = h;
            mid[p] = m;
            lo[p] = (float) (r - m);
        }
    }

    static IncrementalPca read(Path file) throws IOException {
        try (VectorTableReader reader = VectorTableReader.open(file, TABLE, null, true)) {
            Map<String, String> metadata = reader.metadata();
            long samples = parseLong(file, metadata, SAMPLES_KEY);
            int maxComponents = (int) parseLong(file, metadata, MAX_COMPONENTS_KEY);
            int count = (int) parseLong(file, metadata, COMPONENTS_KEY);
            double squaredDeviation = Double.parseDouble(require(file, metadata, SQUARED_DEVIATION_KEY));
            double[][] gram = metadata.containsKey(GRAM_KEY) ? parseGram(file, metadata.get(GRAM_KEY), count) : null;
            int p = reader.vectorLength();
            int expectedRows = samples > 0 ? 3 * (count + 1) : 0;
            if (reader.rowCount() != expectedRows || count > maxComponents || maxComponents < 1 || p < 1) {
                throw new RunFormatException(file, "holds " + reader.rowCount() + " rows for " + count + " of at most "
                        + maxComponents + " components after " + samples + " samples; expected " + expectedRows);
            }
            double[] mean = null;
            double[][] components = new double[count][];
            double[] singular = new double[count];
            float[][] parts = {new float[p], new float[p], new float[p]};
            for (int row = 0; row < expectedRows; row += 3) {
                ScalarRow first = null;
                for (int part = 0; part < 3; part++) {
                    ScalarRow cells = reader.readInto(row + part, parts[part]);
                    if (cells.getInt(PART) != part) {
                        throw new RunFormatException(file, "row " + (row + part) + " is part " + cells.getInt(PART)
                                + ", expected " + part);
                    }
                    first = part == 0 ? cells : first;
                }
                double[] x = new double[p];
                for (int i = 0; i < p; i++) {
                    x[i] = (double) parts[0][i] + ((double) parts[1][i] + (double) parts[2][i]);
                }
                int role = first.getInt(ROLE);
                if (row == 0 && role == ROLE_MEAN) {
                    mean = x;
                } else if (role == ROLE_COMPONENT && first.getInt(INDEX) == row / 3 - 1 && !first.isNull(SINGULAR_VALUE)) {
                    components[row / 3 - 1] = x;
                    singular[row / 3 - 1] = first.getDouble(SINGULAR_VALUE);
                } else {
                    throw new RunFormatException(file, "row " + row + " has role " + role + " and index "
                            + first.getInt(INDEX) + ": expected the mean first, then components 0, 1, ...");
                }
            }
            return new IncrementalPca(p, maxComponents, samples, mean, components, singular, squaredDeviation, gram);
        }
    }

    /** The r × r Gram matrix of the saved components, row by row, as decimal text that reads back bit for bit. */
    private static String gramText(double[][] gram) {
        StringBuilder text = new StringBuilder();
        for (double[] row : gram) {
            for (double v : row) {
                text.append(text.length() == 0 ? "" : ",").append(v);
            }
        }
        return text.toString();
    }

    private static double[][] parseGram(Path file, String text, int r) throws RunFormatException {
        String[] cells = text.isBlank() ? new String[0] : text.split(",");
        if (cells.length != r * r) {
            throw new RunFormatException(file, "schema metadata " + GRAM_KEY + " holds " + cells.length
                    + " numbers, expected " + r * r + " (the Gram matrix of " + r + " components)");
        }
        double[][] gram = new double[r][r];
        for (int i = 0; i < r * r; i++) {
            try {
                gram[i / r][i % r] = Double.parseDouble(cells[i].trim());
            } catch (NumberFormatException e) {
                throw new RunFormatException(file, "schema metadata " + GRAM_KEY + " holds \"" + cells[i]
                        + "\", not a number");
            }
            if (!Double.isFinite(gram[i / r][i % r])) {
                throw new RunFormatException(file, "schema metadata " + GRAM_KEY + " holds " + cells[i]);
            }
        }
        return gram;
    }

    private static long parseLong(Path file, Map<String, String> metadata, String key) throws RunFormatException {
        String value = require(file, metadata, key);
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new RunFormatException(file, "schema metadata " + key + " is \"" + value + "\", not an integer");
        }
    }

    private static String require(Path file, Map<String, String> metadata, String key) throws RunFormatException {
        String value = metadata.get(key);
        if (value == null) {
            throw new RunFormatException(file, "lacks the schema metadata " + key + ": not an incremental-PCA state");
        }
        return value;
    }
}
