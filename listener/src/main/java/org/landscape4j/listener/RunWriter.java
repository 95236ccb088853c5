package org.landscape4j.listener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import java.util.function.Supplier;
import org.landscape4j.run.RunClaim;
import org.landscape4j.run.RunFiles;
import org.landscape4j.run.RunManifest;
import org.landscape4j.run.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the listener writes, on one background thread, in order: the manifest and network configuration
 * when recording starts, each recorder's files and rows as they are submitted, and the final manifest. The
 * training thread only submits; it never waits for the writer except for a free θ buffer
 * ({@link ThetaPool}, which gives up when this thread has stopped) and in {@link #finish}.
 *
 * <p>Failures are isolated per recorder: a task that throws stops its recorder alone (one log line with the
 * reason; its files are abandoned), and its later tasks are dropped, their θ copies released. A failure of the
 * run itself (the manifest cannot be written, the directory was deleted or replaced) stops every recorder.
 * The run ends {@code failed} with the first failure's reason in the manifest; on a full disk the claim's
 * reserved space is freed first so that this last manifest fits.
 */
final class RunWriter {

    private static final Logger log = LoggerFactory.getLogger(RunWriter.class);

    /** Work for the writer thread. */
    interface Task {
        void run() throws IOException;
    }

    private record Item(Recorder recorder, Task task, SharedTheta held, boolean last) {
    }

    private final RunClaim claim;
    private final List<Recorder> recorders;
    private final boolean failFast;
    /**
     * The writer's work. A queue nobody signals: the writer looks at it after a nap when it ran dry
     * ({@link #nextNapNanos}), and only the run's start, its end, a failed recorder and a training thread that finds
     * no free θ buffer wake it at once. Waking a parked thread on another core cost the submitting (training) thread
     * 100–400 µs per snapshot on this project's VMs (a futex wake and an inter-processor interrupt through the
     * hypervisor), more than the snapshot itself; and each wake cost the writer 100–200 µs of CPU there, so it naps
     * long: at 10 ms, its naps took more CPU than its writes.
     */
    private final java.util.Queue<Item> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The writer's shortest nap when it finds no work, before it looks again. */
    static final long MIN_NAP_MILLIS = 50;
    /** The writer's longest nap when it finds no work. */
    static final long MAX_NAP_MILLIS = 250;
    /** The θ buffers recorders may hold at once ({@link ThetaPool#capacity()}); set when the run starts. */
    private volatile int thetaBuffers = 1;
    /** When the queue last ran dry, and the θ copies written since (writer thread only). */
    private long lastDryNanos = System.nanoTime();
    private int thetaSinceDry;
    private long napNanos = MIN_NAP_MILLIS * 1_000_000;
    private final Map<Recorder, String> failures = new ConcurrentHashMap<>();
    /** Recorders whose files the writer has abandoned: their queued work is dropped (writer thread only). */
    private final java.util.Set<Recorder> abandoned = new java.util.HashSet<>();
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private volatile String runFailure;
    private volatile String firstFailure;
    private volatile long writerCpuNanos = -1;
    /** The least time between two checks that the run directory is still the one claimed. */
    static final long DIRECTORY_CHECK_MILLIS = 100;
    private long lastDirectoryCheck = System.nanoTime() - DIRECTORY_CHECK_MILLIS * 1_000_000;
    private volatile boolean finished;
    private volatile RunManifest manifest;

    RunWriter(RunClaim claim, List<Recorder> recorders, boolean failFast) {
        this.claim = claim;
        this.recorders = List.copyOf(recorders);
        this.failFast = failFast;
        this.thread = new Thread(this::drain, "landscape4j-writer " + claim.directory().getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /** @return the run directory */
    java.nio.file.Path directory() {
        return claim.directory();
    }

    /** @return the run id of the manifest given to {@link #start}, or null before */
    String runId() {
        RunManifest started = manifest;
        return started == null ? null : started.runId();
    }

    /** @return seconds since the writer was created (the listener's start) */
    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** @return true while the writer thread runs */
    boolean isAlive() {
        return thread.isAlive();
    }

    /** @return true if the recorder has stopped on a failure (or the whole run has) */
    boolean hasFailed(Recorder recorder) {
        return runFailure != null || failures.containsKey(recorder);
    }

    /** @return the first failure's reason, one line, or null */
    String firstFailure() {
        return firstFailure;
    }

    /** @return true if every recorder has failed */
    boolean allFailed() {
        return runFailure != null || failures.size() >= recorders.size();
    }

    /**
     * Starts the run on the writer thread: writes the manifest (status running) and the network configuration,
     * then lets every recorder create its files.
     *
     * @param manifest     the manifest
     * @param networkJson  produces the network configuration JSON (called on the writer thread)
     * @param thetaBuffers the θ buffers recorders may hold at once (the writer's naps leave room for half of them)
     */
    void start(RunManifest manifest, Supplier<String> networkJson, int thetaBuffers) {
        this.manifest = manifest;
        this.thetaBuffers = Math.max(1, thetaBuffers);
        queue.add(new Item(null, () -> {
            manifest.write(claim.directory().resolve(RunFiles.MANIFEST));
            Files.writeString(claim.directory().resolve(RunFiles.NETWORK), networkJson.get(), StandardCharsets.UTF_8);
            RunContext context = new RunContext(claim.directory(), manifest);
            for (Recorder recorder : recorders) {
                runFor(recorder, () -> recorder.open(context), "create its files");
            }
            log.info("landscape4j: recording {} parameters into {}", manifest.parameterCount(), claim.directory());
        }, null, false));
        wake();
    }

    /**
     * Queues a task of a recorder; dropped (with {@code held} released) if the recorder has failed by the time it
     * would run.
     */
    void submit(Recorder recorder, Task task, SharedTheta held) {
        if (finished || hasFailed(recorder)) {
            if (held != null) {
                held.release();
            }
            return;
        }
        queue.add(new Item(recorder, task, held, false));
    }

    /**
     * Marks a recorder failed from the training thread (its callback threw): it gets no further events or tasks,
     * the work it queued before still runs, then its files are abandoned.
     */
    void recorderFailed(Recorder recorder, String what, Throwable e) {
        fail(recorder, what, e);
        queue.add(new Item(null, () -> abandon(recorder), null, false));
        wake();
    }

    /**
     * Closes every live recorder's files and writes the final manifest, then waits for the writer thread.
     *
     * @param status   the status if nothing failed (complete, or interrupted from the shutdown hook)
     * @param maxWait  how long to wait for the writer, in milliseconds (0 = as long as it takes)
     * @return true if the writer finished in time
     */
    boolean finish(RunStatus status, long maxWait) throws InterruptedException {
        queue.add(new Item(null, () -> {
            for (Recorder recorder : recorders) {
                if (!hasFailed(recorder)) {
                    runFor(recorder, recorder::close, "complete its files");
                }
            }
            writeFinalManifest(status);
        }, null, true));
        finished = true;
        wake();
        thread.join(maxWait);
        return !thread.isAlive();
    }

    /**
     * @return the CPU time the writer thread has used so far (read live while it runs, final once it has ended), or
     *         -1 if the JVM cannot measure thread CPU time
     */
    long writerCpuNanos() {
        long ended = writerCpuNanos;
        if (ended >= 0) {
            return ended;
        }
        long live = thread.isAlive() ? CpuClock.of(thread) : -1;
        return live >= 0 ? live : writerCpuNanos;            // the thread may have ended between the two reads
    }

    /** Wakes the writer now instead of at its next look at the queue. */
    void wake() {
        LockSupport.unpark(thread);
    }

    private void writeFinalManifest(RunStatus status) {
        if (manifest == null || runFailure != null && !claim.directoryIntact()) {
            return;
        }
        String failure = firstFailure;
        RunManifest last = manifest.finished(Instant.now(), failure == null ? status : RunStatus.FAILED, failure);
        try {
            last.write(claim.directory().resolve(RunFiles.MANIFEST));
        } catch (IOException first) {
            claim.releaseReserve();                // a full disk: the reserve makes room for this last write
            try {
                last.write(claim.directory().resolve(RunFiles.MANIFEST));
            } catch (IOException e) {
                log.error("landscape4j: could not write the final manifest of {} ({}): it still says running",
                        claim.directory(), reason(e));
            }
        }
    }

    private void drain() {
        try {
            Warmup.run();
            while (true) {
                if (Thread.interrupted()) {
                    failRun("the writer thread was interrupted", new InterruptedException());
                    abandonAll();
                    return;
                }
                Item item = queue.poll();
                if (item == null) {
                    long now = System.nanoTime();
                    napNanos = nextNapNanos(napNanos, thetaSinceDry, now - lastDryNanos, thetaBuffers);
                    lastDryNanos = now;
                    thetaSinceDry = 0;
                    LockSupport.parkNanos(this, napNanos);
                    continue;
                }
                if (item.held != null) {
                    thetaSinceDry++;
                }
                try {
                    if (runFailure == null && directoryCheckDue(item.last) && !claim.directoryIntact()) {
                        stopRunWithoutDirectory(null);
                    }
                    if (item.recorder == null) {
                        runTask(item);
                    } else if (runFailure == null && !abandoned.contains(item.recorder)) {
                        runFor(item.recorder, item.task, "write");
                    }
                } finally {
                    if (item.held != null) {
                        item.held.release();
                    }
                }
                if (item.last) {
                    return;
                }
            }
        } finally {
            drainAndRelease();
            writerCpuNanos = CpuClock.currentThread();
            claim.close();
        }
    }

    /**
     * The writer's next nap, so that it wakes rarely (each wake costs it a cold start: a 100-KB snapshot written
     * alone after a nap took 400–470 µs of CPU here, the next ones in the same wake 120–170 µs) without letting the θ
     * pool run dry (then the training thread pays a wake, or waits): long enough for about half of the pool's buffers
     * to be taken at the rate θ copies came since the queue last ran dry, from {@value #MIN_NAP_MILLIS} to
     * {@value #MAX_NAP_MILLIS} ms; when no θ copy came, twice the last nap (up to that maximum).
     *
     * @param lastNap      the last nap, in nanoseconds
     * @param thetaCopies  the θ copies written since the queue last ran dry
     * @param sinceDry     the nanoseconds since the queue last ran dry
     * @param thetaBuffers the pool's buffers
     * @return the next nap, in nanoseconds
     */
    static long nextNapNanos(long lastNap, int thetaCopies, long sinceDry, int thetaBuffers) {
        long min = MIN_NAP_MILLIS * 1_000_000;
        long max = MAX_NAP_MILLIS * 1_000_000;
        long nap = thetaCopies == 0 ? 2 * lastNap
                : (long) (Math.max(1, thetaBuffers / 2) * (double) Math.max(0, sinceDry) / thetaCopies);
        return Math.max(min, Math.min(max, nap));
    }

    /**
     * @return true if the run directory should be checked before this task: at most every
     *         {@value #DIRECTORY_CHECK_MILLIS} ms (a stat of the directory per task cost the writer about 2 % of its
     *         time), and always before the last one
     */
    private boolean directoryCheckDue(boolean last) {
        long now = System.nanoTime();
        if (!last && now - lastDirectoryCheck < DIRECTORY_CHECK_MILLIS * 1_000_000) {
            return false;
        }
        lastDirectoryCheck = now;
        return true;
    }

    /** Runs a run-level task (start, finish): its failure stops every recorder. */
    private void runTask(Item item) {
        if (runFailure != null && !item.last) {
            return;
        }
        try {
            item.task.run();
        } catch (IOException | RuntimeException e) {
            writeFailed(null, "write the run's files", e);
        }
    }

    private void runFor(Recorder recorder, Task task, String what) {
        try {
            task.run();
        } catch (IOException | RuntimeException e) {
            writeFailed(recorder, what, e);
        }
    }

    /**
     * A write failed: if the run directory is gone (deleted or replaced between the check before the task and the
     * write), that is the run's failure, whoever wrote; otherwise the recorder's alone (or the run's, for a
     * run-level task).
     */
    private void writeFailed(Recorder recorder, String what, Throwable e) {
        if (!claim.directoryIntact()) {
            stopRunWithoutDirectory(e);
        } else if (recorder == null) {
            failRun("could not " + what + ": " + reason(e), e);
            abandonAll();
        } else {
            fail(recorder, what, e);
            abandon(recorder);
        }
    }

    private void stopRunWithoutDirectory(Throwable e) {
        failRun("the run directory " + claim.directory() + " was deleted or replaced while recording", e);
        abandonAll();
    }

    private void fail(Recorder recorder, String what, Throwable e) {
        String line = "the " + recorder.name() + " recorder stopped: could not " + what + ": " + reason(e);
        if (failures.putIfAbsent(recorder, line) == null) {
            if (firstFailure == null) {
                firstFailure = line;
            }
            log.error("landscape4j: {} in {}{}", line, claim.directory(),
                    failFast ? "" : "; the other recorders and training go on");
            log.debug("landscape4j: the {} recorder's failure", recorder.name(), e);
        }
    }

    private void failRun(String line, Throwable e) {
        if (runFailure == null) {
            runFailure = line;
            if (firstFailure == null) {
                firstFailure = line;
            }
            log.error("landscape4j: {}; recording stopped{}", line, failFast ? "" : ", training goes on");
            if (e != null) {
                log.debug("landscape4j: the run's failure", e);
            }
        }
    }

    /** Writer thread: abandons a recorder's files; its later queued work is dropped. */
    private void abandon(Recorder recorder) {
        abandoned.add(recorder);
        try {
            recorder.abandon();
        } catch (RuntimeException e) {
            log.debug("landscape4j: abandoning {} failed", recorder.name(), e);
        }
    }

    private void abandonAll() {
        for (Recorder recorder : recorders) {
            try {
                recorder.abandon();
            } catch (RuntimeException e) {
                log.debug("landscape4j: abandoning {} failed", recorder.name(), e);
            }
        }
    }

    /** Releases the θ copies of work that will never run (the writer stopped). */
    private void drainAndRelease() {
        Item item;
        while ((item = queue.poll()) != null) {
            if (item.held != null) {
                item.held.release();
            }
        }
    }

    /** @return the exception's reason in one line: its message, else its class */
    static String reason(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        String message = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            message = "no such file or directory (" + missing.getFile() + ")";
        } else if (e instanceof java.nio.file.AccessDeniedException denied) {
            message = "permission denied (" + denied.getFile() + ")";
        } else if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            message = fs.getReason() + (fs.getFile() == null ? "" : " (" + fs.getFile() + ")");
        }
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return org.landscape4j.run.SafeText.escapeControls(newline < 0 ? message : message.substring(0, newline));
    }
}
