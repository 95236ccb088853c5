package org.landscape4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.cli.Landscape4jCommand;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.ReadResult;
import org.landscape4j.run.RunStatus;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import picocli.CommandLine;

/**
 * A child JVM records a run and is killed with SIGKILL mid-run: the run must read back. Another ends without
 * closing its listener: the shutdown hook must close the run.
 */
class CrashIT {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aRunKilledWithSigkillReadsBackUpToItsLastCompleteBatch() throws Exception {
        Path dir = tmp.resolve("killed");
        Process child = ChildJvm.mainClass(EndlessTrainer.class, dir.toString())
                .redirectError(tmp.resolve("child.log").toFile()).start();
        long seen = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (seen < 40 && (line = out.readLine()) != null) {
                if (line.startsWith("SNAPSHOTS ")) {
                    seen = Long.parseLong(line.substring("SNAPSHOTS ".length()));
                }
            }
            assertTrue(seen >= 40, "the child trained and recorded (see child.log) before dying: " + seen);
            child.destroyForcibly();                     // SIGKILL on Linux: no shutdown hook runs
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by signal 9");
        } finally {
            child.destroyForcibly();
        }

        RunDirectory run = RunDirectory.open(dir);
        assertEquals(RunStatus.RUNNING, run.manifest().status(), "nobody closed the run");
        assertTrue(!run.recorderAlive(), "the killed recorder's lock was dropped by the OS");
        List<Snapshot> snapshots = new ArrayList<>();
        try (SnapshotReader reader = run.openSnapshots(null)) {
            reader.forEach(snapshots::add);
            assertTrue(reader.truncated(), "no end-of-stream marker: reported as truncated");
            assertTrue(reader.truncationDetail().contains("snapshots.arrows"), reader.truncationDetail());
        }
        assertTrue(snapshots.size() >= seen, snapshots.size() + " snapshots read, " + seen + " were written");
        for (int k = 0; k < snapshots.size(); k++) {
            assertEquals(k, snapshots.get(k).iteration(), "snapshots are whole and in order");
            assertEquals(TinyNetworks.PARAMS, snapshots.get(k).params().length);
        }
        ReadResult<MetricRow> metrics = run.readMetrics(null);
        assertTrue(metrics.truncated());
        List<MetricRow> rows = metrics.rows();
        assertTrue(rows.size() >= seen - 1, rows.size() + " metric rows");
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i, rows.get(i).iteration());
        }

        StringWriter text = new StringWriter();
        CommandLine cli = Landscape4jCommand.commandLine().setOut(new PrintWriter(text));
        assertEquals(0, cli.execute("inspect", dir.toString()));
        assertTrue(text.toString().contains("the process was killed"), text.toString());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aProgramThatNeverClosesItsListenerGetsItsRunClosedAtShutdown() throws Exception {
        Path dir = tmp.resolve("unclosed");
        ChildJvm.run(ChildJvm.mainClass(EndlessTrainer.class, dir.toString(), "25"), tmp.resolve("unclosed.log"));
        RunDirectory run = RunDirectory.open(dir);
        assertEquals(RunStatus.INTERRUPTED, run.manifest().status(), "closed by the shutdown hook, not by the program");
        assertTrue(run.manifest().endTime() != null);
        List<Snapshot> snapshots = new ArrayList<>();
        try (SnapshotReader reader = run.openSnapshots(null)) {
            reader.forEach(snapshots::add);
            assertFalse(reader.truncated(), "the hook wrote the end-of-stream marker");
        }
        assertEquals(26, snapshots.size(), "the start and one per update: nothing queued was lost");
        ReadResult<MetricRow> metrics = run.readMetrics(null);
        assertFalse(metrics.truncated());
        assertEquals(25, metrics.rows().size());
    }
}
