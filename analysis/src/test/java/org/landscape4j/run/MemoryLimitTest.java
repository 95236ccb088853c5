package org.landscape4j.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM short of memory is never blamed on the file (hardening item 8): a valid snapshots file of P = 4M floats
 * read in child JVMs whose heap (-Xmx16m) or direct memory (-XX:MaxDirectMemorySize=8m) cannot hold one
 * snapshot fails with {@link NotEnoughMemoryException}, whose message says which limit to raise, never with a
 * {@link RunFormatException} or a bare {@link OutOfMemoryError}. In this JVM, a caller's Arrow allocator limit is
 * a memory shortage too, while the reader's own cap (derived from the file) still catches corrupt sizes.
 */
class MemoryLimitTest {

    static final int P = 4 << 20;

    @TempDir
    static Path dir;

    static Path file;

    @BeforeAll
    static void writeValidSnapshots() throws IOException {
        file = dir.resolve(RunFiles.SNAPSHOTS);
        float[] theta = new float[P];
        try (SnapshotWriter writer = new SnapshotWriter(file, P, "run-memory", null)) {
            for (int t = 0; t < 2; t++) {
                theta[t] = t + 1;
                writer.write(t, 0, 0.5 * t, theta);
            }
        }
        try (SnapshotReader reader = SnapshotReader.open(file, null, true)) {
            assertEquals(2, reader.count());
            assertEquals(2f, reader.read(1).params()[1], "the file is valid");
        }
    }

    private static void assertShortOfMemory(List<String> flags, String mode) throws Exception {
        try (ChildJvm child = ChildJvm.start(ReadSnapshotsMain.class, flags, dir, file.toString(), mode)) {
            String line = child.readLine();
            int code = child.exitCode();
            assertEquals(3, code, () -> flags + " " + mode + ": " + line + "\nstderr: " + stderr(child));
            assertTrue(line.startsWith("memory " + file + ": not enough memory to read "), line);
            assertTrue(line.contains("the file may well be intact: give the JVM more heap and direct memory (-Xmx,"
                    + " -XX:MaxDirectMemorySize)"), line);
            assertFalse(line.contains("corrupt"), line);
        }
    }

    private static String stderr(ChildJvm child) {
        try {
            return child.stderr();
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void aSmallHeapIsNotBlamedOnTheFile() throws Exception {
        assertShortOfMemory(List.of("-Xmx16m", "-XX:MaxDirectMemorySize=256m"), "iterate");
    }

    @Test
    void littleDirectMemoryIsNotBlamedOnTheFile() throws Exception {
        assertShortOfMemory(List.of("-Xmx128m", "-XX:MaxDirectMemorySize=8m"), "readInto");
        assertShortOfMemory(List.of("-Xmx128m", "-XX:MaxDirectMemorySize=8m"), "iterate");
    }

    @Test
    void bothLimitsAtOnce() throws Exception {
        assertShortOfMemory(List.of("-Xmx16m"), "iterate"); // direct memory defaults to the heap's size
    }

    @Test
    void theSameFileReadsWithEnoughMemory() throws Exception {
        try (ChildJvm child = ChildJvm.start(ReadSnapshotsMain.class, List.of("-Xmx96m",
                "-XX:MaxDirectMemorySize=64m"), dir, file.toString(), "iterate")) {
            String line = child.readLine();
            assertEquals(0, child.exitCode(), () -> line + "\nstderr: " + stderr(child));
            assertEquals("read 2", line);
        }
    }

    @Test
    void aCallersArrowLimitIsAShortageOfMemoryNotCorruption() throws IOException {
        // the caller's allocator cannot hold one body: the reader's own cap (from the file) is not what failed
        BufferAllocator small = ArrowMemory.child(null, "caller-limit", 8L << 20);
        try (SnapshotReader reader = SnapshotReader.open(file, small, true)) {
            NotEnoughMemoryException e = assertThrows(NotEnoughMemoryException.class, () -> reader.read(0));
            assertTrue(e.getMessage().startsWith(file + ": not enough memory to read record batch 1"),
                    e.getMessage());
            assertEquals(0, small.getAllocatedMemory(), "nothing kept after the failure");
            assertTrue(e.getMessage().contains("(-Xmx, -XX:MaxDirectMemorySize)"), e.getMessage());
        }
        Fixtures.closeChecked(small);
    }
}
