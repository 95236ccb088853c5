package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a trajectory streams it: with T = 100 snapshots of P = 1,000,000 floats (400 MB on disk), every
 * snapshot is read through an Arrow allocator capped at 3·P floats (12 MB), where holding the trajectory would
 * need T·P floats. The cap is a real Arrow limit on the reader's parent allocator (exceeding it fails the read),
 * and the peak is asserted as well. (A -Xmx per test is not available in one JVM; {@link MemoryLimitTest}
 * covers the JVM's own limits in child JVMs.)
 */
class SnapshotMemoryTest {

    static final int P = 1_000_000;
    static final int T = 100;

    @TempDir
    Path dir;

    @Test
    void iteratingHoldsOneBatchAtATime() throws IOException {
        Path file = dir.resolve(RunFiles.SNAPSHOTS);
        float[] theta = new float[P];
        BufferAllocator writing = Fixtures.allocator("writing");
        try (SnapshotWriter writer = new SnapshotWriter(file, P, "run-m", writing)) {
            for (int t = 0; t < T; t++) {
                theta[0] = t;
                theta[P / 2] = -t;
                theta[P - 1] = 0.5f * t;
                writer.write(t, t / 10, 1.0 / (t + 1), theta);
            }
        }
        Fixtures.closeChecked(writing);
        assertTrue(Files.size(file) > (long) T * P * Float.BYTES, "the file really holds T·P floats");
        long bound = 3L * P * Float.BYTES;
        int seen = 0;
        BufferAllocator reading = ArrowMemory.child(null, "capped-reading", bound);
        try (SnapshotReader reader = SnapshotReader.open(file, reading, true)) {
            assertEquals(T, reader.count());
            for (Snapshot s : reader) {
                assertEquals(seen, s.iteration());
                assertEquals(seen / 10, s.epoch());
                assertEquals(1.0 / (seen + 1), s.score());
                assertEquals(seen, s.params()[0]);
                assertEquals(-seen, s.params()[P / 2]);
                assertEquals(0.5f * seen, s.params()[P - 1]);
                assertEquals(0f, s.params()[1]);
                assertTrue(reading.getAllocatedMemory() < bound,
                        "held " + reading.getAllocatedMemory() + " bytes after snapshot " + seen);
                seen++;
            }
            assertFalse(reader.truncated());
        }
        assertEquals(T, seen);
        // Two message bodies of P·4 bytes (rounded up to 4 MiB) live together while the next batch loads.
        assertTrue(reading.getPeakMemoryAllocation() < bound,
                "peak " + reading.getPeakMemoryAllocation() + " bytes >= 3·P·4 = " + bound);
        Fixtures.closeChecked(reading);
    }
}
