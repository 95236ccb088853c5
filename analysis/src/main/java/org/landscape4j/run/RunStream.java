package org.landscape4j.run;

import java.io.IOException;

/**
 * An Arrow stream of a run being written: rows so far, a normal close (end-of-stream marker) and an abandon
 * after a failure (no marker, resources released, never throws). What a recorder needs of its file, whatever
 * the table.
 */
public interface RunStream extends AutoCloseable {

    /** @return the rows written to the file so far */
    long rowsWritten();

    /** Writes what is pending and the end-of-stream marker, and closes the file. Idempotent. */
    @Override
    void close() throws IOException;

    /** Releases the file and memory without the end-of-stream marker, after a failure. Never throws. */
    void abandon();
}
