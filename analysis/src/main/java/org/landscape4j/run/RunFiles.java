package org.landscape4j.run;

import java.util.List;

/** The names of the files in a run directory, and the format version this library writes. */
public final class RunFiles {

    public static final String MANIFEST = "manifest.json";
    public static final String METRICS = "metrics.arrows";
    public static final String SNAPSHOTS = "snapshots.arrows";
    /** The network's configuration as the framework serializes it (DL4J JSON). */
    public static final String NETWORK = "network.json";
    /** The version of the format written; readers accept this version and older ones. */
    public static final int FORMAT_VERSION = 1;

    /** Every file a recording writes; these, and only these, are replaced when a run is overwritten. */
    public static final List<String> RUN_FILES = List.of(MANIFEST, METRICS, SNAPSHOTS, NETWORK);

    private RunFiles() {
    }
}
