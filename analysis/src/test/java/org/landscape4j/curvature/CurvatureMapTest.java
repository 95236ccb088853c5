package org.landscape4j.curvature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.Precision;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.slice.GridSpec;
import org.landscape4j.slice.Slice;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The curvature map's plumbing against a closed form: on a quadratic L(θ) = ½θᵀAθ + bᵀθ the Hessian is A at every
 * point, so every grid point must carry A's extreme eigenvalues (Commons Math's decomposition of A). Tolerance
 * 1e-7·‖A‖: central differences of a linear gradient are exact up to rounding (≈ u·‖A‖‖θ‖/ε ≈ 1e-11·‖A‖ at
 * ε = 1e-5), and Lanczos converges to its tolerance 1e-10 relative on a 12-dimensional operator in at most 12
 * steps; any error of centring or of which point is written shows at order 1.
 */
class CurvatureMapTest {

    private static final int P = 12;

    @TempDir
    Path dir;

    @Test
    void everyPointOfAQuadraticCarriesItsExtremeEigenvalues() throws Exception {
        double[][] a = Matrices.randomSymmetric(P, 5);
        double[] eig = new EigenDecomposition(MatrixUtils.createRealMatrix(a)).getRealEigenvalues();
        double max = java.util.Arrays.stream(eig).max().orElseThrow();
        double min = java.util.Arrays.stream(eig).min().orElseThrow();
        ObjectiveFactory factory = factory(a);
        INDArray c = Nd4j.rand(DataType.DOUBLE, P);
        Slice plane = Slice.plane(c, Nd4j.rand(DataType.DOUBLE, P), Nd4j.rand(DataType.DOUBLE, P));
        GridSpec grid = GridSpec.square(3, -1, 1);
        Results results = Results.at(dir);
        List<CurvatureMap.Point> points;
        try (PendingResult pending = results.startRows("map", CurvatureMap.TABLE,
                Provenance.of(null, List.of(), factory.provenance(), Map.of(), Map.of()), 64)) {
            points = CurvatureMap.evaluate(plane, grid, factory, LanczosSettings.defaults().withTolerance(1e-10),
                    2, pending, Progress.NONE);
            pending.commit();
        }
        assertEquals(9, points.size());
        List<CurvatureMap.Point> read = CurvatureMap.read(results.file("map"));
        assertEquals(Set.copyOf(points), Set.copyOf(read), "the file holds what was evaluated");
        Set<Integer> seen = new HashSet<>();
        double scale = Math.max(Math.abs(max), Math.abs(min));
        for (CurvatureMap.Point point : read) {
            seen.add(grid.index(point.i(), point.j()));
            assertEquals(grid.alpha(point.i()), point.alpha());
            assertEquals(grid.beta(point.j()), point.beta());
            assertNotNull(point.lambdaMax());
            assertEquals(max, point.lambdaMax(), 1e-7 * scale);
            assertEquals(min, point.lambdaMin(), 1e-7 * scale);
            assertEquals(Math.abs(min / max), point.ratio(), 1e-6);
            assertEquals(0, point.lambdaMaxResidual(), 1e-6 * scale);
        }
        assertEquals(9, seen.size(), "each grid point once");
    }

    @Test
    void aBarycentricSliceMapsOnlyItsTriangleAndBadInputIsRefused() throws Exception {
        double[][] a = Matrices.randomSymmetric(P, 6);
        ObjectiveFactory factory = factory(a);
        Slice triangle = Slice.barycentric(Nd4j.rand(DataType.DOUBLE, P), Nd4j.rand(DataType.DOUBLE, P),
                Nd4j.rand(DataType.DOUBLE, P));
        GridSpec grid = GridSpec.square(3, 0, 1);
        Results results = Results.at(dir);
        try (PendingResult pending = results.startRows("tri", CurvatureMap.TABLE,
                Provenance.of(null, List.of(), factory.provenance(), Map.of(), Map.of()), 64)) {
            assertEquals(6, CurvatureMap.evaluate(triangle, grid, factory, LanczosSettings.defaults(), 1, pending,
                    Progress.NONE).size(), "α, β ≥ 0, α + β ≤ 1 on a 3×3 grid of [0, 1]²: 6 points");
            assertThrows(IllegalArgumentException.class, () -> CurvatureMap.evaluate(triangle, grid, factory,
                    LanczosSettings.defaults(), 0, pending, Progress.NONE));
        }
    }

    /**
     * A partial map (four of nine points written, then the process "killed": closed without commit) is resumed:
     * the same call evaluates only the five missing points, and the committed map equals an uninterrupted one bit
     * for bit (Lanczos is seeded, so a point's numbers do not depend on when it was computed).
     */
    @Test
    void aPartialMapIsResumedWithOnlyTheMissingPoints() throws Exception {
        double[][] a = Matrices.randomSymmetric(P, 7);
        ObjectiveFactory factory = factory(a);
        Slice plane = Slice.plane(Nd4j.rand(DataType.DOUBLE, P), Nd4j.rand(DataType.DOUBLE, P),
                Nd4j.rand(DataType.DOUBLE, P));
        GridSpec grid = GridSpec.square(3, -1, 1);
        Results results = Results.at(dir);
        Provenance provenance = Provenance.of(null, List.of(), factory.provenance(), Map.of("what", "resume"),
                Map.of());
        List<CurvatureMap.Point> reference;
        try (PendingResult pending = results.startRows("whole", CurvatureMap.TABLE, provenance, 64)) {
            reference = CurvatureMap.evaluate(plane, grid, factory, LanczosSettings.defaults(), 2, pending,
                    Progress.NONE);
            pending.commit();
        }
        try (PendingResult pending = results.startRows("resumed", CurvatureMap.TABLE, provenance, 64)) {
            for (CurvatureMap.Point point : reference.subList(0, 4)) {
                pending.append(point.cells());
            }
            pending.flush();
        }
        List<CurvatureMap.Point> all;
        try (PendingResult pending = results.startRows("resumed", CurvatureMap.TABLE, provenance, 64)) {
            assertEquals(4, pending.resumedRows().size());
            all = CurvatureMap.evaluate(plane, grid, factory, LanczosSettings.defaults(), 2, pending,
                    Progress.NONE);
            pending.commit();
        }
        assertEquals(reference.subList(0, 4), all.subList(0, 4), "the resumed points come first, as they were");
        List<CurvatureMap.Point> read = CurvatureMap.read(results.file("resumed"));
        assertEquals(9, read.size(), "each point once: four resumed, five evaluated");
        assertEquals(Set.copyOf(reference), Set.copyOf(read), "bit-identical to the uninterrupted map");
    }

    /** A stop signal ends a point between two Hessian-vector products, not after the point's whole Lanczos run. */
    @Test
    void theStopSignalEndsAPointBetweenProducts() {
        double[][] a = Matrices.randomSymmetric(P, 8);
        Slice plane = Slice.plane(Nd4j.rand(DataType.DOUBLE, P), Nd4j.rand(DataType.DOUBLE, P),
                Nd4j.rand(DataType.DOUBLE, P));
        EigenWork work = new EigenWork(LanczosSettings.defaults());
        try (Objective objective = factory(a).create();
             org.landscape4j.slice.PointWork.Worker<CurvatureMap.Point> worker = work.open(objective, plane)) {
            int[] polls = new int[1];
            java.util.concurrent.CancellationException e = assertThrows(
                    java.util.concurrent.CancellationException.class,
                    () -> worker.evaluate(0, 0, 0.5, 0.5, () -> ++polls[0] > 3));
            assertEquals(4, polls[0], "polled before each product, stopped before the fourth");
            assertTrue(e.getMessage().contains("after 3 Hessian-vector products"), e.getMessage());
            CurvatureMap.Point point = worker.evaluate(0, 0, 0.5, 0.5, () -> false);
            assertNotNull(point.lambdaMax(), "the worker is still usable");
        }
    }

    private static ObjectiveFactory factory(double[][] a) {
        return new ObjectiveFactory() {
            @Override
            public Objective create() {
                return QuadraticObjective.of(a, new double[P], Precision.DOUBLE);
            }

            @Override
            public ObjectiveFactory withPrecision(Precision precision) {
                return this;
            }

            @Override
            public Precision precision() {
                return Precision.DOUBLE;
            }

            @Override
            public Map<String, String> provenance() {
                return Map.of("objective", "quadratic");
            }
        };
    }
}
