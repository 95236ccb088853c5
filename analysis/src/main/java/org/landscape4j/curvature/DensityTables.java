package org.landscape4j.curvature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.landscape4j.run.Column;
import org.landscape4j.run.ColumnType;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.Provenance;
import org.landscape4j.run.Results;
import org.landscape4j.run.TableSchema;

/**
 * A {@link SpectralDensity} as two results (docs/FORMAT.md, "hessian_density"): the quadrature nodes and weights of
 * every SLQ run ({@value #NODES_KIND}), from which any smoothing can be recomputed, and the density smoothed by
 * Gaussians of width σ on a grid ({@value #CURVE_KIND}), ready to plot. σ and the grid are in the provenance's
 * settings.
 */
public final class DensityTables {

    /** The kind of the nodes table. */
    public static final String NODES_KIND = "hessian_density_nodes";
    /** The kind of the smoothed-curve table. */
    public static final String CURVE_KIND = "hessian_density";

    /** run (0-based start vector), node λ_j, weight w_j = (e₁ᵀs_j)². */
    public static final TableSchema NODES = TableSchema.ofRows(NODES_KIND, NODES_KIND + ".arrows", List.of(
            Column.required("run", ColumnType.INT32),
            Column.required("node", ColumnType.FLOAT64),
            Column.required("weight", ColumnType.FLOAT64)));

    /** eigenvalue t, density φ_σ(t) (integrates to 1 over t). */
    public static final TableSchema CURVE = TableSchema.ofRows(CURVE_KIND, CURVE_KIND + ".arrows", List.of(
            Column.required("eigenvalue", ColumnType.FLOAT64),
            Column.required("density", ColumnType.FLOAT64)));

    private DensityTables() {
    }

    /** Writes the nodes and weights of every run as the result {@code name}; @return the file */
    public static Path writeNodes(Results results, String name, SpectralDensity density, Provenance provenance)
            throws IOException {
        try (PendingResult pending = results.startRows(name, NODES, provenance, 4096)) {
            int skip = pending.resumedRows().size();          // the same provenance: the same rows, in order
            int row = 0;
            for (int run = 0; run < density.runs().size(); run++) {
                QuadratureRule rule = density.runs().get(run);
                double[] nodes = rule.nodes();
                double[] weights = rule.weights();
                for (int j = 0; j < nodes.length; j++) {
                    if (row++ >= skip) {
                        pending.append(new Object[]{run, nodes[j], weights[j]});
                    }
                }
            }
            return pending.commit();
        }
    }

    /** Writes φ_σ on the grid as the result {@code name}; @return the file */
    public static Path writeCurve(Results results, String name, double[] grid, double[] values, Provenance provenance)
            throws IOException {
        if (grid.length != values.length) {
            throw new IllegalArgumentException(grid.length + " grid points but " + values.length + " values");
        }
        try (PendingResult pending = results.startRows(name, CURVE, provenance, 4096)) {
            for (int i = pending.resumedRows().size(); i < grid.length; i++) {
                pending.append(new Object[]{grid[i], values[i]});
            }
            return pending.commit();
        }
    }
}
