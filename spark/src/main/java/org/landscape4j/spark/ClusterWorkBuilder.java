package org.landscape4j.spark;

import java.util.Objects;

/**
 * The settings every Spark evaluator takes: the cluster, how a CSV data file reaches the executors, the largest file
 * broadcast, and a hook before every task attempt. The evaluators' builders extend it with their own settings.
 *
 * @param <B> the concrete builder, returned by the setters
 */
abstract class ClusterWorkBuilder<B extends ClusterWorkBuilder<B>> {

    final GridCluster cluster;
    DataShipping shipping = DataShipping.AUTO;
    long broadcastLimit = 64L << 20;
    TaskHook hook = TaskHook.NONE;

    ClusterWorkBuilder(GridCluster cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    abstract B self();

    /** How a CSV data file reaches the executors (default {@link DataShipping#AUTO}). */
    public B dataShipping(DataShipping shipping) {
        this.shipping = Objects.requireNonNull(shipping, "shipping");
        return self();
    }

    /** The largest data file {@link DataShipping#AUTO} broadcasts, in bytes (default 64 MiB). */
    public B broadcastLimit(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("broadcast limit " + bytes + " is negative");
        }
        this.broadcastLimit = bytes;
        return self();
    }

    /** A hook called on the executor before every task attempt (fault-injection tests). */
    public B taskHook(TaskHook hook) {
        this.hook = Objects.requireNonNull(hook, "hook");
        return self();
    }
}
