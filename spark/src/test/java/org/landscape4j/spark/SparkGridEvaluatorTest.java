package org.landscape4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceTable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's {@code local[2]} evaluation of a plane and a line gives the local evaluator's numbers bit for bit, written
 * to the same table with the same provenance plus the Spark master and task count.
 */
class SparkGridEvaluatorTest {

    @TempDir
    static Path dir;

    static SparkFixtures.Inputs inputs;

    @BeforeAll
    static void setUp() throws IOException {
        inputs = SparkFixtures.inputs(dir, 300);
    }

    @Test
    void planeOnLocal2IsBitIdenticalToTheLocalEvaluator() throws IOException {
        Slice plane = inputs.plane();
        GridSpec grid = GridSpec.square(5, -1, 1);
        Results results = Results.at(dir.resolve("plane"));
        List<SlicePoint> local = SparkFixtures.local(inputs, plane, grid, results, "local");

        SparkGridEvaluator evaluator = SparkGridEvaluator.builder(SparkFixtures.cluster()).build();
        Provenance provenance = SparkFixtures.provenance(plane, grid, inputs.factory());
        SparkSummary summary = evaluator.evaluate(inputs.spec(), plane, grid, results, "spark", provenance);

        List<SlicePoint> spark = SliceTable.read(results.file("spark"));
        SparkFixtures.assertSamePoints(local, spark);
        assertEquals(25, summary.slice().points());
        assertEquals(25, summary.slice().evaluated());
        assertEquals(4, summary.tasks(), "two tasks per slot of local[2]");
        assertEquals(0, summary.retried());
        assertFalse(summary.executors().isEmpty());
        assertTrue(summary.executors().values().iterator().next().contains("OPENBLAS_NUM_THREADS"));

        Provenance written = Results.at(results.directory()).list().stream()
                .filter(info -> info.name().equals("spark")).findFirst().orElseThrow().provenance();
        Map<String, Object> settings = new java.util.LinkedHashMap<>(written.settings());
        @SuppressWarnings("unchecked")
        Map<String, Object> spark2 = (Map<String, Object>) settings.remove(SparkGridEvaluator.SETTING);
        assertEquals("local[2,2]", spark2.get("master"));
        assertEquals(4, ((Number) spark2.get("tasks")).intValue());
        assertEquals(provenance.settings(), settings, "the local slice's settings, plus \"spark\"");
        assertEquals(provenance.objective(), written.objective(), "the local slice's objective provenance");
        assertEquals(summary.slice().minimum(), local.stream().filter(p -> p.equals(summary.slice().minimum()))
                .findFirst().orElseThrow());
    }

    @Test
    void lineOnLocal2IsBitIdenticalToTheLocalEvaluator() throws IOException {
        Slice line = inputs.line();
        GridSpec grid = GridSpec.line(9, -1, 1);
        Results results = Results.at(dir.resolve("line"));
        List<SlicePoint> local = SparkFixtures.local(inputs, line, grid, results, "local");

        SparkSummary summary = SparkGridEvaluator.builder(SparkFixtures.cluster()).tasks(3).build()
                .evaluate(inputs.spec(), line, grid, results, "spark", SparkFixtures.provenance(line, grid,
                        inputs.factory()));

        SparkFixtures.assertSamePoints(local, SliceTable.read(results.file("spark")));
        assertEquals(3, summary.tasks());
        assertTrue(Files.exists(results.file("spark")));
    }
}
