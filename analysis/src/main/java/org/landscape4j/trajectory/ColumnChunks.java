package org.landscape4j.trajectory;

import java.io.IOException;

/**
 * The T×P matrix of a trajectory's snapshots, streamed by column chunks: chunk j holds parameters
 * [jB, min(P, (j + 1)B)) of all T snapshots, read with {@link SnapshotSource#readRange} (from a snapshots file, a
 * positional read of those bytes only). A pass over the chunks reads every snapshot once, in ⌈P/B⌉ pieces, and holds
 * T×B floats at a time, never a whole snapshot; within a chunk the T values of each parameter are all at hand, so
 * per-parameter statistics over the trajectory (mean, standard deviation) need no pass of their own.
 *
 * <p>The width B is chosen so that a chunk as T×B doubles takes about {@value #BUDGET_BYTES} bytes: the BLAS calls
 * on a chunk then work in the cache, and the reads are 4B bytes each (B at least {@value #MIN_WIDTH}, at most
 * {@value #MAX_WIDTH}, and P if P is smaller). Cost of a pass: T·⌈P/B⌉ reads of 4B bytes; memory T×B floats.
 */
final class ColumnChunks {

    /** About how many bytes a chunk takes as T×B doubles (the matrices the passes build from it). */
    static final long BUDGET_BYTES = 4L << 20;

    /** The narrowest automatic chunk: reads of at least 1 KiB, whatever T. */
    static final int MIN_WIDTH = 256;

    /** The widest automatic chunk. */
    static final int MAX_WIDTH = 1 << 16;

    private final SnapshotSource source;
    private final int rows;
    private final int parameters;
    private final int width;
    private final float[][] values;

    /**
     * @param source the snapshots
     * @param width  B, parameters per chunk; 0 for the automatic width ({@link #automaticWidth})
     */
    ColumnChunks(SnapshotSource source, int width) {
        if (width < 0) {
            throw new IllegalArgumentException("a chunk holds at least 1 parameter (or 0 for the automatic width),"
                    + " got " + width);
        }
        this.source = source;
        this.rows = source.count();
        this.parameters = source.parameterCount();
        this.width = Math.max(1, Math.min(parameters, width == 0 ? automaticWidth(rows) : width));
        this.values = new float[rows][this.width];
    }

    /** @return B for T snapshots: about {@value #BUDGET_BYTES} bytes of T×B doubles, a multiple of 256 */
    static int automaticWidth(int snapshots) {
        long fit = BUDGET_BYTES / ((long) Double.BYTES * Math.max(1, snapshots));
        return (int) Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, fit / 256 * 256));
    }

    /** @return T */
    int rows() {
        return rows;
    }

    /** @return B, the width of every chunk but possibly the last */
    int width() {
        return width;
    }

    /** @return ⌈P/B⌉ */
    int count() {
        return (parameters + width - 1) / width;
    }

    /** @return the first parameter of chunk j */
    int from(int j) {
        return j * width;
    }

    /** @return the width of chunk j: B, or what is left of P for the last chunk */
    int width(int j) {
        return Math.min(width, parameters - j * width);
    }

    /**
     * Reads chunk j of every snapshot.
     *
     * @param stage    the pass, for the progress report (told after every chunk: done = chunks read, total = ⌈P/B⌉)
     * @param progress the report
     * @return T rows; row t holds parameters [from(j), from(j) + width(j)) of snapshot t in its first width(j)
     *         entries; the arrays are reused by the next read
     * @throws java.util.concurrent.CancellationException if the calling thread is interrupted (checked per chunk)
     */
    float[][] read(int j, String stage, TrajectoryProgress progress) throws IOException {
        Cancellation.check("the " + stage + " pass");
        int from = from(j);
        int to = from + width(j);
        for (int t = 0; t < rows; t++) {
            source.readRange(t, from, to, values[t]);
        }
        progress.update(stage, j + 1, count());
        return values;
    }
}
