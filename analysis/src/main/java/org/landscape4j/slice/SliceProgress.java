package org.landscape4j.slice;

/**
 * Receives the progress of a slice evaluation, for a progress bar: called on the thread that called
 * {@link SliceEvaluator#evaluate}, never concurrently, about every {@code progressInterval} and once more at the
 * end.
 */
@FunctionalInterface
public interface SliceProgress {

    /** @param progress how far the evaluation is */
    void update(Progress progress);

    /**
     * @param done    points done, resumed ones included
     * @param total   points of the slice's domain
     * @param resumed points taken from an interrupted earlier run (done before this call started)
     * @param seconds wall time since the call started
     */
    record Progress(long done, long total, long resumed, double seconds) {

        /** @return done / total, in [0, 1] */
        public double fraction() {
            return total == 0 ? 1 : (double) done / total;
        }

        /**
         * @return the estimated seconds to completion at the rate of this call's points so far, or NaN before the
         *         first point of this call completed
         */
        public double secondsRemaining() {
            long evaluated = done - resumed;
            return evaluated <= 0 ? Double.NaN : seconds / evaluated * (total - done);
        }
    }
}
