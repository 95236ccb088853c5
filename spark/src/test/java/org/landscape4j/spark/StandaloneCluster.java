package org.landscape4j.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * A Spark standalone cluster on this machine for a test: a {@code Master} and a {@code Worker} JVM started from the
 * Spark classes on the test's class path, on free loopback ports, the worker launching executors in JVMs of their
 * own. Everything lives under one directory: {@code spark-home/jars} (links to the "distribution": every jar of the
 * test class path but landscape4j's own, which reach the executors only as the application's {@code spark.jars}),
 * {@code logs/} (master and worker) and {@code work/} (each executor's command line, stdout and stderr), kept for
 * diagnosis. {@link #close()} kills the worker's executors, the worker and the master (forcibly, waiting for them);
 * a shutdown hook does the same if the test JVM ends first.
 *
 * <p>What an executor needs, found here: {@code SPARK_HOME} naming a directory with {@code jars/} (the worker builds
 * the executor's class path from it) and {@code SPARK_SCALA_VERSION} (its launcher looks for build directories
 * otherwise), a {@code java} (the worker's {@code JAVA_HOME}), the loopback address ({@code SPARK_LOCAL_IP}, or it
 * binds to the host name's address), and the application's classes (not on the worker's class path:
 * {@code spark.jars}, fetched from the driver).
 */
final class StandaloneCluster implements AutoCloseable {

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook = new Thread(this::kill, "standalone-cluster-kill");
    private final String master;

    private StandaloneCluster(Path dir, int masterPort) {
        this.dir = dir;
        this.master = "spark://127.0.0.1:" + masterPort;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts a master and a worker of {@code cores} cores and {@code workerMemory} (e.g. "2g") under {@code dir}.
     *
     * @throws IOException if a JVM cannot start, or the master or worker does not come up within {@code timeout}
     *                     (their logs say why); what was started is killed
     */
    static StandaloneCluster start(Path dir, int cores, String workerMemory, Duration timeout)
            throws IOException, InterruptedException {
        int[] ports = freePorts(4);
        StandaloneCluster cluster = new StandaloneCluster(dir, ports[0]);
        try {
            cluster.launch(ports, cores, workerMemory, timeout);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void launch(int[] ports, int cores, String workerMemory, Duration timeout)
            throws IOException, InterruptedException {
        Path home = dir.resolve("spark-home");
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        for (Path jar : distribution()) {
            Path link = jars.resolve(jar.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, jar.toAbsolutePath());
            }
        }
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("work"));
        start("master", home, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(ports[0]), "--webui-port", Integer.toString(ports[1]));
        awaitLog("master", "I have been elected leader", timeout);
        start("worker", home, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port",
                Integer.toString(ports[2]), "--webui-port", Integer.toString(ports[3]), "--cores",
                Integer.toString(cores), "--memory", workerMemory, "--work-dir", dir.resolve("work").toString(),
                master);
        awaitLog("worker", "Successfully registered with master", timeout);
    }

    /** @return the master URL, {@code spark://127.0.0.1:PORT} */
    String master() {
        return master;
    }

    /** @return the directory of the cluster's files */
    Path directory() {
        return dir;
    }

    /**
     * @return the application's jars for {@code spark.jars}: landscape4j's own modules on the test class path (as
     *         jars; a directory of classes is packed into one under {@code app/})
     */
    List<Path> applicationJars() throws IOException {
        List<Path> jars = new ArrayList<>();
        Path app = dir.resolve("app");
        Files.createDirectories(app);
        for (String entry : classPath()) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            if (Files.isDirectory(path)) {
                if (name.equals("test-classes")) {
                    continue;                               // the tests themselves run on the driver only
                }
                Path jar = app.resolve(path.getParent().getParent().getFileName() + "-" + name + ".jar");
                pack(path, jar);
                jars.add(jar);
            } else if (name.startsWith("landscape4j-") && name.endsWith(".jar") && !name.endsWith("-tests.jar")) {
                jars.add(path.toAbsolutePath());
            }
        }
        return jars;
    }

    /** @return the jars the master, the worker and the executors have: the test class path without landscape4j */
    private static List<Path> distribution() {
        List<Path> jars = new ArrayList<>();
        for (String entry : classPath()) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            if (name.endsWith(".jar") && !name.startsWith("landscape4j-") && Files.isRegularFile(path)) {
                jars.add(path);
            }
        }
        return jars;
    }

    private static List<String> classPath() {
        return List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
    }

    private void start(String name, Path home, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+IgnoreUnrecognizedVMOptions"));
        for (String flag : List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net",
                "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref",
                "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar")) {
            command.add("--add-opens=java.base/" + flag + "=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", home.resolve("jars") + "/*", mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs").resolve(name + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        synchronized (processes) {
            processes.add(builder.start());
        }
    }

    private void awaitLog(String name, String line, Duration timeout) throws IOException, InterruptedException {
        Path log = dir.resolve("logs").resolve(name + ".log");
        long deadline = System.nanoTime() + timeout.toNanos();
        Process process;
        synchronized (processes) {
            process = processes.get(processes.size() - 1);
        }
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(line)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("the Spark " + name + " ended with exit code " + process.exitValue()
                        + " before \"" + line + "\"; see " + log);
            }
            Thread.sleep(100);
        }
        throw new IOException("the Spark " + name + " did not log \"" + line + "\" within " + timeout.toSeconds()
                + " s; see " + log);
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int k = 0; k < count; k++) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[k] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void pack(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    /** Kills the executors (the worker's children), the worker and the master, and waits for them. */
    private void kill() {
        List<Process> all;
        synchronized (processes) {
            all = new ArrayList<>(processes);
        }
        for (int k = all.size() - 1; k >= 0; k--) {
            Process process = all.get(k);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : all) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }
}
