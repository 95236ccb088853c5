package org.landscape4j.report.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An optimization path in the coordinates of a plane (e.g. the snapshots' coordinates on the first two PCA
 * components, or any coordinates the caller computed), one point per snapshot in training order, each labelled
 * by its epoch (or, without epochs, its iteration).
 *
 * @param label      what the path is, e.g. "trajectory (PCA)"
 * @param x          the points' first coordinates
 * @param y          the points' second coordinates
 * @param iterations the training iteration of each point
 * @param epochs     the epoch of each point, or null if unknown
 */
public record OptimizationPath(String label, double[] x, double[] y, long[] iterations, int[] epochs) {

    public OptimizationPath {
        Objects.requireNonNull(label, "label");
        if (x.length != y.length || x.length != iterations.length || (epochs != null && epochs.length != x.length)) {
            throw new IllegalArgumentException("an optimization path needs as many x, y, iterations (and epochs) as"
                    + " points: " + x.length + ", " + y.length + ", " + iterations.length
                    + (epochs == null ? "" : ", " + epochs.length));
        }
    }

    /** @return the number of points */
    public int size() {
        return x.length;
    }

    /** @return the label of point k: "epoch E" if epochs are known, else "it I" */
    public String pointLabel(int k) {
        return epochs != null ? "epoch " + epochs[k] : "it " + iterations[k];
    }

    /**
     * @param maxLabels how many labels at most
     * @return whether point k gets a label: the first, the last, and evenly spaced ones in between
     */
    public boolean labelled(int k, int maxLabels) {
        int n = size();
        if (k == 0 || k == n - 1 || n <= maxLabels) {
            return true;
        }
        int stride = (int) Math.ceil((n - 1) / (double) Math.max(1, maxLabels - 1));
        return k % stride == 0 && n - 1 - k >= stride / 2;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OptimizationPath that && label.equals(that.label) && Arrays.equals(x, that.x)
                && Arrays.equals(y, that.y) && Arrays.equals(iterations, that.iterations)
                && Arrays.equals(epochs, that.epochs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(label, Arrays.hashCode(x), Arrays.hashCode(y));
    }

    @Override
    public String toString() {
        return "OptimizationPath[" + label + ", " + size() + " points]";
    }
}
