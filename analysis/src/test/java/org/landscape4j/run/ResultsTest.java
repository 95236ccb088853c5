package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The results home ({@link Results}, {@link PendingResult}, {@link Provenance}): a result is written under a
 * temporary name and renamed to {@code NAME.arrows} on commit, its provenance readable back from the schema
 * metadata; a computation killed half-way (rows flushed, then abandoned without commit, or its last batch torn)
 * leaves a partial file that a restart with equal provenance resumes — the completed rows are handed back and the
 * final file holds old and new rows exactly once — while different provenance, another table or another P
 * discards it; hostile names are refused; {@link Results#list()} reports each result's kind, rows and
 * provenance. All without Arrow memory left allocated in the process's root.
 */
class ResultsTest {

    /** The points of a 2-D slice: grid indices, loss, an optional accuracy. */
    static final TableSchema SURFACE = TableSchema.ofRows("surface", "surface.arrows", List.of(
            Column.required("i", ColumnType.INT32),
            Column.required("j", ColumnType.INT32),
            Column.required("loss", ColumnType.FLOAT64),
            Column.optional("accuracy", ColumnType.FLOAT64)));

    static final int P = 23;

    @TempDir
    Path dir;

    private Results results;
    private BufferAllocator allocator;
    private long rootBefore;

    @BeforeEach
    void setUp() {
        results = Results.at(dir.resolve(RunFiles.RESULTS));
        allocator = Fixtures.allocator("results-test");
        rootBefore = allocator.getParentAllocator().getAllocatedMemory();
    }

    @AfterEach
    void noLeak() {
        Fixtures.closeChecked(allocator);
        assertEquals(rootBefore, allocator.getParentAllocator().getAllocatedMemory(),
                "the results writers released their memory in the root allocator");
    }

    static Provenance provenance(String normalization) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("grid", List.of(3, 4));
        settings.put("normalization", normalization);
        settings.put("range", Map.of("min", -1.0, "max", 1.0));
        return Provenance.of(Fixtures.RUN_ID, List.of(0L, 10L, 20L), Map.of("model", "run", "examples", "128"),
                settings, Map.of("directions", 7L));
    }

    static Object[] point(int n) {
        return new Object[] {n / 4, n % 4, n == 5 ? Double.NaN : 0.5 * n, n % 3 == 0 ? null : 0.1 * n};
    }

    static List<ScalarRow> points(int from, int to) {
        List<ScalarRow> rows = new ArrayList<>();
        for (int n = from; n < to; n++) {
            rows.add(new ScalarRow(SURFACE, point(n)));
        }
        return rows;
    }

    @Test
    void commitRenamesToTheFinalNameWithItsProvenance() throws IOException {
        Provenance provenance = provenance("filter");
        Path committed;
        try (PendingResult pending = results.startRows("surface", SURFACE, provenance, 4)) {
            assertEquals(dir.resolve("results/surface.arrows"), pending.target());
            assertEquals(dir.resolve("results/.surface.arrows.partial"), pending.partialFile());
            assertEquals(List.of(), pending.resumedRows());
            for (int n = 0; n < 12; n++) {
                pending.append(point(n));
            }
            assertTrue(Files.exists(pending.partialFile()));
            assertFalse(Files.exists(pending.target()), "no reader sees a result before it is complete");
            committed = pending.commit();
            assertThrows(IllegalStateException.class, () -> pending.append(point(0)));
            assertThrows(IllegalStateException.class, pending::commit);
        }
        assertEquals(dir.resolve("results/surface.arrows"), committed);
        assertEquals(List.of("surface.arrows"), names(dir.resolve(RunFiles.RESULTS)), "the partial file is gone");
        ReadResult<ScalarRow> read = RowStreamReader.read(committed, SURFACE, allocator, true);
        assertEquals(points(0, 12), read.rows());
        assertFalse(read.truncated());
        assertEquals(provenance, Provenance.fromMetadata(read.metadata()));
        Instant created = Instant.parse(read.metadata().get(Provenance.CREATED_KEY));
        assertFalse(created.isAfter(Instant.now()));
        assertEquals("surface", read.metadata().get(RunFiles.TABLE_KEY));
        assertEquals(Fixtures.RUN_ID, read.runId());
        assertEquals("[0,10,20]", read.metadata().get(Provenance.SOURCE_ITERATIONS_KEY));

        // a new computation of the same name replaces the old result when it commits
        try (PendingResult again = results.startRows("surface", SURFACE, provenance("layer"), 4)) {
            again.append(point(3));
            assertEquals(points(0, 12), RowStreamReader.read(committed, SURFACE, allocator, true).rows(),
                    "the old result stays until the new one commits");
            again.commit();
        }
        ReadResult<ScalarRow> replaced = RowStreamReader.read(committed, SURFACE, allocator, true);
        assertEquals(points(3, 4), replaced.rows());
        assertEquals(provenance("layer"), Provenance.fromMetadata(replaced.metadata()));
    }

    /**
     * What a computation that skips completed results reads: the committed result's provenance (none for a partial,
     * another table or a torn file), equal as a computation to the one it was written with, whatever the settings
     * named as not mattering (where it ran) say.
     */
    @Test
    void aCommittedResultTellsWhetherItIsTheSameComputation() throws IOException {
        assertTrue(results.committed("surface", SURFACE).isEmpty(), "nothing yet");
        Map<String, Object> onCluster = new LinkedHashMap<>(provenance("filter").settings());
        onCluster.put("spark", Map.of("master", "spark://head:7077", "tasks", 1));
        Provenance written = Provenance.of(Fixtures.RUN_ID, List.of(0L, 10L, 20L), Map.of("model", "run",
                "examples", "128"), onCluster, Map.of("directions", 7L));
        try (PendingResult pending = results.startRows("surface", SURFACE, written, 4)) {
            pending.append(point(1));
            pending.flush();
            assertTrue(results.committed("surface", SURFACE).isEmpty(), "a partial result is not complete");
            pending.commit();
        }
        Provenance read = results.committed("surface", SURFACE).orElseThrow();
        assertTrue(read.sameComputation(written, java.util.Set.of()), "read back: the same identity");
        assertFalse(read.sameComputation(provenance("filter"), java.util.Set.of()), "it ran elsewhere");
        assertTrue(read.sameComputation(provenance("filter"), java.util.Set.of("spark")));
        assertFalse(read.sameComputation(provenance("layer"), java.util.Set.of("spark")), "other settings");
        TableSchema other = TableSchema.ofRows("line", "line.arrows", List.of(Column.required("i",
                ColumnType.INT32)));
        assertTrue(results.committed("surface", other).isEmpty(), "another table");
        Path file = results.file("surface");
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), (int) Files.size(file) - 9));
        assertTrue(results.committed("surface", SURFACE).isEmpty(), "a torn file is computed again");
    }

    @Test
    void aVectorResultCommitsWithItsProvenance() throws IOException {
        Provenance provenance = provenance("filter");
        List<VectorRow> written = new ArrayList<>();
        try (PendingResult pending = results.startVectors("directions", NodeArrowCompatibilityTest.DIRECTIONS, P,
                provenance)) {
            for (int k = 0; k < 3; k++) {
                Object[] cells = {k, k == 0 ? null : 0.25 * k, Boolean.TRUE};
                pending.write(cells, Fixtures.params(P, k));
                written.add(new VectorRow(new ScalarRow(NodeArrowCompatibilityTest.DIRECTIONS, cells),
                        Fixtures.params(P, k)));
            }
            assertThrows(IllegalStateException.class, () -> pending.append(point(0)), "not a table of rows");
            pending.commit();
        }
        try (VectorTableReader reader = VectorTableReader.open(dir.resolve("results/directions.arrows"),
                NodeArrowCompatibilityTest.DIRECTIONS, allocator, true)) {
            assertEquals(3, reader.rowCount());
            for (int k = 0; k < 3; k++) {
                assertEquals(written.get(k), reader.read(k));
            }
            assertEquals(provenance, Provenance.fromMetadata(reader.metadata()));
            assertEquals(Integer.toString(P), reader.metadata().get(RunFiles.PARAMETER_COUNT_KEY));
        }
    }

    @Test
    void aComputationKilledHalfWayResumesWithEqualProvenance() throws IOException {
        try (PendingResult first = results.startRows("surface", SURFACE, provenance("filter"), 2)) {
            for (int n = 0; n < 5; n++) {
                first.append(point(n));
            }
            first.flush();
            // abandoned here: no commit (the process was killed, or the computation failed)
        }
        assertFalse(Files.exists(dir.resolve("results/surface.arrows")));
        assertTrue(Files.exists(dir.resolve("results/.surface.arrows.partial")));
        assertTrue(results.list().isEmpty(), "a partial result is not a result");
        // a restart: the same computation, its provenance built anew (equal, not the same object)
        try (PendingResult second = results.startRows("surface", SURFACE, provenance("filter"), 2)) {
            assertEquals(points(0, 5), second.resumedRows(), "the rows already done");
            for (int n = 5; n < 12; n++) {
                second.append(point(n));
            }
            second.commit();
        }
        ReadResult<ScalarRow> read = RowStreamReader.read(dir.resolve("results/surface.arrows"), SURFACE, allocator,
                true);
        assertEquals(points(0, 12), read.rows(), "every row exactly once");
        assertEquals(List.of("surface.arrows"), names(dir.resolve(RunFiles.RESULTS)));
    }

    @Test
    void equalProvenanceResumesWhateverTheOrderItsSettingsWereGivenIn() throws IOException {
        // A restart is a new JVM, where Map.of iterates in another order: equal settings must be equal provenance.
        Map<String, Object> forward = new LinkedHashMap<>();
        forward.put("grid", List.of(3, 4));
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("kind", "filter");
        filter.put("ignore_biases", true);
        forward.put("normalization", filter);
        Map<String, Object> normalization = new LinkedHashMap<>();
        normalization.put("ignore_biases", true);
        normalization.put("kind", "filter");
        Map<String, Object> backward = new LinkedHashMap<>();
        backward.put("normalization", normalization);
        backward.put("grid", List.of(3, 4));
        Provenance a = Provenance.of(null, List.of(), Map.of(), forward, Map.of());
        Provenance b = Provenance.of(null, List.of(), Map.of(), backward, Map.of());
        assertEquals(a, b);
        try (PendingResult first = results.startRows("surface", SURFACE, a, 1)) {
            first.append(point(0));
        }
        try (PendingResult second = results.startRows("surface", SURFACE, b, 1)) {
            assertEquals(points(0, 1), second.resumedRows());
            second.append(point(1));
            second.commit();
        }
        assertEquals(points(0, 2), RowStreamReader.read(dir.resolve("results/surface.arrows"), SURFACE, allocator,
                true).rows());
    }

    @Test
    void aTornLastBatchIsDroppedAndRedone() throws IOException {
        try (PendingResult first = results.startRows("surface", SURFACE, provenance("filter"), 2)) {
            for (int n = 0; n < 6; n++) {
                first.append(point(n));
            }
        }
        Path partial = dir.resolve("results/.surface.arrows.partial");
        byte[] bytes = Files.readAllBytes(partial);
        List<Fixtures.MessageSpan> batches = Fixtures.batches(bytes);
        assertEquals(3, batches.size());
        assertEquals(bytes.length, batches.get(2).end(), "abandoned: no end-of-stream marker");
        Files.write(partial, Arrays.copyOf(bytes, (int) batches.get(2).end() - 5)); // killed inside the last batch
        try (PendingResult second = results.startRows("surface", SURFACE, provenance("filter"), 3)) {
            assertEquals(points(0, 4), second.resumedRows(), "the complete batches only");
            for (int n = 4; n < 10; n++) {
                second.append(point(n));
            }
            second.commit();
        }
        assertEquals(points(0, 10), RowStreamReader.read(dir.resolve("results/surface.arrows"), SURFACE, allocator,
                true).rows());

        // the same for a vector table: three rows written, the third torn
        TableSchema table = NodeArrowCompatibilityTest.DIRECTIONS;
        try (PendingResult first = results.startVectors("directions", table, P, provenance("filter"))) {
            for (int k = 0; k < 3; k++) {
                first.write(new Object[] {k, 0.5 * k, null}, Fixtures.params(P, k));
            }
        }
        Path vectors = dir.resolve("results/.directions.arrows.partial");
        byte[] vectorBytes = Files.readAllBytes(vectors);
        Files.write(vectors, Arrays.copyOf(vectorBytes, vectorBytes.length - 17));
        try (PendingResult second = results.startVectors("directions", table, P, provenance("filter"))) {
            assertEquals(List.of(new ScalarRow(table, new Object[] {0, 0.0, null}),
                    new ScalarRow(table, new Object[] {1, 0.5, null})), second.resumedRows());
            for (int k = 2; k < 5; k++) {
                second.write(new Object[] {k, 0.5 * k, null}, Fixtures.params(P, k));
            }
            second.commit();
        }
        try (VectorTableReader reader = VectorTableReader.open(dir.resolve("results/directions.arrows"), table,
                allocator, true)) {
            assertEquals(5, reader.rowCount());
            for (int k = 0; k < 5; k++) {
                VectorRow row = reader.read(k);
                assertEquals(new ScalarRow(table, new Object[] {k, 0.5 * k, null}), row.scalars());
                assertArrayEquals(Fixtures.params(P, k), row.vector());
            }
        }
    }

    @Test
    void aPartialOfAnotherComputationIsDiscarded() throws IOException {
        try (PendingResult first = results.startRows("surface", SURFACE, provenance("filter"), 1)) {
            for (int n = 0; n < 3; n++) {
                first.append(point(n));
            }
        }
        try (PendingResult other = results.startRows("surface", SURFACE, provenance("layer"), 1)) {
            assertEquals(List.of(), other.resumedRows(), "other settings: start over");
            other.append(point(7));
            other.commit();
        }
        assertEquals(points(7, 8), RowStreamReader.read(dir.resolve("results/surface.arrows"), SURFACE, allocator,
                true).rows());
        // another table under the same name
        TableSchema wider = TableSchema.ofRows("surface", "surface.arrows", List.of(
                Column.required("i", ColumnType.INT32), Column.required("j", ColumnType.INT32),
                Column.required("loss", ColumnType.FLOAT64), Column.optional("accuracy", ColumnType.FLOAT64),
                Column.optional("lambda_max", ColumnType.FLOAT64)));
        try (PendingResult first = results.startRows("other", SURFACE, provenance("filter"), 1)) {
            first.append(point(1));
        }
        try (PendingResult second = results.startRows("other", wider, provenance("filter"), 1)) {
            assertEquals(List.of(), second.resumedRows());
        }
        // a partial file that is not a stream, and one without any schema metadata (not written by Results)
        Files.writeString(dir.resolve("results/.garbage.arrows.partial"), "not arrow");
        Path bare = dir.resolve("results/.bare.arrows.partial");
        try (org.apache.arrow.vector.VectorSchemaRoot root = org.apache.arrow.vector.VectorSchemaRoot.create(
                new org.apache.arrow.vector.types.pojo.Schema(SURFACE.arrowSchema(0, Map.of()).getFields()), allocator);
             java.io.OutputStream out = Files.newOutputStream(bare);
             org.apache.arrow.vector.ipc.ArrowStreamWriter writer = new org.apache.arrow.vector.ipc.ArrowStreamWriter(
                     root, null, out)) {
            writer.start();
        }
        for (String name : List.of("garbage", "bare")) {
            try (PendingResult fresh = results.startRows(name, SURFACE, provenance("filter"), 1)) {
                assertEquals(List.of(), fresh.resumedRows(), name);
                fresh.append(point(2));
                fresh.commit();
            }
            assertEquals(points(2, 3), RowStreamReader.read(dir.resolve("results/" + name + ".arrows"), SURFACE,
                    allocator, true).rows());
        }
        // vectors of another P
        TableSchema table = NodeArrowCompatibilityTest.DIRECTIONS;
        try (PendingResult first = results.startVectors("directions", table, P, provenance("filter"))) {
            first.write(new Object[] {0, null, null}, new float[P]);
        }
        try (PendingResult second = results.startVectors("directions", table, P + 1, provenance("filter"))) {
            assertEquals(List.of(), second.resumedRows());
            second.write(new Object[] {0, null, null}, new float[P + 1]);
            second.commit();
        }
        try (VectorTableReader reader = VectorTableReader.open(dir.resolve("results/directions.arrows"), table,
                allocator, true)) {
            assertEquals(P + 1, reader.vectorLength());
            assertEquals(1, reader.rowCount());
        }
    }

    @Test
    void hostileResultNamesAreRefused() {
        for (String name : new String[] {"../escape", "a/b", "/abs", ".hidden", "", "x".repeat(121), "name.partial",
            "a b", "tab\there", "\u001b]0;title\u0007", "new\nline", "semi;colon", "ü", "..", "."}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> results.file(name), name);
            assertTrue(e.getMessage().startsWith("result name " + SafeText.quote(name) + " is not allowed"),
                    e.getMessage());
            Fixtures.assertPrintable(e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> results.startRows(name, SURFACE, provenance("filter"), 1));
        }
        assertThrows(IllegalArgumentException.class, () -> results.file(null));
        assertEquals(dir.resolve("results/pca-2.components_v1.arrows"), results.file("pca-2.components_v1"));
        assertEquals(dir.resolve("results/" + "x".repeat(120) + ".arrows"), results.file("x".repeat(120)));
        assertFalse(Files.exists(dir.resolve(RunFiles.RESULTS)), "nothing was created");
    }

    @Test
    void listReportsKindRowsAndProvenance() throws IOException {
        assertEquals(List.of(), results.list(), "no results directory yet");
        try (PendingResult surface = results.startRows("surface", SURFACE, provenance("filter"), 4)) {
            for (int n = 0; n < 10; n++) {
                surface.append(point(n));
            }
            surface.commit();
        }
        try (PendingResult directions = results.startVectors("directions", NodeArrowCompatibilityTest.DIRECTIONS, P,
                provenance("layer"))) {
            for (int k = 0; k < 3; k++) {
                directions.write(new Object[] {k, null, null}, new float[P]);
            }
            directions.commit();
        }
        try (PendingResult unfinished = results.startRows("unfinished", SURFACE, provenance("filter"), 1)) {
            unfinished.append(point(0));
        }
        Path broken = Files.writeString(dir.resolve("results/broken.arrows"), "not arrow");
        Path foreign = dir.resolve("results/foreign.arrows");
        new RowStreamWriter(foreign, SURFACE, Map.of(), 1, allocator).close();
        List<Results.ResultInfo> list = results.list();
        assertEquals(List.of("broken", "directions", "foreign", "surface"),
                list.stream().map(Results.ResultInfo::name).toList(), "complete results only, by name");
        Results.ResultInfo b = list.get(0);
        assertEquals(broken, b.file());
        assertEquals("?", b.kind());
        assertNull(b.provenance());
        assertTrue(b.problem().startsWith(broken + ": is not an Arrow IPC stream"), b.problem());
        Results.ResultInfo d = list.get(1);
        assertEquals(new Results.ResultInfo("directions", dir.resolve("results/directions.arrows"), "directions", 3,
                provenance("layer"), null), d);
        Results.ResultInfo f = list.get(2);
        assertEquals("surface", f.kind());
        assertEquals(0, f.rows());
        assertNull(f.provenance());
        assertEquals("the result's provenance metadata is malformed: schema metadata lacks "
                + Provenance.SOURCE_ITERATIONS_KEY, f.problem());
        assertEquals(new Results.ResultInfo("surface", dir.resolve("results/surface.arrows"), "surface", 10,
                provenance("filter"), null), list.get(3), "10 rows in 3 record batches");
    }

    @Test
    void resultsOfARunLiveInItsResultsDirectory() throws IOException {
        Path run = dir.resolve("run");
        Fixtures.writeRun(run, Fixtures.completeManifest(), 1, 1, 0, allocator);
        Results ofRun = Results.of(RunDirectory.open(run));
        assertEquals(run.resolve(RunFiles.RESULTS), ofRun.directory());
        try (PendingResult pending = ofRun.startRows("surface", SURFACE, provenance("filter"), 1)) {
            pending.append(point(1));
            pending.commit();
        }
        assertEquals(List.of(run.resolve(RunFiles.MANIFEST), run.resolve(RunFiles.METRICS),
                run.resolve("results/surface.arrows"), run.resolve(RunFiles.SNAPSHOTS)),
                RunDirectory.open(run).files().stream().filter(p -> !p.endsWith(RunFiles.CURVATURE)).toList());
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
