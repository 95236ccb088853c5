package org.landscape4j.report.contour;

import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.landscape4j.report.data.SliceData;
import org.tinfour.common.Vertex;
import org.tinfour.contour.Contour;
import org.tinfour.contour.ContourBuilderForTin;
import org.tinfour.contour.ContourRegion;
import org.tinfour.standard.IncrementalTin;

/**
 * Contours of a 2-D slice by Tinfour: the finite grid points, placed at their indices (i, j) so that a grid whose
 * α and β spans differ by orders of magnitude triangulates as well as a square one, are triangulated (Delaunay;
 * every grid cell whose corners are all finite is triangulated inside itself, so z is linear on the grid's own
 * triangles there), Tinfour traces the contour lines and the filled regions between levels, and both are cut to
 * the valid region: the union of grid cells (or, next to a single missing corner, grid triangles) whose corners
 * are all finite. Tinfour cannot contour NaN, and a triangulation of only the finite points would bridge holes:
 * the cut turns every non-finite point's cells into a gap. Coordinates are mapped back to (α, β) by the grid's
 * uniform spacing.
 */
public final class Contouring {

    private Contouring() {
    }

    /**
     * @param slice  a 2-D slice on a uniform grid (nx, ny ≥ 2)
     * @param levels the contour levels in the contoured scale, strictly increasing, at least one
     * @param toZ    the scale contoured: the identity for the loss, {@code Math::log10} for a log scale (a loss
     *               it maps to a non-finite value is a gap)
     * @return the bands and lines
     * @throws IllegalArgumentException if the slice is a line, its grid is not uniform, or the levels do not
     *                                  increase
     */
    public static ContourGeometry of(SliceData slice, double[] levels, DoubleUnaryOperator toZ) {
        int nx = slice.nx();
        int ny = slice.ny();
        if (nx < 2 || ny < 2) {
            throw new IllegalArgumentException("contours need a 2-D grid; slice " + slice.name() + " is " + nx + " × "
                    + ny);
        }
        if (levels.length == 0) {
            throw new IllegalArgumentException("contours need at least one level");
        }
        for (int k = 1; k < levels.length; k++) {
            if (!(levels[k - 1] < levels[k])) {
                throw new IllegalArgumentException("contour levels must increase strictly: level " + k + " is "
                        + levels[k] + " after " + levels[k - 1]);
            }
        }
        AffineTransform toData = indexToData(slice);
        double[][] z = new double[nx][ny];
        List<Vertex> vertices = new ArrayList<>();
        int nonFinite = 0;
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                double v = slice.loss()[i][j];
                z[i][j] = Double.isFinite(v) ? toZ.applyAsDouble(v) : Double.NaN;
                if (Double.isFinite(z[i][j])) {
                    vertices.add(new Vertex(i, j, z[i][j], vertices.size()));
                } else {
                    nonFinite++;
                }
            }
        }
        Area valid = validRegion(z);
        Area validData = valid.createTransformedArea(toData);
        if (vertices.size() < 3 || valid.isEmpty()) {
            return new ContourGeometry(levels, List.of(), List.of(), validData, nonFinite);
        }
        IncrementalTin tin = new IncrementalTin(1.0);
        tin.add(vertices, null);
        if (!tin.isBootstrapped()) {
            return new ContourGeometry(levels, List.of(), List.of(), validData, nonFinite);
        }
        ContourBuilderForTin builder = new ContourBuilderForTin(tin, null, levels, true);
        tin.dispose();

        AffineTransform identity = new AffineTransform();
        List<ContourGeometry.Band> bands = new ArrayList<>();
        for (ContourRegion region : builder.getRegions()) {
            Area area = new Area(region.getPath2DWithoutNesting(identity));
            for (ContourRegion hole : region.getEnclosedRegions()) {
                area.subtract(new Area(hole.getPath2DWithoutNesting(identity)));
            }
            area.intersect(valid);
            if (!area.isEmpty()) {
                int index = region.getRegionIndex();
                double low = index == 0 ? Double.NEGATIVE_INFINITY : levels[index - 1];
                double high = index >= levels.length ? Double.POSITIVE_INFINITY : levels[index];
                bands.add(new ContourGeometry.Band(index, low, high, area.createTransformedArea(toData)));
            }
        }
        List<ContourGeometry.Isoline> lines = new ArrayList<>();
        for (Contour contour : builder.getContours()) {
            if (contour.isBoundary() || contour.size() < 2) {
                continue;
            }
            int levelIndex = contour.getRightIndex();
            cut(contour.getXY(), contour.isClosed(), valid, toData, levelIndex, contour.getZ(), lines);
        }
        return new ContourGeometry(levels, bands, lines, validData, nonFinite);
    }

    /**
     * @return the union of the grid cells whose four corners are finite and, in a cell with exactly one corner
     *         missing, the triangle of the other three, in index coordinates
     */
    static Area validRegion(double[][] z) {
        int nx = z.length;
        int ny = z[0].length;
        Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO);
        boolean all = true;
        for (int j = 0; j + 1 < ny; j++) {
            int runStart = -1;
            for (int i = 0; i + 1 < nx; i++) {
                boolean a = Double.isFinite(z[i][j]);
                boolean b = Double.isFinite(z[i + 1][j]);
                boolean c = Double.isFinite(z[i + 1][j + 1]);
                boolean d = Double.isFinite(z[i][j + 1]);
                if (a && b && c && d) {
                    if (runStart < 0) {
                        runStart = i;
                    }
                    continue;
                }
                all = false;
                if (runStart >= 0) {
                    path.append(new Rectangle2D.Double(runStart, j, i - runStart, 1), false);
                    runStart = -1;
                }
                int corners = (a ? 1 : 0) + (b ? 1 : 0) + (c ? 1 : 0) + (d ? 1 : 0);
                if (corners == 3) {
                    double[] xs = new double[3];
                    double[] ys = new double[3];
                    int n = 0;
                    double[][] corner = {{i, j}, {i + 1, j}, {i + 1, j + 1}, {i, j + 1}};
                    boolean[] finite = {a, b, c, d};
                    for (int k = 0; k < 4; k++) { // counter-clockwise, as the rectangles
                        if (finite[k]) {
                            xs[n] = corner[k][0];
                            ys[n] = corner[k][1];
                            n++;
                        }
                    }
                    path.moveTo(xs[0], ys[0]);
                    path.lineTo(xs[1], ys[1]);
                    path.lineTo(xs[2], ys[2]);
                    path.closePath();
                }
            }
            if (runStart >= 0) {
                path.append(new Rectangle2D.Double(runStart, j, nx - 1 - runStart, 1), false);
            }
        }
        if (all) {
            return new Area(new Rectangle2D.Double(0, 0, nx - 1, ny - 1));
        }
        return new Area(path);
    }

    /** Splits a Tinfour contour (index coordinates) into the pieces inside the valid region. */
    private static void cut(double[] xy, boolean closed, Area valid, AffineTransform toData, int levelIndex,
                            double level, List<ContourGeometry.Isoline> out) {
        int n = xy.length / 2;
        List<Double> piece = new ArrayList<>();
        boolean whole = true;
        for (int k = 0; k + 1 < n; k++) {
            double mx = (xy[2 * k] + xy[2 * k + 2]) / 2;
            double my = (xy[2 * k + 1] + xy[2 * k + 3]) / 2;
            if (valid.contains(mx, my)) {
                if (piece.isEmpty()) {
                    piece.add(xy[2 * k]);
                    piece.add(xy[2 * k + 1]);
                }
                piece.add(xy[2 * k + 2]);
                piece.add(xy[2 * k + 3]);
            } else {
                whole = false;
                flush(piece, false, toData, levelIndex, level, out);
            }
        }
        flush(piece, closed && whole, toData, levelIndex, level, out);
    }

    private static void flush(List<Double> piece, boolean closed, AffineTransform toData, int levelIndex,
                              double level, List<ContourGeometry.Isoline> out) {
        if (piece.size() >= 4) {
            double[] src = new double[piece.size()];
            for (int k = 0; k < src.length; k++) {
                src[k] = piece.get(k);
            }
            double[] dst = new double[src.length];
            toData.transform(src, 0, dst, 0, src.length / 2);
            out.add(new ContourGeometry.Isoline(levelIndex, level, dst, closed));
        }
        piece.clear();
    }

    /** @return the map from grid indices (i, j) to (α, β) of a uniform grid */
    static AffineTransform indexToData(SliceData slice) {
        double dx = spacing(slice.alpha(), slice.name(), "α");
        double dy = spacing(slice.beta(), slice.name(), "β");
        return new AffineTransform(dx, 0, 0, dy, slice.alpha()[0], slice.beta()[0]);
    }

    private static double spacing(double[] axis, String name, String label) {
        int n = axis.length;
        double step = (axis[n - 1] - axis[0]) / (n - 1);
        double tolerance = 1e-6 * Math.max(Math.abs(step), 1e-300) + 1e-12 * Math.abs(axis[0]);
        for (int k = 0; k < n; k++) {
            double expected = axis[0] + step * k;
            if (Math.abs(axis[k] - expected) > tolerance * Math.max(1, n)) {
                throw new IllegalArgumentException("slice " + name + ": the " + label + " grid is not uniform ("
                        + label + "[" + k + "] = " + axis[k] + ", expected " + expected + "); contours need the"
                        + " uniform grids landscape4j writes");
            }
        }
        if (!(step > 0)) {
            throw new IllegalArgumentException("slice " + name + ": the " + label + " grid does not increase");
        }
        return step;
    }
}
