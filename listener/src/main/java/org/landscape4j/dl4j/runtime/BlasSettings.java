package org.landscape4j.dl4j.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Checks, before several workers run network copies in parallel, that the process's BLAS threading is of the kind
 * found safe (DESIGN.md, speed facts): ND4J M2.1 loads two OpenBLAS copies into one process, and with two Java
 * threads each running a network, more than one BLAS thread per worker crashed ("BLAS : Bad memory
 * unallocation!", then SIGSEGV in sgemm) or spun forever. Safe, and fastest, is one BLAS thread per worker and
 * parallelism from the workers:
 * <ul>
 *   <li>{@code OPENBLAS_NUM_THREADS=1};</li>
 *   <li>and, when OpenMP runs more than one thread ({@code OMP_NUM_THREADS} &gt; 1, or unset, when ND4J uses one
 *       thread per core), also {@code ND4J_SKIP_BLAS_THREADS=1}, so that ND4J does not raise the BLAS thread count
 *       to the OpenMP one.</li>
 * </ul>
 * {@code scripts/blas-env.sh} and the {@code landscape4j} launcher set exactly these. The check reads the
 * environment only, never changes it (the variables are read when the native libraries load, so a running JVM
 * cannot be repaired), never throws, and logs one warning per process with the fix.
 */
public final class BlasSettings {

    /** OpenBLAS's thread count. */
    public static final String OPENBLAS_NUM_THREADS = "OPENBLAS_NUM_THREADS";
    /** OpenMP's thread count, which ND4J also applies to BLAS unless told to skip it. */
    public static final String OMP_NUM_THREADS = "OMP_NUM_THREADS";
    /** Tells ND4J not to set the BLAS thread count. */
    public static final String ND4J_SKIP_BLAS_THREADS = "ND4J_SKIP_BLAS_THREADS";

    private static final Logger LOG = LoggerFactory.getLogger(BlasSettings.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private BlasSettings() {
    }

    /**
     * Checks this process's environment for {@code workers} parallel workers and logs one warning (the first time
     * in the process a check fails) with the fix.
     *
     * @param workers the number of worker threads about to run network copies
     * @return true if the settings are safe (always true for one worker)
     */
    public static boolean checkForWorkers(int workers) {
        try {
            return check(System.getenv(), Runtime.getRuntime().availableProcessors(), workers, LOG::warn, WARNED);
        } catch (RuntimeException e) {
            LOG.debug("could not check the BLAS settings", e);
            return true;
        }
    }

    /**
     * The check with its inputs injected.
     *
     * @param environment the environment variables
     * @param cores       the number of cores (what ND4J uses for OpenMP when OMP_NUM_THREADS is unset)
     * @param workers     the number of workers
     * @param warn        receives the warning
     * @param warned      set once a warning was given; no further warning is given while it is set
     * @return true if the settings are safe
     */
    static boolean check(Map<String, String> environment, int cores, int workers, Consumer<String> warn,
                         AtomicBoolean warned) {
        Optional<String> problem = diagnose(environment, cores, workers);
        if (problem.isPresent() && warned.compareAndSet(false, true)) {
            warn.accept(problem.get());
        }
        return problem.isEmpty();
    }

    /**
     * @return the problem with the settings for {@code workers} parallel workers and how to fix it, or empty if
     *         they are safe
     */
    public static Optional<String> diagnose(Map<String, String> environment, int cores, int workers) {
        if (workers <= 1) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        String openBlas = value(environment, OPENBLAS_NUM_THREADS);
        if (openBlas == null) {
            problems.add(OPENBLAS_NUM_THREADS + " is not set (OpenBLAS then starts one thread per core)");
        } else if (!openBlas.equals("1")) {
            problems.add(OPENBLAS_NUM_THREADS + "=" + openBlas);
        }
        String omp = value(environment, OMP_NUM_THREADS);
        int ompThreads;
        if (omp == null) {
            ompThreads = cores;
        } else {
            try {
                ompThreads = Integer.parseInt(omp);
            } catch (NumberFormatException e) {
                ompThreads = cores;
                problems.add(OMP_NUM_THREADS + "=" + omp + " is not a number");
            }
        }
        if (ompThreads > 1 && value(environment, ND4J_SKIP_BLAS_THREADS) == null) {
            problems.add((omp == null ? OMP_NUM_THREADS + " is not set (ND4J uses " + cores + " threads)"
                    : OMP_NUM_THREADS + "=" + omp) + " but " + ND4J_SKIP_BLAS_THREADS + " is not set, so ND4J raises"
                    + " the BLAS threads to the OpenMP count");
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("landscape4j: " + workers + " parallel workers with unsafe BLAS threading: "
                + String.join("; ", problems) + ". With more than one BLAS thread per worker, ND4J's two OpenBLAS"
                + " copies crashed (\"BLAS : Bad memory unallocation!\", SIGSEGV in sgemm) or spun. Fix: start the"
                + " JVM with " + OPENBLAS_NUM_THREADS + "=1 " + ND4J_SKIP_BLAS_THREADS + "=1 (and " + OMP_NUM_THREADS
                + "=" + Math.max(1, cores) + "), e.g. through the landscape4j launcher or scripts/blas-env.sh;"
                + " parallelism then comes from the workers. Or run one worker.");
    }

    private static String value(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
