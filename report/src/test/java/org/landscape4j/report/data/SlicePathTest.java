package org.landscape4j.report.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.report.figure.FigureOptions;
import org.landscape4j.report.figure.Figures;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.trajectory.TrajectoryPath;

/**
 * A PCA-plane landscape's path ({@code path_file} in the slice's provenance) is read beside the slice and drawn over
 * its contours; a path file named with a directory, hidden, or missing is ignored and the slice still drawn.
 */
class SlicePathTest {

    @TempDir
    Path dir;

    private Path slice(String name, String pathFile) throws IOException {
        Results results = Results.at(dir);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("slice", "plane");
        settings.put(SliceData.PATH_FILE, pathFile);
        Provenance provenance = Provenance.of("run", List.of(10L), Map.of("model", "m"), settings, Map.of());
        try (PendingResult pending = results.startRows(name, SliceTable.TABLE, provenance, 64)) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 4; j++) {
                    double a = -1 + 0.5 * i;
                    double b = -1 + 2.0 * j / 3;
                    pending.append(SliceTable.cells(new SlicePoint(i, j, a, b, 1 + a * a + 2 * b * b, 0, 0.5, 10)));
                }
            }
            pending.commit();
        }
        return results.file(name);
    }

    @Test
    void thePathBesideTheSliceIsReadAndDrawn() throws IOException {
        List<TrajectoryPath.Point> points = List.of(new TrajectoryPath.Point(0, 0, 0, -0.8, 0.6),
                new TrajectoryPath.Point(1, 5, 1, -0.3, 0.2), new TrajectoryPath.Point(2, 10, 2, 0, 0));
        TrajectoryPath.write(Results.at(dir), "plane.path", points,
                Provenance.of("run", List.of(0L, 5L, 10L), Map.of(), Map.of(), Map.of()));
        SliceData slice = SliceData.read(slice("plane", "plane.path.arrows"));
        assertNotNull(slice.path());
        assertArrayEquals(new double[] {-0.8, -0.3, 0}, slice.path().x());
        assertArrayEquals(new double[] {0.6, 0.2, 0}, slice.path().y());
        assertArrayEquals(new long[] {0, 5, 10}, slice.path().iterations());
        assertArrayEquals(new int[] {0, 1, 2}, slice.path().epochs());
        assertEquals(1.0, slice.interpolate(0, -1.0 / 3) - 2.0 / 9, 1e-12, "a grid point: its own loss");
        assertEquals((1.25 + 1.0) / 2 + 2.0 / 9, slice.interpolate(-0.25, -1.0 / 3), 1e-12, "bilinear between two");
        assertTrue(Double.isNaN(slice.interpolate(2, 0)), "outside the grid");

        BufferedImage with = Figures.contour(slice, FigureOptions.defaults()).render(480, 360);
        SliceData bare = new SliceData(slice.name(), slice.kind(), slice.alpha(), slice.beta(), slice.loss(),
                slice.provenance());
        BufferedImage without = Figures.contour(bare, FigureOptions.defaults()).render(480, 360);
        int differing = 0;
        for (int x = 0; x < 480; x++) {
            for (int y = 0; y < 360; y++) {
                differing += with.getRGB(x, y) != without.getRGB(x, y) ? 1 : 0;
            }
        }
        assertTrue(differing > 200, "the path is drawn: " + differing + " pixels differ");
    }

    @Test
    void aPathFileOutsideTheResultsOrMissingIsIgnored() throws IOException {
        TrajectoryPath.write(Results.at(dir), "plane.path", List.of(new TrajectoryPath.Point(0, 0, 0, 0, 0)),
                Provenance.of("run", List.of(0L), Map.of(), Map.of(), Map.of()));
        for (String hostile : new String[] {"../plane.path.arrows", "/etc/passwd", ".hidden.arrows",
            "sub/plane.path.arrows", "missing.path.arrows", "plane.path.arrows/.."}) {
            SliceData slice = SliceData.read(slice("s" + Math.abs(hostile.hashCode()), hostile));
            assertNull(slice.path(), hostile);
            assertEquals(5, slice.nx(), "the slice is still read");
        }
    }
}
