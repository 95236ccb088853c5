package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A run directory opened for reading: its manifest, and readers of its streams that check each stream belongs
 * to this run (its run id) and treat a stream without its end-of-stream marker as corrupt when the manifest
 * says the recorder closed it ({@link RunStatus#streamsClosed()}), as merely cut short otherwise.
 * {@link RunClaim} claims a directory to record into.
 */
public final class RunDirectory {

    private final Path path;
    private final RunManifest manifest;

    private RunDirectory(Path path, RunManifest manifest) {
        this.path = path;
        this.manifest = manifest;
    }

    /**
     * Opens a run directory for reading and reads its manifest.
     *
     * @param dir the run directory
     * @return it
     * @throws RunFormatException if it is not a directory, has no manifest, or the manifest cannot be read
     */
    public static RunDirectory open(Path dir) throws RunFormatException {
        Objects.requireNonNull(dir, "dir");
        if (!Files.exists(dir)) {
            throw new RunFormatException(dir, "does not exist; check the path of the run directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new RunFormatException(dir, "is a file, not a run directory; give the directory that holds "
                    + RunFiles.MANIFEST);
        }
        Path manifestFile = dir.resolve(RunFiles.MANIFEST);
        if (!Files.exists(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new RunFormatException(dir, "has no " + RunFiles.MANIFEST + ": not a landscape4j run directory");
        }
        return new RunDirectory(dir, RunManifest.read(manifestFile));
    }

    /**
     * @param dir a path
     * @return true if {@code dir} is a directory containing any of {@link RunFiles#RUN_FILES}
     */
    public static boolean holdsRun(Path dir) {
        return Files.isDirectory(dir) && !RunClaim.presentRunFiles(dir).isEmpty();
    }

    /** @return the directory */
    public Path path() {
        return path;
    }

    /** @return the manifest, as read by {@link #open} */
    public RunManifest manifest() {
        return manifest;
    }

    /** @return the path of one of the run's files (it may be absent) */
    public Path file(String name) {
        return path.resolve(name);
    }

    /** @return true if the file exists (a link or a special file counts; reading it then says what it is) */
    public boolean has(String name) {
        return Files.exists(file(name), LinkOption.NOFOLLOW_LINKS);
    }

    /** @return the results directory (it may be absent) */
    public Path resultsDirectory() {
        return path.resolve(RunFiles.RESULTS);
    }

    /** @return true if a recorder holds the directory's lock now (so status running means still recording) */
    public boolean recorderAlive() {
        return RunClaim.isHeld(path);
    }

    /**
     * @return the metrics, checked to belong to this run
     * @throws RunFormatException if the file is missing, corrupt, or of another run
     */
    public ReadResult<MetricRow> readMetrics(BufferAllocator parent) throws IOException {
        Path file = file(RunFiles.METRICS);
        ReadResult<MetricRow> result = MetricsReader.read(file, parent, manifest.status().streamsClosed());
        checkRunId(file, result.metadata());
        return result;
    }

    /**
     * @return the curvature rows, checked to belong to this run
     * @throws RunFormatException if the file is missing, corrupt, or of another run
     */
    public ReadResult<CurvatureRow> readCurvature(BufferAllocator parent) throws IOException {
        Path file = file(RunFiles.CURVATURE);
        ReadResult<CurvatureRow> result = CurvatureRow.read(file, parent, manifest.status().streamsClosed());
        checkRunId(file, result.metadata());
        return result;
    }

    /**
     * @return the per-array norms, checked to belong to this run
     * @throws RunFormatException if the file is missing, corrupt, or of another run
     */
    public ReadResult<LayerNormRow> readLayerNorms(BufferAllocator parent) throws IOException {
        Path file = file(RunFiles.LAYERS);
        ReadResult<LayerNormRow> result = LayerNormRow.read(file, parent, manifest.status().streamsClosed());
        checkRunId(file, result.metadata());
        return result;
    }

    /**
     * @return a reader of the snapshots, checked to belong to this run and to hold vectors of P values
     * @throws RunFormatException if the file is missing, corrupt, of another run, or of another P
     */
    public SnapshotReader openSnapshots(BufferAllocator parent) throws IOException {
        Path file = file(RunFiles.SNAPSHOTS);
        SnapshotReader reader = SnapshotReader.open(file, parent, manifest.status().streamsClosed());
        try {
            checkRunId(file, reader.metadata());
            if (reader.parameterCount() >= 0 && reader.parameterCount() != manifest.parameterCount()) {
                throw new RunFormatException(file, "holds snapshots of " + reader.parameterCount()
                        + " parameters, but the manifest says the network has " + manifest.parameterCount()
                        + ": the files do not belong together");
            }
            return reader;
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * Checks that a file of this run carries this run's id (format version 2; version-1 runs have none).
     *
     * @throws RunFormatException if the ids differ, or a version-2 run's file carries none
     */
    public void checkRunId(Path file, Map<String, String> metadata) throws RunFormatException {
        String expected = manifest.runId();
        if (expected == null || metadata.isEmpty()) {
            return;
        }
        String actual = metadata.get(RunFiles.RUN_ID_KEY);
        if (!expected.equals(actual)) {
            throw new RunFormatException(file, actual == null
                    ? "carries no run id, but the manifest is of run " + expected + ": it is not a file of this run"
                    : "belongs to run " + SafeText.quote(actual) + ", but the manifest is of run " + expected
                    + ": the file was copied from another run");
        }
    }

    /**
     * @return the regular files now in the directory and in its results directory (relative names such as
     *         {@code results/x.arrows}), sorted by name; the lock file is left out
     * @throws IOException if the directory cannot be listed
     */
    public List<Path> files() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(path)) {
            entries.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !p.getFileName().toString().equals(RunFiles.LOCK))
                    .forEach(files::add);
        }
        Path results = resultsDirectory();
        if (Files.isDirectory(results, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> entries = Files.list(results)) {
                entries.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).forEach(files::add);
            }
        }
        files.sort(Comparator.comparing(p -> path.relativize(p).toString()));
        return files;
    }

    @Override
    public String toString() {
        return "RunDirectory[" + path + ", status=" + manifest.status().jsonName() + "]";
    }
}
