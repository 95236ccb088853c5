package org.landscape4j.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run directory claimed for recording: the claim is an exclusive OS lock on {@value RunFiles#LOCK} inside
 * it, taken atomically before anything is written and held until {@link #close()}. Two recorders asking for
 * the same directory (two listeners in one JVM, or two processes) cannot both get it: the second gets a
 * {@link RunExistsException}, or with {@link ExistingRunPolicy#NEW_NUMBERED} the next free numbered sibling.
 * The operating system drops the lock when the process dies, so a killed recorder never leaves a directory
 * stuck; the lock file itself stays (it is empty when no one records).
 *
 * <p>While held, the lock file also reserves {@value #RESERVE_BYTES} bytes of disk: when the disk fills up,
 * {@link #releaseReserve()} frees them so that the final manifest (status failed, with its reason) can still be
 * written.
 */
public final class RunClaim implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunClaim.class);

    /** Disk space held in the lock file while recording, for the final manifest after a disk-full failure. */
    public static final int RESERVE_BYTES = 1 << 20;

    /** Numbered siblings tried by {@link ExistingRunPolicy#NEW_NUMBERED} before giving up. */
    static final int MAX_NUMBERED = 10_000;

    /**
     * The directories claimed by this JVM (by {@link #identity}). The OS lock is a POSIX record lock, owned by
     * the process: closing <em>any</em> descriptor of the lock file in this process drops it. So the lock file
     * of a directory claimed here is never opened a second time (not to claim it, not to test it); the monitor
     * of this set also orders every open and close of lock files in this JVM against the claims.
     */
    private static final Set<Object> CLAIMED_IN_THIS_JVM = new HashSet<>();

    private final Path directory;
    private final Object directoryKey;
    private final Object identity;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean reserved;
    private boolean closed;

    private RunClaim(Path directory, Object directoryKey, Object identity, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.directoryKey = directoryKey;
        this.identity = identity;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Claims a directory to record a new run into, creating it (and its parents) if needed. A directory holds
     * a run if it contains any of {@link RunFiles#RUN_FILES}; if the requested one does (or another recorder
     * holds it):
     * <ul>
     *   <li>{@link ExistingRunPolicy#FAIL} throws a {@link RunExistsException};</li>
     *   <li>{@link ExistingRunPolicy#OVERWRITE} deletes the run files and the {@link RunFiles#RESULTS} directory
     *       (a stale result must never look current), leaving other files alone; a directory another recorder
     *       holds is refused all the same;</li>
     *   <li>{@link ExistingRunPolicy#NEW_NUMBERED} claims the first sibling {@code <name>-2}, {@code <name>-3},
     *       ... that holds no run and no other recorder holds.</li>
     * </ul>
     *
     * @param requested the directory asked for
     * @param policy    what to do if it already holds a run
     * @return the claim; close it when recording ends
     * @throws RunExistsException if the directory holds a run (FAIL) or is held by another recorder
     * @throws RunFormatException if a path is a file, not a directory, or cannot be created or written, with the
     *                            reason
     */
    public static RunClaim claim(Path requested, ExistingRunPolicy policy) throws IOException {
        Objects.requireNonNull(requested, "requested");
        Objects.requireNonNull(policy, "policy");
        for (int n = 1; n <= MAX_NUMBERED; n++) {
            Path candidate = n == 1 ? requested : numbered(requested, n);
            if (n > 1 && Files.exists(candidate, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(candidate)) {
                continue;
            }
            prepareDirectory(candidate);
            RunClaim claim = tryLock(candidate);
            if (claim == null) {
                if (policy == ExistingRunPolicy.NEW_NUMBERED) {
                    continue;
                }
                throw new RunExistsException(candidate, "is being recorded into by another recorder right now (it"
                        + " holds the lock on " + RunFiles.LOCK + "); wait for it to finish, or record into another"
                        + " directory", List.of(), true);
            }
            try {
                List<String> present = presentRunFiles(candidate);
                if (!present.isEmpty()) {
                    switch (policy) {
                        case FAIL -> throw new RunExistsException(candidate, "already holds a run ("
                                + String.join(", ", present) + ")", present, false);
                        case OVERWRITE -> deleteRun(candidate);
                        case NEW_NUMBERED -> {
                            claim.close();
                            continue;
                        }
                        default -> throw new AssertionError(policy);
                    }
                }
                claim.reserve();
            } catch (IOException | RuntimeException e) {
                claim.close();
                throw e;
            }
            if (n > 1) {
                LOG.info("{} already holds a run; recording into {}", requested, candidate);
            }
            return claim;
        }
        throw new RunFormatException(requested, "it and its numbered siblings up to -" + MAX_NUMBERED
                + " all hold runs; clean up old runs or give another directory");
    }

    /**
     * @param dir a run directory
     * @return true if a recorder (in this JVM or another process) holds the directory's lock now
     */
    public static boolean isHeld(Path dir) {
        Path lockFile = dir.resolve(RunFiles.LOCK);
        if (!Files.isRegularFile(lockFile)) {
            return false;
        }
        synchronized (CLAIMED_IN_THIS_JVM) {
            try {
                if (CLAIMED_IN_THIS_JVM.contains(identity(dir))) {
                    return true;            // opening the lock file here would drop this JVM's own lock
                }
            } catch (IOException e) {
                LOG.debug("cannot identify {}", dir, e);
                return false;
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ)) {
                FileLock shared = channel.tryLock(0, Long.MAX_VALUE, true);
                if (shared == null) {
                    return true;
                }
                shared.release();
                return false;
            } catch (OverlappingFileLockException e) {
                return true;
            } catch (IOException e) {
                LOG.debug("cannot test the lock of {}", dir, e);
                return false;
            }
        }
    }

    /** @return the claimed directory */
    public Path directory() {
        return directory;
    }

    /**
     * @return true if the claimed directory still exists and is the same directory as when it was claimed (not
     *         deleted, moved away, or replaced by another of the same name)
     */
    public boolean directoryIntact() {
        try {
            Object key = Files.readAttributes(directory, BasicFileAttributes.class).fileKey();
            return key == null ? Files.isDirectory(directory) : key.equals(directoryKey);
        } catch (IOException e) {
            return false;
        }
    }

    /** Frees the reserved disk space (before writing the final manifest on a full disk). Idempotent. */
    public synchronized void releaseReserve() {
        if (!reserved || closed) {
            return;
        }
        try {
            lockChannel.truncate(0);
            lockChannel.force(false);
            reserved = false;
        } catch (IOException e) {
            LOG.debug("could not free the reserve in {}", directory, e);
        }
    }

    /** Frees the reserve and releases the lock (the empty lock file stays). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        releaseReserve();
        closed = true;
        synchronized (CLAIMED_IN_THIS_JVM) {
            try {
                lock.release();
            } catch (IOException e) {
                LOG.debug("releasing the lock of {} failed", directory, e);
            }
            try {
                lockChannel.close();
            } catch (IOException e) {
                LOG.debug("closing the lock file of {} failed", directory, e);
            }
            CLAIMED_IN_THIS_JVM.remove(identity);
        }
    }

    private void reserve() throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(64 << 10);
        long written = 0;
        lockChannel.truncate(0);
        try {
            while (written < RESERVE_BYTES) {
                zeros.clear();
                written += lockChannel.write(zeros, written);
            }
            lockChannel.force(false);
            reserved = true;
        } catch (IOException e) {
            lockChannel.truncate(0);
            throw new RunFormatException(directory, "has no room for a run: reserving " + RESERVE_BYTES
                    + " bytes failed (" + e.getMessage() + "); free some disk space", e);
        }
    }

    private static RunClaim tryLock(Path dir) throws IOException {
        synchronized (CLAIMED_IN_THIS_JVM) {
            Object identity;
            try {
                identity = identity(dir);
            } catch (IOException e) {
                throw new RunFormatException(dir, "cannot be examined for recording (" + reason(e) + ")", e);
            }
            if (CLAIMED_IN_THIS_JVM.contains(identity)) {
                return null;                    // another recorder of this JVM holds it
            }
            RunClaim claim = openAndLock(dir, identity);
            if (claim != null) {
                CLAIMED_IN_THIS_JVM.add(identity);
            }
            return claim;
        }
    }

    /** @return the identity of a directory in this JVM's registry of claims: its file key, or its real path */
    private static Object identity(Path dir) throws IOException {
        Object key = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
        return key != null ? key : dir.toRealPath();
    }

    private static RunClaim openAndLock(Path dir, Object identity) throws IOException {
        Path lockFile = dir.resolve(RunFiles.LOCK);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            throw new RunFormatException(dir, "cannot be recorded into: permission denied writing " + RunFiles.LOCK
                    + " (a read-only directory?); choose a writable directory", e);
        } catch (FileSystemException e) {
            throw new RunFormatException(dir, "cannot be recorded into: " + RunFiles.LOCK + " cannot be created ("
                    + reason(e) + ")", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;                        // another listener of this JVM holds it
        } catch (IOException e) {
            channel.close();
            throw new RunFormatException(dir, "cannot be locked for recording (" + reason(e) + ")", e);
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        Object key;
        try {
            key = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            lock.release();
            channel.close();
            throw e;
        }
        return new RunClaim(dir, key, identity, channel, lock);
    }

    private static void prepareDirectory(Path dir) throws RunFormatException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RunFormatException(dir, "is a file, not a directory; give a directory to record the run into");
        }
        try {
            Files.createDirectories(dir);
        } catch (AccessDeniedException e) {
            throw new RunFormatException(dir, "cannot be created: permission denied on " + e.getFile()
                    + "; choose a writable location", e);
        } catch (IOException e) {
            throw new RunFormatException(dir, "cannot be created (" + reason(e) + "); choose a writable location", e);
        }
    }

    /** @return the run files now in {@code dir} */
    static List<String> presentRunFiles(Path dir) {
        List<String> present = new ArrayList<>();
        for (String name : RunFiles.RUN_FILES) {
            if (Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                present.add(name);
            }
        }
        return present;
    }

    private static void deleteRun(Path dir) throws IOException {
        for (String name : RunFiles.RUN_FILES) {
            if (Files.deleteIfExists(dir.resolve(name))) {
                LOG.info("deleted {} (overwriting the run)", dir.resolve(name));
            }
        }
        Path results = dir.resolve(RunFiles.RESULTS);
        if (Files.isDirectory(results, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> tree = Files.walk(results)) {
                for (Path path : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(path);
                }
            }
            LOG.info("deleted {} (overwriting the run: its results were of the old run)", results);
        }
        String tempPrefix = RunFiles.MANIFEST + ".";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, tempPrefix + "*.tmp")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    private static Path numbered(Path requested, int n) {
        Path name = requested.toAbsolutePath().normalize().getFileName();
        if (name == null) {
            throw new IllegalArgumentException(requested + " has no name to number; give a named directory");
        }
        return requested.toAbsolutePath().normalize().resolveSibling(name + "-" + n);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public String toString() {
        return "RunClaim[" + directory + (closed ? ", released" : "") + "]";
    }
}
