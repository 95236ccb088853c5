package org.landscape4j.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads a whole metrics file ({@link RunFiles#METRICS}). A stream cut at any byte yields the rows of its
 * complete record batches and is reported as truncated; a file that is not a metrics stream is refused.
 */
public final class MetricsReader {

    private MetricsReader() {
    }

    /**
     * @param file the metrics file
     * @return its rows and whether it was cut short
     * @throws RunFormatException if the file is missing, not an Arrow IPC stream, lacks a column or has one of
     *                            the wrong type, holds a null where none is allowed, or is corrupt
     */
    public static MetricsReadResult read(Path file) throws RunFormatException {
        return read(file, null);
    }

    /**
     * @param file   the metrics file
     * @param parent the allocator to take a child allocator of, or null to use a private root allocator
     * @return its rows and whether it was cut short
     * @throws RunFormatException as {@link #read(Path)}
     */
    public static MetricsReadResult read(Path file, BufferAllocator parent) throws RunFormatException {
        try (StreamInput in = StreamInput.open(file, parent)) {
            List<MetricRow> rows = new ArrayList<>();
            if (in.schema() != null) {
                Columns.check(file, in.schema(), MetricsSchema.FIELDS, MetricsSchema.KIND);
                VectorSchemaRoot root = in.root();
                while (in.loadNextBatch()) {
                    readBatch(file, root, rows);
                }
            }
            return new MetricsReadResult(rows, in.truncated(), in.truncationDetail());
        }
    }

    private static void readBatch(Path file, VectorSchemaRoot root, List<MetricRow> rows) throws RunFormatException {
        BigIntVector iteration = (BigIntVector) root.getVector(MetricsSchema.ITERATION);
        IntVector epoch = (IntVector) root.getVector(MetricsSchema.EPOCH);
        IntVector batchSize = (IntVector) root.getVector(MetricsSchema.BATCH_SIZE);
        Float8Vector[] base = doubles(root, MetricsSchema.BASE_DOUBLES);
        Float8Vector[] curvature = doubles(root, MetricsSchema.CURVATURE_DOUBLES);
        BitVector ill = (BitVector) root.getVector(MetricsSchema.ILL_CONDITIONED);
        int n = root.getRowCount();
        for (FieldVector required : new FieldVector[] {iteration, epoch, batchSize}) {
            requireNoNulls(file, required, rows.size());
        }
        for (Float8Vector required : base) {
            requireNoNulls(file, required, rows.size());
        }
        for (int i = 0; i < n; i++) {
            double[] values = new double[curvature.length];
            boolean any = false;
            for (int c = 0; c < values.length; c++) {
                values[c] = curvature[c].isNull(i) ? Double.NaN : curvature[c].get(i);
                any |= !curvature[c].isNull(i);
            }
            Boolean illConditioned = ill.isNull(i) ? null : ill.get(i) != 0;
            Curvature k = any || illConditioned != null ? new Curvature(values[0], values[1], values[2], values[3],
                    values[4], values[5], values[6], values[7], illConditioned) : null;
            rows.add(new MetricRow(iteration.get(i), epoch.get(i), batchSize.get(i), base[0].get(i), base[1].get(i),
                    base[2].get(i), base[3].get(i), base[4].get(i), k));
        }
    }

    private static void requireNoNulls(Path file, FieldVector vector, int rowsBefore) throws RunFormatException {
        if (vector.getNullCount() == 0) {
            return;
        }
        for (int i = 0; i < vector.getValueCount(); i++) {
            if (vector.isNull(i)) {
                throw new RunFormatException(file, "column " + vector.getName() + " holds a null in row "
                        + (rowsBefore + i) + ", but it must never be null (NaN marks a missing value there)");
            }
        }
    }

    private static Float8Vector[] doubles(VectorSchemaRoot root, List<String> names) {
        Float8Vector[] vectors = new Float8Vector[names.size()];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = (Float8Vector) root.getVector(names.get(i));
        }
        return vectors;
    }
}
