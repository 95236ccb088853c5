package org.landscape4j.run;

import java.util.List;

/**
 * The names of the files in a run directory and the version of the format they follow.
 *
 * <p>The names are fixed: tools find a run's files by name, never by scanning. {@link #FORMAT_VERSION} is
 * written into the manifest and into the schema metadata of every Arrow file; readers refuse a newer version.
 */
public final class RunFiles {

    /** The manifest: what was trained, how it was recorded, with which versions (JSON, UTF-8). */
    public static final String MANIFEST = "manifest.json";

    /** Per-iteration metrics (Arrow IPC stream). */
    public static final String METRICS = "metrics.arrows";

    /** Parameter snapshots, one record batch each (Arrow IPC stream). */
    public static final String SNAPSHOTS = "snapshots.arrows";

    /** The network's configuration as the framework serializes it (DL4J JSON), for post-hoc work. */
    public static final String NETWORK = "network.json";

    /** The version of the run format this code writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** Schema metadata key holding {@link #FORMAT_VERSION} as decimal text in every Arrow file of a run. */
    public static final String FORMAT_VERSION_KEY = "landscape4j.format_version";

    /** Schema metadata key holding P, the parameter count, as decimal text in {@link #SNAPSHOTS}. */
    public static final String PARAMETER_COUNT_KEY = "landscape4j.parameter_count";

    /**
     * The files a recording writes: their presence means that a directory holds a run, and overwriting a run
     * deletes exactly these.
     */
    public static final List<String> RUN_FILES = List.of(MANIFEST, METRICS, SNAPSHOTS, NETWORK);

    private RunFiles() {
    }
}
