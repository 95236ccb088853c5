package org.landscape4j.run;

import java.util.List;

/**
 * The rows of a metrics stream.
 *
 * @param rows             the rows of every complete record batch
 * @param truncated        true if the stream ended early (the writer was killed or is still writing)
 * @param truncationDetail why, naming the file; null if not truncated
 */
public record MetricsReadResult(List<MetricRow> rows, boolean truncated, String truncationDetail) {

    public MetricsReadResult {
        rows = List.copyOf(rows);
    }
}
