package org.landscape4j.spark;

import java.io.IOException;

/**
 * The cluster could not evaluate a grid: its master cannot be reached, no executor joined in time, an executor
 * cannot read the inputs, or the job failed after Spark's retries. The points of tasks that completed before stay in
 * the partial result, which running the same computation again resumes.
 */
public final class SparkGridException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed and what to do */
    public SparkGridException(String message) {
        super(message);
    }

    /** @param message what failed and what to do; {@code cause} is Spark's own exception */
    public SparkGridException(String message, Throwable cause) {
        super(message, cause);
    }
}
