package org.landscape4j.direction;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.landscape4j.run.Column;
import org.landscape4j.run.ColumnType;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunFormatException;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.run.TableSchema;
import org.landscape4j.run.VectorTableReader;
import org.landscape4j.run.VectorRow;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Saves a {@link DirectionSet} as a vector table in a run's results, and loads it back, so that a slice can be
 * reproduced and checked by any Arrow reader (docs/FORMAT.md, "directions").
 *
 * <p><b>Columns</b>, one row per direction: {@code index} (int32, 0, 1, ...), {@code norm} (float64: ‖d‖₂ of the
 * stored float32 values, summed in double, so a reader can recompute it exactly), {@code seed} (int64, the seed
 * of a random direction, null for every other kind) and {@code values} ({@code FixedSizeList<float32>[P]}, the
 * direction after normalization and, if asked, Gram–Schmidt; DOUBLE directions are rounded to float).
 *
 * <p><b>Settings</b>, under the key {@value #SETTINGS_KEY} of the provenance's settings: {@code normalization}
 * (its JSON name), {@code include_one_dimensional}, {@code orthogonalized}, {@code kinds} and {@code sources}
 * (one per row), {@code cosines} (one object {@code first, second, before, after} per pair). The seeds of random
 * directions are also entered in the provenance's seeds as {@code direction_<index>}.
 */
public final class DirectionTable {

    /** The table: index, norm, seed and the vector column {@code values}. */
    public static final TableSchema TABLE = TableSchema.ofVectors("directions", "directions.arrows", List.of(
            Column.required("index", ColumnType.INT32),
            Column.required("norm", ColumnType.FLOAT64),
            Column.optional("seed", ColumnType.INT64)), "values");

    /** The key of the provenance's settings under which the directions' own settings are kept. */
    public static final String SETTINGS_KEY = "directions";

    /**
     * The largest relative difference between a row's {@code norm} and the norm recomputed from its values that
     * {@link #load} accepts: this code writes them bit-identical; another writer may sum in another order,
     * which changes a double sum of P terms by far less than 1e-9 relative.
     */
    static final double NORM_TOLERANCE = 1e-9;

    private DirectionTable() {
    }

    /**
     * Writes the set as the result {@code name}: under a temporary name, renamed when complete.
     *
     * @param results    where results go (a run's {@code results/})
     * @param name       the result's name (the file is {@code name.arrows})
     * @param set        the prepared directions
     * @param provenance where they come from (run, source iterations, objective, further settings and seeds);
     *                   the directions' settings and seeds are added to it
     * @return the written file
     * @throws IllegalArgumentException if the provenance's settings already hold {@value #SETTINGS_KEY}, or its
     *                                  seeds a {@code direction_<index>} of another value
     */
    public static Path save(Results results, String name, DirectionSet set, Provenance provenance)
            throws IOException {
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(provenance, "provenance");
        Provenance full = withDirections(provenance, set);
        int p = Math.toIntExact(set.parameterCount());
        List<Object[]> rows = new ArrayList<>();
        for (int k = 0; k < set.size(); k++) {
            rows.add(new Object[]{k, storedNorm(set.get(k).vector()), set.get(k).seed()});
        }
        try (PendingResult pending = results.startVectors(name, TABLE, p, full)) {
            List<ScalarRow> resumed = pending.resumedRows();
            for (int k = 0; k < rows.size(); k++) {
                if (k < resumed.size()) {
                    requireSameRow(resumed.get(k), rows.get(k), pending.partialFile());
                } else {
                    pending.write(rows.get(k), set.get(k).vector());
                }
            }
            return pending.commit();
        }
    }

    /**
     * Reads a directions result.
     *
     * @param file                   the file
     * @param expectedParameterCount P of the model the directions are for
     * @return the directions (FLOAT vectors, as stored), their settings and cosines, and the provenance
     * @throws IllegalArgumentException if the file's directions have another P than expected (both named)
     * @throws RunFormatException       if the file is not a complete, consistent directions table
     */
    public static LoadedDirections load(Path file, long expectedParameterCount) throws IOException {
        try (VectorTableReader reader = VectorTableReader.open(file, TABLE, null, true)) {
            if (reader.vectorLength() != expectedParameterCount) {
                throw new IllegalArgumentException(file + " holds directions of P = " + reader.vectorLength()
                        + " parameters, but the model has P = " + expectedParameterCount + ": they belong to"
                        + " another model (or another layout of it)");
            }
            if (reader.truncated()) {
                throw new RunFormatException(file, "is incomplete: " + reader.truncationDetail());
            }
            Provenance provenance;
            try {
                provenance = Provenance.fromMetadata(reader.metadata());
            } catch (IllegalArgumentException e) {
                throw new RunFormatException(file, e.getMessage(), e);
            }
            SavedSettings saved = SavedSettings.read(file, provenance.settings().get(SETTINGS_KEY));
            if (reader.rowCount() != saved.kinds.size()) {
                throw new RunFormatException(file, "holds " + reader.rowCount() + " rows, but its settings describe "
                        + saved.kinds.size() + " directions");
            }
            List<Direction> directions = new ArrayList<>();
            for (int k = 0; k < reader.rowCount(); k++) {
                VectorRow row = reader.read(k);
                ScalarRow cells = row.scalars();
                if (cells.getInt("index") != k) {
                    throw new RunFormatException(file, "row " + k + " has index " + cells.getInt("index"));
                }
                double stored = cells.getDouble("norm");
                double actual = norm(row.vector());
                if (!(Math.abs(stored - actual) <= NORM_TOLERANCE * Math.max(stored, actual))) {
                    throw new RunFormatException(file, "row " + k + " says its norm is " + stored + " but its values"
                            + " have norm " + actual + ": the values were altered");
                }
                DirectionKind kind = saved.kinds.get(k);
                Long seed = cells.isNull("seed") ? null : cells.getLong("seed");
                try {
                    directions.add(new Direction(kind, Nd4j.createFromArray(row.vector()), seed, saved.sources.get(k)));
                } catch (IllegalArgumentException e) {
                    throw new RunFormatException(file, "row " + k + ": " + e.getMessage(), e);
                }
            }
            try {
                return new LoadedDirections(file, new DirectionSet(directions, saved.settings, saved.orthogonalized,
                        saved.cosines), provenance);
            } catch (IllegalArgumentException e) {
                throw new RunFormatException(file, e.getMessage(), e);
            }
        }
    }

    /**
     * What {@link #load} read.
     *
     * @param file       the file
     * @param directions the directions, with their settings and cosines
     * @param provenance the file's provenance (its settings include {@value #SETTINGS_KEY})
     */
    public record LoadedDirections(Path file, DirectionSet directions, Provenance provenance) {
    }

    /** @return ‖v‖₂ of float values, squares summed in double in index order */
    static double norm(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }

    /** @return ‖v‖₂ of the vector's values rounded to float (as they are stored), summed in double */
    static double storedNorm(INDArray vector) {
        Elements values = Elements.of(vector, "the direction");
        double sum = 0;
        for (long i = 0; i < values.length(); i++) {
            double v = (float) values.get(i);
            sum += v * v;
        }
        return Math.sqrt(sum);
    }

    private static Provenance withDirections(Provenance provenance, DirectionSet set) {
        if (provenance.settings().containsKey(SETTINGS_KEY)) {
            throw new IllegalArgumentException("the provenance's settings already hold '" + SETTINGS_KEY + "': that"
                    + " key is where the directions' own settings go; rename the caller's entry");
        }
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("normalization", set.settings().normalization().jsonName());
        own.put("include_one_dimensional", set.settings().includeOneDimensional());
        own.put("orthogonalized", set.orthogonalized());
        own.put("kinds", set.directions().stream().map(d -> d.kind().jsonName()).toList());
        own.put("sources", set.directions().stream().map(Direction::source).toList());
        List<Map<String, Object>> cosines = new ArrayList<>();
        for (Cosine cosine : set.cosines()) {
            cosines.add(Map.of("first", cosine.first(), "second", cosine.second(), "before", cosine.before(),
                    "after", cosine.after()));
        }
        own.put("cosines", cosines);
        Map<String, Object> settings = new LinkedHashMap<>(provenance.settings());
        settings.put(SETTINGS_KEY, own);
        Map<String, Long> seeds = new LinkedHashMap<>(provenance.seeds());
        for (int k = 0; k < set.size(); k++) {
            Long seed = set.get(k).seed();
            if (seed != null) {
                Long previous = seeds.put("direction_" + k, seed);
                if (previous != null && !previous.equals(seed)) {
                    throw new IllegalArgumentException("the provenance's seeds hold direction_" + k + " = " + previous
                            + ", but direction " + k + " was drawn from seed " + seed);
                }
            }
        }
        return new Provenance(provenance.runId(), provenance.sourceIterations(), provenance.objective(), settings,
                seeds, provenance.version());
    }

    private static void requireSameRow(ScalarRow done, Object[] cells, Path partial) {
        boolean same = done.getInt("index") == (Integer) cells[0]
                && Double.compare(done.getDouble("norm"), (Double) cells[1]) == 0
                && Objects.equals(done.isNull("seed") ? null : done.getLong("seed"), cells[2]);
        if (!same) {
            throw new IllegalStateException("the partial result " + partial + " has the same provenance but another"
                    + " direction " + cells[0] + " (norm " + done.getDouble("norm") + ", not " + cells[1] + "): delete"
                    + " it and save again");
        }
    }

    /** The directions' settings as read back from JSON. */
    private record SavedSettings(DirectionSettings settings, boolean orthogonalized, List<DirectionKind> kinds,
                                 List<String> sources, List<Cosine> cosines) {

        static SavedSettings read(Path file, Object value) throws RunFormatException {
            try {
                if (!(value instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException("the provenance's settings lack the object '" + SETTINGS_KEY
                            + "'");
                }
                Normalization normalization = Normalization.fromName((String) require(map, "normalization"));
                boolean includeOneDimensional = (Boolean) require(map, "include_one_dimensional");
                boolean orthogonalized = (Boolean) require(map, "orthogonalized");
                List<DirectionKind> kinds = new ArrayList<>();
                for (Object kind : (List<?>) require(map, "kinds")) {
                    kinds.add(DirectionKind.fromName((String) kind));
                }
                List<String> sources = new ArrayList<>();
                for (Object source : (List<?>) require(map, "sources")) {
                    sources.add((String) Objects.requireNonNull(source, "a source"));
                }
                if (sources.size() != kinds.size()) {
                    throw new IllegalArgumentException(kinds.size() + " kinds but " + sources.size() + " sources");
                }
                List<Cosine> cosines = new ArrayList<>();
                for (Object entry : (List<?>) require(map, "cosines")) {
                    Map<?, ?> cosine = (Map<?, ?>) entry;
                    cosines.add(new Cosine(((Number) require(cosine, "first")).intValue(),
                            ((Number) require(cosine, "second")).intValue(),
                            ((Number) require(cosine, "before")).doubleValue(),
                            ((Number) require(cosine, "after")).doubleValue()));
                }
                return new SavedSettings(new DirectionSettings(normalization, includeOneDimensional), orthogonalized,
                        kinds, sources, cosines);
            } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
                throw new RunFormatException(file, "its directions settings are malformed: " + e.getMessage(), e);
            }
        }

        private static Object require(Map<?, ?> map, String key) {
            Object value = map.get(key);
            if (value == null) {
                throw new IllegalArgumentException("'" + key + "' is missing");
            }
            return value;
        }
    }
}
