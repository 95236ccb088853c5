package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a trajectory streams it: with T = 100 snapshots of P = 1,000,000 floats (400 MB on disk), the Arrow
 * memory held while iterating stays below 3·P·4 bytes, where holding the trajectory would need T·P·4.
 * (A -Xmx per test is not available, so the bound is asserted through the allocator's peak.)
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
        try (RootAllocator writing = new RootAllocator();
             SnapshotWriter writer = new SnapshotWriter(file, P, writing)) {
            for (int t = 0; t < T; t++) {
                theta[0] = t;
                theta[P / 2] = -t;
                theta[P - 1] = 0.5f * t;
                writer.write(t, t / 10, 1.0 / (t + 1), theta);
            }
        }
        assertTrue(Files.size(file) > (long) T * P * Float.BYTES, "the file really holds T·P floats");
        long bound = 3L * P * Float.BYTES;
        int seen = 0;
        RootAllocator reading = new RootAllocator();
        try (SnapshotReader reader = SnapshotReader.open(file, reading)) {
            for (Snapshot s : reader) {
                assertEquals(seen, s.iteration());
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
