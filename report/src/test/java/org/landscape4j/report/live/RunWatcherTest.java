package org.landscape4j.report.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.report.html.LiveUpdates;
import org.landscape4j.report.testing.GrowingRun;
import org.landscape4j.report.testing.TestRuns;

/**
 * The live view reads a run only when its files changed (or, while it is recorded, when its data is older than
 * {@link RunWatcher#MAX_AGE}), keeps the tag of unchanged data, and makes the page once per version.
 */
class RunWatcherTest {

    @TempDir
    Path tmp;

    @Test
    void anUnchangedRunIsNotReadAgainAndAReReadOfTheSameDataKeepsItsTag() throws Exception {
        AtomicLong clock = new AtomicLong();
        try (GrowingRun run = GrowingRun.start(tmp.resolve("run"), 10)) {
            RunWatcher watcher = new RunWatcher(run.directory(), Duration.ofSeconds(3), clock::get);
            RunWatcher.Version first = watcher.current();
            assertTrue(first.recording());
            assertSame(first, watcher.current(), "no file changed: the same version, nothing read");
            clock.addAndGet(RunWatcher.MAX_AGE.toNanos() + 1);
            RunWatcher.Version aged = watcher.current();
            assertNotSame(first, aged, "a run being recorded is re-read after MAX_AGE");
            assertEquals(first.tag(), aged.tag(), "the same data keeps its tag");
            assertSame(first.json(), aged.json());
            run.appendMetrics(1);
            RunWatcher.Version grown = watcher.current();
            assertNotEquals(first.tag(), grown.tag());
            assertSame(watcher.page(grown), watcher.page(grown), "one page per version");
            assertTrue(new String(watcher.page(grown).html(), java.nio.charset.StandardCharsets.UTF_8)
                    .contains("data-l4j-version=\"" + grown.tag() + "\""));
        }
    }

    @Test
    void aFinishedRunIsNotReReadWhileNoFileChanges() throws Exception {
        AtomicLong clock = new AtomicLong();
        Path run = TestRuns.write(tmp.resolve("done"), TestRuns.Contents.metricsOnly());
        RunWatcher watcher = new RunWatcher(run, Duration.ofSeconds(3), clock::get);
        RunWatcher.Version first = watcher.current();
        assertFalse(first.recording());
        clock.addAndGet(Duration.ofHours(1).toNanos());
        assertSame(first, watcher.current());
        Files.writeString(run.resolve("notes.txt"), "a file beside the run");
        assertNotSame(first, watcher.current(), "any file of the run counts");
    }

    @Test
    void theFingerprintSeesSizesTimesNewResultsAndIgnoresTheLock() throws Exception {
        try (GrowingRun run = GrowingRun.start(tmp.resolve("run"), 3)) {
            RunFingerprint before = RunFingerprint.of(run.directory());
            assertTrue(before.files().stream().noneMatch(e -> e.name().contains("lock")), before.toString());
            assertEquals(before, RunFingerprint.of(run.directory()));
            run.addSlice("plane");
            RunFingerprint after = RunFingerprint.of(run.directory());
            assertTrue(after.files().stream().anyMatch(e -> e.name().equals("results/plane.arrows")), after.toString());
        }
        assertThrows(java.nio.file.NoSuchFileException.class, () -> RunFingerprint.of(tmp.resolve("missing")));
    }

    @Test
    void entityTagsAndHostNames() {
        assertTrue(LiveHandler.matches(List.of("\"a\""), "\"a\""));
        assertTrue(LiveHandler.matches(List.of("\"b\", W/\"a\""), "\"a\""));
        assertTrue(LiveHandler.matches(List.of("*"), "\"a\""));
        assertFalse(LiveHandler.matches(List.of("\"ab\""), "\"a\""));
        assertFalse(LiveHandler.matches(null, "\"a\""));
        Set<String> hosts = LiveServer.loopbackHosts("127.0.0.1", 8080);
        assertEquals(Set.of("localhost:8080", "127.0.0.1:8080", "[::1]:8080"), hosts);
        assertTrue(LiveServer.loopbackHosts("::1", 80).containsAll(Set.of("[::1]", "[::1]:80", "localhost")));
        assertThrows(IllegalArgumentException.class, () -> new LiveUpdates("../x", Duration.ofSeconds(1), "v"));
        assertThrows(IllegalArgumentException.class, () -> new LiveUpdates("data.json", Duration.ofSeconds(1), "\"v"));
    }
}
