package org.landscape4j.run;

import java.util.List;

/**
 * The rows of a metrics file and whether the file was cut short.
 *
 * @param rows             every row of every complete record batch, in file order
 * @param truncated        true if the stream lacks its end-of-stream marker (writer killed or still running)
 * @param truncationDetail what is missing, naming the file; null if not truncated
 */
public record MetricsReadResult(List<MetricRow> rows, boolean truncated, String truncationDetail) {

    public MetricsReadResult {
        rows = List.copyOf(rows);
        if (truncated != (truncationDetail != null)) {
            throw new IllegalArgumentException("a truncation detail is given exactly when truncated is true");
        }
    }
}
