package org.landscape4j.direction;

import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.run.ArrowMemory;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.RunFormatException;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.run.VectorTableReader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Saving and loading directions through a results directory: values (rounded to float32 as stored), seeds,
 * kinds, sources, settings, cosines and the caller's provenance come back; the file is an ordinary vector
 * table whose {@code norm} column a reader can recompute exactly; a wrong P, a tampered vector and a settings
 * key clash are refused; no Arrow memory is left held.
 */
class DirectionTableTest {

    @TempDir
    Path dir;

    private long rootBefore;
    private BufferAllocator probe;

    @BeforeEach
    void setUp() {
        probe = ArrowMemory.child(null, "direction-table-test", Long.MAX_VALUE);
        rootBefore = probe.getParentAllocator().getAllocatedMemory();
    }

    @AfterEach
    void noLeak() {
        assertEquals(rootBefore, probe.getParentAllocator().getAllocatedMemory(), "Arrow memory released");
        probe.close();
    }

    static Provenance provenance() {
        return Provenance.of("run-1234", List.of(0L, 500L), Map.of("model", "snapshot 500", "examples", "64"),
                Map.of("slice", "plane"), Map.of("data", 9L));
    }

    private DirectionSet set() {
        ParameterLayout layout = NormalizerTest.LAYOUT;
        long p = layout.parameterCount();
        INDArray centre = Directions.random(1, p, DataType.DOUBLE).vector();
        INDArray other = Directions.random(2, p, DataType.DOUBLE).vector();
        List<Direction> raw = List.of(Directions.random(77, p, DataType.DOUBLE),
                Directions.difference(centre, other, "snapshot 0 → snapshot 500"));
        return DirectionSet.prepare(raw, centre, layout, new DirectionSettings(Normalization.LAYER, true), true);
    }

    @Test
    void roundTripThroughResults() throws Exception {
        DirectionSet set = set();
        Results results = Results.at(dir.resolve("results"));
        Path file = DirectionTable.save(results, "plane-directions", set, provenance());
        assertEquals(dir.resolve("results").resolve("plane-directions.arrows"), file);
        assertTrue(Files.isRegularFile(file));

        DirectionTable.LoadedDirections loaded = DirectionTable.load(file, NormalizerTest.P);
        DirectionSet back = loaded.directions();
        assertEquals(set.settings(), back.settings());
        assertEquals(set.orthogonalized(), back.orthogonalized());
        assertEquals(set.cosines(), back.cosines());
        assertEquals(2, back.size());
        for (int k = 0; k < 2; k++) {
            Direction want = set.get(k);
            Direction got = back.get(k);
            assertEquals(want.kind(), got.kind());
            assertEquals(want.seed(), got.seed());
            assertEquals(want.source(), got.source());
            assertEquals(DataType.FLOAT, got.vector().dataType());
            assertArrayEquals(want.vector().castTo(DataType.FLOAT).toFloatVector(), got.vector().toFloatVector(),
                    "direction " + k + " as stored: its values rounded to float32");
        }
        assertEquals(77L, back.get(0).seed());
        assertNull(back.get(1).seed());

        Provenance provenance = loaded.provenance();
        assertEquals("run-1234", provenance.runId());
        assertEquals(List.of(0L, 500L), provenance.sourceIterations());
        assertEquals("64", provenance.objective().get("examples"));
        assertEquals("plane", provenance.settings().get("slice"));
        assertEquals(Map.of("data", 9L, "direction_0", 77L), provenance.seeds());
        @SuppressWarnings("unchecked")
        Map<String, Object> own = (Map<String, Object>) provenance.settings().get(DirectionTable.SETTINGS_KEY);
        assertEquals("layer", own.get("normalization"));
        assertEquals(true, own.get("include_one_dimensional"));
        assertEquals(List.of("random", "difference"), own.get("kinds"));

        // an ordinary vector table: the generic reader sees the columns, and the norm is recomputable
        try (VectorTableReader reader = VectorTableReader.open(file, DirectionTable.TABLE, null, true)) {
            assertEquals(2, reader.rowCount());
            assertEquals(NormalizerTest.P, reader.vectorLength());
            assertEquals("directions", reader.metadata().get("landscape4j.table"));
            for (int k = 0; k < 2; k++) {
                ScalarRow row = reader.scalars(k);
                assertEquals(k, row.getInt("index"));
                float[] values = reader.read(k).vector();
                double squares = 0;
                for (float v : values) {
                    squares += (double) v * v;
                }
                assertEquals(Math.sqrt(squares), row.getDouble("norm"), 0.0, "norm of the stored floats");
            }
            assertTrue(reader.scalars(1).isNull("seed"));
            assertFalse(reader.scalars(0).isNull("seed"));
        }
    }

    @Test
    void wrongParameterCountIsRefusedNamingBoth() throws Exception {
        Path file = DirectionTable.save(Results.at(dir), "d", set(), provenance());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DirectionTable.load(file, 71));
        assertTrue(e.getMessage().contains("P = 70") && e.getMessage().contains("P = 71"), e.getMessage());
    }

    /** A row whose values do not have the norm its norm column states was altered: refused. */
    @Test
    void tamperedValuesAreRefused() throws Exception {
        DirectionSet set = set();
        Path file = DirectionTable.save(Results.at(dir), "d", set, provenance());
        Provenance written = DirectionTable.load(file, NormalizerTest.P).provenance();
        Results results = Results.at(dir.resolve("forged"));
        try (PendingResult pending = results.startVectors("d", DirectionTable.TABLE, NormalizerTest.P, written)) {
            for (int k = 0; k < 2; k++) {
                INDArray vector = set.get(k).vector().dup();
                if (k == 1) {
                    vector.putScalar(0, vector.getDouble(0) + 1);
                }
                pending.write(new Object[]{k, DirectionTable.storedNorm(set.get(k).vector()), set.get(k).seed()},
                        vector);
            }
            pending.commit();
        }
        RunFormatException e = assertThrows(RunFormatException.class,
                () -> DirectionTable.load(dir.resolve("forged").resolve("d.arrows"), NormalizerTest.P));
        assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("altered"), e.getMessage());
    }

    @Test
    void settingsKeyClashIsRefused() {
        Provenance clash = Provenance.of(null, List.of(), Map.of(), Map.of("directions", "mine"), Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DirectionTable.save(Results.at(dir), "d", set(), clash));
        assertTrue(e.getMessage().contains("'directions'"), e.getMessage());
        Provenance seeds = Provenance.of(null, List.of(), Map.of(), Map.of(), Map.of("direction_0", 1L));
        e = assertThrows(IllegalArgumentException.class, () -> DirectionTable.save(Results.at(dir), "d", set(), seeds));
        assertTrue(e.getMessage().contains("77"), e.getMessage());
    }

    /** A float direction is stored exactly; a one-direction set has no cosines and is not orthogonalized. */
    @Test
    void singleFloatDirection() throws Exception {
        ParameterLayout layout = NormalizerTest.LAYOUT;
        INDArray centre = Directions.random(5, layout.parameterCount(), DataType.FLOAT).vector();
        DirectionSet set = DirectionSet.prepare(List.of(Directions.random(6, layout.parameterCount(),
                DataType.FLOAT)), centre, layout, DirectionSettings.DEFAULT, true);
        Path file = DirectionTable.save(Results.at(dir), "line", set, Provenance.of(null, List.of(), Map.of(),
                Map.of(), Map.of()));
        DirectionSet back = DirectionTable.load(file, layout.parameterCount()).directions();
        assertArrayEquals(set.get(0).vector().toFloatVector(), back.get(0).vector().toFloatVector());
        assertFalse(back.orthogonalized());
        assertTrue(back.cosines().isEmpty());
        assertEquals(DirectionSettings.DEFAULT, back.settings());
        assertEquals(Nd4j.createFromArray(set.get(0).vector().toFloatVector()), back.get(0).vector());
    }
}
