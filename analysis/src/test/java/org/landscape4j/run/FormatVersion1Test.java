package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FixedWidthVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs recorded in format version 1 still read: files built here with raw Arrow exactly as version 1 wrote them
 * (metrics with nine nullable curvature columns after {@code wall_time_s}, snapshots without a table kind or run
 * id, a manifest without {@code run_id} and {@code failure}) are read by {@link MetricsReader},
 * {@link SnapshotReader}, {@link RunManifest#read}, {@link RunDirectory} and {@link RunSummary}; a file or
 * manifest of version 3 is refused, asking to upgrade.
 */
class FormatVersion1Test {

    static final int P = 5;
    static final List<String> V1_CURVATURE = List.of("g_hess_g", "curvature_g", "u_hess_u", "curvature_u",
            "predicted_change", "observed_change", "lambda_max", "lambda_min");

    @TempDir
    Path dir;

    private final BufferAllocator allocator = Fixtures.allocator("v1-test");

    @AfterEach
    void noLeak() {
        Fixtures.closeChecked(allocator);
    }

    private static Field field(String name, ArrowType type, boolean nullable) {
        return new Field(name, nullable ? FieldType.nullable(type) : FieldType.notNullable(type), null);
    }

    static Schema v1MetricsSchema(String version) {
        ArrowType int64 = new ArrowType.Int(64, true);
        ArrowType int32 = new ArrowType.Int(32, true);
        ArrowType float64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        List<Field> fields = new ArrayList<>(List.of(field("iteration", int64, false), field("epoch", int32, false),
                field("batch_size", int32, false)));
        for (String name : List.of("score", "grad_norm", "update_norm", "learning_rate", "wall_time_s")) {
            fields.add(field(name, float64, false));
        }
        for (String name : V1_CURVATURE) {
            fields.add(field(name, float64, true));
        }
        fields.add(field("ill_conditioned", ArrowType.Bool.INSTANCE, true));
        return new Schema(fields, Map.of(RunFiles.FORMAT_VERSION_KEY, version));
    }

    static Schema v1SnapshotsSchema(String version, int p) {
        Field item = new Field("item", FieldType.notNullable(new ArrowType.FloatingPoint(
                FloatingPointPrecision.SINGLE)), null);
        return new Schema(List.of(field("iteration", new ArrowType.Int(64, true), false),
                field("epoch", new ArrowType.Int(32, true), false),
                field("score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), false),
                new Field("params", FieldType.notNullable(new ArrowType.FixedSizeList(p)), List.of(item))),
                Map.of(RunFiles.FORMAT_VERSION_KEY, version, RunFiles.PARAMETER_COUNT_KEY, Integer.toString(p)));
    }

    /** Writes metrics as version 1 did: rows in batches of 2, curvature null, partial or full, NaN stored as null. */
    private Path writeV1Metrics(Path file, List<MetricRow> rows, String version) throws IOException {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(v1MetricsSchema(version), allocator);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ArrowStreamWriter writer = new ArrowStreamWriter(root, null, channel)) {
            writer.start();
            for (int start = 0; start < rows.size(); start += 2) {
                int n = Math.min(2, rows.size() - start);
                root.getFieldVectors().forEach(v -> ((FixedWidthVector) v).allocateNew(n));
                for (int i = 0; i < n; i++) {
                    MetricRow row = rows.get(start + i);
                    ((BigIntVector) root.getVector("iteration")).set(i, row.iteration());
                    ((IntVector) root.getVector("epoch")).set(i, row.epoch());
                    ((IntVector) root.getVector("batch_size")).set(i, row.batchSize());
                    ((Float8Vector) root.getVector("score")).set(i, row.score());
                    ((Float8Vector) root.getVector("grad_norm")).set(i, row.gradientNorm());
                    ((Float8Vector) root.getVector("update_norm")).set(i, row.updateNorm());
                    ((Float8Vector) root.getVector("learning_rate")).set(i, row.learningRate());
                    ((Float8Vector) root.getVector("wall_time_s")).set(i, row.wallTimeSeconds());
                    int measured = (start + i) % 3; // 0: none, 1: some, 2: all
                    for (int c = 0; c < V1_CURVATURE.size(); c++) {
                        Float8Vector v = (Float8Vector) root.getVector(V1_CURVATURE.get(c));
                        if (measured == 0 || (measured == 1 && c % 2 == 0)) {
                            v.setNull(i);
                        } else {
                            v.set(i, 0.5 * c - 1);
                        }
                    }
                    BitVector ill = (BitVector) root.getVector("ill_conditioned");
                    if (measured == 0) {
                        ill.setNull(i);
                    } else {
                        ill.set(i, measured == 2 ? 1 : 0);
                    }
                }
                root.getFieldVectors().forEach(v -> v.setValueCount(n));
                root.setRowCount(n);
                writer.writeBatch();
            }
            writer.end();
        }
        return file;
    }

    /** Writes snapshots as version 1 did: one per record batch, every validity bit set. */
    private Path writeV1Snapshots(Path file, List<Snapshot> snapshots, String version) throws IOException {
        int p = snapshots.get(0).params().length;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(v1SnapshotsSchema(version, p), allocator);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             ArrowStreamWriter writer = new ArrowStreamWriter(root, null, channel)) {
            writer.start();
            for (Snapshot s : snapshots) {
                BigIntVector iteration = (BigIntVector) root.getVector("iteration");
                IntVector epoch = (IntVector) root.getVector("epoch");
                Float8Vector score = (Float8Vector) root.getVector("score");
                FixedSizeListVector params = (FixedSizeListVector) root.getVector("params");
                iteration.allocateNew(1);
                epoch.allocateNew(1);
                score.allocateNew(1);
                params.setInitialCapacity(1);
                params.allocateNew();
                iteration.set(0, s.iteration());
                epoch.set(0, s.epoch());
                score.set(0, s.score());
                params.setNotNull(0);
                Float4Vector values = (Float4Vector) params.getDataVector();
                for (int i = 0; i < p; i++) {
                    values.set(i, s.params()[i]);
                }
                values.setValueCount(p);
                iteration.setValueCount(1);
                epoch.setValueCount(1);
                score.setValueCount(1);
                params.setValueCount(1);
                root.setRowCount(1);
                writer.writeBatch();
            }
            writer.end();
        }
        return file;
    }

    /** A version-1 manifest as FORMAT.md version 1 specifies it: no run_id, no failure. */
    static String v1Manifest(int version, String status, String endTime) {
        return """
                {
                  "format_version" : %d,
                  "landscape4j_version" : "0.1.0",
                  "dl4j_version" : "1.0.0-M2.1",
                  "java_version" : "17.0.15",
                  "network_class" : "org.deeplearning4j.nn.multilayer.MultiLayerNetwork",
                  "parameter_count" : 5,
                  "data_type" : "FLOAT",
                  "layout" : {
                    "arrays" : [ {
                      "name" : "0_W", "layer" : "0", "layer_type" : "DenseLayer", "offset" : 0, "length" : 4,
                      "shape" : [ 2, 2 ], "ordering" : "f", "role" : "weight", "filter_axis" : 1
                    }, {
                      "name" : "0_b", "layer" : "0", "layer_type" : "DenseLayer", "offset" : 4, "length" : 1,
                      "shape" : [ 1, 1 ], "ordering" : "f", "role" : "bias", "filter_axis" : -1
                    } ]
                  },
                  "settings" : { "snapshot_every" : 10 },
                  "seeds" : { "network" : 42 },
                  "start_time" : "2025-06-01T10:00:00Z",
                  "end_time" : %s,
                  "status" : "%s"
                }
                """.formatted(version, endTime == null ? "null" : "\"" + endTime + "\"", status);
    }

    static List<Snapshot> v1Snapshots() {
        return List.of(new Snapshot(0, 0, Double.NaN, new float[] {1, -0.0f, Float.NaN, 4, 5}),
                new Snapshot(10, 1, 0.5, new float[] {2, 3, 4, 5, 6}),
                new Snapshot(20, 2, 0.25, new float[] {-1, -2, -3, -4, Float.MIN_VALUE}));
    }

    private Path v1Run() throws IOException {
        Path run = Files.createDirectories(dir.resolve("v1-run"));
        Files.writeString(run.resolve(RunFiles.MANIFEST), v1Manifest(1, "complete", "2025-06-01T11:00:00Z"),
                StandardCharsets.UTF_8);
        writeV1Metrics(run.resolve(RunFiles.METRICS), Fixtures.metricRows(5), "1");
        writeV1Snapshots(run.resolve(RunFiles.SNAPSHOTS), v1Snapshots(), "1");
        Files.writeString(run.resolve(RunFiles.NETWORK), "{}");
        return run;
    }

    @Test
    void version1MetricsReadWithoutTheirCurvatureColumns() throws IOException {
        Path file = writeV1Metrics(dir.resolve(RunFiles.METRICS), Fixtures.metricRows(7), "1");
        ReadResult<MetricRow> read = MetricsReader.read(file, allocator, true);
        assertEquals(Fixtures.metricRows(7), read.rows());
        assertFalse(read.truncated());
        assertNull(read.runId());
        assertEquals("1", read.metadata().get(RunFiles.FORMAT_VERSION_KEY));
    }

    @Test
    void version1SnapshotsRead() throws IOException {
        Path file = writeV1Snapshots(dir.resolve(RunFiles.SNAPSHOTS), v1Snapshots(), "1");
        try (SnapshotReader reader = SnapshotReader.open(file, allocator, true)) {
            assertEquals(P, reader.parameterCount());
            assertEquals(3, reader.count());
            assertEquals(v1Snapshots().get(1), reader.read(1));
            List<Snapshot> all = new ArrayList<>();
            reader.forEach(all::add);
            assertEquals(v1Snapshots(), all);
            assertEquals(List.of(0L, 10L, 20L), reader.scalars().stream().map(r -> r.getLong(Snapshot.ITERATION))
                    .toList());
            assertArrayEquals(v1Snapshots().get(2).params(), reader.read(-1).params());
        }
    }

    @Test
    void version1ManifestReads() throws IOException {
        Path file = Files.writeString(dir.resolve(RunFiles.MANIFEST), v1Manifest(1, "interrupted",
                "2025-06-01T11:00:00Z"));
        RunManifest manifest = RunManifest.read(file);
        assertEquals(1, manifest.formatVersion());
        assertNull(manifest.runId());
        assertNull(manifest.failure());
        assertEquals(RunStatus.INTERRUPTED, manifest.status());
        assertEquals(Instant.parse("2025-06-01T11:00:00Z"), manifest.endTime());
        assertEquals(5, manifest.parameterCount());
        assertEquals(Map.of("snapshot_every", 10L), manifest.settings());
        assertEquals(Map.of(), manifest.streamMetadata());
    }

    @Test
    void aVersion1RunReadsThroughRunDirectoryAndRunSummary() throws IOException {
        Path run = v1Run();
        RunDirectory opened = RunDirectory.open(run);
        assertEquals(Fixtures.metricRows(5), opened.readMetrics(allocator).rows());
        try (SnapshotReader reader = opened.openSnapshots(allocator)) {
            assertEquals(3, reader.count());
        }
        RunSummary summary = RunSummary.read(run);
        assertEquals(3, summary.snapshots());
        assertEquals(0, summary.firstSnapshot());
        assertEquals(20, summary.lastSnapshot());
        assertEquals(2, summary.epochsCompleted());
        assertEquals(5, summary.metricRows());
        assertEquals(Fixtures.metricRows(5).get(4), summary.lastMetric());
        assertEquals(10_000_000_001L, summary.divergedAt(), "row 1's score is NaN");
        assertEquals(10_000_000_005L, summary.updates());
        assertEquals(List.of(), summary.problems());
        assertEquals(List.of("training diverged: the score or gradient norm is NaN or infinite from iteration"
                + " 10000000001 on"),
                summary.warnings());
        assertEquals(List.of(RunFiles.MANIFEST, RunFiles.METRICS, RunFiles.NETWORK, RunFiles.SNAPSHOTS),
                List.copyOf(summary.files().keySet()));
    }

    @Test
    void version3IsRefusedAskingToUpgrade() throws IOException {
        Path metrics = writeV1Metrics(dir.resolve("v3-metrics.arrows"), Fixtures.metricRows(2), "3");
        RunFormatException m = assertThrows(RunFormatException.class, () -> MetricsReader.read(metrics, allocator,
                false));
        assertEquals(metrics + ": was written in run format version 3, newer than this landscape4j reads (up to 2);"
                + " upgrade landscape4j to read it", m.getMessage());
        Path snapshots = writeV1Snapshots(dir.resolve("v3-snapshots.arrows"), v1Snapshots(), "3");
        RunFormatException s = assertThrows(RunFormatException.class, () -> SnapshotReader.open(snapshots, allocator,
                false));
        assertTrue(s.getMessage().endsWith("upgrade landscape4j to read it"), s.getMessage());
        Path manifest = Files.writeString(dir.resolve("v3.json"), v1Manifest(3, "complete", null));
        RunFormatException j = assertThrows(RunFormatException.class, () -> RunManifest.read(manifest));
        assertEquals(manifest + ": was written in run format version 3, newer than this landscape4j reads (up to 2);"
                + " upgrade landscape4j to read it", j.getMessage());
        Path run = v1Run();
        Files.writeString(run.resolve(RunFiles.MANIFEST), v1Manifest(3, "complete", null));
        assertThrows(RunFormatException.class, () -> RunSummary.read(run), "nothing to summarize without a manifest");
    }
}
