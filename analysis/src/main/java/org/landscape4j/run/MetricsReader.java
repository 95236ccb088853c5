package org.landscape4j.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads {@code metrics.arrows} (one row per recorded iteration: small enough to hold in memory). */
public final class MetricsReader {

    private MetricsReader() {
    }

    /**
     * @return every row of the complete record batches, and whether the stream was cut short
     * @throws RunFormatException if the file is missing, foreign or has another schema
     */
    public static MetricsReadResult read(Path file) throws RunFormatException {
        List<MetricRow> rows = new ArrayList<>();
        try (ArrowStreamFile stream = ArrowStreamFile.open(file, "metrics",
                schema -> ArrowStreamFile.checkFields(schema, MetricsSchema.FIELDS), null)) {
            while (stream.next()) {
                VectorSchemaRoot root = stream.root();
                for (int i = 0; i < root.getRowCount(); i++) {
                    rows.add(MetricsSchema.get(root, i));
                }
            }
            return new MetricsReadResult(rows, stream.truncation() != null, stream.truncation());
        }
    }
}
