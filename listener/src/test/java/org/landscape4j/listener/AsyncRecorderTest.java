package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.landscape4j.layout.ParameterArray;
import org.landscape4j.layout.ParameterLayout;
import org.landscape4j.layout.ParameterRole;
import org.landscape4j.run.MetricRow;
import org.landscape4j.run.MetricsReader;
import org.landscape4j.run.RunDirectory;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.Snapshot;
import org.landscape4j.run.SnapshotReader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The writer thread keeps order and content, recycles its buffers safely, and surfaces failures. */
class AsyncRecorderTest {

    private static final int P = 6;

    @TempDir
    Path tmp;

    private static RunManifest manifest() {
        ParameterLayout layout = new ParameterLayout(List.of(new ParameterArray("0_W", "0", "DenseLayer", 0, P,
                new long[] {2, 3}, 'f', ParameterRole.WEIGHT, 1)));
        return new RunManifest(RunFiles.FORMAT_VERSION, "test", "test", "test", "Net", P, "FLOAT", layout,
                Map.of(), Map.of(), Instant.now(), null, RunManifest.STATUS_RUNNING);
    }

    private static MetricRow row(long i) {
        return new MetricRow(i, 0, 1, i, i, i, 0.1, i, null);
    }

    @Test
    void writesEverythingInOrderWhileTheCallerReusesItsArray() throws Exception {
        AsyncRecorder recorder = new AsyncRecorder(RunRecorder.start(tmp, manifest(), "{}", true, 3), P, 3);
        INDArray live = Nd4j.zeros(DataType.FLOAT, 1, P);    // like a network's params view, changed in place
        List<float[]> expected = new ArrayList<>();
        for (int t = 0; t < 7; t++) {                        // more snapshots than pooled buffers
            live.assign(t).putScalar(0, P - 1, -t);
            expected.add(live.toFloatVector());
            recorder.writeSnapshot(t, t, t, live);
            recorder.appendMetrics(row(t));
        }
        recorder.flushMetrics();
        recorder.finish(RunManifest.STATUS_COMPLETE);
        assertTrue(recorder.writerCpuNanos() >= 0, "the writer thread ended and reported its CPU time");

        List<Snapshot> snapshots = new ArrayList<>();
        try (SnapshotReader reader = SnapshotReader.open(tmp.resolve(RunFiles.SNAPSHOTS))) {
            reader.forEach(snapshots::add);
        }
        assertEquals(7, snapshots.size());
        for (int t = 0; t < 7; t++) {
            assertEquals(t, snapshots.get(t).iteration());
            assertArrayEquals(expected.get(t), snapshots.get(t).params(), "snapshot " + t);
        }
        List<MetricRow> rows = MetricsReader.read(tmp.resolve(RunFiles.METRICS)).rows();
        assertEquals(List.of(row(0), row(1), row(2), row(3), row(4), row(5), row(6)), rows);
        assertEquals(RunManifest.STATUS_COMPLETE, RunDirectory.open(tmp).manifest().status());
    }

    /** The streams are closed behind the writer's back: its next write fails, later work is dropped. */
    @Test
    void aWriteFailureIsKeptAndRethrownByFinish() throws Exception {
        RunRecorder files = RunRecorder.start(tmp, manifest(), "{}", true, 3);
        AsyncRecorder recorder = new AsyncRecorder(files, P, 3);
        files.finish(RunManifest.STATUS_COMPLETE);           // the writer is idle: nothing is queued yet
        recorder.writeSnapshot(1, 0, 0, Nd4j.ones(DataType.FLOAT, 1, P));
        recorder.writeSnapshot(2, 0, 0, Nd4j.ones(DataType.FLOAT, 1, P));
        recorder.writeSnapshot(3, 0, 0, Nd4j.ones(DataType.FLOAT, 1, P));   // waits for a recycled buffer
        IOException thrown = assertThrows(IOException.class, () -> recorder.finish(RunManifest.STATUS_COMPLETE));
        assertNotNull(recorder.failure());
        assertTrue(thrown.getMessage() != null, "the failure has a reason");
    }
}
