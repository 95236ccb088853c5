package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * Reads a whole file of a table of scalar rows. A stream cut at any byte yields the rows of its complete
 * record batches and is reported as truncated; a file that is not such a table is refused with a
 * {@link RunFormatException}.
 */
public final class RowStreamReader {

    private RowStreamReader() {
    }

    /**
     * @param file           the file
     * @param table          the table it should hold
     * @param parent         the allocator to take a child of, or null for a child of the process's root
     * @param closedByWriter true if the run's manifest says its streams were closed: a missing end-of-stream
     *                       marker is then corruption
     * @return its rows and whether it was cut short
     * @throws RunFormatException       if the file is missing, not regular, not a stream of this table, or corrupt
     * @throws NotEnoughMemoryException if the JVM's memory does not suffice
     */
    public static ReadResult<ScalarRow> read(Path file, TableSchema table, BufferAllocator parent,
                                             boolean closedByWriter) throws IOException {
        try (StreamInput in = StreamInput.open(file, parent, closedByWriter)) {
            List<ScalarRow> rows = new ArrayList<>();
            Map<String, String> metadata = Map.of();
            if (in.schema() != null) {
                table.check(file, in.schema());
                metadata = in.schema().getCustomMetadata() == null ? Map.of() : in.schema().getCustomMetadata();
                while (in.loadNextBatch()) {
                    FieldVector[] vectors = Cells.vectors(in.root(), table);
                    int n = in.root().getRowCount();
                    for (int i = 0; i < n; i++) {
                        rows.add(new ScalarRow(table, Cells.readRow(file, table, vectors, i, rows.size())));
                    }
                }
            }
            return new ReadResult<>(rows, in.truncated(), in.truncationDetail(), metadata);
        }
    }
}
