package org.landscape4j.trajectory;

/**
 * The rows x<sub>t</sub> = (θ<sub>t</sub> − c)·q of one column chunk for {@link ExactPca}: c the final snapshot or
 * the per-parameter mean over the T snapshots, q = 1/σ (ddof 1; 0 for a constant parameter) when standardized, else 1.
 * Everything a row needs is in the chunk (all T values of its parameters), so the statistics come with it
 * ({@link ParameterStatistics#ofChunk}) and the arithmetic is the same whenever a chunk is formed: both passes of the
 * PCA see identical rows. Double precision; chunk-sized scratch only.
 */
final class CentredChunk {

    private final int rows;
    private final Reference reference;
    private final boolean standardize;
    private final double[] mean;
    private final double[] std;
    private final double[] centre;
    private final double[] scale;
    private final double[] row;

    /**
     * @param rows        T
     * @param width       B, the widest chunk
     * @param reference   c
     * @param standardize whether q = 1/σ
     */
    CentredChunk(int rows, int width, Reference reference, boolean standardize) {
        this.rows = rows;
        this.reference = reference;
        this.standardize = standardize;
        this.mean = new double[width];
        this.std = new double[width];
        this.centre = new double[width];
        this.scale = new double[width];
        this.row = new double[width];
    }

    /**
     * Forms the chunk's rows into {@code x}, and records its part of the centre and standard deviations if asked.
     *
     * @param values     T rows of the chunk's n values ({@link ColumnChunks#read})
     * @param n          the chunk's width
     * @param x          receives the T×n rows
     * @param centreOut  receives c (rounded to float) at [at, at + n), or null
     * @param stdOut     receives σ (rounded to float) at [at, at + n) when standardized, or null
     * @param at         the chunk's first parameter
     */
    void form(float[][] values, int n, ChunkMatrix x, float[] centreOut, float[] stdOut, int at) {
        if (standardize) {
            ParameterStatistics.ofChunk(values, rows, n, mean, std, 0);
        } else if (reference == Reference.MEAN) {
            meanOf(values, n);
        }
        if (reference == Reference.MEAN) {
            System.arraycopy(mean, 0, centre, 0, n);
        } else {
            float[] last = values[rows - 1];
            for (int i = 0; i < n; i++) {
                centre[i] = last[i];
            }
        }
        if (centreOut != null) {
            for (int i = 0; i < n; i++) {
                centreOut[at + i] = (float) centre[i];
            }
        }
        if (standardize) {
            for (int i = 0; i < n; i++) {
                scale[i] = std[i] == 0 ? 0 : 1 / std[i];
            }
            if (stdOut != null) {
                for (int i = 0; i < n; i++) {
                    stdOut[at + i] = (float) std[i];
                }
            }
        }
        for (int k = 0; k < rows; k++) {
            float[] theta = values[k];
            if (standardize) {
                for (int i = 0; i < n; i++) {
                    row[i] = (theta[i] - centre[i]) * scale[i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    row[i] = theta[i] - centre[i];
                }
            }
            x.put(k, row, n);
        }
    }

    private void meanOf(float[][] values, int n) {
        for (int i = 0; i < n; i++) {
            mean[i] = 0;
        }
        for (int k = 0; k < rows; k++) {
            float[] theta = values[k];
            for (int i = 0; i < n; i++) {
                mean[i] += theta[i];
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] /= rows;
        }
    }
}
