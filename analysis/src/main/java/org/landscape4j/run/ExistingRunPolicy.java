package org.landscape4j.run;

/** What {@link RunDirectory#prepare} does when the requested directory already holds a run. */
public enum ExistingRunPolicy {
    /** Refuse: throw a {@link RunFormatException} that names the directory and the two other choices. */
    FAIL,
    /** Delete the run files ({@link RunFiles#RUN_FILES}) and record into the same directory; other files stay. */
    OVERWRITE,
    /** Record into the first sibling {@code <name>-2}, {@code <name>-3}, ... that does not hold a run. */
    NEW_NUMBERED
}
