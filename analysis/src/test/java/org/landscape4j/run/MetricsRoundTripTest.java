package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips through {@link MetricsWriter} and {@link MetricsReader}: every value exact, NaN kept apart from null. */
class MetricsRoundTripTest {

    @TempDir
    Path dir;

    private final RootAllocator allocator = new RootAllocator();

    @AfterEach
    void noLeak() {
        Fixtures.closeChecked(allocator);
    }

    @Test
    void rowsRoundTripExactlyInBatches() throws IOException {
        Path file = dir.resolve(RunFiles.METRICS);
        List<MetricRow> rows = Fixtures.metricRows(10);
        try (MetricsWriter writer = new MetricsWriter(file, allocator, 3)) {
            for (int i = 0; i < rows.size(); i++) {
                writer.append(rows.get(i));
                assertEquals((i + 1) / 3 * 3L, writer.rowsWritten(), "a batch is written per 3 rows");
            }
            writer.flush();
            assertEquals(10, writer.rowsWritten());
            writer.flush(); // nothing pending: no empty batch
        }
        assertEquals(0, allocator.getAllocatedMemory(), "the writer released its memory");
        MetricsReadResult result = MetricsReader.read(file, allocator);
        assertEquals(rows, result.rows(), "exact: doubles compare bit for bit (Double.compare), NaN included");
        assertFalse(result.truncated());
        assertNull(result.truncationDetail());
        assertEquals(List.of(3, 3, 3, 1), batchSizes(file), "rowsPerBatch 3, then the flushed rest");
    }

    @Test
    void nullCellsAreExactlyTheMissingValues() throws IOException {
        Path file = dir.resolve(RunFiles.METRICS);
        List<MetricRow> rows = Fixtures.metricRows(4);
        try (MetricsWriter writer = new MetricsWriter(file, null, 100)) {
            for (MetricRow row : rows) {
                writer.append(row);
            }
        }
        // A second reader (Arrow's own, not ours): every non-null column has all validity bits set, NaN stays
        // a value, and exactly the NaN curvature fields are null.
        try (ArrowStreamReader reader = new ArrowStreamReader(FileChannel.open(file, StandardOpenOption.READ),
                allocator)) {
            assertTrue(reader.loadNextBatch());
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertEquals(MetricsSchema.SCHEMA.getFields(), root.getSchema().getFields());
            assertEquals("1", root.getSchema().getCustomMetadata().get(RunFiles.FORMAT_VERSION_KEY));
            for (String name : List.of("iteration", "epoch", "batch_size", "score", "grad_norm", "update_norm",
                    "learning_rate", "wall_time_s")) {
                assertEquals(0, root.getVector(name).getNullCount(), name);
            }
            assertTrue(Double.isNaN((Double) root.getVector("score").getObject(1)), "NaN score is a value");
            FieldVector gHessG = root.getVector("g_hess_g");
            assertTrue(gHessG.isNull(0), "row 0 has no curvature");
            assertEquals(0.5, gHessG.getObject(1));
            assertTrue(root.getVector("u_hess_u").isNull(1), "NaN curvature field is null");
            assertEquals(-0.0, root.getVector("curvature_u").getObject(1), "−0 is a value");
            assertTrue(root.getVector("ill_conditioned").isNull(1));
            assertEquals(Boolean.TRUE, root.getVector("ill_conditioned").getObject(2));
            assertTrue(root.getVector("lambda_max").isNull(3));
            assertEquals(Boolean.TRUE, root.getVector("ill_conditioned").getObject(3));
            assertFalse(reader.loadNextBatch());
        }
    }

    @Test
    void curvatureWithNothingMeasuredReadsBackAsNull() throws IOException {
        Path file = dir.resolve(RunFiles.METRICS);
        Curvature nothing = new Curvature(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, null);
        try (MetricsWriter writer = new MetricsWriter(file, allocator, 1)) {
            writer.append(new MetricRow(0, 0, 1, 1, 1, 1, 1, 1, nothing));
        }
        assertNull(MetricsReader.read(file).rows().get(0).curvature(), "all cells null is how null is stored");
    }

    @Test
    void emptyClosedStreamHasNoRowsAndIsComplete() throws IOException {
        Path file = dir.resolve(RunFiles.METRICS);
        new MetricsWriter(file, allocator, 5).close();
        MetricsReadResult result = MetricsReader.read(file);
        assertEquals(List.of(), result.rows());
        assertFalse(result.truncated());
    }

    @Test
    void closeIsIdempotentAndLaterAppendsFail() throws IOException {
        Path file = dir.resolve(RunFiles.METRICS);
        MetricsWriter writer = new MetricsWriter(file, allocator, 5);
        writer.append(Fixtures.metricRows(1).get(0));
        writer.close();
        writer.close();
        assertEquals(1, writer.rowsWritten(), "close wrote the pending row");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> writer.append(Fixtures.metricRows(1).get(0)));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertThrows(IllegalStateException.class, writer::flush);
        assertThrows(IllegalArgumentException.class, () -> new MetricsWriter(file, allocator, 0));
    }

    @Test
    void closeFromAnotherThreadWhileAppending() throws Exception {
        // A shutdown hook closes the writer while training appends: appends before the close are kept, later
        // ones fail with IllegalStateException, the file is complete and no memory leaks.
        Path file = dir.resolve(RunFiles.METRICS);
        MetricsWriter writer = new MetricsWriter(file, allocator, 7);
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        List<MetricRow> appended = new ArrayList<>();
        Thread training = new Thread(() -> {
            MetricRow row = Fixtures.metricRows(3).get(2);
            try {
                for (int i = 0; i < 1_000_000; i++) {
                    writer.append(row);
                    appended.add(row);
                    started.countDown();
                }
            } catch (IllegalStateException closed) {
                // expected once the hook has closed the writer
            } catch (Throwable t) {
                unexpected.set(t);
            }
        });
        training.start();
        started.await();
        writer.close();
        training.join();
        assertNull(unexpected.get());
        MetricsReadResult result = MetricsReader.read(file, allocator);
        assertFalse(result.truncated());
        assertEquals(appended.size(), result.rows().size(), "every accepted row was written");
    }

    /** @return the row count of each record batch, read with Arrow's own reader */
    static List<Integer> batchSizes(Path file) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        try (RootAllocator own = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(Files.newInputStream(file), own)) {
            while (reader.loadNextBatch()) {
                sizes.add(reader.getVectorSchemaRoot().getRowCount());
            }
        }
        return sizes;
    }
}
