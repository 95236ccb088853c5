package org.landscape4j.spark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.landscape4j.dl4j.runtime.BlasSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spark context for grid evaluation: started here (embedded for {@code local[N]}, or connected to a cluster), taken
 * from {@code spark-submit} (whose {@code --master} and {@code --conf} arrive as {@code spark.*} system properties),
 * or borrowed from the caller (tests share one). {@link #close()} stops a context this class started, never a
 * borrowed one.
 *
 * <p><b>Before the context starts</b> the master URL is checked ({@link SparkMaster}: its form, and a TCP connection
 * within {@link Settings#connectTimeout()} for standalone and Kubernetes masters) and the executors' environment is
 * set as the local workers' is (DESIGN.md speed facts), unless the configuration already sets it:
 * {@code spark.executorEnv.OPENBLAS_NUM_THREADS=1}, {@code ND4J_SKIP_BLAS_THREADS=1}, and this JVM's
 * {@code OPENBLAS_CORETYPE} and {@code OMP_NUM_THREADS} when it has them ({@code OMP_NUM_THREADS} = the executor's
 * cores otherwise). Both change the numbers: the OpenBLAS kernel rounds the forward pass's products its own way, and
 * libnd4j splits its large reductions (the L2 regularization term, for one) over OpenMP threads, so an executor with
 * another {@code OMP_NUM_THREADS} than the local run computes a regularization that differs in the last bits (seen
 * on a standalone cluster: equal losses, regularizations equal to about 1e-7 only). With the driver's values the
 * executors compute the local workers' numbers bit for bit on the same kind of CPU. (Local masters run their tasks in
 * this JVM, whose environment was fixed when it started: the launcher sets it.)
 *
 * <p><b>After</b>, for a cluster master, it waits up to {@link Settings#executorTimeout()} for a first executor to
 * register and otherwise stops with a message, instead of leaving tasks waiting for resources that never come.
 */
public final class GridCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GridCluster.class);

    private static final List<String> BLAS_VARIABLES = List.of("OPENBLAS_CORETYPE",
            BlasSettings.OPENBLAS_NUM_THREADS, BlasSettings.OMP_NUM_THREADS, BlasSettings.ND4J_SKIP_BLAS_THREADS);

    private final JavaSparkContext context;
    private final boolean owned;

    private GridCluster(JavaSparkContext context, boolean owned) {
        this.context = context;
        this.owned = owned;
    }

    /**
     * How long to wait for a cluster before giving up.
     *
     * @param connectTimeout  for a TCP connection to a standalone master or the Kubernetes API server
     * @param executorTimeout for the first executor of a cluster master to register
     * @param conf            further Spark settings ({@code spark.executor.memory}, ...), applied before the defaults
     *                        above so that they win
     */
    public record Settings(Duration connectTimeout, Duration executorTimeout, Map<String, String> conf) {

        public Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(executorTimeout, "executorTimeout");
            if (connectTimeout.isNegative() || connectTimeout.isZero() || executorTimeout.isNegative()
                    || executorTimeout.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + connectTimeout + " and "
                        + executorTimeout);
            }
            conf = Map.copyOf(conf);
        }

        /** @return 10 s to connect, 120 s for the first executor, no further settings */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(120), Map.of());
        }

        /** @return these settings with {@code key = value} added */
        public Settings with(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(conf);
            more.put(key, value);
            return new Settings(connectTimeout, executorTimeout, more);
        }
    }

    /**
     * Starts a context on {@code master}.
     *
     * @throws IllegalArgumentException if the master URL has no accepted form
     * @throws SparkGridException       if the master cannot be reached, or no executor registers in time
     */
    public static GridCluster start(String master, Settings settings) throws SparkGridException {
        SparkMaster parsed = new SparkMaster(master);
        parsed.checkReachable(settings.connectTimeout());
        SparkConf conf = new SparkConf(true).setMaster(parsed.url()).setAppName("landscape4j");
        return start(conf, parsed, settings);
    }

    /**
     * Starts the context {@code spark-submit} configured (its {@code spark.master} and {@code spark.*} settings are
     * system properties of this JVM).
     *
     * @throws IllegalArgumentException if no master is configured, or it has no accepted form
     * @throws SparkGridException       if the master cannot be reached, or no executor registers in time
     */
    public static GridCluster fromSubmit(Settings settings) throws SparkGridException {
        SparkConf conf = new SparkConf(true);
        if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("no Spark master is configured: run through spark-submit --master"
                    + " URL, or give --spark URL");
        }
        SparkMaster parsed = new SparkMaster(conf.get("spark.master"));
        parsed.checkReachable(settings.connectTimeout());
        if (!conf.contains("spark.app.name")) {
            conf.setAppName("landscape4j");
        }
        return start(conf, parsed, settings);
    }

    /** @return a cluster on the caller's context, which {@link #close()} leaves running */
    public static GridCluster borrow(JavaSparkContext context) {
        return new GridCluster(Objects.requireNonNull(context, "context"), false);
    }

    private static GridCluster start(SparkConf conf, SparkMaster master, Settings settings)
            throws SparkGridException {
        for (Map.Entry<String, String> entry : settings.conf().entrySet()) {
            conf.set(entry.getKey(), entry.getValue());
        }
        setIfAbsent(conf, "spark.ui.enabled", "false");
        if (master.isLocal()) {
            setIfAbsent(conf, "spark.driver.host", "127.0.0.1");
            setIfAbsent(conf, "spark.driver.bindAddress", "127.0.0.1");
        }
        executorEnvironment(conf, System.getenv());
        long start = System.nanoTime();
        JavaSparkContext context;
        try {
            context = new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new SparkGridException("Spark could not start a context on " + master + ": " + e.getMessage(), e);
        }
        GridCluster cluster = new GridCluster(context, true);
        LOG.info("landscape4j: Spark {} context on {} (application {}) started in {} ms, {} task slots",
                context.version(), master, context.sc().applicationId(),
                (System.nanoTime() - start) / 1_000_000, context.defaultParallelism());
        if (!master.isLocal()) {
            try {
                cluster.awaitExecutors(settings.executorTimeout());
                cluster.checkExecutorClasses();
            } catch (SparkGridException e) {
                cluster.close();
                throw e;
            }
        }
        return cluster;
    }

    /**
     * Sets {@code spark.executorEnv.*} for the BLAS variables the configuration leaves unset.
     *
     * @return the variables set, for the log
     */
    static Map<String, String> executorEnvironment(SparkConf conf, Map<String, String> driverEnv) {
        Map<String, String> chosen = new LinkedHashMap<>();
        String cores = conf.get("spark.executor.cores", "1");
        String driverThreads = driverEnv.get(BlasSettings.OMP_NUM_THREADS);
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(BlasSettings.OPENBLAS_NUM_THREADS, "1");
        defaults.put(BlasSettings.ND4J_SKIP_BLAS_THREADS, "1");
        defaults.put(BlasSettings.OMP_NUM_THREADS, driverThreads != null && driverThreads.trim().matches("[1-9][0-9]*")
                ? driverThreads.trim() : cores);
        String coreType = driverEnv.get("OPENBLAS_CORETYPE");
        if (coreType != null && !coreType.isBlank()) {
            defaults.put("OPENBLAS_CORETYPE", coreType);
        }
        for (String name : BLAS_VARIABLES) {
            String key = "spark.executorEnv." + name;
            if (!conf.contains(key) && defaults.containsKey(name)) {
                conf.set(key, defaults.get(name));
                chosen.put(name, defaults.get(name));
            }
        }
        LOG.info("landscape4j: executor environment {} (set spark.executorEnv.NAME to choose otherwise)", chosen);
        return chosen;
    }

    private static void setIfAbsent(SparkConf conf, String key, String value) {
        if (!conf.contains(key)) {
            conf.set(key, value);
        }
    }

    /** Waits until at least one executor besides the driver has registered. */
    private void awaitExecutors(Duration timeout) throws SparkGridException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (context.sc().statusTracker().getExecutorInfos().length < 2) {
            if (System.nanoTime() > deadline) {
                throw new SparkGridException("no executor of " + master() + " registered within "
                        + timeout.toSeconds() + " s: the cluster has no free resources for this application (cores,"
                        + " memory), or its workers cannot reach this driver; check the master's web page");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SparkGridException("interrupted while waiting for executors of " + master());
            }
        }
    }

    /**
     * Runs one tiny task per task slot that loads the classes a grid task needs ({@link ClassCheck}). A cluster's
     * executors have Spark but not landscape4j unless the application ships it: under {@code spark-submit} its jar is
     * shipped; started from the command line, only what {@code spark.jars} (or {@code spark.executor.extraClassPath})
     * names. Without it every grid task fails at deserialization with a message that names no landscape4j class.
     *
     * @throws SparkGridException naming the fix when a class is missing, or Spark's reason when the check failed
     *                            otherwise
     */
    void checkExecutorClasses() throws SparkGridException {
        int slots = Math.max(1, taskSlots());
        List<Integer> seeds = new java.util.ArrayList<>();
        for (int k = 0; k < slots; k++) {
            seeds.add(k);
        }
        context.setJobDescription("landscape4j: can the executors load landscape4j's classes?");
        try {
            List<String> executors = context.parallelize(seeds, slots).map(new ClassCheck()).distinct().collect();
            LOG.info("landscape4j: executors {} of {} load landscape4j's classes", executors, master());
        } catch (Exception e) {                        // Spark's SparkException is checked but thrown undeclared
            String reason = SparkGridEvaluator.reason(e);
            if (reason.contains("ClassNotFoundException") || reason.contains("NoClassDefFoundError")
                    || reason.contains("SerializedLambda") || reason.contains("InvalidClassException")) {
                throw new SparkGridException("the executors of " + master() + " cannot load landscape4j's classes ("
                        + reason + "): ship the application jar with --spark-conf spark.jars=PATH/"
                        + "landscape4j-spark-app.jar (built by the spark-app module), or install it on every worker"
                        + " and set spark.executor.extraClassPath, or run through spark-submit", e);
            }
            throw new SparkGridException("a check job on " + master() + " failed: " + reason, e);
        } finally {
            context.setJobDescription(null);
        }
    }

    /** @return the context */
    public JavaSparkContext context() {
        return context;
    }

    /** @return the master URL */
    public String master() {
        return context.sc().master();
    }

    /** @return the number of tasks the cluster runs at once (Spark's default parallelism) */
    public int taskSlots() {
        return context.defaultParallelism();
    }

    /**
     * @return the task threads one executor runs at once: N of {@code local[N]}, else
     *         {@code spark.executor.cores} (1 when unset)
     */
    public int threadsPerExecutor() {
        SparkMaster master = new SparkMaster(master());
        return master.localThreads(Runtime.getRuntime().availableProcessors())
                .orElse(Integer.parseInt(context.getConf().get("spark.executor.cores", "1")));
    }

    /** Stops the context if this class started it. */
    @Override
    public void close() {
        if (owned) {
            context.stop();
        }
    }
}
