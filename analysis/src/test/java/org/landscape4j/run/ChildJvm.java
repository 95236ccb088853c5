package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from a test with the test's class path and the Arrow flags of the Surefire argLine, running a
 * small main class of the test sources. Its standard output is read line by line; its standard error is kept in
 * a file for failure messages. Talks over stdin/stdout so that tests can synchronize children without sleeping.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Path stderr;
    private final String description;

    private ChildJvm(Process process, Path stderr, String description) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stderr = stderr;
        this.description = description;
    }

    /**
     * @param main      the main class (of the test sources)
     * @param jvmFlags  further JVM flags, e.g. {@code -Xmx16m}
     * @param stderrDir where to keep the child's standard error
     * @param args      the program's arguments
     */
    static ChildJvm start(Class<?> main, List<String> jvmFlags, Path stderrDir, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arrowFlags());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Path stderr = java.nio.file.Files.createTempFile(stderrDir, main.getSimpleName(), ".err");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new ChildJvm(process, stderr, String.join(" ", command.subList(0, command.size() - args.length - 2))
                + " " + main.getSimpleName() + " " + String.join(" ", args));
    }

    /** @return the flags of this JVM's command line that Arrow needs (the Surefire argLine's) */
    static List<String> arrowFlags() {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--enable-native-access")
                    || arg.startsWith("--sun-misc-unsafe-memory-access") || arg.equals("-XX:+IgnoreUnrecognizedVMOptions")) {
                flags.add(arg);
            }
        }
        return flags;
    }

    /** @return the next line the child printed; fails the test if it ended instead */
    String readLine() throws IOException {
        String line = out.readLine();
        if (line == null) {
            fail(description + " ended without the expected output; exit code "
                    + (process.isAlive() ? "(running)" : process.exitValue()) + ", stderr:\n" + stderr());
        }
        return line;
    }

    /** Sends a line to the child's standard input. */
    void send(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    /** @return the child's exit code, waiting at most two minutes */
    int exitCode() throws InterruptedException, IOException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(description + " did not end within 120 s; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** @return what the child wrote to its standard error */
    String stderr() throws IOException {
        return java.nio.file.Files.readString(stderr, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        out.close();
        try {
            in.close();
        } catch (IOException e) {
            // the child is gone
        }
    }
}
