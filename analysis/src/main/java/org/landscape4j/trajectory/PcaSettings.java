package org.landscape4j.trajectory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of an exact PCA of a trajectory.
 *
 * @param components  k, the number of principal components wanted (fewer are returned if the snapshots span
 *                    fewer dimensions)
 * @param reference   the point the rows are taken from
 * @param standardize whether every parameter is first divided by its standard deviation across the snapshots
 *                    (PCA of the correlation matrix; see {@link ParameterStatistics})
 * @param blockRows   snapshots held at once while the Gram matrix is accumulated ({@link GramMatrix})
 */
public record PcaSettings(int components, Reference reference, boolean standardize, int blockRows) {

    public PcaSettings {
        if (components < 1) {
            throw new IllegalArgumentException("a PCA needs at least 1 component, got " + components);
        }
        java.util.Objects.requireNonNull(reference, "reference");
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be at least 1, got " + blockRows);
        }
    }

    /** @return k components about the final snapshot, not standardized, the default block */
    public static PcaSettings of(int components) {
        return new PcaSettings(components, Reference.FINAL, false, GramMatrix.DEFAULT_BLOCK_ROWS);
    }

    /** @return these settings with another reference */
    public PcaSettings withReference(Reference value) {
        return new PcaSettings(components, value, standardize, blockRows);
    }

    /** @return these settings with standardization on or off */
    public PcaSettings withStandardize(boolean value) {
        return new PcaSettings(components, reference, value, blockRows);
    }

    /** @return these settings with another block size */
    public PcaSettings withBlockRows(int value) {
        return new PcaSettings(components, reference, standardize, value);
    }

    /** @return the settings as a result's provenance records them (the block size changes nothing and is left out) */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("components", components);
        map.put("reference", reference.label());
        map.put("standardize", standardize);
        return map;
    }
}
