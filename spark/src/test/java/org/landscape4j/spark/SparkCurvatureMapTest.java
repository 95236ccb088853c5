package org.landscape4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.curvature.CurvatureMap;
import org.landscape4j.curvature.EigenWork;
import org.landscape4j.curvature.LanczosSettings;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;

/**
 * The |λmin/λmax| map (Li et al. 2018, Fig. 7) through Spark: {@code local[2]} tasks evaluate {@link EigenWork} with
 * the DOUBLE twin of the spec, as the local {@link CurvatureMap} does with the local workers, and write the same table
 * with the same numbers bit for bit (a 4-5-3 tanh classifier, 3×3 plane); a map whose job failed half-way is
 * resumed with only the missing points.
 */
class SparkCurvatureMapTest {

    @TempDir
    static Path dir;

    static SparkFixtures.Inputs inputs;
    static final LanczosSettings LANCZOS = LanczosSettings.defaults().withMaxSteps(20);
    static final GridSpec GRID = GridSpec.square(3, -1, 1);

    @BeforeAll
    static void setUp() throws IOException {
        inputs = SparkFixtures.tiny(dir, 120);
    }

    private static Provenance provenance(ObjectiveFactory doubles) {
        return Provenance.of(null, List.of(), doubles.provenance(), Map.of("lanczos", Map.of("max_steps", 20)),
                Map.of("direction_0", 0L));
    }

    /** The local map: 2 workers on the DOUBLE twin of the FLOAT factory, as {@code surface --eigen} computes it. */
    private static List<CurvatureMap.Point> local(Slice slice, Results results) throws IOException {
        ObjectiveFactory doubles = inputs.factory().withPrecision(Precision.DOUBLE);
        try (PendingResult pending = results.startRows("local", CurvatureMap.TABLE, provenance(doubles), 64)) {
            CurvatureMap.evaluate(slice, GRID, doubles, LANCZOS, 2, pending, (done, total) -> { });
            pending.commit();
        }
        return CurvatureMap.read(results.file("local"));
    }

    @Test
    void anEigenvalueMapOnLocal2IsBitIdenticalToTheLocalMap() throws IOException {
        Slice plane = inputs.plane();
        Results results = Results.at(dir.resolve("map"));
        List<CurvatureMap.Point> local = local(plane, results);

        SparkGridEvaluator evaluator = SparkGridEvaluator.builder(SparkFixtures.cluster()).build();
        Provenance provenance = provenance(inputs.factory().withPrecision(Precision.DOUBLE));
        List<CurvatureMap.Point> seen = new ArrayList<>();
        SparkOutcome outcome = evaluator.evaluate(inputs.spec().withPrecision(Precision.DOUBLE),
                new EigenWork(LANCZOS), plane, GRID, results, "spark", provenance, seen::add);

        List<CurvatureMap.Point> spark = CurvatureMap.read(results.file("spark"));
        assertEquals(9, spark.size());
        assertEquals(Set.copyOf(local), Set.copyOf(spark), "every point bit for bit (boxed doubles compare bits)");
        assertEquals(Set.copyOf(spark), Set.copyOf(seen));
        for (CurvatureMap.Point point : spark) {
            assertNotNull(point.lambdaMax(), "Lanczos converged at " + point);
            assertTrue(point.products() > 0);
        }
        assertEquals(4, outcome.tasks(), "two tasks per slot of local[2]");
        assertEquals(9, outcome.grid().evaluated());

        Provenance written = results.list().stream().filter(info -> info.name().equals("spark")).findFirst()
                .orElseThrow().provenance();
        Map<String, Object> settings = new LinkedHashMap<>(written.settings());
        @SuppressWarnings("unchecked")
        Map<String, Object> spark2 = (Map<String, Object>) settings.remove(SparkGridEvaluator.SETTING);
        assertEquals("local[2,2]", spark2.get("master"));
        assertEquals(provenance.settings(), settings, "the local map's settings, plus \"spark\"");
        assertEquals(provenance.objective(), written.objective(), "the DOUBLE objective's provenance");
        assertEquals(CurvatureMap.KIND, results.list().stream().filter(info -> info.name().equals("spark"))
                .findFirst().orElseThrow().kind());
    }

    @Test
    void aFailedEigenvalueJobIsResumedWithOnlyTheMissingPoints() throws IOException {
        Slice plane = inputs.plane();
        Results results = Results.at(dir.resolve("resume"));
        List<CurvatureMap.Point> local = local(plane, results);
        Provenance provenance = provenance(inputs.factory().withPrecision(Precision.DOUBLE));
        EigenWork work = new EigenWork(LANCZOS);

        // 3 tasks of 3 points; the last fails at every attempt after the first two could complete on the 2 slots
        SparkGridEvaluator failing = SparkGridEvaluator.builder(SparkFixtures.cluster()).tasks(3)
                .taskHook((partition, attempt) -> {
                    if (partition == 2) {
                        throw new IllegalStateException("injected failure of task 2, attempt " + attempt);
                    }
                }).build();
        SparkGridException failed = assertThrows(SparkGridException.class, () -> failing.evaluate(
                inputs.spec().withPrecision(Precision.DOUBLE), work, plane, GRID, results, "spark", provenance,
                point -> { }));
        assertTrue(failed.getMessage().contains("injected failure of task 2"), failed.getMessage());
        assertFalse(Files.exists(results.file("spark")), "no committed map");

        SparkGridEvaluator evaluator = SparkGridEvaluator.builder(SparkFixtures.cluster()).tasks(3).build();
        SparkOutcome outcome;
        int kept;
        try (PendingResult pending = results.startRows("spark", CurvatureMap.TABLE,
                evaluator.withSpark(provenance, plane, GRID), 64)) {
            kept = pending.resumedRows().size();
            assertTrue(kept == 3 || kept == 6, "whole tasks of 3 points were kept: " + kept);
            outcome = evaluator.evaluate(inputs.spec().withPrecision(Precision.DOUBLE), work, plane, GRID, pending,
                    point -> { }, () -> false);
            pending.commit();
        }
        assertEquals(kept, outcome.grid().resumed());
        assertEquals(9 - kept, outcome.grid().evaluated(), "only the missing points were evaluated");
        assertEquals(Set.copyOf(local), Set.copyOf(CurvatureMap.read(results.file("spark"))));
    }
}
