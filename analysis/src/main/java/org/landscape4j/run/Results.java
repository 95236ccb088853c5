package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.vector.FieldVector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home of analysis results: the {@link RunFiles#RESULTS} directory of a run (or any directory the user
 * gives). Each result is one Arrow IPC stream {@code NAME.arrows} with its {@link Provenance} in the schema
 * metadata, written as {@code .NAME.arrows.partial} and renamed when complete ({@link PendingResult}). Starting
 * a computation whose partial file is there with the same table and provenance resumes it; a partial file of
 * another computation is replaced.
 */
public final class Results {

    private static final Logger LOG = LoggerFactory.getLogger(Results.class);

    /** Result names: letters, digits, '.', '_' and '-', not starting with '.', at most 120 characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,119}");

    /** The extension of result files. */
    public static final String EXTENSION = ".arrows";

    private static final String PARTIAL = ".partial";

    private final Path directory;

    private Results(Path directory) {
        this.directory = directory;
    }

    /** @return the results directory of a run */
    public static Results of(RunDirectory run) {
        return new Results(run.resultsDirectory());
    }

    /** @return results kept in a directory of the user's choice */
    public static Results at(Path directory) {
        return new Results(Objects.requireNonNull(directory, "directory"));
    }

    /** @return the directory */
    public Path directory() {
        return directory;
    }

    /**
     * @param name a result's name
     * @return its final file
     * @throws IllegalArgumentException if the name is not a plain file name (see {@link #NAME})
     */
    public Path file(String name) {
        if (name == null || !NAME.matcher(name).matches() || name.endsWith(PARTIAL)) {
            throw new IllegalArgumentException("result name " + SafeText.quote(name) + " is not allowed: use letters,"
                    + " digits, '.', '_' and '-' (not starting with '.'), at most 120 characters");
        }
        return directory.resolve(name + EXTENSION);
    }

    /**
     * Starts (or resumes) a result that is a table of scalar rows, e.g. the points of a grid.
     *
     * @param name         the result's name
     * @param table        its table (no vector column)
     * @param provenance   where it comes from; a partial file resumes only if its provenance is equal
     * @param rowsPerBatch rows per record batch (what a kill may lose at most)
     */
    public PendingResult startRows(String name, TableSchema table, Provenance provenance, int rowsPerBatch)
            throws IOException {
        if (table.hasVector()) {
            throw new IllegalArgumentException("table " + table.kind() + " has a vector column: use startVectors");
        }
        Path target = file(name);
        Path partial = partialOf(target);
        Files.createDirectories(directory);
        Map<String, String> metadata = provenance.toMetadata();
        Resumable resumable = resumable(partial, table, 0, provenance);
        if (resumable != null) {
            RowStreamWriter writer = RowStreamWriter.continueAfter(partial, table, resumable.schema,
                    resumable.completeLength, resumable.rows.size(), rowsPerBatch, null);
            LOG.info("landscape4j: resuming {} after {} complete rows", target.getFileName(), resumable.rows.size());
            return new PendingResult(partial, target, writer, null, resumable.rows);
        }
        return new PendingResult(partial, target, new RowStreamWriter(partial, table, metadata, rowsPerBatch, null),
                null, List.of());
    }

    /**
     * Starts (or resumes) a result that is a vector table (directions, components, Ritz vectors).
     *
     * @param name         the result's name
     * @param table        its table (with a vector column)
     * @param vectorLength P
     * @param provenance   where it comes from; a partial file resumes only if its provenance is equal
     */
    public PendingResult startVectors(String name, TableSchema table, int vectorLength, Provenance provenance)
            throws IOException {
        if (!table.hasVector()) {
            throw new IllegalArgumentException("table " + table.kind() + " has no vector column: use startRows");
        }
        Path target = file(name);
        Path partial = partialOf(target);
        Files.createDirectories(directory);
        Resumable resumable = resumable(partial, table, vectorLength, provenance);
        if (resumable != null) {
            try (VectorTableReader reader = VectorTableReader.open(partial, table, null, false)) {
                VectorTableWriter writer = VectorTableWriter.continueAfter(partial, table, reader, null);
                LOG.info("landscape4j: resuming {} after {} complete rows", target.getFileName(), reader.rowCount());
                return new PendingResult(partial, target, null, writer, resumable.rows);
            }
        }
        return new PendingResult(partial, target, null, VectorTableWriter.create(partial, table, vectorLength,
                provenance.toMetadata(), null), List.of());
    }

    /**
     * @return every complete result in the directory, with its table kind, row count and provenance, read from
     *         the files' framing and schemas (no row is decoded); unreadable files are listed with their problem
     */
    public List<ResultInfo> list() throws IOException {
        List<ResultInfo> found = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return found;
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(p -> p.getFileName().toString().endsWith(EXTENSION)).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            name = name.substring(0, name.length() - EXTENSION.length());
            try (StreamInput in = StreamInput.open(file, null, true)) {
                Map<String, String> metadata = in.schema() == null || in.schema().getCustomMetadata() == null
                        ? Map.of() : in.schema().getCustomMetadata();
                Provenance provenance = null;
                String problem = null;
                try {
                    provenance = Provenance.fromMetadata(metadata);
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
                found.add(new ResultInfo(name, file, metadata.getOrDefault(RunFiles.TABLE_KEY, "?"), in.rowCount(),
                        provenance, problem));
            } catch (IOException e) {
                found.add(new ResultInfo(name, file, "?", 0, null, e.getMessage()));
            }
        }
        return found;
    }

    /**
     * @param name  a result's name
     * @param table the table it should be
     * @return the provenance of the committed result {@code name} if it is a complete table of {@code table}'s kind;
     *         empty if there is none, or it is of another kind, truncated or unreadable (a computation then simply
     *         writes it again)
     */
    public Optional<Provenance> committed(String name, TableSchema table) {
        Path file = file(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (StreamInput in = StreamInput.open(file, null, true)) {
            Map<String, String> metadata = in.schema() == null || in.schema().getCustomMetadata() == null
                    ? Map.of() : in.schema().getCustomMetadata();
            if (!table.kind().equals(metadata.get(RunFiles.TABLE_KEY))) {
                return Optional.empty();
            }
            table.check(file, in.schema());
            return Optional.of(Provenance.fromMetadata(metadata));
        } catch (IOException | IllegalArgumentException e) {
            LOG.info("landscape4j: {} is not a complete {} result ({}); it is computed again", file, table.kind(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * What {@link #list()} found.
     *
     * @param name       the result's name
     * @param file       its file
     * @param kind       its table kind
     * @param rows       its rows, from the record batches' metadata (no body is read)
     * @param provenance where it comes from, or null if unreadable
     * @param problem    why it cannot be read, or null
     */
    public record ResultInfo(String name, Path file, String kind, long rows, Provenance provenance, String problem) {
    }

    private static Path partialOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + PARTIAL);
    }

    private record Resumable(org.apache.arrow.vector.types.pojo.Schema schema, long completeLength,
                             List<ScalarRow> rows) {
    }

    /** @return the partial file's complete rows if it continues the same computation; else deletes it, null */
    private static Resumable resumable(Path partial, TableSchema table, int vectorLength, Provenance provenance)
            throws IOException {
        if (!Files.exists(partial, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String why;
        try (StreamInput in = StreamInput.open(partial, null, false)) {
            if (in.schema() == null) {
                why = "it ends before its schema";
            } else {
                int p = table.check(partial, in.schema());
                Map<String, String> identity = new HashMap<>(in.schema().getCustomMetadata());
                identity.remove(Provenance.CREATED_KEY);
                Map<String, String> wanted = new HashMap<>(table.arrowSchema(Math.max(vectorLength, 1),
                        provenance.identity()).getCustomMetadata());
                if (!table.hasVector()) {
                    wanted.remove(RunFiles.PARAMETER_COUNT_KEY);
                }
                if (table.hasVector() && p != vectorLength) {
                    why = "its vectors hold " + p + " values, not " + vectorLength;
                } else if (!identity.equals(wanted)) {
                    why = "it was computed with other settings or inputs";
                } else {
                    List<ScalarRow> rows = new ArrayList<>();
                    if (table.hasVector()) {
                        for (int k = 0; k < in.batchCount(); k++) {
                            rows.add(new ScalarRow(table, in.readFirstRowCells(k, table.scalars())));
                        }
                    } else {
                        while (in.loadNextBatch()) {
                            FieldVector[] vectors = Cells.vectors(in.root(), table);
                            for (int i = 0; i < in.root().getRowCount(); i++) {
                                rows.add(new ScalarRow(table, Cells.readRow(partial, table, vectors, i, rows.size())));
                            }
                        }
                    }
                    return new Resumable(in.schema(), in.completeLength(), rows);
                }
            }
        } catch (RunFormatException e) {
            why = e.getMessage();
        }
        LOG.info("landscape4j: discarding the partial result {}: {}", partial, why);
        Files.delete(partial);
        return null;
    }
}
