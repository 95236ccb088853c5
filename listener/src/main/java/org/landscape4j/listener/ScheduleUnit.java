package org.landscape4j.listener;

/** What a recording schedule counts. */
public enum ScheduleUnit {
    /** Parameter updates (DL4J iterations, one per minibatch). */
    ITERATIONS,
    /** Completed epochs (needs {@code fit(iterator)} or {@code fit(iterator, n)}; {@code fit(DataSet)} has none). */
    EPOCHS
}
