package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;

class RunManifestAndDirectoryTest {

    @TempDir
    Path tmp;

    static RunManifest manifest() {
        ParameterLayout layout = new ParameterLayout(List.of(
                new ParameterArray("0_W", "0", "ConvolutionLayer", 0, 24, new long[] {2, 3, 2, 2}, 'c',
                        ParameterRole.WEIGHT, 0),
                new ParameterArray("0_b", "0", "ConvolutionLayer", 24, 2, new long[] {1, 2}, 'c',
                        ParameterRole.BIAS, -1),
                new ParameterArray("1_mean", "1", "BatchNormalization", 26, 2, new long[] {1, 2}, 'c',
                        ParameterRole.STATE, -1)));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("snapshot_every", 1);
        settings.put("snapshot_unit", null);
        return new RunManifest(RunFiles.FORMAT_VERSION, "0.1.0", "1.0.0-M2.1", "17", "Net", 28, "FLOAT", layout,
                settings, Map.of("data", 42L), Instant.parse("2026-11-25T01:02:03.456Z"), null, "running");
    }

    @Test
    void manifestRoundTripsExactlyInSnakeCaseJson() throws IOException {
        Path file = tmp.resolve(RunFiles.MANIFEST);
        RunManifest written = manifest();
        written.write(file);
        String json = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(json.contains("\"parameter_count\" : 28") && json.contains("\"filter_axis\" : 0")
                && json.contains("\"role\" : \"state\"") && json.contains("\"start_time\" : \"2026-11-25T01:02:03.456Z\""),
                json);
        assertEquals(written, RunManifest.read(file));
        RunManifest finished = written.finished(Instant.parse("2026-11-25T02:00:00Z"), "complete");
        finished.write(file);
        assertEquals(finished, RunManifest.read(file));
        assertTrue(Files.notExists(tmp.resolve(RunFiles.MANIFEST + ".tmp")), "the atomic write leaves no temp file");
    }

    @Test
    void badManifestsSayWhatIsWrong() throws IOException {
        Path file = tmp.resolve(RunFiles.MANIFEST);
        Files.writeString(file, "{ not json", StandardCharsets.UTF_8);
        RunFormatException bad = assertThrows(RunFormatException.class, () -> RunManifest.read(file));
        assertTrue(bad.getMessage().contains("manifest.json") && bad.getMessage().contains("not a valid"),
                bad.getMessage());

        manifest().write(file);
        Files.writeString(file, Files.readString(file).replace("\"format_version\" : 1", "\"format_version\" : 9"));
        RunFormatException newer = assertThrows(RunFormatException.class, () -> RunManifest.read(file));
        assertTrue(newer.getMessage().contains("upgrade"), newer.getMessage());

        manifest().write(file);
        Files.writeString(file, Files.readString(file).replace("\"parameter_count\" : 28", "\"parameter_count\" : 29"));
        assertTrue(assertThrows(RunFormatException.class, () -> RunManifest.read(file)).getMessage()
                .contains("differs"));
    }

    @Test
    void directoryPoliciesAndOpening() throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(run, RunDirectory.prepare(run, ExistingRunPolicy.FAIL));
        manifest().write(run.resolve(RunFiles.MANIFEST));
        Files.writeString(run.resolve("notes.txt"), "mine");
        assertTrue(RunDirectory.holdsRun(run));

        RunFormatException refused = assertThrows(RunFormatException.class,
                () -> RunDirectory.prepare(run, ExistingRunPolicy.FAIL));
        assertTrue(refused.getMessage().contains(run.toString()) && refused.getMessage().contains("overwrite")
                && refused.getMessage().contains("numbered"), refused.getMessage());

        assertEquals(tmp.resolve("run-2"), RunDirectory.prepare(run, ExistingRunPolicy.NEW_NUMBERED));
        manifest().write(tmp.resolve("run-2").resolve(RunFiles.MANIFEST));
        assertEquals(tmp.resolve("run-3"), RunDirectory.prepare(run, ExistingRunPolicy.NEW_NUMBERED));

        RunDirectory opened = RunDirectory.open(run);
        assertEquals(28, opened.manifest().parameterCount());
        assertEquals(List.of(run.resolve(RunFiles.MANIFEST), run.resolve("notes.txt")), opened.files());

        assertEquals(run, RunDirectory.prepare(run, ExistingRunPolicy.OVERWRITE));
        assertTrue(Files.notExists(run.resolve(RunFiles.MANIFEST)), "the run's files are gone");
        assertTrue(Files.exists(run.resolve("notes.txt")), "the user's files are kept");

        RunFormatException notARun = assertThrows(RunFormatException.class, () -> RunDirectory.open(run));
        assertTrue(notARun.getMessage().contains("not a landscape4j run"), notARun.getMessage());
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThrows(RunFormatException.class, () -> RunDirectory.prepare(file, ExistingRunPolicy.FAIL));
    }
}
