package org.landscape4j.slice;

import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.ScalarRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a {@link PointWork} at the points of a slice's grid with N worker threads, each with its own objective
 * from one {@link ObjectiveFactory}: the local pool under {@link SliceEvaluator} (the loss) and the curvature map
 * (the Hessian's extreme eigenvalues), and, with one worker, inside a cluster's task.
 *
 * <p><b>How.</b> The slice is cast once to the factory's precision. {@link ObjectiveFactory#prepareForWorkers} is
 * called, then each worker thread creates its objective, opens the work on it ({@link PointWork#open}) and takes point
 * numbers k = j·nx + i from one atomic counter, evaluating each with {@link PointWork.Worker#evaluate}. Results are
 * handed to the sink under one lock as points complete, and flushed by the calling thread every {@code flushInterval}
 * (default 1 s), so that a killed process loses about that much work; the calling thread also reports progress.
 * Objectives compute bit-identical results at equal θ and each point is computed by exactly one worker, so the
 * results do not depend on the number of workers (nor on the process: a cluster task runs this same code).
 *
 * <p><b>Resume.</b> The rows of {@link PendingResult#resumedRows()} (an interrupted earlier run of the same
 * computation: same provenance) are checked to belong to the grid ({@link #resumed}) and are not evaluated again.
 *
 * <p><b>Stopping.</b> Cancellation is cooperative: the supplier given to {@code evaluate} is polled by the workers
 * before each point (interrupting the calling thread has the same effect), and handed to the work's
 * {@code evaluate} as its stop signal; the points in flight complete (or, for a long work that polls the signal,
 * are abandoned) and the completed ones are written, then {@code evaluate} throws {@link CancellationException},
 * leaving the partial result resumable. A point whose evaluation throws stops the run the same way and
 * {@code evaluate} throws {@link SliceEvaluationException} naming the point and the cause.
 *
 * @param <R> the result of one point
 */
public final class GridEvaluator<R extends GridPoint & Serializable> {

    private static final Logger LOG = LoggerFactory.getLogger(GridEvaluator.class);

    /** Receives evaluated points; calls are serialized by the evaluator (never concurrent). */
    public interface Sink<R> {
        /** Takes one evaluated point. */
        void accept(R point) throws IOException;

        /** Makes the points taken so far durable; called by the evaluator regularly and at the end. */
        default void flush() throws IOException {
        }
    }

    /**
     * How a call went.
     *
     * @param points    the points of the call: the slice's domain on the grid, or the points asked for
     * @param evaluated the points evaluated by this call
     * @param resumed   the points taken from an interrupted earlier run
     * @param seconds   the wall time of the call
     * @param workers   the worker threads started (0 when nothing was left to evaluate)
     */
    public record Outcome(long points, long evaluated, long resumed, double seconds, int workers) {
    }

    private final ObjectiveFactory factory;
    private final PointWork<R> work;
    private final int workers;
    private final long flushNanos;
    private final long progressNanos;
    private final SliceProgress progress;
    private final ThreadFactory threads;

    private GridEvaluator(Builder<R> builder) {
        this.factory = builder.factory;
        this.work = builder.work;
        this.workers = builder.workers;
        this.flushNanos = builder.flushInterval.toNanos();
        this.progressNanos = builder.progressInterval.toNanos();
        this.progress = builder.progress;
        this.threads = builder.threads;
    }

    /** @return a builder of an evaluator of {@code work} whose workers' objectives come from {@code factory} */
    public static <R extends GridPoint & Serializable> Builder<R> builder(ObjectiveFactory factory,
                                                                        PointWork<R> work) {
        return new Builder<>(factory, work);
    }

    /** @return the number of workers (fewer are started when fewer points remain) */
    public int workers() {
        return workers;
    }

    /** @return the work evaluated at each point */
    public PointWork<R> work() {
        return work;
    }

    /**
     * Evaluates every point of the slice's domain on the grid that {@code result} does not already hold, appending a
     * row of the work's table per point. The caller commits the result after a normal return.
     *
     * @param result    a pending result of the work's table, started with the computation's provenance; its
     *                  resumed rows are skipped
     * @param seen      told every point of the grid, the resumed ones first, then each evaluated one as it is
     *                  written (serialized calls, under the evaluator's lock): where a caller summarizes
     * @param cancelled polled by every worker before each point; must be thread-safe
     * @return how the call went
     * @throws IllegalArgumentException if the grid does not fit the slice ({@link Slice#checkGrid})
     * @throws IllegalStateException    if the resumed rows do not belong to this grid (a damaged partial file)
     * @throws SliceEvaluationException if a point's evaluation threw, or a worker could not create its objective
     * @throws CancellationException    if cancelled (or the calling thread interrupted) before the end
     * @throws IOException              if writing the result failed
     */
    public Outcome evaluate(Slice slice, GridSpec grid, PendingResult result, Consumer<? super R> seen,
                            BooleanSupplier cancelled) throws IOException {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(seen, "seen");
        slice.checkGrid(grid);
        int[] domain = slice.domainPoints(grid);
        List<R> resumed = resumed(result, work, slice, grid);
        BitSet done = new BitSet(grid.points());
        for (R point : resumed) {
            done.set(grid.index(point.i(), point.j()));
            seen.accept(point);
        }
        int[] todo = new int[domain.length - resumed.size()];
        int n = 0;
        for (int k : domain) {
            if (!done.get(k)) {
                todo[n++] = k;
            }
        }
        Sink<R> sink = new Sink<>() {
            @Override
            public void accept(R point) throws IOException {
                result.append(work.cells(point));
                seen.accept(point);
            }

            @Override
            public void flush() throws IOException {
                result.flush();
            }
        };
        String resume = " The completed points are kept in " + result.partialFile()
                + "; running the same computation again resumes it.";
        return run(slice, grid, todo, resumed.size(), domain.length, sink, cancelled, resume);
    }

    /**
     * Evaluates the given points of the grid (a share of a grid: a cluster's task), handing each to {@code sink} as
     * it completes.
     *
     * @param points    point numbers k = j·nx + i, each in the slice's domain, none twice
     * @param cancelled polled by every worker before each point; thread-safe
     * @return how the call went
     * @throws IllegalArgumentException if a point is outside the grid or the domain, or repeated
     */
    public Outcome evaluate(Slice slice, GridSpec grid, int[] points, Sink<? super R> sink,
                            BooleanSupplier cancelled) throws IOException {
        Objects.requireNonNull(sink, "sink");
        slice.checkGrid(grid);
        BitSet seen = new BitSet(grid.points());
        for (int k : points) {
            if (k < 0 || k >= grid.points()) {
                throw new IllegalArgumentException("point " + k + " is outside the grid " + grid + " (0 to "
                        + (grid.points() - 1) + ")");
            }
            if (!slice.contains(grid.alpha(grid.i(k)), grid.beta(grid.j(k)))) {
                throw new IllegalArgumentException("point " + k + " (i = " + grid.i(k) + ", j = " + grid.j(k)
                        + ") is outside the " + slice.domain() + " of the slice");
            }
            if (seen.get(k)) {
                throw new IllegalArgumentException("point " + k + " is asked for twice");
            }
            seen.set(k);
        }
        return run(slice, grid, points.clone(), 0, points.length, sink, cancelled, "");
    }

    /**
     * The rows of a partial result, checked to continue this computation: each in the grid, at the grid's own
     * coordinates (bit for bit), inside the slice's domain, and none twice.
     *
     * @return the results the rows hold, in file order
     * @throws IllegalStateException naming the first row that does not belong, and what to do
     */
    public static <R extends GridPoint & Serializable> List<R> resumed(PendingResult result, PointWork<R> work,
                                                                     Slice slice, GridSpec grid) {
        List<R> points = new ArrayList<>(result.resumedRows().size());
        BitSet seen = new BitSet(grid.points());
        for (ScalarRow row : result.resumedRows()) {
            R point = work.point(row);
            String problem = null;
            if (point.i() < 0 || point.i() >= grid.nx() || point.j() < 0 || point.j() >= grid.ny()) {
                problem = "is outside the grid " + grid;
            } else if (Double.doubleToLongBits(point.alpha()) != Double.doubleToLongBits(grid.alpha(point.i()))
                    || Double.doubleToLongBits(point.beta()) != Double.doubleToLongBits(grid.beta(point.j()))) {
                problem = "has coordinates other than the grid's (" + grid.alpha(point.i()) + ", "
                        + grid.beta(point.j()) + ")";
            } else if (!slice.contains(point.alpha(), point.beta())) {
                problem = "is outside the " + slice.domain() + " of the slice";
            } else if (seen.get(grid.index(point.i(), point.j()))) {
                problem = "appears twice";
            }
            if (problem != null) {
                throw new IllegalStateException("the partial result " + result.partialFile() + " holds the point (i = "
                        + point.i() + ", j = " + point.j() + ", α = " + point.alpha() + ", β = " + point.beta()
                        + "), which " + problem + ": it does not continue this computation; delete it to start afresh");
            }
            seen.set(grid.index(point.i(), point.j()));
            points.add(point);
        }
        return points;
    }

    // ------------------------------------------------------------------ the run

    private Outcome run(Slice slice, GridSpec grid, int[] todo, long resumed, long total, Sink<? super R> sink,
                        BooleanSupplier cancelled, String resumeNote) throws IOException {
        Objects.requireNonNull(cancelled, "cancelled");
        long start = System.nanoTime();
        Slice typed = slice.castTo(factory.precision().toNd4j());
        Run run = new Run(typed, grid, todo, sink, cancelled);
        int count = Math.min(workers, todo.length);
        if (count > 0) {
            factory.prepareForWorkers(count);
            run.execute(count, total, resumed, start);
        }
        if (run.interrupted) {
            Thread.currentThread().interrupt(); // passed on, whatever happens next
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        run.report(new SliceProgress.Progress(resumed + run.completed.get(), total, resumed, seconds));
        Failure failure = run.failure.get();
        if (failure != null) {
            failure.rethrow(run.completed.get(), resumeNote);
        }
        if (run.completed.get() < todo.length) {
            String why = run.interrupted ? "the calling thread was interrupted" : "cancelled";
            throw new CancellationException(String.format(Locale.ROOT, "the %s stopped (%s) after %d of %d points"
                    + " (%d of them in this run).%s", work.description(), why, resumed + run.completed.get(), total,
                    run.completed.get(), resumeNote));
        }
        return new Outcome(total, todo.length, resumed, seconds, count);
    }

    /** What stopped a run: a point that threw, an objective that could not be created, a write that failed. */
    private record Failure(String what, int i, int j, double alpha, double beta, Throwable cause) {

        void rethrow(long completed, String resumeNote) throws IOException {
            String message = what + ": " + cause + ". " + completed + " points of this run completed." + resumeNote;
            if (cause instanceof IOException io) {
                throw new IOException(message, io);
            }
            throw new SliceEvaluationException(message, i, j, alpha, beta, cause);
        }
    }

    /** One evaluation: the shared counter, the workers' state, the sink's lock. */
    private final class Run {
        final Slice slice;
        final GridSpec grid;
        final int[] todo;
        final Sink<? super R> sink;
        final BooleanSupplier cancelled;
        final BooleanSupplier stopping;
        final AtomicInteger next = new AtomicInteger();
        final AtomicLong completed = new AtomicLong();
        final AtomicReference<Failure> failure = new AtomicReference<>();
        final Object lock = new Object();
        volatile boolean stop;
        boolean interrupted;
        private boolean progressBroken;

        Run(Slice slice, GridSpec grid, int[] todo, Sink<? super R> sink, BooleanSupplier cancelled) {
            this.slice = slice;
            this.grid = grid;
            this.todo = todo;
            this.sink = sink;
            this.cancelled = cancelled;
            this.stopping = () -> stop || cancelled.getAsBoolean();
        }

        /** Calls the progress callback (on the calling thread only); a callback that throws is dropped. */
        void report(SliceProgress.Progress state) {
            if (progress == null || progressBroken) {
                return;
            }
            try {
                progress.update(state);
            } catch (RuntimeException e) {
                progressBroken = true;
                LOG.warn("landscape4j: the {}'s progress callback threw; it is not called again", work.description(),
                        e);
            }
        }

        void fail(Failure f) {
            failure.compareAndSet(null, f);
            stop = true;
        }

        void execute(int count, long total, long resumed, long start) {
            CountDownLatch finished = new CountDownLatch(count);
            int started = 0;
            try {
                for (int w = 0; w < count; w++) {
                    final int worker = w;
                    Thread thread = threads.newThread(() -> {
                        try {
                            work(worker);
                        } finally {
                            finished.countDown();
                        }
                    });
                    thread.start();
                    started++;
                }
            } catch (RuntimeException | Error e) {
                fail(new Failure("starting worker " + started + " of " + count + " failed", -1, -1, Double.NaN,
                        Double.NaN, e));
                for (int w = started; w < count; w++) {
                    finished.countDown();
                }
            }
            long tick = Math.max(1_000_000L, Math.min(progressNanos, flushNanos > 0 ? flushNanos : progressNanos));
            long nextFlush = System.nanoTime() + flushNanos;
            long nextProgress = System.nanoTime() + progressNanos;
            while (true) {
                try {
                    if (finished.await(tick, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    stop = true;
                    awaitUninterruptibly(finished);
                    break;
                }
                long now = System.nanoTime();
                if (flushNanos > 0 && now >= nextFlush) {
                    flush();
                    nextFlush = now + flushNanos;
                }
                if (now >= nextProgress) {
                    report(new SliceProgress.Progress(resumed + completed.get(), total, resumed, (now - start) / 1e9));
                    nextProgress = now + progressNanos;
                }
            }
            flush();
        }

        private void flush() {
            synchronized (lock) {
                try {
                    sink.flush();
                } catch (IOException | RuntimeException e) {
                    fail(new Failure("writing the " + work.description() + "'s result failed", -1, -1, Double.NaN,
                            Double.NaN, e));
                }
            }
        }

        private void awaitUninterruptibly(CountDownLatch latch) {
            boolean again = true;
            while (again) {
                try {
                    latch.await();
                    again = false;
                } catch (InterruptedException ignored) {
                    // keep waiting: the workers finish (or abandon) their points in flight and stop
                }
            }
        }

        void work(int worker) {
            Objective objective;
            try {
                objective = factory.create();
            } catch (RuntimeException | Error e) {
                fail(new Failure("worker " + worker + " could not create its objective", -1, -1, Double.NaN,
                        Double.NaN, e));
                return;
            }
            try (objective) {
                if (objective.parameterCount() != slice.parameterCount()) {
                    throw new IllegalArgumentException("the objective's model has " + objective.parameterCount()
                            + " parameters but the slice's vectors have " + slice.parameterCount()
                            + ": slice the model the vectors were made for");
                }
                try (PointWork.Worker<R> evaluator = work.open(objective, slice)) {
                    loop(evaluator);
                }
            } catch (RuntimeException | Error e) {
                fail(new Failure("worker " + worker + " failed", -1, -1, Double.NaN, Double.NaN, e));
            }
        }

        private void loop(PointWork.Worker<R> evaluator) {
            while (!stop) {
                if (cancelled.getAsBoolean()) {
                    stop = true;
                    break;
                }
                int n = next.getAndIncrement();
                if (n >= todo.length) {
                    break;
                }
                int k = todo[n];
                int i = grid.i(k);
                int j = grid.j(k);
                double alpha = grid.alpha(i);
                double beta = grid.beta(j);
                R point;
                try {
                    point = evaluator.evaluate(i, j, alpha, beta, stopping);
                } catch (CancellationException e) {
                    if (stopping.getAsBoolean()) {
                        stop = true;
                        break;                              // abandoned on request: the run reports the stop
                    }
                    fail(failed(i, j, alpha, beta, e));
                    break;
                } catch (RuntimeException | Error e) {
                    fail(failed(i, j, alpha, beta, e));
                    break;
                }
                synchronized (lock) {
                    if (failure.get() != null && failure.get().cause() instanceof IOException) {
                        break;
                    }
                    try {
                        sink.accept(point);
                        if (flushNanos == 0) {
                            sink.flush();
                        }
                    } catch (IOException | RuntimeException e) {
                        fail(new Failure(String.format(Locale.ROOT, "writing point (i = %d, j = %d) failed", i, j),
                                i, j, alpha, beta, e));
                        break;
                    }
                    completed.incrementAndGet();
                }
            }
        }

        private Failure failed(int i, int j, double alpha, double beta, Throwable e) {
            return new Failure(String.format(Locale.ROOT, "evaluating point (i = %d, j = %d; α = %s, β = %s) failed",
                    i, j, alpha, beta), i, j, alpha, beta, e);
        }
    }

    /**
     * Collects the settings of an evaluator.
     *
     * @param <R> the result of one point
     */
    public static final class Builder<R extends GridPoint & Serializable> {
        private final ObjectiveFactory factory;
        private final PointWork<R> work;
        private int workers = 1;
        private Duration flushInterval = Duration.ofSeconds(1);
        private Duration progressInterval = Duration.ofMillis(250);
        private SliceProgress progress;
        private ThreadFactory threads;

        private Builder(ObjectiveFactory factory, PointWork<R> work) {
            this.factory = Objects.requireNonNull(factory, "factory");
            this.work = Objects.requireNonNull(work, "work");
            this.threads = named("landscape4j-" + work.description().replace(' ', '-'));
        }

        /**
         * The number of workers, each with its own objective (a network copy) and thread; default 1. On ND4J's CPU
         * backend the fastest is one worker per core with one BLAS thread each (DESIGN.md).
         */
        public Builder<R> workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers = " + workers + ": give at least 1");
            }
            this.workers = workers;
            return this;
        }

        /**
         * How often the rows evaluated so far are made durable (a record batch), default 1 s: a killed process loses
         * at most about this much work; {@link Duration#ZERO} flushes after every point (many small batches).
         */
        public Builder<R> flushInterval(Duration interval) {
            if (Objects.requireNonNull(interval, "interval").isNegative()) {
                throw new IllegalArgumentException("flush interval " + interval + " is negative");
            }
            this.flushInterval = interval;
            return this;
        }

        /** The callback of progress reports and how often it is called (at least every 1 ms; default 250 ms). */
        public Builder<R> progress(SliceProgress progress, Duration interval) {
            this.progress = Objects.requireNonNull(progress, "progress");
            if (Objects.requireNonNull(interval, "interval").isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("progress interval " + interval + " must be positive");
            }
            this.progressInterval = interval;
            return this;
        }

        /** Where the worker threads come from (default: plain threads named after the work). */
        public Builder<R> threadFactory(ThreadFactory threads) {
            this.threads = Objects.requireNonNull(threads, "threads");
            return this;
        }

        /** @return the evaluator */
        public GridEvaluator<R> build() {
            return new GridEvaluator<>(this);
        }

        /** @return a factory of plain threads named {@code prefix-N} */
        static ThreadFactory named(String prefix) {
            AtomicInteger number = new AtomicInteger();
            return task -> new Thread(task, prefix + "-" + number.getAndIncrement());
        }
    }
}
