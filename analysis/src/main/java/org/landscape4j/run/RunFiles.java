package org.landscape4j.run;

import java.nio.file.Path;
import java.util.List;

/**
 * The names of the files in a run directory, the schema-metadata keys they carry, and the version of the
 * format they follow.
 *
 * <p>The names are fixed: tools find a run's files by name, never by scanning. {@link #FORMAT_VERSION} is
 * written into the manifest and into the schema metadata of every Arrow file; readers refuse a newer version
 * and read every older one.
 */
public final class RunFiles {

    /** The manifest: what was trained, how it was recorded, with which versions (JSON, UTF-8). */
    public static final String MANIFEST = "manifest.json";

    /** Per-iteration metrics (Arrow IPC stream). */
    public static final String METRICS = "metrics.arrows";

    /** Parameter snapshots, one record batch each (Arrow IPC stream, a vector table). */
    public static final String SNAPSHOTS = "snapshots.arrows";

    /** Curvature measured along training on a fixed probe set (Arrow IPC stream). */
    public static final String CURVATURE = "curvature.arrows";

    /** Per-array norms of the parameters, the raw gradient and the update at recorded updates (Arrow IPC stream). */
    public static final String LAYERS = "layers.arrows";

    /** The network's configuration as the framework serializes it (DL4J JSON), for post-hoc work. */
    public static final String NETWORK = "network.json";

    /** The directory of analysis results (slices, directions, PCA, ...), each an Arrow IPC stream. */
    public static final String RESULTS = "results";

    /**
     * The lock file: a recorder holds an exclusive OS lock on it while it records (the OS drops the lock when
     * the process dies), and the file reserves the disk space the final manifest needs.
     */
    public static final String LOCK = ".landscape4j.lock";

    /** The version of the run format this code writes and the newest it reads. */
    public static final int FORMAT_VERSION = 2;

    /** Schema metadata key holding the format version as decimal text in every Arrow file of a run. */
    public static final String FORMAT_VERSION_KEY = "landscape4j.format_version";

    /** Schema metadata key holding P, the length of the vectors of a vector table, as decimal text. */
    public static final String PARAMETER_COUNT_KEY = "landscape4j.parameter_count";

    /** Schema metadata key holding the run id of the run a file belongs to (format version 2). */
    public static final String RUN_ID_KEY = "landscape4j.run_id";

    /** Schema metadata key naming the table a file holds: metrics, snapshots, curvature, or a result kind. */
    public static final String TABLE_KEY = "landscape4j.table";

    /**
     * The files a recording writes: their presence means that a directory holds a run. Overwriting a run
     * deletes exactly these and the {@link #RESULTS} directory.
     */
    public static final List<String> RUN_FILES = List.of(MANIFEST, METRICS, SNAPSHOTS, CURVATURE, LAYERS,
            NETWORK);

    private RunFiles() {
    }

    /**
     * @param file  the file, for messages
     * @param text  the recorded version (decimal text), or null if absent (accepted as version 1)
     * @param where where it was recorded, for messages
     * @return the version, 1 to {@link #FORMAT_VERSION}
     * @throws RunFormatException if it is not an integer, below 1, or newer than this code reads
     */
    static int checkFormatVersion(Path file, String text, String where) throws RunFormatException {
        if (text == null) {
            return 1;
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new RunFormatException(file, where + " is " + SafeText.quote(text) + ", expected an integer", e);
        }
        return checkFormatVersion(file, value, where);
    }

    static int checkFormatVersion(Path file, int value, String where) throws RunFormatException {
        if (value > FORMAT_VERSION) {
            throw new RunFormatException(file, "was written in run format version " + value
                    + ", newer than this landscape4j reads (up to " + FORMAT_VERSION + "); upgrade landscape4j to read it");
        }
        if (value < 1) {
            throw new RunFormatException(file, where + " is " + value + ", expected 1 to " + FORMAT_VERSION);
        }
        return value;
    }
}
