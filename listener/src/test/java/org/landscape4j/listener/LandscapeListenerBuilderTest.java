package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.run.RunFiles;

/** Every refusal of {@link LandscapeListener.Builder}, and the existing-run policies. */
class LandscapeListenerBuilderTest {

    @TempDir
    Path tmp;

    @Test
    void refusesAConfigurationThatRecordsNothing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LandscapeListener.builder(tmp.resolve("run")).build());
        assertTrue(e.getMessage().contains("record nothing"), e.getMessage());
        assertTrue(e.getMessage().contains("snapshotEveryEpoch()"), "the message says what to call instead");
        assertTrue(Files.notExists(tmp.resolve("run")), "a refused configuration creates no directory");
    }

    @Test
    void snapshotAtStartAloneIsStillNothing() {
        assertThrows(IllegalStateException.class,
                () -> LandscapeListener.builder(tmp.resolve("run")).snapshotAtStart(true).build());
    }

    @Test
    void refusesNonPositiveSchedules() {
        LandscapeListener.Builder builder = LandscapeListener.builder(tmp.resolve("run"));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> builder.snapshotEvery(0, ScheduleUnit.ITERATIONS));
        assertTrue(zero.getMessage().contains("got 0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.snapshotEvery(-3, ScheduleUnit.EPOCHS));
        assertThrows(NullPointerException.class, () -> builder.snapshotEvery(1, null));
        IllegalArgumentException metrics = assertThrows(IllegalArgumentException.class, () -> builder.metricsEvery(0));
        assertTrue(metrics.getMessage().contains("got 0"), metrics.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.metricsBatchRows(0));
    }

    @Test
    void refusesNullDirectoryAndUnnamedSeeds() {
        assertThrows(NullPointerException.class, () -> LandscapeListener.builder(null));
        LandscapeListener.Builder builder = LandscapeListener.builder(tmp.resolve("run"));
        assertThrows(IllegalArgumentException.class, () -> builder.seed(" ", 1));
        assertThrows(NullPointerException.class, () -> builder.seed(null, 1));
        assertThrows(NullPointerException.class, () -> builder.ifRunExists(null));
    }

    /** Hardening item 9: the message names the builder methods a user calls, not enum constants. */
    @Test
    void refusesADirectoryThatHoldsARunUnlessToldOtherwise() throws IOException {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve(RunFiles.MANIFEST), "{}");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LandscapeListener.builder(run).snapshotEveryEpoch().build());
        assertTrue(e.getMessage().contains(run.toString()), "names the directory: " + e.getMessage());
        assertTrue(e.getMessage().contains("overwriteExisting()") && e.getMessage().contains("newNumberedRunIfExists()"),
                "names the builder methods: " + e.getMessage());
        assertFalse(e.getMessage().contains("OVERWRITE") || e.getMessage().contains("NEW_NUMBERED"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");

        try (LandscapeListener overwriting = LandscapeListener.builder(run).snapshotEveryEpoch().overwriteExisting()
                .build()) {
            assertEquals(run, overwriting.runDirectory());
            assertFalse(Files.exists(run.resolve(RunFiles.MANIFEST)), "the old run's files are gone");
        }
        Files.writeString(run.resolve(RunFiles.MANIFEST), "{}");
        try (LandscapeListener numbered = LandscapeListener.builder(run).metricsEveryIteration()
                .newNumberedRunIfExists().build()) {
            assertEquals(tmp.resolve("run-2"), numbered.runDirectory());
        }
    }

    /** Hardening item 1: two listeners built on the same new directory cannot both record into it. */
    @Test
    void aSecondListenerOnTheSameDirectoryIsRefusedOrNumbered() {
        Path run = tmp.resolve("shared");
        try (LandscapeListener first = LandscapeListener.builder(run).snapshotEveryEpoch().build()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> LandscapeListener.builder(run).metricsEveryIteration().build());
            assertTrue(e.getMessage().contains("another recorder"), e.getMessage());
            assertTrue(e.getMessage().contains("newNumberedRunIfExists()"), e.getMessage());
            IllegalStateException overwrite = assertThrows(IllegalStateException.class,
                    () -> LandscapeListener.builder(run).metricsEveryIteration().overwriteExisting().build());
            assertTrue(overwrite.getMessage().contains("another recorder"), "overwriting a live run is refused too");
            try (LandscapeListener second = LandscapeListener.builder(run).metricsEveryIteration()
                    .newNumberedRunIfExists().build()) {
                assertEquals(tmp.resolve("shared-2"), second.runDirectory());
            }
            assertEquals(run, first.runDirectory());
        }
        try (LandscapeListener again = LandscapeListener.builder(run).snapshotEveryEpoch().build()) {
            assertEquals(run, again.runDirectory(), "closing released the directory");
        }
    }

    /** Hardening item 9: an unwritable location says why, in one line, from build(). */
    @Test
    void anUnwritableLocationSaysWhyInOneLine() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        IllegalStateException underFile = assertThrows(IllegalStateException.class,
                () -> LandscapeListener.builder(file.resolve("run")).snapshotEveryEpoch().build());
        assertTrue(underFile.getMessage().contains("cannot be created"), underFile.getMessage());
        assertFalse(underFile.getMessage().contains("\n"), underFile.getMessage());
        Path readOnly = Files.createDirectories(tmp.resolve("read-only"));
        assertTrue(readOnly.toFile().setWritable(false, false));
        try {
            if (Files.isWritable(readOnly)) {
                return;                                 // root ignores permissions: nothing to test
            }
            IllegalStateException denied = assertThrows(IllegalStateException.class,
                    () -> LandscapeListener.builder(readOnly).snapshotEveryEpoch().build());
            assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
        } finally {
            readOnly.toFile().setWritable(true, false);
        }
    }

    @Test
    void aListenerThatNeverSawTrainingClosesQuietlyAndWritesNothing() {
        Path run = tmp.resolve("never");
        LandscapeListener listener = LandscapeListener.builder(run).snapshotEveryEpoch().build();
        listener.close();
        listener.close();
        assertEquals(0, listener.snapshotsWritten());
        assertTrue(Files.notExists(run.resolve(RunFiles.MANIFEST)));
        assertFalse(org.landscape4j.run.RunClaim.isHeld(run), "closing released the claim");
    }

    /** The settings record is exactly what the manifest's settings hold. */
    @Test
    void settingsAreOneRecordThatTheManifestHolds() {
        try (LandscapeListener listener = LandscapeListener.builder(tmp.resolve("s")).snapshotEvery(5,
                ScheduleUnit.ITERATIONS).snapshotAtStart(false).metricsEvery(2).metricsBatchRows(16).build()) {
            java.util.Map<String, Object> settings = listener.settings().toManifest();
            assertEquals(java.util.Map.of("every", 5, "unit", "iterations", "at", java.util.List.of(), "at_start", false,
                    "at_end", true), settings.get("snapshots"));
            assertEquals(java.util.Map.of("every", 2, "unit", "iterations", "at", java.util.List.of(), "at_start", false,
                    "at_end", false), settings.get("metrics"));
            assertEquals(16, settings.get("metrics_batch_rows"));
            assertEquals("fail", settings.get("existing_run_policy"));
            assertEquals(tmp.resolve("s").toString(), settings.get("requested_directory"));
        }
    }
}
