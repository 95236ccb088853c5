package org.landscape4j.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The OpenBLAS settings of {@code scripts/blas-env.sh}, for a JVM started by plain {@code java -jar}: OpenBLAS
 * reads its environment when it is loaded, so the benchmark re-launches itself once with the chosen variables.
 * Same rules as the script: the kernel from the CPU flags (OpenBLAS 0.3.19 mistakes recent AMD CPUs for
 * "Barcelona"), one BLAS thread, OpenMP threads = cores; variables the user set are kept.
 */
final class BlasEnvironment {

    /** Set in the re-launched JVM so that it does not re-launch again. */
    static final String MARKER = "LANDSCAPE4J_BLAS_CHOICE";

    /** The java.base packages Spark needs opened on Java 17+ (its launcher's JavaModuleOptions). */
    static final java.util.List<String> SPARK_OPENS = java.util.List.of("java.lang", "java.lang.invoke",
            "java.lang.reflect", "java.io", "java.net", "java.util", "java.util.concurrent",
            "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch", "sun.nio.cs", "sun.security.action",
            "sun.util.calendar");

    private BlasEnvironment() {
    }

    /** @return the kernel OpenBLAS should use for a CPU with these /proc/cpuinfo flags, if one is known */
    static Optional<String> kernelFor(String cpuFlags) {
        String flags = " " + cpuFlags + " ";
        // Haswell on AVX-512 CPUs too: OpenBLAS 0.3.19's Cooperlake kernels compute wrong double products and its
        // SkylakeX and Cooperlake ones wrong eigenvectors (BlasCheck)
        if (flags.contains(" avx2 ")) {
            return Optional.of("Haswell");
        }
        if (flags.contains(" avx ")) {
            return Optional.of("Sandybridge");
        }
        return Optional.empty();
    }

    /**
     * @param cores the OpenMP threads to choose when the user set none
     * @return the variables to add to {@code current}: only those the user has not set
     */
    static Map<String, String> choose(Map<String, String> current, String cpuFlags, int cores) {
        Map<String, String> chosen = new LinkedHashMap<>();
        if (!current.containsKey("OPENBLAS_CORETYPE")) {
            kernelFor(cpuFlags).ifPresent(kernel -> chosen.put("OPENBLAS_CORETYPE", kernel));
        }
        chosen.putIfAbsent("OPENBLAS_NUM_THREADS", current.getOrDefault("OPENBLAS_NUM_THREADS", "1"));
        chosen.putIfAbsent("OMP_NUM_THREADS", current.getOrDefault("OMP_NUM_THREADS", Integer.toString(cores)));
        chosen.putIfAbsent("ND4J_SKIP_BLAS_THREADS", current.getOrDefault("ND4J_SKIP_BLAS_THREADS", "1"));
        chosen.entrySet().removeIf(e -> e.getValue().equals(current.get(e.getKey())));
        return chosen;
    }

    /** @return the flags line of /proc/cpuinfo, or "" where there is none */
    static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("flags")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no access: leave OpenBLAS to decide
        }
        return "";
    }

    /**
     * Re-launches this JVM's main class with the chosen variables if any are missing.
     *
     * @return the child's exit code, or empty if this JVM already has its settings and should go on
     */
    static Optional<Integer> relaunchIfNeeded(Class<?> mainClass, String[] args)
            throws IOException, InterruptedException {
        return relaunchIfNeeded(mainClass, args, Runtime.getRuntime().availableProcessors());
    }

    /**
     * As {@link #relaunchIfNeeded(Class, String[])}, with {@code ompThreads} OpenMP threads unless the user set
     * {@code OMP_NUM_THREADS}: 1 for the surface workloads, whose floor is the single-thread forward pass and
     * whose parallelism is their workers.
     */
    static Optional<Integer> relaunchIfNeeded(Class<?> mainClass, String[] args, int ompThreads)
            throws IOException, InterruptedException {
        Map<String, String> env = System.getenv();
        if (env.containsKey(MARKER)) {
            return Optional.empty();
        }
        Map<String, String> chosen = choose(env, cpuFlags(), ompThreads);
        String description = chosen.isEmpty() ? "the user's OpenBLAS settings" : chosen.toString();
        System.err.println("landscape4j-bench: OpenBLAS settings " + description);
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        for (String module : SPARK_OPENS) {                  // W2 --spark starts a Spark context in the child
            command.add("--add-opens=java.base/" + module + "=ALL-UNNAMED");
        }
        command.add(mainClass.getName());
        command.addAll(java.util.List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(chosen);
        builder.environment().put(MARKER, description);
        return Optional.of(builder.start().waitFor());
    }
}
