package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @TempDir
    Path root;

    @Test
    void freshDirectoryIsCreatedWithParents() throws IOException {
        Path requested = root.resolve("a/b/run");
        for (ExistingRunPolicy policy : ExistingRunPolicy.values()) {
            assertEquals(requested, RunDirectory.prepare(requested, policy));
            assertTrue(Files.isDirectory(requested));
            assertFalse(RunDirectory.holdsRun(requested));
        }
    }

    @Test
    void failNamesTheDirectoryAndTheOtherChoices() throws IOException {
        Path run = recordedRun("run");
        RunFormatException e = assertThrows(RunFormatException.class,
                () -> RunDirectory.prepare(run, ExistingRunPolicy.FAIL));
        assertEquals(run, e.file());
        for (String phrase : List.of(run.toString(), "already holds a run", "manifest.json, metrics.arrows",
                "OVERWRITE", "NEW_NUMBERED", "run-2")) {
            assertTrue(e.getMessage().contains(phrase), () -> phrase + " not in " + e.getMessage());
        }
        assertTrue(Files.exists(run.resolve(RunFiles.MANIFEST)), "nothing was deleted");
    }

    @Test
    void anySingleRunFileMeansARun() throws IOException {
        for (String name : RunFiles.RUN_FILES) {
            Path dir = Files.createDirectories(root.resolve("only-" + name));
            Files.writeString(dir.resolve(name), "x");
            assertTrue(RunDirectory.holdsRun(dir), name);
            assertThrows(RunFormatException.class, () -> RunDirectory.prepare(dir, ExistingRunPolicy.FAIL));
        }
        Path other = Files.createDirectories(root.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        assertFalse(RunDirectory.holdsRun(other));
        assertFalse(RunDirectory.holdsRun(root.resolve("absent")));
        assertEquals(other, RunDirectory.prepare(other, ExistingRunPolicy.FAIL), "user files are not a run");
    }

    @Test
    void overwriteDeletesOnlyTheRunFiles() throws IOException {
        Path run = recordedRun("run");
        Files.writeString(run.resolve("notes.txt"), "keep me");
        Files.writeString(run.resolve("manifest.json.123.tmp"), "left by a killed write");
        Files.createDirectories(run.resolve("plots"));
        assertEquals(run, RunDirectory.prepare(run, ExistingRunPolicy.OVERWRITE));
        assertFalse(RunDirectory.holdsRun(run));
        assertEquals("keep me", Files.readString(run.resolve("notes.txt")));
        assertTrue(Files.isDirectory(run.resolve("plots")));
        assertFalse(Files.exists(run.resolve("manifest.json.123.tmp")));
    }

    @Test
    void newNumberedTakesTheFirstSiblingWithoutARun() throws IOException {
        Path run = recordedRun("run");
        assertEquals(root.resolve("run-2"), RunDirectory.prepare(run, ExistingRunPolicy.NEW_NUMBERED));
        assertTrue(Files.isDirectory(root.resolve("run-2")));
        recordedRun("run-2");
        Files.writeString(root.resolve("run-3"), "a file, not a directory");
        Path four = Files.createDirectories(root.resolve("run-4"));
        Files.writeString(four.resolve("notes.txt"), "no run here");
        assertEquals(four, RunDirectory.prepare(run, ExistingRunPolicy.NEW_NUMBERED));
        assertTrue(Files.exists(run.resolve(RunFiles.MANIFEST)), "the original run is untouched");
    }

    @Test
    void aFileIsNotADirectory() throws IOException {
        Path file = Files.writeString(root.resolve("file"), "x");
        RunFormatException e = assertThrows(RunFormatException.class,
                () -> RunDirectory.prepare(file, ExistingRunPolicy.OVERWRITE));
        assertTrue(e.getMessage().contains("is a file, not a directory"), e.getMessage());
        RunFormatException open = assertThrows(RunFormatException.class, () -> RunDirectory.open(file));
        assertTrue(open.getMessage().contains("is a file"), open.getMessage());
    }

    @Test
    void openRequiresAManifest() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunDirectory.open(empty));
        assertEquals(empty + ": no manifest.json: not a landscape4j run directory", e.getMessage());
        RunFormatException absent = assertThrows(RunFormatException.class,
                () -> RunDirectory.open(root.resolve("absent")));
        assertTrue(absent.getMessage().contains("does not exist"), absent.getMessage());
    }

    @Test
    void openSummarizesTheRun() throws IOException {
        Path run = recordedRun("run");
        Files.writeString(run.resolve("a-notes.txt"), "x");
        RunDirectory opened = RunDirectory.open(run);
        assertEquals(run, opened.path());
        assertEquals(Fixtures.manifest(), opened.manifest());
        assertEquals(run.resolve(RunFiles.METRICS), opened.metricsFile());
        assertEquals(run.resolve(RunFiles.SNAPSHOTS), opened.snapshotsFile());
        assertEquals(List.of(run.resolve("a-notes.txt"), run.resolve(RunFiles.MANIFEST), run.resolve(RunFiles.METRICS),
                run.resolve(RunFiles.SNAPSHOTS)), opened.files());
    }

    /** A directory with a manifest, a metrics stream and a snapshots stream, as the listener leaves it. */
    private Path recordedRun(String name) throws IOException {
        Path dir = RunDirectory.prepare(root.resolve(name), ExistingRunPolicy.OVERWRITE);
        Fixtures.manifest().write(dir.resolve(RunFiles.MANIFEST));
        try (RootAllocator allocator = new RootAllocator();
             MetricsWriter metrics = new MetricsWriter(dir.resolve(RunFiles.METRICS), allocator, 4);
             SnapshotWriter snapshots = new SnapshotWriter(dir.resolve(RunFiles.SNAPSHOTS), 37, allocator)) {
            metrics.append(Fixtures.metricRows(1).get(0));
            snapshots.write(0, 0, 1, Fixtures.params(37, 0));
        }
        return dir;
    }
}
