package org.landscape4j.run;

import java.util.List;
import java.util.Map;

/**
 * The rows of a run file and whether the file was cut short.
 *
 * @param rows             every row of every complete record batch, in file order
 * @param truncated        true if the stream lacks its end-of-stream marker (writer killed or still running)
 * @param truncationDetail what is missing, naming the file; null if not truncated
 * @param metadata         the file's schema metadata (format version, run id, provenance); empty without a schema
 * @param <T>              the row type
 */
public record ReadResult<T>(List<T> rows, boolean truncated, String truncationDetail, Map<String, String> metadata) {

    public ReadResult {
        rows = List.copyOf(rows);
        metadata = Map.copyOf(metadata);
        if (truncated != (truncationDetail != null)) {
            throw new IllegalArgumentException("a truncation detail is given exactly when truncated is true");
        }
    }

    /** @return the run id recorded in the file, or null (format version 1, or no schema) */
    public String runId() {
        return metadata.get(RunFiles.RUN_ID_KEY);
    }
}
