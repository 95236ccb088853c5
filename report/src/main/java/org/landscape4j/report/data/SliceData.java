package org.landscape4j.report.data;

import java.io.IOException;
import org.landscape4j.curvature.CurvatureMap;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.ReadResult;
import org.landscape4j.run.RowStreamReader;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.slice.SlicePoint;
import org.landscape4j.slice.SliceTable;
import org.landscape4j.trajectory.TrajectoryPath;

/**
 * A slice's losses on its grid, ready to draw: {@code loss[i][j]} = L(θ(α<sub>i</sub>, β<sub>j</sub>)). A grid point
 * without a row (outside a barycentric triangle) holds NaN, like a point whose loss was NaN; ±∞ is kept as
 * computed. Every figure draws a non-finite value as a gap, never as a number.
 *
 * @param name       the slice's name (the result's name, or any label)
 * @param kind       the slice's kind from its provenance ({@code plane}, {@code line}, {@code linear}, ...), or
 *                   {@code "slice"} if unknown
 * @param alpha      α<sub>i</sub>, nx values, increasing
 * @param beta       β<sub>j</sub>, ny values, increasing ({@code [0]} for a 1-D slice)
 * @param loss       nx × ny losses
 * @param provenance where the slice comes from, or null for constructed data
 * @param path       the training path on the slice's plane, or null: a PCA-plane landscape
 *                   ({@code landscape4j trajectory}, the listener's {@code pcaPlaneAtEnd}) names its
 *                   {@code NAME.path.arrows} in its provenance ({@code path_file}), read beside the slice
 */
public record SliceData(String name, String kind, double[] alpha, double[] beta, double[][] loss,
                        Provenance provenance, OptimizationPath path) {

    /** The provenance setting that names a slice's path file, a plain file name beside the slice. */
    public static final String PATH_FILE = "path_file";

    /** A slice without a path. */
    public SliceData(String name, String kind, double[] alpha, double[] beta, double[][] loss, Provenance provenance) {
        this(name, kind, alpha, beta, loss, provenance, null);
    }

    public SliceData {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (alpha.length == 0 || beta.length == 0) {
            throw new IllegalArgumentException("slice " + name + " has an empty grid (" + alpha.length + " × "
                    + beta.length + ")");
        }
        if (loss.length != alpha.length) {
            throw new IllegalArgumentException("slice " + name + ": " + loss.length + " loss rows for "
                    + alpha.length + " α values");
        }
        for (double[] row : loss) {
            if (row.length != beta.length) {
                throw new IllegalArgumentException("slice " + name + ": a loss row holds " + row.length
                        + " values for " + beta.length + " β values");
            }
        }
    }

    /**
     * @param name  a label
     * @param alpha the α grid
     * @param beta  the β grid ({@code {0}} for a line)
     * @param f     the loss as a function of (α, β)
     * @return the loss of {@code f} on the grid (constructed data: no provenance)
     */
    public static SliceData of(String name, double[] alpha, double[] beta, DoubleBinaryOperator f) {
        double[][] loss = new double[alpha.length][beta.length];
        for (int i = 0; i < alpha.length; i++) {
            for (int j = 0; j < beta.length; j++) {
                loss[i][j] = f.applyAsDouble(alpha[i], beta[j]);
            }
        }
        return new SliceData(name, "slice", alpha.clone(), beta.clone(), loss, null);
    }

    /**
     * @param name       a label
     * @param kind       the slice's kind
     * @param points     the evaluated points, in any order (addressed by their indices i, j)
     * @param provenance where they come from, or null
     * @return the grid they span; grid points without a row hold NaN
     * @throws IllegalArgumentException if there is no point, or two points disagree on a grid coordinate
     */
    public static SliceData of(String name, String kind, List<SlicePoint> points, Provenance provenance) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("slice " + name + " holds no point");
        }
        int nx = 0;
        int ny = 0;
        for (SlicePoint p : points) {
            if (p.i() < 0 || p.j() < 0) {
                throw new IllegalArgumentException("slice " + name + " has a point at negative index (" + p.i()
                        + ", " + p.j() + ")");
            }
            nx = Math.max(nx, p.i() + 1);
            ny = Math.max(ny, p.j() + 1);
        }
        double[] alpha = new double[nx];
        double[] beta = new double[ny];
        Arrays.fill(alpha, Double.NaN);
        Arrays.fill(beta, Double.NaN);
        double[][] loss = new double[nx][ny];
        for (double[] row : loss) {
            Arrays.fill(row, Double.NaN);
        }
        for (SlicePoint p : points) {
            alpha[p.i()] = agree(name, "α", alpha[p.i()], p.alpha());
            beta[p.j()] = agree(name, "β", beta[p.j()], p.beta());
            loss[p.i()][p.j()] = p.loss();
        }
        fillGaps(alpha);
        fillGaps(beta);
        return new SliceData(name, kind, alpha, beta, loss, provenance);
    }

    /**
     * Reads a slice result ({@code results/NAME.arrows}, table {@value SliceTable#KIND}).
     *
     * @throws org.landscape4j.run.RunFormatException if the file is not a complete slice table
     */
    /** The kind of a {@link #readCurvatureMap} grid: its values are |λmin/λmax|, not losses. */
    public static final String CURVATURE_MAP = CurvatureMap.KIND;

    /**
     * Reads a curvature map ({@code surface --eigen}) as a grid whose values are |λmin/λmax| (NaN where Lanczos
     * failed: drawn as gaps), for the same contour figure as a slice.
     */
    public static SliceData readCurvatureMap(Path file) throws IOException {
        List<CurvatureMap.Point> map = CurvatureMap.read(file);
        List<SlicePoint> points = new java.util.ArrayList<>(map.size());
        for (CurvatureMap.Point p : map) {
            points.add(new SlicePoint(p.i(), p.j(), p.alpha(), p.beta(), p.ratio() == null ? Double.NaN : p.ratio(), 0,
                    Double.NaN, 0));
        }
        String name = file.getFileName().toString().replaceFirst("\\.arrows$", "");
        return of(name, CURVATURE_MAP, points, null);
    }

    public static SliceData read(Path file) throws IOException {
        ReadResult<ScalarRow> read = RowStreamReader.read(file, SliceTable.TABLE, null, true);
        List<SlicePoint> points = read.rows().stream().map(SliceTable::point).toList();
        Provenance provenance = provenanceOf(read.metadata());
        String kind = provenance != null && provenance.settings().get("slice") instanceof String s ? s : "slice";
        String name = file.getFileName().toString().replaceFirst("\\.arrows$", "");
        if (points.isEmpty()) {
            throw new org.landscape4j.run.RunFormatException(file, "holds no point: nothing to draw");
        }
        SliceData slice = of(name, kind, points, provenance);
        OptimizationPath path = pathBeside(file, provenance);
        return path == null ? slice : new SliceData(slice.name(), slice.kind(), slice.alpha(), slice.beta(),
                slice.loss(), provenance, path);
    }

    /**
     * @return the path the provenance names ({@value #PATH_FILE}), read from beside the slice; null if it names
     *     none, names anything but a plain file name (no directory, not hidden: a hostile file cannot point the
     *     reader elsewhere), or the file is missing or unreadable (the slice is still drawn, without it)
     */
    private static OptimizationPath pathBeside(Path file, Provenance provenance) {
        if (provenance == null || !(provenance.settings().get(PATH_FILE) instanceof String name)
                || !name.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,200}\\.arrows") || name.contains("..")) {
            return null;
        }
        Path pathFile = file.resolveSibling(name);
        try {
            List<TrajectoryPath.Point> points = TrajectoryPath.read(pathFile);
            if (points.isEmpty()) {
                return null;
            }
            int n = points.size();
            double[] x = new double[n];
            double[] y = new double[n];
            long[] iterations = new long[n];
            int[] epochs = new int[n];
            for (int k = 0; k < n; k++) {
                TrajectoryPath.Point point = points.get(k);
                x[k] = point.alpha();
                y[k] = point.beta();
                iterations[k] = point.iteration();
                epochs[k] = point.epoch();
            }
            return new OptimizationPath("training path", x, y, iterations, epochs);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @return the loss at (α, β) interpolated bilinearly between the grid's points (NaN outside the grid or next
     *     to a non-finite point): where a path point sits on a drawn surface
     */
    public double interpolate(double a, double b) {
        int i = cell(alpha, a);
        int j = cell(beta, b);
        if (i < 0 || j < 0) {
            return Double.NaN;
        }
        int i1 = Math.min(i + 1, alpha.length - 1);
        int j1 = Math.min(j + 1, beta.length - 1);
        double u = i1 == i ? 0 : (a - alpha[i]) / (alpha[i1] - alpha[i]);
        double v = j1 == j ? 0 : (b - beta[j]) / (beta[j1] - beta[j]);
        return (1 - u) * (1 - v) * loss[i][j] + u * (1 - v) * loss[i1][j] + (1 - u) * v * loss[i][j1]
                + u * v * loss[i1][j1];
    }

    /** @return the index i with grid[i] ≤ x ≤ grid[i + 1] (the last index for x = its last value), or −1 outside */
    private static int cell(double[] grid, double x) {
        if (!(x >= grid[0] && x <= grid[grid.length - 1])) {
            return -1;
        }
        for (int i = 0; i < grid.length - 1; i++) {
            if (x <= grid[i + 1]) {
                return i;
            }
        }
        return grid.length - 1;
    }

    /** @return nx */
    public int nx() {
        return alpha.length;
    }

    /** @return ny (1 for a line) */
    public int ny() {
        return beta.length;
    }

    /** @return true if the slice has one dimension (ny = 1) */
    public boolean isLine() {
        return beta.length == 1;
    }

    /** @return the losses of the line β = β<sub>0</sub>, nx values */
    public double[] lineLoss() {
        double[] line = new double[alpha.length];
        for (int i = 0; i < alpha.length; i++) {
            line[i] = loss[i][0];
        }
        return line;
    }

    /** @return the number of grid points whose loss is NaN, ±∞ or missing */
    public int nonFiniteCount() {
        int n = 0;
        for (double[] row : loss) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** @return {min, max} of the finite losses, or {NaN, NaN} if none is finite */
    public double[] finiteRange() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : loss) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min > max ? new double[] {Double.NaN, Double.NaN} : new double[] {min, max};
    }

    /** @return the smallest finite loss above 0, or NaN if there is none (the floor of a log colour scale) */
    public double smallestPositive() {
        double min = Double.POSITIVE_INFINITY;
        for (double[] row : loss) {
            for (double v : row) {
                if (Double.isFinite(v) && v > 0) {
                    min = Math.min(min, v);
                }
            }
        }
        return Double.isInfinite(min) ? Double.NaN : min;
    }

    private static Provenance provenanceOf(Map<String, String> metadata) {
        try {
            return Provenance.fromMetadata(metadata);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static double agree(String name, String axis, double seen, double value) {
        if (!Double.isNaN(seen) && Double.compare(seen, value) != 0) {
            throw new IllegalArgumentException("slice " + name + ": two points at the same grid index have " + axis
                    + " = " + seen + " and " + value);
        }
        return value;
    }

    /** A grid index with no point at all (possible only in a triangle's corner): interpolated from neighbours. */
    private static void fillGaps(double[] axis) {
        int n = axis.length;
        for (int k = 0; k < n; k++) {
            if (Double.isNaN(axis[k])) {
                int lo = k - 1;
                int hi = k + 1;
                while (hi < n && Double.isNaN(axis[hi])) {
                    hi++;
                }
                if (lo >= 0 && hi < n) {
                    axis[k] = axis[lo] + (axis[hi] - axis[lo]) * (k - lo) / (hi - lo);
                } else if (lo >= 1) {
                    axis[k] = axis[lo] + (axis[lo] - axis[lo - 1]);
                } else if (hi < n) {
                    axis[k] = hi + 1 < n && !Double.isNaN(axis[hi + 1])
                            ? axis[hi] - (axis[hi + 1] - axis[hi]) * (hi - k) : axis[hi] - (hi - k);
                } else {
                    axis[k] = k;
                }
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SliceData that && name.equals(that.name) && kind.equals(that.kind)
                && Arrays.equals(alpha, that.alpha) && Arrays.equals(beta, that.beta)
                && Arrays.deepEquals(loss, that.loss) && Objects.equals(provenance, that.provenance)
                && Objects.equals(path, that.path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, Arrays.hashCode(alpha), Arrays.hashCode(beta));
    }

    @Override
    public String toString() {
        return "SliceData[" + name + ", " + kind + ", " + nx() + "×" + ny() + "]";
    }
}
