package org.landscape4j.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.run.ReadResult;
import org.landscape4j.run.Results;
import org.landscape4j.run.RowStreamReader;
import org.landscape4j.run.ScalarRow;

/** A PCA written to results/ and read back: every stored value exactly, and its provenance. */
class PcaTableTest {

    @TempDir
    Path dir;

    @Test
    void aPcaResultRoundTrips() throws IOException {
        float[][] theta = Trajectories.randomWalk(9, 20, 8);
        SnapshotSelection selection = SnapshotSelection.parse("1::2");
        PcaSettings settings = PcaSettings.of(2).withReference(Reference.MEAN).withStandardize(true);
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(theta).select(selection), settings,
                TrajectoryProgress.NONE).orElseThrow();
        Results results = Results.at(dir);
        Path file = PcaTable.write(results, "pca", pca, PcaTable.provenance("run-1", pca, settings, selection));
        assertEquals(dir.resolve("pca.arrows"), file);

        PcaTable.StoredPca stored = PcaTable.read(file);
        assertArrayEquals(pca.center(), stored.center());
        assertArrayEquals(pca.components(), stored.components());
        assertArrayEquals(pca.std(), stored.std());
        assertArrayEquals(pca.singularValues(), stored.singularValues(), 0);
        assertArrayEquals(pca.explainedVariance(), stored.explainedVariance(), 0);
        assertArrayEquals(pca.explainedVarianceRatio(), stored.explainedVarianceRatio(), 0);
        assertEquals("run-1", stored.provenance().runId());
        assertEquals(List.of(1L, 3L, 5L, 7L), stored.provenance().sourceIterations());
        @SuppressWarnings("unchecked")
        Map<String, Object> saved = (Map<String, Object>) stored.provenance().settings().get(PcaTable.SETTINGS_KEY);
        assertEquals("mean", saved.get("reference"));
        assertEquals(true, saved.get("standardize"));
        assertEquals("1::2", saved.get("selection"));
        assertEquals(2, ((Number) saved.get("components_found")).intValue());

        ReadResult<ScalarRow> coordinates = RowStreamReader.read(dir.resolve("pca.coordinates.arrows"),
                PcaTable.COORDINATES, null, true);
        assertEquals(4 * 2, coordinates.rows().size());
        for (ScalarRow row : coordinates.rows()) {
            int t = (row.getInt(PcaTable.SNAPSHOT) - 1) / 2;
            assertEquals(pca.iterations()[t], row.getLong(PcaTable.ITERATION));
            assertEquals(pca.coordinates()[t][row.getInt(PcaTable.COMPONENT)], row.getDouble(PcaTable.COORDINATE), 0);
        }
        assertTrue(results.list().stream().allMatch(info -> info.problem() == null));
    }

    @Test
    void aPcaWithoutStandardizationHasNoStdRow() throws IOException {
        float[][] theta = Trajectories.randomWalk(5, 7, 2);
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(2), TrajectoryProgress.NONE)
                .orElseThrow();
        Path file = PcaTable.write(Results.at(dir), "plain", pca, PcaTable.provenance(null, pca, PcaSettings.of(2),
                SnapshotSelection.ALL));
        PcaTable.StoredPca stored = PcaTable.read(file);
        assertNull(stored.std());
        assertArrayEquals(theta[4], stored.center(), "the final reference is the last snapshot");
    }
}
