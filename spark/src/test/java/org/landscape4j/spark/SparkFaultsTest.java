package org.landscape4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.landscape4j.run.PendingResult;
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
 * Faults Spark recovers from, and those it leaves to a re-run: a task that throws once is retried by
 * {@code local[2,2]} and the grid is complete and identical; a job that fails half-way leaves the completed tasks'
 * points in the partial result, and the same computation run again evaluates only the missing points.
 */
class SparkFaultsTest {

    @TempDir
    static Path dir;

    static SparkFixtures.Inputs inputs;

    @BeforeAll
    static void setUp() throws IOException {
        inputs = SparkFixtures.inputs(dir, 200);
    }

    @Test
    void aTaskThatThrowsOnceIsRetriedAndTheGridIsIdentical() throws IOException {
        Slice plane = inputs.plane();
        GridSpec grid = GridSpec.square(4, -1, 1);
        Results results = Results.at(dir.resolve("retry"));
        List<SlicePoint> local = SparkFixtures.local(inputs, plane, grid, results, "local");

        SparkSummary summary = SparkGridEvaluator.builder(SparkFixtures.cluster()).tasks(4)
                .taskHook((partition, attempt) -> {
                    if (partition == 1 && attempt == 0) {
                        throw new IllegalStateException("injected failure of task 1, first attempt");
                    }
                }).build()
                .evaluate(inputs.spec(), plane, grid, results, "spark", SparkFixtures.provenance(plane, grid,
                        inputs.factory()));

        assertEquals(1, summary.retried(), "task 1 succeeded at its second attempt");
        assertEquals(16, summary.slice().evaluated());
        SparkFixtures.assertSamePoints(local, SliceTable.read(results.file("spark")));
    }

    @Test
    void aJobThatFailsHalfWayIsResumedWithOnlyTheMissingPoints() throws IOException {
        Slice plane = inputs.plane();
        GridSpec grid = GridSpec.square(4, -1, 1);
        Results results = Results.at(dir.resolve("resume"));
        List<SlicePoint> local = SparkFixtures.local(inputs, plane, grid, results, "local");
        Provenance provenance = SparkFixtures.provenance(plane, grid, inputs.factory());

        // the last of 4 tasks fails at every attempt: tasks 0 and 1 run first on the 2 slots, so at least one of
        // them completed (and was written) before task 3 could start and fail the job
        SparkGridEvaluator failing = SparkGridEvaluator.builder(SparkFixtures.cluster()).tasks(4)
                .taskHook((partition, attempt) -> {
                    if (partition == 3) {
                        throw new IllegalStateException("injected failure of task 3, attempt " + attempt);
                    }
                }).build();
        SparkGridException failed = assertThrows(SparkGridException.class, () -> failing.evaluate(inputs.spec(),
                plane, grid, results, "spark", provenance));
        assertTrue(failed.getMessage().contains("injected failure of task 3"), failed.getMessage());
        assertTrue(failed.getMessage().contains("resumes"), failed.getMessage());
        assertFalse(Files.exists(results.file("spark")), "no committed result");

        SparkGridEvaluator evaluator = SparkGridEvaluator.builder(SparkFixtures.cluster()).tasks(4).build();
        java.util.Map<String, Object> settings = new java.util.LinkedHashMap<>(provenance.settings());
        settings.putAll(evaluator.provenanceSettings(plane, grid));
        Provenance withSpark = new Provenance(provenance.runId(), provenance.sourceIterations(),
                provenance.objective(), settings, provenance.seeds(), provenance.version());
        SparkSummary summary;
        int kept;
        try (PendingResult pending = results.startRows("spark", SliceTable.TABLE, withSpark,
                SliceTable.ROWS_PER_BATCH)) {
            kept = pending.resumedRows().size();
            assertTrue(kept >= 4 && kept <= 12 && kept % 4 == 0, "whole tasks of 4 points were kept: " + kept);
            summary = evaluator.evaluate(inputs.spec(), plane, grid, pending, () -> false);
            pending.commit();
        }
        assertEquals(kept, summary.slice().resumed());
        assertEquals(16 - kept, summary.slice().evaluated(), "only the missing points were evaluated");
        SparkFixtures.assertSamePoints(local, SliceTable.read(results.file("spark")));
    }
}
