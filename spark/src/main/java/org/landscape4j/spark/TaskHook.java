package org.landscape4j.spark;

import java.io.Serializable;

/**
 * Called at the start of every task attempt on the executor, before any point of it is evaluated: a seam for
 * fault-injection tests (throw to make an attempt fail) and for instrumentation. Shipped with the tasks, so it must
 * be serializable and must not capture driver state.
 */
@FunctionalInterface
public interface TaskHook extends Serializable {

    /** The hook that does nothing. */
    TaskHook NONE = (partition, attempt) -> { };

    /**
     * @param partition the task's partition number, from 0, in point order
     * @param attempt   the attempt, 0 for the first (Spark's {@code TaskContext.attemptNumber()})
     */
    void beforeTask(int partition, int attempt) throws Exception;
}
