package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claiming a run directory for recording ({@link RunClaim}): the claim is an OS lock that writes nothing but
 * the lock file; one claim per directory, in one JVM and across processes (two child JVMs race for the same
 * directory ten times: exactly one wins each time, and with NEW_NUMBERED both get distinct directories); the
 * policies FAIL, OVERWRITE (run files and results gone) and NEW_NUMBERED; unusable paths refused in one line
 * with the reason; a stale lock file claimable; the reserve, the intactness check and {@link RunClaim#isHeld}.
 */
class RunClaimTest {

    @TempDir
    Path root;

    @Test
    void claimCreatesTheDirectoryAndWritesNothingButTheLock() throws IOException {
        for (ExistingRunPolicy policy : ExistingRunPolicy.values()) {
            Path requested = root.resolve("a/b/run-" + policy);
            try (RunClaim claim = RunClaim.claim(requested, policy)) {
                assertEquals(requested, claim.directory());
                assertTrue(Files.isDirectory(requested));
                assertEquals(List.of(RunFiles.LOCK), names(requested));
                assertEquals(RunClaim.RESERVE_BYTES, Files.size(requested.resolve(RunFiles.LOCK)), "the reserve");
                assertFalse(RunDirectory.holdsRun(requested));
                assertTrue(claim.directoryIntact());
            }
            assertEquals(0, Files.size(requested.resolve(RunFiles.LOCK)), "released: the lock file is empty");
            assertEquals(List.of(RunFiles.LOCK), names(requested), "the empty lock file stays");
        }
    }

    @Test
    void aSecondClaimInTheSameJvmIsRefusedAsLive() throws IOException {
        Path dir = root.resolve("run");
        try (RunClaim first = RunClaim.claim(dir, ExistingRunPolicy.FAIL)) {
            for (ExistingRunPolicy policy : List.of(ExistingRunPolicy.FAIL, ExistingRunPolicy.OVERWRITE)) {
                RunExistsException e = assertThrows(RunExistsException.class, () -> RunClaim.claim(dir, policy));
                assertTrue(e.claimedByLiveRecorder());
                assertEquals(List.of(), e.presentFiles());
                assertEquals(dir, e.file());
                assertEquals(dir + ": is being recorded into by another recorder right now (it holds the lock on "
                        + RunFiles.LOCK + "); wait for it to finish, or record into another directory", e.getMessage());
            }
            try (RunClaim numbered = RunClaim.claim(dir, ExistingRunPolicy.NEW_NUMBERED)) {
                assertEquals(root.resolve("run-2"), numbered.directory());
            }
            assertTrue(first.directoryIntact());
        }
        try (RunClaim again = RunClaim.claim(dir, ExistingRunPolicy.FAIL)) {
            assertEquals(dir, again.directory(), "claimable once released");
        }
    }

    @Test
    void isHeldWhileClaimedAndNotAfter() throws IOException {
        Path dir = root.resolve("run");
        assertFalse(RunClaim.isHeld(dir), "no directory");
        RunClaim claim = RunClaim.claim(dir, ExistingRunPolicy.FAIL);
        assertTrue(RunClaim.isHeld(dir));
        assertTrue(RunClaim.isHeld(dir), "asking does not release it");
        claim.close();
        assertFalse(RunClaim.isHeld(dir));
        claim.close(); // idempotent
        assertFalse(RunClaim.isHeld(dir));
    }

    @Test
    void aStaleLockFileIsClaimable() throws IOException {
        // What a killed recorder leaves: the lock file with its reserve, no holder (the OS dropped the lock).
        Path dir = Files.createDirectories(root.resolve("run"));
        Files.write(dir.resolve(RunFiles.LOCK), new byte[RunClaim.RESERVE_BYTES]);
        assertFalse(RunClaim.isHeld(dir));
        try (RunClaim claim = RunClaim.claim(dir, ExistingRunPolicy.FAIL)) {
            assertEquals(dir, claim.directory());
            assertTrue(RunClaim.isHeld(dir));
        }
    }

    @Test
    void failNamesTheDirectoryAndTheRunFiles() throws IOException {
        Path run = recordedRun("run");
        RunExistsException e = assertThrows(RunExistsException.class,
                () -> RunClaim.claim(run, ExistingRunPolicy.FAIL));
        assertEquals(run, e.file());
        assertFalse(e.claimedByLiveRecorder());
        assertEquals(List.of(RunFiles.MANIFEST, RunFiles.METRICS, RunFiles.SNAPSHOTS), e.presentFiles());
        assertEquals(run + ": already holds a run (manifest.json, metrics.arrows, snapshots.arrows)", e.getMessage());
        assertTrue(Files.exists(run.resolve(RunFiles.MANIFEST)), "nothing was deleted");
        assertFalse(RunClaim.isHeld(run), "the refused claim released its lock");
    }

    @Test
    void anySingleRunFileMeansARun() throws IOException {
        for (String name : RunFiles.RUN_FILES) {
            Path dir = Files.createDirectories(root.resolve("only-" + name));
            Files.writeString(dir.resolve(name), "x");
            assertTrue(RunDirectory.holdsRun(dir), name);
            RunExistsException e = assertThrows(RunExistsException.class,
                    () -> RunClaim.claim(dir, ExistingRunPolicy.FAIL));
            assertEquals(List.of(name), e.presentFiles());
        }
        Path other = Files.createDirectories(root.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "mine");
        Files.createDirectories(other.resolve(RunFiles.RESULTS));
        assertFalse(RunDirectory.holdsRun(other));
        assertFalse(RunDirectory.holdsRun(root.resolve("absent")));
        try (RunClaim claim = RunClaim.claim(other, ExistingRunPolicy.FAIL)) {
            assertEquals(other, claim.directory(), "user files are not a run");
        }
    }

    @Test
    void overwriteDeletesTheRunFilesAndTheResultsOnly() throws IOException {
        Path run = recordedRun("run");
        Files.writeString(run.resolve(RunFiles.NETWORK), "{}");
        Files.writeString(run.resolve(RunFiles.CURVATURE), "x");
        Files.writeString(run.resolve("notes.txt"), "keep me");
        Files.writeString(run.resolve("manifest.json.123.tmp"), "left by a killed write");
        Files.createDirectories(run.resolve("plots"));
        Path results = Files.createDirectories(run.resolve(RunFiles.RESULTS).resolve("nested"));
        Files.writeString(run.resolve(RunFiles.RESULTS).resolve("surface.arrows"), "a result of the old run");
        Files.writeString(results.resolve("deep.arrows"), "x");
        try (RunClaim claim = RunClaim.claim(run, ExistingRunPolicy.OVERWRITE)) {
            assertEquals(run, claim.directory());
            assertFalse(RunDirectory.holdsRun(run));
            assertFalse(Files.exists(run.resolve(RunFiles.RESULTS)),
                    "a results file from a previous run is gone after overwrite");
            assertEquals(List.of(RunFiles.LOCK, "notes.txt", "plots"), names(run));
            assertEquals("keep me", Files.readString(run.resolve("notes.txt")));
        }
    }

    @Test
    void newNumberedTakesTheFirstSiblingWithoutARun() throws IOException {
        Path run = recordedRun("run");
        try (RunClaim claim = RunClaim.claim(run, ExistingRunPolicy.NEW_NUMBERED)) {
            assertEquals(root.resolve("run-2"), claim.directory());
            assertTrue(Files.isDirectory(root.resolve("run-2")));
        }
        recordedRun("run-2");
        Files.writeString(root.resolve("run-3"), "a file, not a directory");
        Path four = Files.createDirectories(root.resolve("run-4"));
        Files.writeString(four.resolve("notes.txt"), "no run here");
        try (RunClaim claim = RunClaim.claim(run, ExistingRunPolicy.NEW_NUMBERED)) {
            assertEquals(four, claim.directory());
        }
        assertTrue(Files.exists(run.resolve(RunFiles.MANIFEST)), "the original run is untouched");
        assertEquals("a file, not a directory", Files.readString(root.resolve("run-3")));
    }

    @Test
    void unusablePathsAreRefusedInOneLineWithTheReason() throws IOException {
        Path file = Files.writeString(root.resolve("file"), "x");
        RunFormatException notDir = assertThrows(RunFormatException.class,
                () -> RunClaim.claim(file, ExistingRunPolicy.OVERWRITE));
        assertEquals(file + ": is a file, not a directory; give a directory to record the run into",
                notDir.getMessage());
        Path under = file.resolve("run");
        RunFormatException underFile = assertThrows(RunFormatException.class,
                () -> RunClaim.claim(under, ExistingRunPolicy.FAIL));
        assertEquals(under, underFile.file());
        assertEquals(under + ": cannot be created (Not a directory); choose a writable location",
                underFile.getMessage());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aReadOnlyDirectoryIsRefusedWithTheReason() throws Exception {
        Path dir = Files.createDirectories(root.resolve("read-only"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean immutable = false;
        try {
            if (Files.isWritable(dir)) { // root ignores permissions: make the directory immutable instead
                Process chattr = new ProcessBuilder("chattr", "+i", dir.toString()).redirectErrorStream(true).start();
                immutable = chattr.waitFor() == 0;
                Assumptions.assumeTrue(immutable, "running as root without chattr: cannot make a directory read-only");
            }
            RunFormatException e = assertThrows(RunFormatException.class,
                    () -> RunClaim.claim(dir, ExistingRunPolicy.FAIL));
            assertEquals(dir, e.file());
            Fixtures.assertPrintable(e.getMessage());
            String message = e.getMessage();
            assertTrue(message.equals(dir + ": cannot be recorded into: permission denied writing " + RunFiles.LOCK
                    + " (a read-only directory?); choose a writable directory")
                    || message.equals(dir + ": cannot be recorded into: " + RunFiles.LOCK
                    + " cannot be created (Operation not permitted)"), message);
            assertEquals(List.of(), names(dir));
        } finally {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", dir.toString()).start().waitFor();
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void directoryIntactIsFalseOnceDeletedOrReplaced() throws IOException {
        Path dir = root.resolve("run");
        try (RunClaim claim = RunClaim.claim(dir, ExistingRunPolicy.FAIL)) {
            assertTrue(claim.directoryIntact());
            Files.move(dir, root.resolve("moved"));
            assertFalse(claim.directoryIntact(), "moved away");
            Files.createDirectories(dir);
            assertFalse(claim.directoryIntact(), "replaced by another directory of the same name");
        }
        try (RunClaim claim = RunClaim.claim(root.resolve("gone"), ExistingRunPolicy.FAIL)) {
            Files.delete(root.resolve("gone").resolve(RunFiles.LOCK));
            Files.delete(root.resolve("gone"));
            assertFalse(claim.directoryIntact(), "deleted");
        }
    }

    @Test
    void releaseReserveFreesTheDiskSpace() throws IOException {
        Path dir = root.resolve("run");
        try (RunClaim claim = RunClaim.claim(dir, ExistingRunPolicy.FAIL)) {
            assertEquals(RunClaim.RESERVE_BYTES, Files.size(dir.resolve(RunFiles.LOCK)));
            claim.releaseReserve();
            assertEquals(0, Files.size(dir.resolve(RunFiles.LOCK)));
            claim.releaseReserve();
            assertTrue(RunClaim.isHeld(dir), "still claimed without the reserve");
        }
    }

    @Test
    void twoJvmsRacingForOneDirectoryNeverBothWin() throws Exception {
        for (int round = 0; round < 10; round++) {
            Path dir = root.resolve("race-" + round);
            if (round % 2 == 1) {
                Files.createDirectories(dir); // an existing empty directory, as well as a new one
            }
            List<Outcome> outcomes = race(dir, ExistingRunPolicy.FAIL);
            List<Integer> codes = outcomes.stream().map(Outcome::exitCode).sorted().toList();
            assertEquals(List.of(0, 3), codes, "round " + round + ": " + outcomes);
            Outcome winner = outcomes.get(0).exitCode() == 0 ? outcomes.get(0) : outcomes.get(1);
            Outcome loser = outcomes.get(0).exitCode() == 0 ? outcomes.get(1) : outcomes.get(0);
            assertEquals("won " + dir, winner.line());
            assertEquals("lost live", loser.line());
            assertFalse(RunClaim.isHeld(dir), "both children released it");
        }
    }

    @Test
    void twoJvmsRacingWithNewNumberedGetDistinctDirectories() throws Exception {
        for (int round = 0; round < 10; round++) {
            Path dir = root.resolve("numbered-" + round);
            List<Outcome> outcomes = race(dir, ExistingRunPolicy.NEW_NUMBERED);
            assertEquals(List.of(0, 0), outcomes.stream().map(Outcome::exitCode).toList(), outcomes.toString());
            List<String> lines = outcomes.stream().map(Outcome::line).sorted().toList();
            assertEquals(List.of("won " + dir, "won " + root.resolve("numbered-" + round + "-2")), lines,
                    "round " + round);
            assertNotEquals(outcomes.get(0).line(), outcomes.get(1).line());
        }
    }

    @Test
    void askingInTheRecordersJvmDoesNotDropTheOsLock() throws Exception {
        // On Linux a process's fcntl locks on a file are dropped when it closes ANY descriptor of that file: a
        // check or a refused second claim in the recorder's own JVM must not let another process claim the run.
        Path dir = root.resolve("run");
        try (RunClaim claim = RunClaim.claim(dir, ExistingRunPolicy.FAIL)) {
            assertTrue(RunClaim.isHeld(dir));
            assertThrows(RunExistsException.class, () -> RunClaim.claim(dir, ExistingRunPolicy.FAIL));
            try (RunClaim numbered = RunClaim.claim(dir, ExistingRunPolicy.NEW_NUMBERED)) {
                assertEquals(root.resolve("run-2"), numbered.directory());
            }
            try (ChildJvm child = ChildJvm.start(ClaimMain.class, List.of(), root, dir.toString(), "FAIL")) {
                assertEquals("ready", child.readLine());
                child.send("go");
                String line = child.readLine();
                child.send("release");
                assertEquals(3, child.exitCode(), line + "; stderr: " + child.stderr());
                assertEquals("lost live", line);
            }
            assertTrue(claim.directoryIntact());
        }
    }

    private record Outcome(String line, int exitCode) {
    }

    /** Two child JVMs claim {@code dir} at (nearly) the same moment; both release after both have answered. */
    private List<Outcome> race(Path dir, ExistingRunPolicy policy) throws Exception {
        try (ChildJvm a = ChildJvm.start(ClaimMain.class, List.of(), root, dir.toString(), policy.name());
             ChildJvm b = ChildJvm.start(ClaimMain.class, List.of(), root, dir.toString(), policy.name())) {
            assertEquals("ready", a.readLine());
            assertEquals("ready", b.readLine());
            a.send("go");
            b.send("go");
            String lineA = a.readLine();
            String lineB = b.readLine();
            a.send("release");
            b.send("release");
            List<Outcome> outcomes = new ArrayList<>();
            outcomes.add(new Outcome(lineA, a.exitCode()));
            outcomes.add(new Outcome(lineB, b.exitCode()));
            for (Outcome o : outcomes) {
                assertFalse(o.line().startsWith("error"), o.line() + "\nstderr A: " + a.stderr() + "\nstderr B: "
                        + b.stderr());
            }
            return outcomes;
        }
    }

    /** A directory with a manifest, a metrics stream and a snapshots stream, as a recorder leaves it. */
    private Path recordedRun(String name) throws IOException {
        Path dir = root.resolve(name);
        try (RunClaim claim = RunClaim.claim(dir, ExistingRunPolicy.OVERWRITE)) {
            Fixtures.manifest().write(dir.resolve(RunFiles.MANIFEST));
            try (MetricsWriter metrics = new MetricsWriter(dir.resolve(RunFiles.METRICS), Fixtures.RUN_ID, 4, null);
                 SnapshotWriter snapshots = new SnapshotWriter(dir.resolve(RunFiles.SNAPSHOTS), Fixtures.P,
                         Fixtures.RUN_ID, null)) {
                metrics.append(Fixtures.metricRows(1).get(0));
                snapshots.write(0, 0, 1, Fixtures.params(Fixtures.P, 0));
            }
        }
        return dir;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
