package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.landscape4j.layout.ParameterLayout;

/**
 * The manifest of a run ({@link RunFiles#MANIFEST}): what was trained, how it was recorded and with which
 * versions. Written as pretty-printed snake_case JSON in UTF-8; {@code docs/FORMAT.md} specifies every field.
 *
 * <p>{@code settings} is free-form (what the listener was configured with); its values are normalized to the
 * types JSON reads back as, so that a manifest equals itself after a round trip.
 *
 * @param formatVersion      the run format version, {@link RunFiles#FORMAT_VERSION} when written by this code
 * @param runId              the run's identity, written into every file of the run (a random UUID); null only
 *                           in a manifest of format version 1
 * @param landscape4jVersion the version of landscape4j that recorded the run
 * @param dl4jVersion        the version of DeepLearning4J that trained the network
 * @param javaVersion        the Java runtime version
 * @param networkClass       the fully qualified class name of the trained network
 * @param parameterCount     P, the length of the flat parameter vector θ
 * @param dataType           the network's floating-point type, e.g. {@code "FLOAT"} or {@code "DOUBLE"}
 * @param layout             how θ is cut into parameter arrays; empty, or covering exactly P parameters
 * @param settings           the listener's settings, free-form; null is read as empty
 * @param seeds              named random seeds; null is read as empty
 * @param startTime          when recording started
 * @param endTime            when recording ended, or null while running; not before {@code startTime}
 * @param status             the run's status
 * @param failure            for a failed run, the reason in one line; null otherwise
 */
public record RunManifest(int formatVersion, String runId, String landscape4jVersion, String dl4jVersion,
                          String javaVersion, String networkClass, long parameterCount, String dataType,
                          ParameterLayout layout, Map<String, Object> settings, Map<String, Long> seeds,
                          Instant startTime, Instant endTime, RunStatus status, String failure) {

    /**
     * @throws IllegalArgumentException if a required field is null, the format version is below 1, P is negative,
     *                                  the layout does not cover exactly P parameters, the end precedes the start,
     *                                  a failure is given for a status other than failed, or a setting has no
     *                                  JSON form
     */
    public RunManifest {
        if (formatVersion < 1) {
            throw new IllegalArgumentException("format version " + formatVersion + " is below 1");
        }
        if (formatVersion >= 2) {
            require(runId, "run_id");
            if (runId.isBlank() || runId.length() > 200) {
                throw new IllegalArgumentException("run_id " + SafeText.quote(runId) + " must be 1 to 200 characters");
            }
        }
        require(landscape4jVersion, "landscape4j_version");
        require(dl4jVersion, "dl4j_version");
        require(javaVersion, "java_version");
        require(networkClass, "network_class");
        require(dataType, "data_type");
        require(layout, "layout");
        require(startTime, "start_time");
        require(status, "status");
        if (parameterCount < 0) {
            throw new IllegalArgumentException("parameter_count " + parameterCount + " is negative");
        }
        if (!layout.arrays().isEmpty() && layout.parameterCount() != parameterCount) {
            throw new IllegalArgumentException("the layout covers " + layout.parameterCount()
                    + " parameters but parameter_count is " + parameterCount);
        }
        if (endTime != null && endTime.isBefore(startTime)) {
            throw new IllegalArgumentException("end_time " + endTime + " is before start_time " + startTime);
        }
        if (failure != null && status != RunStatus.FAILED) {
            throw new IllegalArgumentException("a failure reason is given, but the status is " + status.jsonName());
        }
        settings = JsonValues.normalizeMap(settings, "settings");
        Map<String, Long> seedCopy = new LinkedHashMap<>();
        if (seeds != null) {
            for (Map.Entry<String, Long> seed : seeds.entrySet()) {
                require(seed.getKey(), "a seed's name");
                if (seed.getValue() == null) {
                    throw new IllegalArgumentException("seed " + SafeText.quote(seed.getKey()) + " is null");
                }
                seedCopy.put(seed.getKey(), seed.getValue());
            }
        }
        seeds = Collections.unmodifiableMap(seedCopy);
    }

    /**
     * A manifest for a new run: current format version, a fresh run id, status running.
     */
    public static RunManifest start(String landscape4jVersion, String dl4jVersion, String javaVersion,
                                    String networkClass, long parameterCount, String dataType, ParameterLayout layout,
                                    Map<String, Object> settings, Map<String, Long> seeds, Instant startTime) {
        return new RunManifest(RunFiles.FORMAT_VERSION, UUID.randomUUID().toString(), landscape4jVersion,
                dl4jVersion, javaVersion, networkClass, parameterCount, dataType, layout, settings, seeds, startTime,
                null, RunStatus.RUNNING, null);
    }

    /**
     * Reads a manifest.
     *
     * @param file the manifest file
     * @return the manifest
     * @throws RunFormatException if the file is missing, not a regular file, too large, not JSON, lacks a field,
     *                            holds a value of the wrong type, or was written by a newer format version
     */
    public static RunManifest read(Path file) throws RunFormatException {
        return ManifestJson.read(file);
    }

    /**
     * Writes this manifest atomically: into a temporary file in the same directory, forced to disk, then moved
     * over {@code file}, so that a reader sees either the old or the new manifest, never a partial one.
     *
     * @param file where to write
     * @throws IOException if the file cannot be written
     */
    public void write(Path file) throws IOException {
        ManifestJson.write(this, file);
    }

    /**
     * @param endTime when recording ended
     * @param status  the final status
     * @param failure the reason for {@link RunStatus#FAILED}, in one line; null otherwise
     * @return a copy of this manifest with the end time, status and failure set
     */
    public RunManifest finished(Instant endTime, RunStatus status, String failure) {
        return new RunManifest(formatVersion, runId, landscape4jVersion, dl4jVersion, javaVersion, networkClass,
                parameterCount, dataType, layout, settings, seeds, startTime, endTime, status, failure);
    }

    /** @return the metadata every stream of this run carries: its run id (none for format version 1) */
    public Map<String, String> streamMetadata() {
        return runId == null ? Map.of() : Map.of(RunFiles.RUN_ID_KEY, runId);
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required but null");
        }
    }

    @Override
    public String toString() {
        return "RunManifest[" + runId + ", " + status.jsonName() + ", P=" + parameterCount + "]";
    }

}
