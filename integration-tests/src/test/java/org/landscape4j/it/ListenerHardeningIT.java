package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.ReadResult;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunStatus;
import org.landscape4j.run.RunSummary;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;

/**
 * The listener as a user meets it, in child JVMs with their own logs (the recorder and reader hardening issue):
 * a JVM without Arrow's flag, a really full disk, a run directory deleted while recording, fit after close, an
 * epoch schedule in a fit(DataSet) loop, two processes racing for one directory. Each asserts the outcome and
 * the exact log lines a user sees (one line per problem, no stack trace).
 */
class ListenerHardeningIT {

    @TempDir
    Path tmp;

    /** What a child printed: its standard output and its log (standard error). */
    private record Child(int exitCode, String out, String log) {

        List<String> logLines(String containing) {
            return log.lines().filter(line -> line.contains(containing)).toList();
        }

        /** No stack trace reached the user's console. */
        void assertNoStackTrace() {
            assertFalse(log.lines().anyMatch(line -> line.startsWith("\tat ")), "a stack trace was logged:\n" + log);
        }
    }

    private Child run(ProcessBuilder builder, String name) throws IOException, InterruptedException {
        Path out = tmp.resolve(name + ".out");
        Path log = tmp.resolve(name + ".log");
        Process process = builder.redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), name + " did not finish");
        return new Child(process.exitValue(), Files.readString(out), Files.readString(log));
    }

    private Child scenario(String... args) throws IOException, InterruptedException {
        return run(ChildJvm.mainClass(ListenerScenarios.class, args), args[0]);
    }

    /**
     * Item 4: without --add-opens, build() says which flag to add, before any training; so does a reader (rather than
     * calling the file corrupt, as Arrow's failure made it before).
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aJvmWithoutArrowsFlagIsToldWhichFlagToAdd() throws Exception {
        List<String> command = List.of(ChildJvm.currentJava(), "-cp", System.getProperty("java.class.path"),
                ListenerScenarios.class.getName(), "build-only", tmp.resolve("no-flag").toString());
        Child child = run(new ProcessBuilder(command), "no-flag");
        assertEquals(0, child.exitCode(), child.log());
        assertTrue(child.out().startsWith("REFUSED "), child.out());
        assertTrue(child.out().contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), child.out());
        assertEquals(1, child.out().lines().count(), "one line: " + child.out());
        assertFalse(Files.exists(tmp.resolve("no-flag").resolve(".landscape4j.lock")), "nothing was claimed");

        Child withFlag = scenario("build-only", tmp.resolve("with-flag").toString());
        assertTrue(withFlag.out().startsWith("BUILT "), withFlag.out() + withFlag.log());

        // reading a run without the flag is the same setup problem, not a corrupt file
        Path recorded = tmp.resolve("recorded");
        assertEquals(0, scenario("fit-after-close", recorded.toString()).exitCode());
        List<String> read = List.of(ChildJvm.currentJava(), "-cp", System.getProperty("java.class.path"),
                ListenerScenarios.class.getName(), "read-snapshots", recorded.toString());
        Child reader = run(new ProcessBuilder(read), "read-no-flag");
        assertEquals(0, reader.exitCode(), reader.log());
        assertTrue(reader.out().startsWith("REFUSED "), reader.out() + reader.log());
        assertTrue(reader.out().contains("--add-opens=java.base/java.nio=ALL-UNNAMED"), reader.out());
        assertFalse(reader.out().contains("corrupt"), reader.out());
        Child readerWithFlag = scenario("read-snapshots", recorded.toString());
        assertTrue(readerWithFlag.out().startsWith("READ 3 "), readerWithFlag.out() + readerWithFlag.log());
    }

    /**
     * Item 5: a real full disk (a 4 MiB tmpfs; skipped where mounting is not allowed). The failure reaches the
     * log in one line with its reason, training finishes, and the run ends failed with the reason in its
     * manifest (written into the space the lock file had reserved).
     */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aReallyFullDiskEndsTheRunFailedWithItsReason() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("small-disk"));
        assumeTrue(mountTmpfs(mount, "4m"), "mounting a tmpfs is not allowed here");
        try {
            Path dir = mount.resolve("run");
            Child child = scenario("wide-snapshots", dir.toString(), "50000");   // 400,003 floats: 1.6 MB each
            assertEquals(0, child.exitCode(), child.log());
            assertTrue(child.out().contains("TRAINED 20"), "training ran all 20 updates: " + child.out());
            // One line per recorder that stopped (snapshots first, then metrics and the per-layer norms when their
            // next batch hits the full disk), each naming the reason; nothing else.
            List<String> errors = child.logLines("ERROR");
            assertTrue(!errors.isEmpty() && errors.size() <= 3, child.log());
            for (String error : errors) {
                assertTrue(error.contains("No space left on device") && error.contains("recorder stopped"), error);
            }
            assertTrue(errors.get(0).contains("the snapshots recorder stopped"), errors.get(0));
            child.assertNoStackTrace();

            RunSummary summary = RunSummary.read(dir);
            assertEquals(RunStatus.FAILED, summary.manifest().status());
            assertTrue(summary.manifest().failure().contains("No space left on device"), summary.manifest().failure());
            assertTrue(summary.manifest().failure().contains("snapshots"), summary.manifest().failure());
            assertTrue(summary.snapshots() >= 1, "the snapshots written before the disk filled up are readable");
            assertTrue(summary.problems().isEmpty(), "a failed run's cut streams are not corrupt: "
                    + summary.problems());
            assertTrue(summary.warnings().stream().anyMatch(w -> w.startsWith("recording failed: ")),
                    summary.warnings().toString());
        } finally {
            unmount(mount);
        }
    }

    /** Item 13: a deleted run directory is noticed at the next write: one line, recording stops, training goes on. */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aDeletedRunDirectoryIsNoticedAtTheNextWrite() throws Exception {
        Path dir = tmp.resolve("deleted");
        Child child = scenario("delete-directory", dir.toString());
        assertEquals(0, child.exitCode(), child.log());
        assertTrue(child.out().contains("DELETED"), child.out());
        assertTrue(child.out().contains("TRAINED 8"), child.out());
        // The writer notices at its next write (the next metrics row); the training thread learns it at its next
        // event, so whether isRecording() already says false when this fast training ends is a race: not asserted.
        List<String> lines = child.logLines("was deleted or replaced");
        assertEquals(1, lines.size(), child.log());
        assertTrue(lines.get(0).contains(dir.toString()), lines.get(0));
        child.assertNoStackTrace();
        assertFalse(Files.exists(dir), "nothing was recreated in its place");
    }

    /** Item 10: fit after close() is ignored with one warning; close()'s times are never negative. */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void fitAfterCloseWarnsOnceAndTheCloseLogHasNoNegativeTimes() throws Exception {
        Child child = scenario("fit-after-close", tmp.resolve("after-close").toString());
        assertEquals(0, child.exitCode(), child.log());
        assertTrue(child.out().contains("SNAPSHOTS 3"), "start and two epochs, nothing after close: " + child.out());
        assertTrue(child.out().contains("TRAINED 7"), child.out());
        assertEquals(1, child.logLines("is closed, but training goes on").size(), child.log());
        List<String> closing = child.logLines("recording took");
        assertEquals(1, closing.size(), child.log());
        Matcher times = Pattern.compile("opening (-?[0-9.]+) s, callbacks (-?[0-9.]+) s \\(([^)]*)\\), closing"
                + " (-?[0-9.]+) s").matcher(closing.get(0));
        assertTrue(times.find(), closing.get(0));
        for (int group : new int[] {1, 2, 4}) {
            assertFalse(times.group(group).startsWith("-"), "negative time in " + closing.get(0));
        }
        assertTrue(times.group(3).matches("metrics [0-9.]+, snapshots [0-9.]+, layers [0-9.]+"),
                "each recorder's share of the callbacks, none negative: " + times.group(3));
    }

    /** Item 10: an epoch schedule in a loop without epoch events warns once, at the first update. */
    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void anEpochScheduleInAFitDataSetLoopWarnsOnce() throws Exception {
        Path dir = tmp.resolve("dataset-loop");
        Child child = scenario("dataset-loop-epochs", dir.toString());
        assertEquals(0, child.exitCode(), child.log());
        List<String> warnings = child.logLines("without epoch events");
        assertEquals(1, warnings.size(), child.log());
        assertTrue(warnings.get(0).contains("snapshotEvery(n, ScheduleUnit.ITERATIONS)"), warnings.get(0));
        List<Long> iterations = new ArrayList<>();
        try (SnapshotReader reader = RunDirectory.open(dir).openSnapshots(null)) {
            for (Snapshot snapshot : reader) {
                iterations.add(snapshot.iteration());
            }
        }
        assertEquals(List.of(0L, 6L), iterations, "only start and end, as the warning says");
    }

    /**
     * Item 1: two processes build listeners on the same new directory at the same moment: exactly one records
     * into it, the other is refused at build() with a clear message; the run is whole and of one network.
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twoProcessesRacingForOneDirectory() throws Exception {
        for (int trial = 0; trial < 3; trial++) {
            Path dir = tmp.resolve("race-" + trial);
            Path start = tmp.resolve("start-" + trial);
            List<Process> children = new ArrayList<>();
            List<Path> outs = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                Path out = tmp.resolve("race-" + trial + "-" + c + ".out");
                outs.add(out);
                children.add(ChildJvm.mainClass(ListenerScenarios.class, "race", dir.toString(), start.toString())
                        .redirectOutput(out.toFile()).redirectError(tmp.resolve("race-" + trial + "-" + c + ".log")
                                .toFile()).start());
            }
            Thread.sleep(3000);                                  // both JVMs up and spinning on the start file
            Files.createFile(start);
            int recorded = 0;
            int refused = 0;
            String winner = null;
            for (int c = 0; c < 2; c++) {
                assertTrue(children.get(c).waitFor(2, TimeUnit.MINUTES));
                assertEquals(0, children.get(c).exitValue());
                String out = Files.readString(outs.get(c));
                if (out.startsWith("RECORDED ")) {
                    recorded++;
                    winner = out.trim();
                } else {
                    assertTrue(out.startsWith("REFUSED ") && out.contains("another recorder"), out);
                    refused++;
                }
            }
            assertEquals(1, recorded, "exactly one recorded");
            assertEquals(1, refused, "the other was refused");
            RunSummary summary = RunSummary.read(dir);
            assertEquals(RunStatus.COMPLETE, summary.manifest().status());
            assertEquals(21, summary.snapshots(), "one run, whole: " + winner);
            assertTrue(summary.problems().isEmpty(), summary.problems().toString());
            ReadResult<MetricRow> metrics = RunDirectory.open(dir).readMetrics(null);
            assertEquals(20, metrics.rows().size());
            assertNotEquals(null, winner);
        }
    }

    private static boolean mountTmpfs(Path mount, String size) {
        try {
            Process process = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs",
                    mount.toString()).redirectErrorStream(true).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void unmount(Path mount) throws Exception {
        new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
    }

}
