package org.landscape4j.run;

/** What {@link RunClaim#claim} does when the requested directory already holds a run. */
public enum ExistingRunPolicy {
    /** Refuse: throw a {@link RunExistsException} naming the directory and what is there. */
    FAIL,
    /**
     * Delete the run files ({@link RunFiles#RUN_FILES}) and the results directory, and record into the same
     * directory; other files stay.
     */
    OVERWRITE,
    /** Record into the first sibling {@code <name>-2}, {@code <name>-3}, ... that holds no run and no recorder. */
    NEW_NUMBERED
}
