package org.landscape4j.trajectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.landscape4j.run.Column;
import org.landscape4j.run.ColumnType;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.ReadResult;
import org.landscape4j.run.Results;
import org.landscape4j.run.RowStreamReader;
import org.landscape4j.run.RunFormatException;
import org.landscape4j.run.ScalarRow;
import org.landscape4j.run.TableSchema;
import org.landscape4j.slice.GridSpec;

/**
 * The training path drawn on a plane c + α·d₁ + β·d₂ (the PCA plane of Li et al. 2018, Fig. 9): snapshot t sits
 * at (α<sub>t</sub>, β<sub>t</sub>) = ((θ<sub>t</sub> − c)·d₁, (θ<sub>t</sub> − c)·d₂), each dot product summed in
 * double over the float32 values, the grid range that holds every point with a margin, and the table
 * ({@value #KIND}) written beside the plane's slice so that a plot can overlay the path.
 *
 * <p>For unit, orthogonal d₁, d₂ these are the coordinates of θ<sub>t</sub>'s orthogonal projection onto the
 * plane, so the path drawn is the projection of the trajectory, and c + α<sub>t</sub>d₁ + β<sub>t</sub>d₂ is the
 * point of the plane closest to θ<sub>t</sub> (the loss there is not the loss at θ<sub>t</sub> unless the
 * trajectory lies in the plane).
 */
public final class TrajectoryPath {

    public static final String KIND = "trajectory_path";
    public static final String SNAPSHOT = "snapshot";
    public static final String ITERATION = "iteration";
    public static final String EPOCH = "epoch";
    public static final String ALPHA = "alpha";
    public static final String BETA = "beta";

    /** One row per snapshot, in order. */
    public static final TableSchema TABLE = TableSchema.ofRows(KIND, "results/NAME.path.arrows", List.of(
            Column.required(SNAPSHOT, ColumnType.INT32),
            Column.required(ITERATION, ColumnType.INT64),
            Column.required(EPOCH, ColumnType.INT32),
            Column.required(ALPHA, ColumnType.FLOAT64),
            Column.required(BETA, ColumnType.FLOAT64)));

    private TrajectoryPath() {
    }

    /**
     * A snapshot on the plane.
     *
     * @param snapshot  its position in {@code snapshots.arrows}
     * @param iteration its iteration
     * @param epoch     its epoch
     * @param alpha     (θ − c)·d₁
     * @param beta      (θ − c)·d₂
     */
    public record Point(int snapshot, long iteration, int epoch, double alpha, double beta) {
    }

    /**
     * @param source   the snapshots, one read each
     * @param centre   c, P floats
     * @param d1       d₁, P floats
     * @param d2       d₂, P floats
     * @param progress told after each snapshot ({@code "path"})
     * @return T × 2: ((θ<sub>t</sub> − c)·d₁, (θ<sub>t</sub> − c)·d₂), each term (θ<sub>p</sub> − c<sub>p</sub>)·d<sub>p</sub>
     *         formed and summed in double, in index order
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted
     */
    public static double[][] project(SnapshotSource source, float[] centre, float[] d1, float[] d2,
                                     TrajectoryProgress progress) throws IOException {
        int p = source.parameterCount();
        if (centre.length != p || d1.length != p || d2.length != p) {
            throw new IllegalArgumentException("the centre and directions hold " + centre.length + ", " + d1.length
                    + " and " + d2.length + " values, the snapshots " + p + ": they belong to different models");
        }
        int t = source.count();
        double[][] path = new double[t][2];
        for (int k = 0; k < t; k++) {
            Cancellation.check("the path on the plane");
            float[] theta = source.read(k);
            GramMatrix.checkLength(theta, p, k);
            double a = 0;
            double b = 0;
            for (int i = 0; i < p; i++) {
                double x = (double) theta[i] - centre[i];
                a += x * d1[i];
                b += x * d2[i];
            }
            path[k][0] = a;
            path[k][1] = b;
            progress.update("path", k + 1, t);
        }
        return path;
    }

    /**
     * The grid that holds every point of a path: along each axis, [lo − m·w, hi + m·w] with lo and hi the least and
     * greatest coordinate and w = hi − lo their spread (w = 1 if every coordinate is equal), so the path fills the
     * middle 1/(1 + 2m) of each axis.
     *
     * @param path   T × 2 coordinates
     * @param nx     points along α, at least 2
     * @param ny     points along β, at least 2
     * @param margin m ≥ 0, relative to the spread
     * @return the grid
     * @throws IllegalArgumentException for an empty path, a non-finite coordinate, a negative or non-finite margin,
     *                                  or fewer than 2 points along an axis
     */
    public static GridSpec grid(double[][] path, int nx, int ny, double margin) {
        if (path.length == 0) {
            throw new IllegalArgumentException("an empty path fits any grid: give at least one point");
        }
        if (!(margin >= 0) || !Double.isFinite(margin)) {
            throw new IllegalArgumentException("margin " + margin + ": give a finite number >= 0, e.g. 0.2 (20% of"
                    + " the path's extent on each side)");
        }
        if (nx < 2 || ny < 2) {
            throw new IllegalArgumentException("a plane around a path needs at least 2 points along each axis, got "
                    + nx + "x" + ny);
        }
        double[] x = range(path, 0, margin);
        double[] y = range(path, 1, margin);
        return GridSpec.plane(nx, ny, x[0], x[1], y[0], y[1]);
    }

    private static double[] range(double[][] path, int axis, double margin) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] point : path) {
            double v = point[axis];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("the path has a non-finite coordinate (" + v + "): a diverged"
                        + " snapshot cannot be placed on a plane");
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double spread = hi - lo > 0 ? hi - lo : 1;
        return new double[] {lo - margin * spread, hi + margin * spread};
    }

    /**
     * Writes the path as the result {@code name} (under a temporary name, renamed when complete).
     *
     * @return the file
     */
    public static Path write(Results results, String name, List<Point> points, Provenance provenance)
            throws IOException {
        Objects.requireNonNull(points, "points");
        try (PendingResult pending = results.startRows(name, TABLE, provenance, 4096)) {
            for (int k = pending.resumedRows().size(); k < points.size(); k++) {
                Point point = points.get(k);
                pending.append(new Object[] {point.snapshot(), point.iteration(), point.epoch(), point.alpha(),
                        point.beta()});
            }
            return pending.commit();
        }
    }

    /**
     * @return the points of a complete path table, in order
     * @throws RunFormatException if the file is not one, or is incomplete
     */
    public static List<Point> read(Path file) throws IOException {
        ReadResult<ScalarRow> read = RowStreamReader.read(file, TABLE, null, true);
        if (read.truncated()) {
            throw new RunFormatException(file, "is incomplete: " + read.truncationDetail());
        }
        List<Point> points = new ArrayList<>(read.rows().size());
        for (ScalarRow row : read.rows()) {
            points.add(new Point(row.getInt(SNAPSHOT), row.getLong(ITERATION), row.getInt(EPOCH),
                    row.getDouble(ALPHA), row.getDouble(BETA)));
        }
        return points;
    }
}
