package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Preparing a directory to record into, and opening a recorded one. */
public final class RunDirectory {

    private final Path path;
    private final RunManifest manifest;

    private RunDirectory(Path path, RunManifest manifest) {
        this.path = path;
        this.manifest = manifest;
    }

    /** @return true if {@code dir} contains any of the files a recording writes */
    public static boolean holdsRun(Path dir) {
        return RunFiles.RUN_FILES.stream().anyMatch(name -> Files.exists(dir.resolve(name),
                java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * Prepares a directory to record into, creating it if needed.
     *
     * @return the directory actually used (a numbered sibling with {@link ExistingRunPolicy#NEW_NUMBERED})
     * @throws RunFormatException if the directory holds a run and the policy is {@link ExistingRunPolicy#FAIL}
     */
    public static Path prepare(Path requested, ExistingRunPolicy policy) throws IOException {
        Path dir = requested.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RunFormatException(dir, "exists and is not a directory; choose another run directory");
        }
        if (holdsRun(dir)) {
            switch (policy) {
                case FAIL -> throw new RunFormatException(dir, "already holds a run (" + RunFiles.MANIFEST
                        + " or a stream is there); choose another directory, overwrite it (overwriteExisting(), "
                        + "ExistingRunPolicy.OVERWRITE) or record into a new numbered one (newNumberedRunIfExists(), "
                        + "ExistingRunPolicy.NEW_NUMBERED)");
                case OVERWRITE -> {
                    for (String name : RunFiles.RUN_FILES) {
                        Files.deleteIfExists(dir.resolve(name));
                    }
                }
                case NEW_NUMBERED -> {
                    Path numbered = dir;
                    for (int n = 2; holdsRun(numbered); n++) {
                        numbered = dir.resolveSibling(dir.getFileName() + "-" + n);
                    }
                    dir = numbered;
                }
                default -> throw new IllegalStateException("unhandled policy " + policy);
            }
        }
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * @return the recorded run in {@code dir}
     * @throws RunFormatException if there is no readable manifest
     */
    public static RunDirectory open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new RunFormatException(dir, Files.exists(dir) ? "is not a directory" : "does not exist");
        }
        Path manifestFile = dir.resolve(RunFiles.MANIFEST);
        if (!Files.exists(manifestFile)) {
            throw new RunFormatException(dir, "no " + RunFiles.MANIFEST + ": not a landscape4j run directory");
        }
        return new RunDirectory(dir, RunManifest.read(manifestFile));
    }

    public Path path() {
        return path;
    }

    public RunManifest manifest() {
        return manifest;
    }

    public Path metricsFile() {
        return path.resolve(RunFiles.METRICS);
    }

    public Path snapshotsFile() {
        return path.resolve(RunFiles.SNAPSHOTS);
    }

    /** @return the regular files in the directory, sorted by name */
    public List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(path)) {
            return list.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
