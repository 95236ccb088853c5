package org.landscape4j.slice;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A low-dimensional family of parameter vectors θ(α, β) ∈ R<sup>P</sup> through which a loss landscape is
 * looked at (the definitions and references are in the {@linkplain org.landscape4j.slice package summary}). A
 * slice writes θ(α, β) into a caller's buffer (an objective's {@code parameters()}) with level-1 BLAS, allocating
 * nothing; a one-dimensional slice ignores β, which its grids hold at 0.
 *
 * <p>Its vectors (directions and models) are plain vectors of length P, all of one type; they are referenced,
 * not copied, and must not change while the slice is evaluated. Each is fingerprinted once (SHA-256 of its
 * values) for the result's provenance, so that a resumed result continues the very same slice.
 *
 * <p>Thread-safety: {@link #point} only reads the vectors, so one slice serves any number of workers, each
 * writing into its own buffer.
 */
public abstract sealed class Slice permits LineSlice, PlaneSlice, LinearInterpolation, BilinearInterpolation,
        BarycentricInterpolation, ThreeModelPlane {

    final SliceVectors vectors;

    Slice(SliceVectors vectors) {
        this.vectors = vectors;
    }

    // ------------------------------------------------------------------ the kinds

    /** @return the line θ(α) = c + α·d */
    public static LineSlice line(INDArray c, INDArray d) {
        return (LineSlice) SliceKind.LINE.create(Arrays.asList(c, d));
    }

    /** @return the plane θ(α, β) = c + α·d₁ + β·d₂ */
    public static PlaneSlice plane(INDArray c, INDArray d1, INDArray d2) {
        return (PlaneSlice) SliceKind.PLANE.create(Arrays.asList(c, d1, d2));
    }

    /** @return the linear interpolation θ(α) = (1−α)·θ₀ + α·θ₁ */
    public static LinearInterpolation interpolation(INDArray theta0, INDArray theta1) {
        return (LinearInterpolation) SliceKind.LINEAR_INTERPOLATION.create(Arrays.asList(theta0, theta1));
    }

    /** @return the bilinear interpolation between four models at the corners of [0, 1]² */
    public static BilinearInterpolation bilinear(INDArray theta00, INDArray theta10, INDArray theta01,
                                                 INDArray theta11) {
        return (BilinearInterpolation) SliceKind.BILINEAR.create(Arrays.asList(theta00, theta10, theta01, theta11));
    }

    /** @return the barycentric interpolation between three models, on the triangle α, β ≥ 0, α + β ≤ 1 */
    public static BarycentricInterpolation barycentric(INDArray theta0, INDArray theta1, INDArray theta2) {
        return (BarycentricInterpolation) SliceKind.BARYCENTRIC.create(Arrays.asList(theta0, theta1, theta2));
    }

    /** @return the plane through three models, θ₀ + α(θ₁−θ₀) + β(θ₂−θ₀) over the whole grid */
    public static ThreeModelPlane threeModelPlane(INDArray theta0, INDArray theta1, INDArray theta2) {
        return (ThreeModelPlane) SliceKind.THREE_MODEL_PLANE.create(Arrays.asList(theta0, theta1, theta2));
    }

    // ------------------------------------------------------------------ what every slice does

    /** @return the kind */
    public final SliceKind kind() {
        return vectors.kind();
    }

    /** @return P, the length of every vector and of θ */
    public final long parameterCount() {
        return vectors.length();
    }

    /** @return the type of the vectors, FLOAT or DOUBLE; a buffer must have it */
    public final DataType dataType() {
        return vectors.type();
    }

    /** @return the vectors, in the order of {@link SliceKind#vectorNames()} */
    public final List<INDArray> vectors() {
        return vectors.arrays();
    }

    /**
     * Writes θ(α, β) into {@code out} with BLAS, allocating nothing.
     *
     * @param out a vector of length P in {@link #dataType()} (e.g. an objective's {@code parameters()}); overwritten
     * @throws IllegalArgumentException if {@code out} has another length or type
     */
    public final void point(double alpha, double beta, INDArray out) {
        vectors.checkBuffer(out);
        write(alpha, beta, out);
    }

    abstract void write(double alpha, double beta, INDArray out);

    /**
     * The point θ(α, β) as a linear combination of the slice's own vectors: θ(α, β) = Σ<sub>k</sub>
     * w<sub>k</sub>(α, β)·v<sub>k</sub>, with v<sub>k</sub> the {@link #vectors()} in their order. Every kind is
     * one: a plane has w = (1, α, β), a linear interpolation w = (1 − α, α), the bilinear interpolation
     * w = ((1−α)(1−β), α(1−β), (1−α)β, αβ), barycentric and three-model planes w = (1 − α − β, α, β). An objective
     * may use this to share work between the points of a slice ({@link
     * org.landscape4j.objective.Objective#combinations}).
     *
     * @param out an array of {@code vectors().size()} weights; overwritten
     */
    public abstract void weights(double alpha, double beta, double[] out);

    /**
     * @return true if (α, β) belongs to the slice's domain, i.e. is evaluated: every grid point except for the
     *         barycentric interpolation, whose domain is its triangle
     */
    public boolean contains(double alpha, double beta) {
        return true;
    }

    /** @return "grid" if every grid point is evaluated, "triangle" for the barycentric interpolation */
    public String domain() {
        return "grid";
    }

    /**
     * @return this slice with its vectors in {@code type} (this slice if they already are): a new array per vector,
     *         made once, so that points are written into a buffer of that type; the fingerprints stay those of
     *         the vectors as given
     */
    public abstract Slice castTo(DataType type);

    /**
     * @param nx points along α
     * @param ny points along β (1 for a one-dimensional slice)
     * @return the usual grid of this kind: [−1, 1] (line, plane; centred on c), [−0.5, 1.5] (linear interpolation),
     *         [0, 1]² (bilinear, barycentric, three-model plane: the models at the corners)
     */
    public abstract GridSpec defaultGrid(int nx, int ny);

    /** The grid [min, max] along each axis of more than one point, 0 along an axis of one point. */
    final GridSpec defaultGrid(int nx, int ny, double min, double max) {
        if (kind().dimensions() == 1 && ny != 1) {
            throw new IllegalArgumentException("a " + kind().id().replace('_', ' ') + " is one-dimensional: ny must be"
                    + " 1, got " + ny);
        }
        return new GridSpec(nx, ny, nx == 1 ? 0 : min, nx == 1 ? 0 : max, ny == 1 ? 0 : min, ny == 1 ? 0 : max);
    }

    /**
     * Checks that a grid fits this slice: a one-dimensional slice takes a line grid (ny = 1, β = 0), and at least
     * one grid point must lie in the domain.
     *
     * @throws IllegalArgumentException naming the grid and what would fit
     */
    public void checkGrid(GridSpec grid) {
        if (kind().dimensions() == 1 && (grid.ny() != 1 || grid.yMin() != 0)) {
            throw new IllegalArgumentException("a " + kind().id().replace('_', ' ') + " is one-dimensional, so its grid"
                    + " has ny = 1 and β = 0 (GridSpec.line, a size N without 'x'), got " + grid);
        }
        if (domainPoints(grid).length == 0) {
            throw new IllegalArgumentException("none of the points of the grid " + grid + " lies in the " + domain()
                    + " of the " + kind().id().replace('_', ' ') + ": choose ranges that overlap it");
        }
    }

    /** @return the numbers k = j·nx + i of the grid points in the domain, ascending */
    public final int[] domainPoints(GridSpec grid) {
        int[] all = new int[grid.points()];
        int count = 0;
        for (int j = 0; j < grid.ny(); j++) {
            double beta = grid.beta(j);
            for (int i = 0; i < grid.nx(); i++) {
                if (contains(grid.alpha(i), beta)) {
                    all[count++] = j * grid.nx() + i;
                }
            }
        }
        return count == all.length ? all : Arrays.copyOf(all, count);
    }

    /**
     * @return the slice's provenance settings: {@code slice} (the kind), {@code parameters} (P), {@code domain}
     *         ("grid" or "triangle") and {@code vectors}: for each vector by name, its {@code sha256} and
     *         {@code norm} (‖v‖₂)
     */
    public final Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("slice", kind().id());
        settings.put("parameters", parameterCount());
        settings.put("domain", domain());
        settings.put("vectors", vectors.settings());
        return settings;
    }

    @Override
    public String toString() {
        return kind().id() + " slice of " + parameterCount() + " " + dataType() + " parameters through "
                + String.join(", ", kind().vectorNames());
    }
}
