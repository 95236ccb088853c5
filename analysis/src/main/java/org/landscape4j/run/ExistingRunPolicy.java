package org.landscape4j.run;

/** What to do when the directory to record into already holds a run. */
public enum ExistingRunPolicy {
    /** Refuse, with an error naming the directory and the two other choices. */
    FAIL,
    /** Delete the run's own files ({@link RunFiles#RUN_FILES}) and record there; other files are kept. */
    OVERWRITE,
    /** Record into the first sibling {@code NAME-2}, {@code NAME-3}, ... that holds no run. */
    NEW_NUMBERED
}
