package org.landscape4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;

/** A check task: can this executor read the file? Returns "" if so, else "executor@host: why". */
final class ReadCheck implements Function<Integer, String> {

    private static final long serialVersionUID = 1L;

    private final String path;

    ReadCheck(String path) {
        this.path = path;
    }

    @Override
    public String call(Integer ignored) {
        String problem = problem(path);
        if (problem == null) {
            return "";
        }
        SparkEnv env = SparkEnv.get();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return "executor " + (env == null ? "?" : env.executorId()) + " on " + host + ": " + problem;
    }

    /** @return why this JVM cannot read {@code path}, or null if it can */
    static String problem(String path) {
        Path file = Path.of(path);
        if (!Files.exists(file)) {
            return "no file there";
        }
        if (!Files.isRegularFile(file)) {
            return "not a regular file";
        }
        if (!Files.isReadable(file)) {
            return "permission denied";
        }
        return null;
    }
}
