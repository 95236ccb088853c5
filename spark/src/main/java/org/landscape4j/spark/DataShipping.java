package org.landscape4j.spark;

/**
 * How the executors get a CSV data file (in-memory data always travels inside the broadcast spec).
 */
public enum DataShipping {
    /** The driver reads the file and broadcasts its bytes: executors need no access to the driver's files. */
    BROADCAST,
    /** Every executor reads the spec's path itself (a shared file system): for data too large to broadcast. */
    PATH,
    /** {@link #BROADCAST} up to the evaluator's broadcast limit (default 64 MiB), {@link #PATH} above it. */
    AUTO
}
