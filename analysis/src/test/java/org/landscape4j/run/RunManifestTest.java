package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.layout.ParameterLayout;

class RunManifestTest {

    @TempDir
    Path dir;

    @Test
    void roundTripIsExact() throws IOException {
        RunManifest manifest = Fixtures.manifest();
        Path file = dir.resolve(RunFiles.MANIFEST);
        manifest.write(file);
        RunManifest read = RunManifest.read(file);
        assertEquals(manifest, read);
        assertEquals(manifest.layout(), read.layout());
        assertEquals(Long.valueOf(10), read.settings().get("snapshot_every"), "ints are normalized to Long");
        assertNull(read.endTime());
    }

    @Test
    void finishedRoundTrips() throws IOException {
        Instant end = Instant.parse("2026-01-02T04:00:00Z");
        RunManifest finished = Fixtures.manifest().finished(end, RunManifest.STATUS_COMPLETE);
        assertEquals(end, finished.endTime());
        assertEquals(RunManifest.STATUS_COMPLETE, finished.status());
        assertEquals(Fixtures.manifest().startTime(), finished.startTime());
        Path file = dir.resolve(RunFiles.MANIFEST);
        finished.write(file);
        assertEquals(finished, RunManifest.read(file));
    }

    @Test
    void jsonIsPrettySnakeCaseUtf8() throws IOException {
        Path file = dir.resolve(RunFiles.MANIFEST);
        Fixtures.manifest().write(file);
        String json = Files.readString(file, StandardCharsets.UTF_8);
        for (String field : List.of("\"format_version\" : 1", "\"landscape4j_version\"", "\"dl4j_version\"",
                "\"java_version\"", "\"network_class\"", "\"parameter_count\" : 37", "\"data_type\" : \"FLOAT\"",
                "\"layer_type\" : \"DenseLayer\"", "\"filter_axis\" : 1", "\"ordering\" : \"f\"",
                "\"role\" : \"weight\"", "\"role\" : \"state\"", "\"role\" : \"norm\"", "\"role\" : \"bias\"",
                "\"start_time\" : \"2026-01-02T03:04:05.123456789Z\"", "\"end_time\" : null",
                "\"status\" : \"running\"", "θ über alles ✓", "\"probe_batch\" : 42")) {
            assertTrue(json.contains(field), () -> field + " missing in\n" + json);
        }
        assertTrue(json.lines().count() > 20, "pretty-printed");
        assertTrue(json.indexOf("\"format_version\"") < json.indexOf("\"status\""), "fields in documented order");
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve(RunFiles.MANIFEST);
        Fixtures.manifest().write(file);
        RunManifest failed = Fixtures.manifest().finished(Instant.parse("2026-01-03T00:00:00Z"),
                RunManifest.STATUS_FAILED);
        failed.write(file);
        assertEquals(failed, RunManifest.read(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void manifestGetsTheModeOfAnyNewFile() throws IOException {
        // Not the 0600 of a temporary file: other users (a web server, a colleague) may read a run.
        Path file = dir.resolve(RunFiles.MANIFEST);
        Fixtures.manifest().write(file);
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    }

    @Test
    void settingsWithoutJsonFormAreRefused() {
        RunManifest m = Fixtures.manifest();
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> new RunManifest(1, "a",
                "b", "c", "d", 0, "FLOAT", new ParameterLayout(List.of()), Map.of("lr", Double.NaN), null,
                m.startTime(), null, RunManifest.STATUS_RUNNING));
        assertTrue(nan.getMessage().contains("settings.lr"), nan.getMessage());
        IllegalArgumentException object = assertThrows(IllegalArgumentException.class, () -> new RunManifest(1,
                "a", "b", "c", "d", 0, "FLOAT", new ParameterLayout(List.of()), Map.of("thing", new Object()),
                null, m.startTime(), null, RunManifest.STATUS_RUNNING));
        assertTrue(object.getMessage().contains("java.lang.Object"), object.getMessage());
    }

    @Test
    void constructorChecksStatusAndParameterCount() {
        RunManifest m = Fixtures.manifest();
        assertThrows(IllegalArgumentException.class, () -> new RunManifest(1, "a", "b", "c", "d", 36, "FLOAT",
                m.layout(), null, null, m.startTime(), null, RunManifest.STATUS_RUNNING));
        assertThrows(IllegalArgumentException.class, () -> new RunManifest(1, "a", "b", "c", "d", 37, "FLOAT",
                m.layout(), null, null, m.startTime(), null, "done"));
        assertThrows(IllegalArgumentException.class, () -> m.finished(null, null));
    }

    @Test
    void missingFileIsNamed() {
        Path file = dir.resolve("nowhere").resolve(RunFiles.MANIFEST);
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunManifest.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    @Test
    void badJsonIsReportedWithPosition() throws IOException {
        assertProblem("{\"format_version\": 1,,}", "is not valid JSON", "line 1");
        assertProblem("[1, 2]", "expected a JSON object");
        assertProblem("", "is empty");
    }

    @Test
    void newerFormatVersionIsRefusedWithAdvice() throws IOException {
        String json = written().replace("\"format_version\" : 1", "\"format_version\" : 2");
        assertProblem(json, "format version 2", "upgrade landscape4j");
    }

    @Test
    void missingOrMistypedFieldsAreNamed() throws IOException {
        String json = written();
        assertProblem(json.replace("\"format_version\" : 1,", ""), "format_version");
        assertProblem(json.replace("\"network_class\"", "\"network_klass\""), "lacks the field network_class");
        assertProblem(json.replace("\"parameter_count\" : 37", "\"parameter_count\" : \"many\""),
                "parameter_count");
        assertProblem(json.replace("\"parameter_count\" : 37", "\"parameter_count\" : 36"), "covers 37",
                "parameter count is 36");
        assertProblem(json.replace("\"role\" : \"bias\"", "\"role\" : \"offset\""), "layout.arrays[1] (0_b)",
                "role \"offset\"");
        assertProblem(json.replace("\"role\" : \"bias\"", "\"role\" : \"BIAS\""), "lower case");
        assertProblem(json.replace("\"ordering\" : \"f\"", "\"ordering\" : \"fortran\""), "one character");
        assertProblem(json.replace("\"filter_axis\" : 1", "\"filter_axis\" : 5"), "layout.arrays[0] (0_W)",
                "filter axis 5");
        assertProblem(json.replace("2026-01-02T03:04:05.123456789Z", "yesterday"), "start_time \"yesterday\"");
        assertProblem(json.replace("\"status\" : \"running\"", "\"status\" : \"paused\""), "status \"paused\"");
        assertProblem(json.replace("\"probe_batch\" : 42", "\"probe_batch\" : \"42\""), "seeds.probe_batch");
        assertProblem(json.replace("\"status\" : \"running\"", "\"status\" : \"running\", \"status\" : \"x\""),
                "Duplicate field");
    }

    @Test
    void unknownFieldsAreIgnored() throws IOException {
        String json = written().replace("\"status\" : \"running\"", "\"status\" : \"running\", \"gpu\" : \"none\"");
        Path file = dir.resolve("extra.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        assertEquals(Fixtures.manifest(), RunManifest.read(file));
    }

    private String written() throws IOException {
        Path file = dir.resolve("good.json");
        Fixtures.manifest().write(file);
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private void assertProblem(String json, String... phrases) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunManifest.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), () -> "\"" + phrase + "\" not in: " + e.getMessage());
        }
        assertFalse(e.getMessage().contains("com.fasterxml"), () -> "Jackson internals leak: " + e.getMessage());
    }
}
