package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    @Test
    void refusesADirectoryThatHoldsARunUnlessToldOtherwise() throws IOException {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve(RunFiles.MANIFEST), "{}");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LandscapeListener.builder(run).snapshotEveryEpoch().build());
        assertTrue(e.getMessage().contains(run.toString()), "names the directory: " + e.getMessage());

        LandscapeListener overwriting = LandscapeListener.builder(run).snapshotEveryEpoch().overwriteExisting().build();
        assertEquals(run, overwriting.runDirectory());

        Files.writeString(run.resolve(RunFiles.MANIFEST), "{}");
        LandscapeListener numbered = LandscapeListener.builder(run).metricsEveryIteration()
                .newNumberedRunIfExists().build();
        assertEquals(tmp.resolve("run-2"), numbered.runDirectory());
    }

    @Test
    void aListenerThatNeverSawTrainingClosesQuietlyAndWritesNothing() {
        Path run = tmp.resolve("never");
        LandscapeListener listener = LandscapeListener.builder(run).snapshotEveryEpoch().build();
        listener.close();
        listener.close();
        assertEquals(0, listener.snapshotsWritten());
        assertTrue(Files.notExists(run.resolve(RunFiles.MANIFEST)));
    }

    @Test
    void schedulesAreDueOnMultiplesOnly() {
        Schedule every3 = new Schedule(3, ScheduleUnit.ITERATIONS);
        assertEquals(false, every3.isDue(0));
        assertEquals(false, every3.isDue(2));
        assertEquals(true, every3.isDue(3));
        assertEquals(true, every3.isDue(6));
        assertEquals("every 3 iterations", every3.toString());
    }
}
