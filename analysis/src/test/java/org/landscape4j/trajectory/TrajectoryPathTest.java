package org.landscape4j.trajectory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;

/** The path on a plane: its coordinates, the grid that holds it, and its table. */
class TrajectoryPathTest {

    @TempDir
    Path dir;

    @Test
    void projectsEachSnapshotOntoTheDirections() throws IOException {
        float[][] theta = {{2, 3, 4}, {1, 1, 1}, {0.5f, -1, 7}};
        double[][] path = TrajectoryPath.project(SnapshotSource.inMemory(theta), new float[] {1, 1, 1},
                new float[] {1, 0, 0}, new float[] {0, 0.6f, 0.8f}, TrajectoryProgress.NONE);
        assertArrayEquals(new double[] {1, 2 * (double) 0.6f + 3 * (double) 0.8f}, path[0], 0);
        assertArrayEquals(new double[] {0, 0}, path[1], 0);
        assertArrayEquals(new double[] {-0.5, -2 * (double) 0.6f + 6 * (double) 0.8f}, path[2], 0);
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPath.project(SnapshotSource.inMemory(theta),
                new float[2], new float[3], new float[3], TrajectoryProgress.NONE));
    }

    /** On the PCA plane about the final snapshot, the path is the PCA's own coordinates √λ·u. */
    @Test
    void onThePcaPlaneThePathIsThePcasCoordinates() throws IOException {
        float[][] theta = Trajectories.randomWalk(12, 30, 4);
        PcaResult pca = ExactPca.compute(SnapshotSource.inMemory(theta), PcaSettings.of(2), TrajectoryProgress.NONE)
                .orElseThrow();
        double[][] path = TrajectoryPath.project(SnapshotSource.inMemory(theta), pca.center(), pca.components()[0],
                pca.components()[1], TrajectoryProgress.NONE);
        double scale = pca.singularValues()[0];
        for (int t = 0; t < theta.length; t++) {
            assertEquals(pca.coordinates()[t][0], path[t][0], 1e-6 * scale, "snapshot " + t);
            assertEquals(pca.coordinates()[t][1], path[t][1], 1e-6 * scale, "snapshot " + t);
        }
        assertArrayEquals(new double[] {0, 0}, path[theta.length - 1], 0, "the final snapshot is the centre");
    }

    @Test
    void theGridHoldsEveryPointWithTheMargin() {
        double[][] path = {{0, 0}, {1, 2}, {-1, 1}};
        GridSpec grid = TrajectoryPath.grid(path, 5, 7, 0.2);
        assertEquals(5, grid.nx());
        assertEquals(7, grid.ny());
        assertEquals(-1 - 0.2 * 2, grid.xMin(), 1e-15);
        assertEquals(1 + 0.2 * 2, grid.xMax(), 1e-15);
        assertEquals(-0.2 * 2, grid.yMin(), 1e-15);
        assertEquals(2 + 0.2 * 2, grid.yMax(), 1e-15);
        GridSpec tight = TrajectoryPath.grid(path, 3, 3, 0);
        assertEquals(-1, tight.xMin(), 0);
        assertEquals(2, tight.yMax(), 0);
        GridSpec flat = TrajectoryPath.grid(new double[][] {{0, 3}, {1, 3}}, 3, 3, 0.5);
        assertEquals(2.5, flat.yMin(), 0, "an axis without spread gets a spread of 1");
        assertEquals(3.5, flat.yMax(), 0);

        assertThrows(IllegalArgumentException.class, () -> TrajectoryPath.grid(path, 5, 5, -0.1));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPath.grid(path, 5, 5, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPath.grid(path, 1, 5, 0.2));
        assertThrows(IllegalArgumentException.class, () -> TrajectoryPath.grid(new double[0][], 5, 5, 0.2));
        assertThrows(IllegalArgumentException.class,
                () -> TrajectoryPath.grid(new double[][] {{0, Double.NaN}}, 5, 5, 0.2));
    }

    @Test
    void thePathTableRoundTrips() throws IOException {
        List<TrajectoryPath.Point> points = List.of(new TrajectoryPath.Point(0, 0, 0, -1.5, 0.25),
                new TrajectoryPath.Point(3, 30, 2, 0, 0));
        Provenance provenance = Provenance.of("run-1", List.of(0L, 30L), Map.of(), Map.of("for", "plane.arrows"),
                Map.of());
        Path file = TrajectoryPath.write(Results.at(dir), "plane.path", points, provenance);
        assertEquals(dir.resolve("plane.path.arrows"), file);
        assertEquals(points, TrajectoryPath.read(file));
        assertTrue(Results.at(dir).list().stream().allMatch(info -> TrajectoryPath.KIND.equals(info.kind())));
    }
}
