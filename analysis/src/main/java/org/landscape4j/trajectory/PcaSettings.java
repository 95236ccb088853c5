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
 * @param chunkColumns parameters per column chunk of the streamed passes ({@link ColumnChunks}), or
 *                    {@link GramMatrix#AUTOMATIC_CHUNK} (0) for a width that keeps a chunk of T×B doubles within a few
 *                    MB; it changes the reads, not the result (but for the order of summation)
 */
public record PcaSettings(int components, Reference reference, boolean standardize, int chunkColumns) {

    public PcaSettings {
        if (components < 1) {
            throw new IllegalArgumentException("a PCA needs at least 1 component, got " + components);
        }
        java.util.Objects.requireNonNull(reference, "reference");
        if (chunkColumns < 0) {
            throw new IllegalArgumentException("chunkColumns must be at least 1, or 0 for the automatic width; got "
                    + chunkColumns);
        }
    }

    /** @return k components about the final snapshot, not standardized, the automatic chunk width */
    public static PcaSettings of(int components) {
        return new PcaSettings(components, Reference.FINAL, false, GramMatrix.AUTOMATIC_CHUNK);
    }

    /** @return these settings with another reference */
    public PcaSettings withReference(Reference value) {
        return new PcaSettings(components, value, standardize, chunkColumns);
    }

    /** @return these settings with standardization on or off */
    public PcaSettings withStandardize(boolean value) {
        return new PcaSettings(components, reference, value, chunkColumns);
    }

    /** @return these settings with another chunk width (parameters per chunk; 0: automatic) */
    public PcaSettings withChunkColumns(int value) {
        return new PcaSettings(components, reference, standardize, value);
    }

    /** @return the settings as a result's provenance records them (the chunk width changes nothing and is left out) */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("components", components);
        map.put("reference", reference.label());
        map.put("standardize", standardize);
        return map;
    }
}
