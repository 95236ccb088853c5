package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory promise: reading a 100-snapshot trajectory of a 1M-parameter model must not need 100·P
 * floats. The reader's Arrow memory is capped at 3·P floats (an allocation beyond it fails); it must read all
 * 100 snapshots, and its peak must stay at two snapshot bodies at most.
 */
class SnapshotReaderMemoryTest {

    private static final int P = 1_000_000;
    private static final int T = 100;
    private static final long P_BYTES = 4L * P;

    @Test
    void aLargeTrajectoryStreamsOneSnapshotAtATime(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve(RunFiles.SNAPSHOTS);
        float[] params = new float[P];
        try (SnapshotWriter writer = new SnapshotWriter(file, P, null)) {
            for (int t = 0; t < T; t++) {
                Arrays.fill(params, t);
                params[P - 1] = -t;
                writer.write(t, t, t, params);
            }
        }
        try (BufferAllocator capped = new RootAllocator(3 * P_BYTES)) {
            long count = 0;
            try (SnapshotReader reader = SnapshotReader.open(file, capped)) {
                for (Snapshot snapshot : reader) {
                    assertEquals(count, snapshot.iteration());
                    assertEquals(count, snapshot.params()[0], 0f);
                    assertEquals(-count, snapshot.params()[P - 1], 0f);
                    count++;
                }
                assertFalse(reader.truncated());
            }
            assertEquals(T, count);
            // Arrow rounds a buffer up to a power of two (one 4.1 MB snapshot body: 4 MiB) and loads the next batch
            // before releasing the previous one: the peak is two snapshot bodies, a constant, against 100 · 4 MB
            // for the trajectory.
            long oneRoundedSnapshot = Long.highestOneBit(P_BYTES) << 1;
            long peak = capped.getPeakMemoryAllocation();
            assertTrue(peak >= P_BYTES && peak <= 2 * oneRoundedSnapshot,
                    "peak Arrow memory " + peak + " bytes, one snapshot rounded is " + oneRoundedSnapshot);
            assertEquals(0, capped.getAllocatedMemory(), "the reader released everything");
        }
    }
}
