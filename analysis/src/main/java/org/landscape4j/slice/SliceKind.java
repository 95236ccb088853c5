package org.landscape4j.slice;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The kinds of {@link Slice}: the name recorded in a result's provenance, the number of coordinates, and the
 * names of the vectors each takes, in the order {@link #create} takes them.
 */
public enum SliceKind {
    /** θ(α) = c + α·d. */
    LINE("line", 1, "c", "d"),
    /** θ(α, β) = c + α·d₁ + β·d₂. */
    PLANE("plane", 2, "c", "d1", "d2"),
    /** θ(α) = (1−α)·θ₀ + α·θ₁. */
    LINEAR_INTERPOLATION("linear_interpolation", 1, "theta0", "theta1"),
    /** θ(α, β) = (1−α)(1−β)θ₀₀ + α(1−β)θ₁₀ + (1−α)βθ₀₁ + αβθ₁₁. */
    BILINEAR("bilinear", 2, "theta00", "theta10", "theta01", "theta11"),
    /** θ(α, β) = θ₀ + α(θ₁−θ₀) + β(θ₂−θ₀) on the triangle α, β ≥ 0, α + β ≤ 1. */
    BARYCENTRIC("barycentric", 2, "theta0", "theta1", "theta2"),
    /** θ(α, β) = θ₀ + α(θ₁−θ₀) + β(θ₂−θ₀) on the whole grid: the plane through three models. */
    THREE_MODEL_PLANE("three_model_plane", 2, "theta0", "theta1", "theta2");

    private final String id;
    private final int dimensions;
    private final List<String> vectorNames;

    SliceKind(String id, int dimensions, String... vectorNames) {
        this.id = id;
        this.dimensions = dimensions;
        this.vectorNames = List.of(vectorNames);
    }

    /** @return the name recorded in provenance ({@code "plane"}, {@code "linear_interpolation"}, ...) */
    public String id() {
        return id;
    }

    /** @return 1 for slices along α only (line, linear interpolation), 2 for those over (α, β) */
    public int dimensions() {
        return dimensions;
    }

    /** @return the names of the vectors, in order ({@code c, d1, d2} for a plane) */
    public List<String> vectorNames() {
        return vectorNames;
    }

    /**
     * @param vectors the vectors in the order of {@link #vectorNames()}, all of length P and one type
     * @return the slice of this kind through them
     */
    public Slice create(List<INDArray> vectors) {
        if (vectors.size() != vectorNames.size()) {
            throw new IllegalArgumentException("a " + id + " slice takes " + vectorNames.size() + " vectors ("
                    + String.join(", ", vectorNames) + "), got " + vectors.size());
        }
        SliceVectors checked = SliceVectors.of(this, vectors);
        return switch (this) {
            case LINE -> new LineSlice(checked);
            case PLANE -> new PlaneSlice(checked);
            case LINEAR_INTERPOLATION -> new LinearInterpolation(checked);
            case BILINEAR -> new BilinearInterpolation(checked);
            case BARYCENTRIC -> new BarycentricInterpolation(checked);
            case THREE_MODEL_PLANE -> new ThreeModelPlane(checked);
        };
    }

    /**
     * @param id a kind's name as recorded in provenance, e.g. {@code "plane"}
     * @return the kind
     * @throws IllegalArgumentException naming the known kinds
     */
    public static SliceKind of(String id) {
        for (SliceKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        StringBuilder known = new StringBuilder();
        for (SliceKind kind : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(kind.id);
        }
        throw new IllegalArgumentException("slice kind \"" + id + "\" is unknown; known: " + known);
    }
}
