package org.landscape4j.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.landscape4j.layout.ParameterLayout;

/**
 * The manifest of a run directory ({@code manifest.json}): what was recorded, from which network, how.
 *
 * @param formatVersion      the format version the run was written in ({@link RunFiles#FORMAT_VERSION})
 * @param landscape4jVersion the version of this library that wrote it
 * @param dl4jVersion        the DL4J version the network ran on
 * @param javaVersion        the Java runtime's version and vendor
 * @param networkClass       the network's class name
 * @param parameterCount     P, the length of the flat parameter vector
 * @param dataType           the network's floating-point type (FLOAT, DOUBLE, HALF)
 * @param layout             how θ is cut into parameter arrays
 * @param settings           the recorder's settings (free-form, snake_case keys)
 * @param seeds              named seeds (free-form)
 * @param startTime          when recording started
 * @param endTime            when recording ended; null while running (or if the process died)
 * @param status             "running", "complete", "interrupted" (closed at JVM shutdown) or "failed"
 */
public record RunManifest(int formatVersion, String landscape4jVersion, String dl4jVersion, String javaVersion,
                          String networkClass, long parameterCount, String dataType, ParameterLayout layout,
                          Map<String, Object> settings, Map<String, Long> seeds, Instant startTime, Instant endTime,
                          String status) {

    /**
     * @return the manifest in {@code file}
     * @throws RunFormatException if it is not valid JSON, lacks a field, contradicts itself or comes from a newer
     *                            format version
     */
    public static RunManifest read(Path file) throws RunFormatException {
        RunManifest manifest;
        try {
            manifest = ManifestJson.MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8),
                    RunManifest.class);
        } catch (JsonProcessingException e) {
            throw new RunFormatException(file, "is not a valid landscape4j manifest: " + e.getOriginalMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new RunFormatException(file, "cannot be read: " + e, e);
        }
        if (manifest == null) {
            throw new RunFormatException(file, "is empty (JSON null)");
        }
        if (manifest.formatVersion() < 1) {
            throw new RunFormatException(file, "has no valid format_version (" + manifest.formatVersion() + ")");
        }
        if (manifest.formatVersion() > RunFiles.FORMAT_VERSION) {
            throw new RunFormatException(file, "was written in format version " + manifest.formatVersion()
                    + ", newer than the " + RunFiles.FORMAT_VERSION + " this landscape4j reads; upgrade landscape4j");
        }
        for (Object[] field : new Object[][] {{"layout", manifest.layout()}, {"status", manifest.status()},
                {"start_time", manifest.startTime()}, {"network_class", manifest.networkClass()}}) {
            if (field[1] == null) {
                throw new RunFormatException(file, "lacks the field " + field[0]);
            }
        }
        if (manifest.layout().parameterCount() != manifest.parameterCount()) {
            throw new RunFormatException(file, "parameter_count " + manifest.parameterCount()
                    + " differs from the layout's total " + manifest.layout().parameterCount());
        }
        return manifest;
    }

    /** Writes the manifest as pretty UTF-8 JSON, atomically: a reader sees the old or the new one, never half. */
    public void write(Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, ManifestJson.MAPPER.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** @return this manifest with its end time and final status */
    public RunManifest finished(Instant end, String finalStatus) {
        return new RunManifest(formatVersion, landscape4jVersion, dl4jVersion, javaVersion, networkClass,
                parameterCount, dataType, layout, settings, seeds, startTime, end, finalStatus);
    }
}
