package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A result being computed: written under a temporary name in the results directory, row by row, and renamed
 * to its final name by {@link #commit()} when complete, so that a reader sees a complete result or none. If
 * the computation stops before (killed, failed, closed without commit), the temporary file keeps every
 * complete record batch, and starting the same computation again ({@link Results}) resumes from it:
 * {@link #resumedRows()} are the rows already done.
 */
public final class PendingResult implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PendingResult.class);

    private final Path partial;
    private final Path target;
    private final RowStreamWriter rows;
    private final VectorTableWriter vectors;
    private final List<ScalarRow> resumed;
    private boolean committed;
    private boolean closed;

    PendingResult(Path partial, Path target, RowStreamWriter rows, VectorTableWriter vectors, List<ScalarRow> resumed) {
        this.partial = partial;
        this.target = target;
        this.rows = rows;
        this.vectors = vectors;
        this.resumed = List.copyOf(resumed);
    }

    /** @return the file the result will have once committed */
    public Path target() {
        return target;
    }

    /** @return the temporary file being written */
    public Path partialFile() {
        return partial;
    }

    /**
     * @return the scalar cells of the rows a previous, interrupted run of the same computation completed (empty
     *         for a fresh start); the computation skips them
     */
    public List<ScalarRow> resumedRows() {
        return resumed;
    }

    /** Appends a row to a table of scalar rows (written in batches; see {@link Results#startRows}). */
    public void append(Object[] cells) throws IOException {
        requireKind(rows != null, "scalar rows");
        rows.append(cells);
    }

    /** Makes the rows appended so far durable (one record batch), e.g. after each row of a grid. */
    public void flush() throws IOException {
        if (rows != null) {
            rows.flush();
        }
    }

    /** Writes a row of a vector table. */
    public void write(Object[] cells, float[] vector) throws IOException {
        requireKind(vectors != null, "vectors");
        vectors.write(cells, vector);
    }

    /** Writes a row of a vector table from an ND4J vector. */
    public void write(Object[] cells, INDArray vector) throws IOException {
        requireKind(vectors != null, "vectors");
        vectors.write(cells, vector);
    }

    /**
     * Closes the stream with its end-of-stream marker, forces it to disk and renames it to its final name,
     * replacing an older result of that name.
     *
     * @return the final file
     */
    public Path commit() throws IOException {
        if (closed) {
            throw new IllegalStateException("the result " + target.getFileName() + " was already closed");
        }
        if (rows != null) {
            rows.close();
        } else {
            vectors.close();
        }
        closed = true;
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        committed = true;
        LOG.info("landscape4j: wrote {}", target);
        return target;
    }

    /**
     * Without {@link #commit()}: writes the rows appended so far and leaves the temporary file for a later
     * resume. After a commit: nothing. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (rows != null) {
            try {
                rows.flush();
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not flush the partial result {}", partial, e);
            }
            rows.abandon();
        } else {
            vectors.abandon();
        }
        if (!committed) {
            LOG.info("landscape4j: {} is not complete; its partial file {} resumes it", target.getFileName(), partial);
        }
    }

    private void requireKind(boolean matches, String kind) {
        if (!matches) {
            throw new IllegalStateException("the result " + target.getFileName() + " is not a table of " + kind);
        }
        if (closed) {
            throw new IllegalStateException("the result " + target.getFileName() + " was already closed");
        }
    }
}
