package org.landscape4j.it;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a class of the test class path, or a runnable jar, in a fresh JVM of the running JDK. */
final class ChildJvm {

    private ChildJvm() {
    }

    static String javaOf(Path javaHome) {
        return javaHome.resolve("bin").resolve("java").toString();
    }

    static String currentJava() {
        return javaOf(Path.of(System.getProperty("java.home")));
    }

    /** A child running {@code mainClass} with this JVM's class path and the Arrow flags. */
    static ProcessBuilder mainClass(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(currentJava(), "-XX:+IgnoreUnrecognizedVMOptions",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** A child running {@code java -jar jar args} with no flags at all: the jar's manifest must suffice. */
    static ProcessBuilder plainJar(String java, Path jar, String... args) {
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** @return the repository root, from the system property Failsafe sets */
    static Path root() {
        String root = System.getProperty("landscape4j.root");
        return root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
    }

    static String run(ProcessBuilder builder, Path log) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int code = process.waitFor();
        String output = java.nio.file.Files.readString(log);
        if (code != 0) {
            throw new AssertionError("child " + builder.command() + " exited with " + code + ":\n" + output);
        }
        return output;
    }
}
