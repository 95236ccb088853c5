package org.landscape4j.trajectory;

import java.util.Locale;

/**
 * Which snapshots of a trajectory an analysis uses: positions {@code start, start + stride, ...} below
 * {@code end}, Python-slice style ({@code a:b:s}); negative positions count from the end, an absent end means
 * "to the last snapshot".
 *
 * @param start  first position (negative: from the end, −1 the last)
 * @param end    position after the last, or null for "through the last" (negative: from the end)
 * @param stride step, at least 1
 */
public record SnapshotSelection(int start, Integer end, int stride) {

    /** Every snapshot. */
    public static final SnapshotSelection ALL = new SnapshotSelection(0, null, 1);

    public SnapshotSelection {
        if (stride < 1) {
            throw new IllegalArgumentException("the stride of a snapshot selection must be at least 1, got " + stride);
        }
    }

    /**
     * @param text {@code a:b}, {@code a:b:s}, {@code a:}, {@code :b}, {@code ::s} (empty parts take their defaults)
     * @return the selection
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static SnapshotSelection parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("snapshot selection \"" + text + "\" is not of the form start:end or"
                    + " start:end:stride (e.g. 0:100:5, 10:, ::2)");
        }
        try {
            int start = parts[0].isBlank() ? 0 : Integer.parseInt(parts[0].trim());
            Integer end = parts[1].isBlank() ? null : Integer.valueOf(parts[1].trim());
            int stride = parts.length < 3 || parts[2].isBlank() ? 1 : Integer.parseInt(parts[2].trim());
            return new SnapshotSelection(start, end, stride);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("snapshot selection \"" + text + "\" holds a part that is not an integer:"
                    + " use start:end:stride, e.g. 0:100:5", e);
        }
    }

    /**
     * @param count T, the number of snapshots
     * @return the selected positions, ascending
     * @throws IllegalArgumentException if nothing is selected
     */
    public int[] indices(int count) {
        int from = start < 0 ? Math.max(0, count + start) : Math.min(start, count);
        int to = end == null ? count : end < 0 ? Math.max(0, count + end) : Math.min(end, count);
        int n = to <= from ? 0 : (to - from + stride - 1) / stride;
        if (n == 0) {
            throw new IllegalArgumentException("snapshot selection " + this + " selects no snapshot of the " + count
                    + " there are (positions 0 to " + (count - 1) + ")");
        }
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = from + i * stride;
        }
        return indices;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d:%s:%d", start, end == null ? "" : end.toString(), stride);
    }
}
