package org.landscape4j.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.landscape4j.spark.DataShipping;
import org.landscape4j.spark.GridCluster;
import org.landscape4j.spark.SparkGridException;
import picocli.CommandLine.Option;

/**
 * The options that send a grid to Apache Spark instead of the local workers. Without {@code --spark} the local
 * evaluator runs, unless the JVM was started by {@code spark-submit} (it sets {@code spark.master}), which then
 * means Spark with spark-submit's master.
 */
final class SparkOptions {

    /** What {@code --spark} alone (or {@code --spark submit}) stands for: the master spark-submit was given. */
    static final String SUBMIT = "submit";

    @Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = SUBMIT,
            description = "Evaluate the grid on Apache Spark: local[N] (embedded, N task threads; local[N,F]: F"
                    + " attempts per task), spark://HOST:PORT, yarn, k8s://https://HOST:PORT, or nothing under"
                    + " spark-submit (its --master).")
    String master;

    @Option(names = "--spark-tasks", paramLabel = "N",
            description = "Tasks the grid is cut into (default: 2 per task slot of the cluster).")
    Integer tasks;

    @Option(names = "--spark-data", paramLabel = "HOW", defaultValue = "auto",
            description = "How the executors get the data file: broadcast (the driver sends it), path (every executor"
                    + " reads the same path, e.g. a shared file system) or auto (broadcast up to 64 MiB; default).")
    String data;

    @Option(names = "--spark-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Longest wait for a cluster's first executor (connecting to its master: at most 10 s;"
                    + " default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting, e.g. spark.executor.memory=4g (repeatable).")
    List<String> conf = new ArrayList<>();

    /** @return true if the grid goes to Spark: {@code --spark} given, or the JVM runs under spark-submit */
    boolean enabled() {
        return master != null || System.getProperty("spark.master") != null;
    }

    /** @return how the data reaches the executors */
    DataShipping shipping() {
        try {
            return DataShipping.valueOf(data.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--spark-data " + data + ": give auto, broadcast or path");
        }
    }

    /**
     * Starts the cluster: embedded or connected for a master URL, spark-submit's context otherwise.
     *
     * @throws IllegalArgumentException for a master URL of no known form or a malformed setting
     * @throws SparkGridException       if the master cannot be reached or no executor joins in time
     */
    GridCluster start() throws SparkGridException {
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("--spark-timeout " + timeoutSeconds + ": give at least 1 second");
        }
        if (tasks != null && tasks < 1) {
            throw new IllegalArgumentException("--spark-tasks " + tasks + ": give at least 1");
        }
        GridCluster.Settings settings = new GridCluster.Settings(Duration.ofSeconds(Math.min(10, timeoutSeconds)),
                Duration.ofSeconds(timeoutSeconds), java.util.Map.of());
        for (String entry : conf) {
            int equals = entry.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("--spark-conf " + entry + ": give KEY=VALUE, e.g."
                        + " spark.executor.memory=4g");
            }
            settings = settings.with(entry.substring(0, equals).trim(), entry.substring(equals + 1).trim());
        }
        if (master == null || master.equals(SUBMIT)) {
            return GridCluster.fromSubmit(settings);
        }
        return GridCluster.start(master, settings);
    }
}
