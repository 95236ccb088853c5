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
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips through {@link MetricsWriter} and {@link MetricsReader}: every value exact (NaN, ±∞ and −0
 * included), batches of the configured size, the one table description's columns and metadata as a second reader
 * sees them, and a writer closed from another thread keeps every accepted row.
 */
class MetricsRoundTripTest {

    @TempDir
    Path dir;

    private final BufferAllocator allocator = Fixtures.allocator("metrics-test");

    @AfterEach
    void noLeak() {
        Fixtures.closeChecked(allocator);
    }

    @Test
    void rowsRoundTripExactlyInBatches() throws IOException {
        Path file = dir.resolve(RunFiles.METRICS);
        List<MetricRow> rows = Fixtures.metricRows(10);
        try (MetricsWriter writer = new MetricsWriter(file, Fixtures.RUN_ID, 3, allocator)) {
            for (int i = 0; i < rows.size(); i++) {
                writer.append(rows.get(i));
                assertEquals((i + 1) / 3 * 3L, writer.rowsWritten(), "a batch is written per 3 rows");
            }
            writer.flush();
            assertEquals(10, writer.rowsWritten());
            writer.flush(); // nothing pending: no empty batch
        }
        assertEquals(0, allocator.getAllocatedMemory(), "the writer released its memory");
        ReadResult<MetricRow> result = MetricsReader.read(file, allocator, true);
        assertEquals(rows, result.rows(), "exact: doubles compare bit for bit (Double.compare), NaN included");
        assertFalse(result.truncated());
        assertNull(result.truncationDetail());
        assertEquals(List.of(3, 3, 3, 1), batchSizes(file), "rowsPerBatch 3, then the flushed rest");
    }

    @Test
    void secondReaderSeesEveryCellSetAndTheMetadata() throws IOException {
        Path file = dir.resolve(RunFiles.METRICS);
        List<MetricRow> rows = Fixtures.metricRows(6);
        try (MetricsWriter writer = new MetricsWriter(file, Fixtures.RUN_ID, 100, null)) {
            for (MetricRow row : rows) {
                writer.append(row);
            }
        }
        // A second reader (Arrow's own, not ours): the columns of the one table description, in its order, every
        // validity bit set, NaN and -0 kept as values, and the run's identity in the schema metadata.
        try (ArrowStreamReader reader = new ArrowStreamReader(FileChannel.open(file, StandardOpenOption.READ),
                allocator)) {
            assertTrue(reader.loadNextBatch());
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertEquals(MetricRow.TABLE.arrowSchema(0, Map.of()).getFields(), root.getSchema().getFields());
            assertEquals(List.of("iteration", "epoch", "batch_size", "score", "grad_norm", "update_norm",
                    "learning_rate", "wall_time_s"), root.getSchema().getFields().stream().map(f -> f.getName())
                    .toList());
            Map<String, String> metadata = root.getSchema().getCustomMetadata();
            assertEquals(Map.of(RunFiles.FORMAT_VERSION_KEY, "2", RunFiles.TABLE_KEY, "metrics",
                    RunFiles.RUN_ID_KEY, Fixtures.RUN_ID), metadata);
            for (FieldVector vector : root.getFieldVectors()) {
                assertEquals(0, vector.getNullCount(), vector.getName());
                assertFalse(vector.getField().isNullable(), vector.getName());
            }
            assertEquals(6, root.getRowCount());
            assertTrue(Double.isNaN((Double) root.getVector("score").getObject(1)), "NaN score is a value");
            assertEquals(Double.POSITIVE_INFINITY, root.getVector("update_norm").getObject(3));
            assertEquals(Double.doubleToRawLongBits(-0.0),
                    Double.doubleToRawLongBits((Double) root.getVector("wall_time_s").getObject(5)), "-0 is kept");
            assertEquals(10_000_000_004L, root.getVector("iteration").getObject(4));
            assertFalse(reader.loadNextBatch());
        }
    }

    @Test
    void runIdIsReadBack() throws IOException {
        Path file = dir.resolve(RunFiles.METRICS);
        new MetricsWriter(file, Fixtures.RUN_ID, 1, allocator).close();
        assertEquals(Fixtures.RUN_ID, MetricsReader.read(file, allocator, true).runId());
        Path anonymous = dir.resolve("anonymous.arrows");
        new MetricsWriter(anonymous, null, 1, allocator).close();
        assertNull(MetricsReader.read(anonymous, allocator, true).runId());
    }

    @Test
    void emptyClosedStreamHasNoRowsAndIsComplete() throws IOException {
        Path file = dir.resolve(RunFiles.METRICS);
        new MetricsWriter(file, null, 5, allocator).close();
        ReadResult<MetricRow> result = MetricsReader.read(file);
        assertEquals(List.of(), result.rows());
        assertFalse(result.truncated());
    }

    @Test
    void closeIsIdempotentAndLaterAppendsFail() throws IOException {
        Path file = dir.resolve(RunFiles.METRICS);
        MetricsWriter writer = new MetricsWriter(file, null, 5, allocator);
        writer.append(Fixtures.metricRows(1).get(0));
        writer.close();
        writer.close();
        assertEquals(1, writer.rowsWritten(), "close wrote the pending row");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> writer.append(Fixtures.metricRows(1).get(0)));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertThrows(IllegalStateException.class, writer::flush);
        assertThrows(IllegalArgumentException.class, () -> new MetricsWriter(file, null, 0, allocator));
    }

    @Test
    void closeFromAnotherThreadWhileAppending() throws Exception {
        // A shutdown hook closes the writer while training appends: appends before the close are kept, later
        // ones fail with IllegalStateException, the file is complete and no memory leaks.
        Path file = dir.resolve(RunFiles.METRICS);
        MetricsWriter writer = new MetricsWriter(file, null, 7, allocator);
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
        ReadResult<MetricRow> result = MetricsReader.read(file, allocator, true);
        assertFalse(result.truncated());
        assertEquals(appended.size(), result.rows().size(), "every accepted row was written");
    }

    /** @return the row count of each record batch, read with Arrow's own reader */
    static List<Integer> batchSizes(Path file) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        BufferAllocator own = Fixtures.allocator("batch-sizes");
        try (ArrowStreamReader reader = new ArrowStreamReader(Files.newInputStream(file), own)) {
            while (reader.loadNextBatch()) {
                sizes.add(reader.getVectorSchemaRoot().getRowCount());
            }
        }
        Fixtures.closeChecked(own);
        return sizes;
    }
}
