package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Reads a whole metrics file ({@link RunFiles#METRICS}), of format version 1 or 2 (version 1's curvature
 * columns, never filled by a version-1 recorder, are ignored). A stream cut at any byte yields the rows of its
 * complete record batches and is reported as truncated.
 */
public final class MetricsReader {

    private MetricsReader() {
    }

    /**
     * @param file the metrics file
     * @return its rows and whether it was cut short
     * @throws RunFormatException if the file is missing, not regular, not a metrics stream, or corrupt
     */
    public static ReadResult<MetricRow> read(Path file) throws IOException {
        return read(file, null, false);
    }

    /**
     * @param file           the metrics file
     * @param parent         the allocator to take a child of, or null for a child of the process's root
     * @param closedByWriter true if the run's manifest says its streams were closed (see {@link RunStatus})
     * @return its rows and whether it was cut short
     */
    public static ReadResult<MetricRow> read(Path file, BufferAllocator parent, boolean closedByWriter)
            throws IOException {
        ReadResult<ScalarRow> scalars = RowStreamReader.read(file, MetricRow.TABLE, parent, closedByWriter);
        List<MetricRow> rows = new ArrayList<>(scalars.rows().size());
        for (ScalarRow row : scalars.rows()) {
            rows.add(MetricRow.from(row));
        }
        return new ReadResult<>(rows, scalars.truncated(), scalars.truncationDetail(), scalars.metadata());
    }
}
