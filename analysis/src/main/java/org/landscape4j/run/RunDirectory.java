package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run directory: one folder per training run holding {@link RunFiles#MANIFEST}, {@link RunFiles#METRICS},
 * {@link RunFiles#SNAPSHOTS} and the results computed from them. {@link #prepare} readies a folder to record
 * into; {@link #open} summarizes one for reading.
 */
public final class RunDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);

    /** Numbered siblings tried by {@link ExistingRunPolicy#NEW_NUMBERED} before giving up. */
    static final int MAX_NUMBERED = 10_000;

    private final Path path;
    private final RunManifest manifest;

    private RunDirectory(Path path, RunManifest manifest) {
        this.path = path;
        this.manifest = manifest;
    }

    /**
     * Prepares a directory to record into, creating it (and its parents) if needed. A directory holds a run if
     * it contains any of {@link RunFiles#RUN_FILES}; if the requested one does:
     * <ul>
     *   <li>{@link ExistingRunPolicy#FAIL} throws a {@link RunFormatException} naming it and the other choices;</li>
     *   <li>{@link ExistingRunPolicy#OVERWRITE} deletes only the run files (and leftover temporary manifests),
     *       leaving other files alone;</li>
     *   <li>{@link ExistingRunPolicy#NEW_NUMBERED} uses the first sibling {@code <name>-2}, {@code <name>-3},
     *       ... that does not hold a run.</li>
     * </ul>
     * Two processes preparing the same directory at once are not guarded against.
     *
     * @param requested the directory asked for
     * @param policy    what to do if it already holds a run
     * @return the directory actually used
     * @throws RunFormatException if the policy is FAIL and a run is there, or a path is a file, not a directory
     * @throws IOException        if a directory cannot be created or a file cannot be deleted
     */
    public static Path prepare(Path requested, ExistingRunPolicy policy) throws IOException {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(policy, "policy");
        Path dir = requested;
        if (holdsRun(requested)) {
            switch (policy) {
                case FAIL -> throw new RunFormatException(requested, "already holds a run ("
                        + String.join(", ", presentRunFiles(requested)) + "); choose OVERWRITE to replace its run"
                        + " files or NEW_NUMBERED to record into " + numbered(requested, 2).getFileName()
                        + " (or the next free number) instead, or give another directory");
                case OVERWRITE -> deleteRunFiles(requested);
                case NEW_NUMBERED -> dir = firstFreeSibling(requested);
                default -> throw new AssertionError(policy);
            }
        }
        requireDirectoryOrAbsent(dir);
        Files.createDirectories(dir);
        if (!dir.equals(requested)) {
            LOG.info("{} already holds a run; recording into {}", requested, dir);
        }
        return dir;
    }

    /**
     * @param dir a path
     * @return true if {@code dir} is a directory containing any of {@link RunFiles#RUN_FILES}
     */
    public static boolean holdsRun(Path dir) {
        return Files.isDirectory(dir) && !presentRunFiles(dir).isEmpty();
    }

    /**
     * Opens a run directory for reading and reads its manifest.
     *
     * @param dir the run directory
     * @return its summary
     * @throws RunFormatException if it is not a directory, has no manifest, or the manifest cannot be read
     * @throws IOException        if the directory cannot be read
     */
    public static RunDirectory open(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (!Files.exists(dir)) {
            throw new RunFormatException(dir, "does not exist; check the path of the run directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new RunFormatException(dir, "is a file, not a run directory; give the directory that holds "
                    + RunFiles.MANIFEST);
        }
        Path manifestFile = dir.resolve(RunFiles.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new RunFormatException(dir, "no " + RunFiles.MANIFEST + ": not a landscape4j run directory");
        }
        return new RunDirectory(dir, RunManifest.read(manifestFile));
    }

    /** @return the directory */
    public Path path() {
        return path;
    }

    /** @return the manifest, as read by {@link #open} */
    public RunManifest manifest() {
        return manifest;
    }

    /** @return the metrics file's path (the file may be absent) */
    public Path metricsFile() {
        return path.resolve(RunFiles.METRICS);
    }

    /** @return the snapshots file's path (the file may be absent) */
    public Path snapshotsFile() {
        return path.resolve(RunFiles.SNAPSHOTS);
    }

    /**
     * @return the regular files now in the directory (run files, results and any others), sorted by name
     * @throws IOException if the directory cannot be listed
     */
    public List<Path> files() throws IOException {
        try (Stream<Path> entries = Files.list(path)) {
            return entries.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }

    @Override
    public String toString() {
        return "RunDirectory[" + path + ", status=" + manifest.status() + "]";
    }

    private static List<String> presentRunFiles(Path dir) {
        List<String> present = new ArrayList<>();
        for (String name : RunFiles.RUN_FILES) {
            if (Files.exists(dir.resolve(name))) {
                present.add(name);
            }
        }
        return present;
    }

    private static void deleteRunFiles(Path dir) throws IOException {
        for (String name : RunFiles.RUN_FILES) {
            if (Files.deleteIfExists(dir.resolve(name))) {
                LOG.info("deleted {} (ExistingRunPolicy.OVERWRITE)", dir.resolve(name));
            }
        }
        String tempPrefix = RunFiles.MANIFEST + ".";
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (name.startsWith(tempPrefix) && name.endsWith(".tmp") && Files.isRegularFile(entry)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    private static Path firstFreeSibling(Path requested) throws RunFormatException {
        for (int n = 2; n <= MAX_NUMBERED; n++) {
            Path candidate = numbered(requested, n);
            if (!holdsRun(candidate) && !Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new RunFormatException(requested, "it and its numbered siblings up to -" + MAX_NUMBERED
                + " all hold runs; clean up old runs or give another directory");
    }

    private static Path numbered(Path requested, int n) {
        Path name = requested.getFileName();
        if (name == null) {
            throw new IllegalArgumentException(requested + " has no name to number; give a named directory");
        }
        return requested.resolveSibling(name + "-" + n);
    }

    private static void requireDirectoryOrAbsent(Path dir) throws RunFormatException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RunFormatException(dir, "is a file, not a directory; give a directory to record the run into");
        }
    }
}
