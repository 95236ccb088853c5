package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.layout.ParameterLayout;

/**
 * The manifest round-trips exactly (run id, status, failure reason, settings normalized to JSON's types), is
 * written atomically as pretty snake_case UTF-8, and every malformed manifest (bad or hostile JSON, Jackson's
 * limits tripped, trailing garbage, missing or mistyped fields, inconsistent values, a newer version) is refused
 * with a one-line {@link RunFormatException} naming the file and the field.
 */
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
        assertEquals(Fixtures.RUN_ID, read.runId());
        assertEquals(Long.valueOf(10), read.settings().get("snapshot_every"), "ints are normalized to Long");
        assertEquals("WEIGHT", read.settings().get("normalization"), "enums are normalized to their name");
        assertNull(read.endTime());
        assertNull(read.failure());
        assertEquals(RunStatus.RUNNING, read.status());
    }

    @Test
    void finishedAndFailedRoundTrip() throws IOException {
        Instant end = Instant.parse("2026-01-02T04:00:00Z");
        RunManifest finished = Fixtures.manifest().finished(end, RunStatus.COMPLETE, null);
        assertEquals(end, finished.endTime());
        assertEquals(RunStatus.COMPLETE, finished.status());
        assertEquals(Fixtures.manifest().startTime(), finished.startTime());
        assertEquals(Fixtures.RUN_ID, finished.runId(), "the run keeps its id");
        Path file = dir.resolve(RunFiles.MANIFEST);
        finished.write(file);
        assertEquals(finished, RunManifest.read(file));
        RunManifest failed = Fixtures.manifest().finished(end, RunStatus.FAILED, "disk full while writing snapshots");
        failed.write(file);
        RunManifest read = RunManifest.read(file);
        assertEquals(failed, read);
        assertEquals("disk full while writing snapshots", read.failure());
    }

    @Test
    void startGivesAFreshRunIdAndStatusRunning() {
        RunManifest m = Fixtures.manifest();
        RunManifest a = RunManifest.start("v", "d", "j", "c", 37, "FLOAT", m.layout(), null, null, m.startTime());
        RunManifest b = RunManifest.start("v", "d", "j", "c", 37, "FLOAT", m.layout(), null, null, m.startTime());
        assertEquals(RunFiles.FORMAT_VERSION, a.formatVersion());
        assertEquals(RunStatus.RUNNING, a.status());
        assertNull(a.endTime());
        assertNull(a.failure());
        assertEquals(36, a.runId().length(), "a UUID: " + a.runId());
        assertNotEquals(a.runId(), b.runId());
        assertEquals(Map.of(RunFiles.RUN_ID_KEY, a.runId()), a.streamMetadata());
        assertEquals(Map.of(), new RunManifest(1, null, "v", "d", "j", "c", 37, "FLOAT", m.layout(), null, null,
                m.startTime(), null, RunStatus.RUNNING, null).streamMetadata(), "version 1 streams carry no run id");
    }

    @Test
    void runStatusNamesAndClosedStreams() {
        assertEquals(List.of("running", "complete", "interrupted", "failed"),
                Stream.of(RunStatus.values()).map(RunStatus::jsonName).toList());
        for (RunStatus status : RunStatus.values()) {
            assertEquals(Optional.of(status), RunStatus.fromJson(status.jsonName()));
        }
        assertEquals(Optional.empty(), RunStatus.fromJson("Complete"), "lower case only");
        assertEquals(Optional.empty(), RunStatus.fromJson("done"));
        assertEquals(Optional.empty(), RunStatus.fromJson(null));
        assertEquals(List.of(false, true, true, false),
                Stream.of(RunStatus.values()).map(RunStatus::streamsClosed).toList());
    }

    @Test
    void jsonIsPrettySnakeCaseUtf8() throws IOException {
        Path file = dir.resolve(RunFiles.MANIFEST);
        Fixtures.manifest().write(file);
        String json = Files.readString(file, StandardCharsets.UTF_8);
        for (String field : List.of("\"format_version\" : 2", "\"run_id\" : \"" + Fixtures.RUN_ID + "\"",
                "\"landscape4j_version\"", "\"dl4j_version\"",
                "\"java_version\"", "\"network_class\"", "\"parameter_count\" : 37", "\"data_type\" : \"FLOAT\"",
                "\"layer_type\" : \"DenseLayer\"", "\"filter_axis\" : 1", "\"ordering\" : \"f\"",
                "\"role\" : \"weight\"", "\"role\" : \"state\"", "\"role\" : \"norm\"", "\"role\" : \"bias\"",
                "\"start_time\" : \"2026-01-02T03:04:05.123456789Z\"", "\"end_time\" : null",
                "\"status\" : \"running\"", "\"failure\" : null", "θ über alles ✓", "\"probe_batch\" : 42")) {
            assertTrue(json.contains(field), () -> field + " missing in\n" + json);
        }
        assertTrue(json.lines().count() > 20, "pretty-printed");
        assertTrue(json.indexOf("\"format_version\"") < json.indexOf("\"run_id\""), "fields in documented order");
        assertTrue(json.indexOf("\"run_id\"") < json.indexOf("\"status\""), "fields in documented order");
        assertTrue(json.indexOf("\"status\"") < json.indexOf("\"failure\""), "fields in documented order");
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve(RunFiles.MANIFEST);
        Fixtures.manifest().write(file);
        RunManifest failed = Fixtures.manifest().finished(Instant.parse("2026-01-03T00:00:00Z"), RunStatus.FAILED,
                "out of memory");
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
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> new RunManifest(2, "r",
                "a", "b", "c", "d", 0, "FLOAT", new ParameterLayout(List.of()), Map.of("lr", Double.NaN), null,
                m.startTime(), null, RunStatus.RUNNING, null));
        assertTrue(nan.getMessage().contains("settings.lr"), nan.getMessage());
        IllegalArgumentException object = assertThrows(IllegalArgumentException.class, () -> new RunManifest(2,
                "r", "a", "b", "c", "d", 0, "FLOAT", new ParameterLayout(List.of()), Map.of("thing", new Object()),
                null, m.startTime(), null, RunStatus.RUNNING, null));
        assertTrue(object.getMessage().contains("java.lang.Object"), object.getMessage());
    }

    @Test
    void constructorChecksRunIdStatusFailureTimesAndParameterCount() {
        RunManifest m = Fixtures.manifest();
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> new RunManifest(2, "r",
                "a", "b", "c", "d", 36, "FLOAT", m.layout(), null, null, m.startTime(), null, RunStatus.RUNNING, null));
        assertEquals("the layout covers 37 parameters but parameter_count is 36", count.getMessage());
        IllegalArgumentException status = assertThrows(IllegalArgumentException.class, () -> m.finished(null, null,
                null));
        assertEquals("status is required but null", status.getMessage());
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> m.finished(m.startTime(), RunStatus.COMPLETE, "a reason"));
        assertEquals("a failure reason is given, but the status is complete", failure.getMessage());
        IllegalArgumentException early = assertThrows(IllegalArgumentException.class,
                () -> m.finished(Instant.parse("2026-01-01T00:00:00Z"), RunStatus.COMPLETE, null));
        assertEquals("end_time 2026-01-01T00:00:00Z is before start_time 2026-01-02T03:04:05.123456789Z",
                early.getMessage());
        IllegalArgumentException noId = assertThrows(IllegalArgumentException.class, () -> new RunManifest(2, null,
                "a", "b", "c", "d", 37, "FLOAT", m.layout(), null, null, m.startTime(), null, RunStatus.RUNNING, null));
        assertEquals("run_id is required but null", noId.getMessage());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> new RunManifest(2, " ",
                "a", "b", "c", "d", 37, "FLOAT", m.layout(), null, null, m.startTime(), null, RunStatus.RUNNING, null));
        assertEquals("run_id \" \" must be 1 to 200 characters", blank.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RunManifest(0, "r", "a", "b", "c", "d", 37, "FLOAT",
                m.layout(), null, null, m.startTime(), null, RunStatus.RUNNING, null));
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
        assertProblem("{\"format_version\": 2,,}", "is not valid JSON", "line 1");
        assertProblem("[1, 2]", "expected a JSON object");
        assertProblem("", "is empty");
        assertProblem("{\"format_version\": 2, \"x\": \"\u001b]0;pwned\u0007\n", "is not valid JSON");
    }

    @Test
    void newerFormatVersionIsRefusedWithAdvice() throws IOException {
        String json = written().replace("\"format_version\" : 2", "\"format_version\" : 3");
        assertProblem(json, "was written in run format version 3", "upgrade landscape4j");
        assertProblem(written().replace("\"format_version\" : 2", "\"format_version\" : 2.5"),
                "format_version is \"2.5\", expected an integer");
    }

    @Test
    void missingOrMistypedFieldsAreNamed() throws IOException {
        String json = written();
        assertProblem(json.replace("\"format_version\" : 2,", ""), "lacks the field format_version");
        assertProblem(json.replace("\"network_class\"", "\"network_klass\""), "lacks the field network_class");
        assertProblem(json.replace("\"run_id\"", "\"run_identity\""), "lacks the field run_id");
        assertProblem(json.replace("\"failure\"", "\"failures\""), "lacks the field failure");
        assertProblem(json.replace("\"run_id\" : \"" + Fixtures.RUN_ID + "\"", "\"run_id\" : null"),
                "run_id is required but null");
        assertProblem(json.replace("\"parameter_count\" : 37", "\"parameter_count\" : \"many\""),
                "parameter_count");
        assertProblem(json.replace("\"role\" : \"bias\"", "\"role\" : \"offset\""), "layout.arrays[1] (\"0_b\")",
                "role \"offset\"");
        assertProblem(json.replace("\"role\" : \"bias\"", "\"role\" : \"BIAS\""), "lower case");
        assertProblem(json.replace("\"ordering\" : \"f\"", "\"ordering\" : \"fortran\""), "one character");
        assertProblem(json.replace("\"filter_axis\" : 1", "\"filter_axis\" : 5"), "layout.arrays[0] (\"0_W\")",
                "filter axis 5");
        assertProblem(json.replace("2026-01-02T03:04:05.123456789Z", "yesterday"), "start_time \"yesterday\"");
        assertProblem(json.replace("\"status\" : \"running\"", "\"status\" : \"paused\""), "status \"paused\"");
        assertProblem(json.replace("\"status\" : \"running\"", "\"status\" : 3"), "status");
        assertProblem(json.replace("\"probe_batch\" : 42", "\"probe_batch\" : \"42\""), "seeds.probe_batch");
        assertProblem(json.replace("\"status\" : \"running\"", "\"status\" : \"running\", \"status\" : \"x\""),
                "Duplicate field");
    }

    @Test
    void inconsistentValuesAreRefused() throws IOException {
        String json = written();
        assertProblem(json.replace("\"parameter_count\" : 37", "\"parameter_count\" : 36"),
                "the layout covers 37 parameters but parameter_count is 36");
        assertProblem(json.replace("\"end_time\" : null", "\"end_time\" : \"2025-12-31T00:00:00Z\""),
                "end_time 2025-12-31T00:00:00Z is before start_time 2026-01-02T03:04:05.123456789Z");
        assertProblem(json.replace("\"failure\" : null", "\"failure\" : \"oops\""),
                "a failure reason is given, but the status is running");
        assertProblem(json.replace("\"parameter_count\" : 37", "\"parameter_count\" : -1"),
                "parameter_count -1 is negative");
    }

    @Test
    void trailingGarbageAfterTheObjectIsRefused() throws IOException {
        String json = written();
        assertProblem(json + "{\"format_version\" : 2}", "is not valid JSON (trailing content after the manifest's"
                + " JSON object at line");
        assertProblem(json + "garbage", "is not valid JSON");
        assertProblem(json + "]", "is not valid JSON");
        // whitespace after the object is not garbage
        Path file = dir.resolve("spaces.json");
        Files.writeString(file, json + "\n\n  \t\n", StandardCharsets.UTF_8);
        assertEquals(Fixtures.manifest(), RunManifest.read(file));
    }

    @Test
    void jacksonLimitsGiveOneLineRefusals() throws IOException {
        // 100,000 nested arrays: Jackson's nesting limit, not a StackOverflowError or an NPE
        String deep = "{\"format_version\" : 2, \"settings\" : " + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        RunFormatException nested = assertProblem(deep, "is not valid JSON", "nesting depth");
        assertTrue(nested.getMessage().length() < 600, nested.getMessage());
        // a 50 MB string value: Jackson's string length limit
        Path big = dir.resolve("big.json");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write("{\"format_version\" : 2, \"network_class\" : \"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("\"}".getBytes(StandardCharsets.UTF_8));
        }
        RunFormatException string = assertThrows(RunFormatException.class, () -> RunManifest.read(big));
        assertEquals(big, string.file());
        assertTrue(string.getMessage().startsWith(big + ": is not valid JSON"), string.getMessage());
        assertTrue(string.getMessage().contains("String value length"), string.getMessage());
        Fixtures.assertPrintable(string.getMessage());
        assertTrue(string.getMessage().length() < 600, string.getMessage());
        // a manifest larger than any real one is refused before it is parsed
        Path huge = dir.resolve("huge.json");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(huge,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {'{'}), ManifestJson.MAX_BYTES + 10);
        }
        RunFormatException tooLarge = assertThrows(RunFormatException.class, () -> RunManifest.read(huge));
        assertEquals(huge + ": is " + (ManifestJson.MAX_BYTES + 11) + " bytes; a manifest is at most "
                + ManifestJson.MAX_BYTES + " bytes: this is not a landscape4j manifest", tooLarge.getMessage());
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

    private RunFormatException assertProblem(String json, String... phrases) throws IOException {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunManifest.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        for (String phrase : phrases) {
            assertTrue(e.getMessage().contains(phrase), () -> "\"" + phrase + "\" not in: " + e.getMessage());
        }
        assertFalse(e.getMessage().contains("com.fasterxml"), () -> "Jackson internals leak: " + e.getMessage());
        Fixtures.assertPrintable(e.getMessage());
        return e;
    }
}
