package org.landscape4j.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.landscape4j.layout.ParameterLayout;

/**
 * The manifest of a run ({@link RunFiles#MANIFEST}): what was trained, how it was recorded and with which
 * versions. Written as pretty-printed snake_case JSON in UTF-8; {@code docs/FORMAT.md} specifies every field.
 *
 * <p>{@code settings} is free-form (what the listener was configured with); its values are normalized to the
 * types JSON reads back as (see {@link #settings()}), so that a manifest equals itself after a round trip.
 *
 * @param formatVersion      the run format version, {@link RunFiles#FORMAT_VERSION} when written by this code
 * @param landscape4jVersion the version of landscape4j that recorded the run
 * @param dl4jVersion        the version of DeepLearning4J that trained the network
 * @param javaVersion        the Java runtime version ({@code java.version})
 * @param networkClass       the fully qualified class name of the trained network
 * @param parameterCount     P, the length of the flat parameter vector θ
 * @param dataType           the network's floating-point type, e.g. {@code "FLOAT"} or {@code "DOUBLE"}
 * @param layout             how θ is cut into parameter arrays; empty, or covering exactly P parameters
 * @param settings           the listener's settings, free-form; null is read as empty
 * @param seeds              named random seeds (probe batch, directions, ...); null is read as empty
 * @param startTime          when recording started
 * @param endTime            when recording ended, or null while running
 * @param status             {@link #STATUS_RUNNING}, {@link #STATUS_COMPLETE}, {@link #STATUS_FAILED} or
 *                           {@link #STATUS_INTERRUPTED}
 */
public record RunManifest(int formatVersion, String landscape4jVersion, String dl4jVersion, String javaVersion,
                          String networkClass, long parameterCount, String dataType, ParameterLayout layout,
                          Map<String, Object> settings, Map<String, Long> seeds, Instant startTime,
                          Instant endTime, String status) {

    /** Status of a run being recorded (or of one whose recorder died without saying so). */
    public static final String STATUS_RUNNING = "running";
    /** Status of a run whose training ended normally. */
    public static final String STATUS_COMPLETE = "complete";
    /** Status of a run whose training ended with an error. */
    public static final String STATUS_FAILED = "failed";
    /** Closed by the JVM shutdown hook: the program ended without closing the recorder. */
    public static final String STATUS_INTERRUPTED = "interrupted";

    private static final Set<String> STATUSES = Set.of(STATUS_RUNNING, STATUS_COMPLETE, STATUS_FAILED,
            STATUS_INTERRUPTED);

    /**
     * @throws IllegalArgumentException if a required field is null, the format version is below 1, the status
     *                                  is unknown, P is negative or the layout does not cover exactly P
     *                                  parameters, or a setting has no JSON form
     */
    public RunManifest {
        if (formatVersion < 1) {
            throw new IllegalArgumentException("format version " + formatVersion + " is below 1");
        }
        require(landscape4jVersion, "landscape4j_version");
        require(dl4jVersion, "dl4j_version");
        require(javaVersion, "java_version");
        require(networkClass, "network_class");
        require(dataType, "data_type");
        require(layout, "layout");
        require(startTime, "start_time");
        require(status, "status");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("status \"" + status + "\" is not one of " + STATUS_RUNNING + ", "
                    + STATUS_COMPLETE + ", " + STATUS_FAILED + ", " + STATUS_INTERRUPTED);
        }
        if (parameterCount < 0) {
            throw new IllegalArgumentException("parameter count " + parameterCount + " is negative");
        }
        if (!layout.arrays().isEmpty() && layout.parameterCount() != parameterCount) {
            throw new IllegalArgumentException("the layout covers " + layout.parameterCount()
                    + " parameters but the parameter count is " + parameterCount);
        }
        settings = JsonValues.normalizeMap(settings, "settings");
        Map<String, Long> seedCopy = new LinkedHashMap<>();
        if (seeds != null) {
            for (Map.Entry<String, Long> seed : seeds.entrySet()) {
                require(seed.getKey(), "a seed's name");
                if (seed.getValue() == null) {
                    throw new IllegalArgumentException("seed " + seed.getKey() + " is null");
                }
                seedCopy.put(seed.getKey(), seed.getValue());
            }
        }
        seeds = Collections.unmodifiableMap(seedCopy);
    }

    /**
     * Reads a manifest.
     *
     * @param file the manifest file
     * @return the manifest
     * @throws RunFormatException if the file is missing or unreadable, is not JSON, lacks a field, holds a
     *                            value of the wrong type, or was written by a newer format version
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
     * @param status  the final status, usually {@link #STATUS_COMPLETE} or {@link #STATUS_FAILED}
     * @return a copy of this manifest with the end time and status set
     */
    public RunManifest finished(Instant endTime, String status) {
        return new RunManifest(formatVersion, landscape4jVersion, dl4jVersion, javaVersion, networkClass,
                parameterCount, dataType, layout, settings, seeds, startTime, endTime, status);
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required but null");
        }
    }
}
