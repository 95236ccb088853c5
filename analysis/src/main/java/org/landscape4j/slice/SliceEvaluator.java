package org.landscape4j.slice;

import java.io.IOException;
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
import org.landscape4j.objective.CombinationEvaluator;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.objective.PointResult;
import org.landscape4j.run.PendingResult;
import org.landscape4j.run.ScalarRow;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a {@link Slice} on a {@link GridSpec} with N workers, each with its own objective from one
 * {@link ObjectiveFactory}.
 *
 * <pre>{@code
 * SliceEvaluator evaluator = SliceEvaluator.builder(factory).workers(2).progress(bar::show).build();
 * Provenance provenance = SliceTable.provenance(slice, grid, factory.provenance(), runId, iterations, seeds, extra);
 * try (PendingResult result = Results.of(run).startRows("surface", SliceTable.TABLE, provenance,
 *         SliceTable.ROWS_PER_BATCH)) {
 *     SliceSummary summary = evaluator.evaluate(slice, grid, result);  // resumes what a killed run left
 *     result.commit();
 * }
 * }</pre>
 *
 * <p><b>How.</b> The slice is cast once to the factory's precision. {@link ObjectiveFactory#prepareForWorkers}
 * is called, then each worker thread creates its objective and takes point numbers k = j·nx + i from one atomic
 * counter; for each it writes θ(α, β) into its objective's own buffer ({@link Slice#point}, BLAS in place) and
 * evaluates. Nothing P-sized is allocated per point: a point costs one BLAS combination, one
 * {@link Objective#evaluate()} and a row of eight boxed cells. Rows are handed to the sink (the
 * {@link PendingResult}) under one lock as points complete, and flushed by the calling thread every
 * {@code flushInterval} (default 1 s), so that a killed process loses about that much work; the calling thread
 * also reports progress. Objectives compute bit-identical results at equal θ, and each point is computed by
 * exactly one worker, so the grid does not depend on the number of workers.
 *
 * <p><b>Resume.</b> The rows of {@link PendingResult#resumedRows()} (an interrupted earlier run of the same
 * computation: same provenance) are not evaluated again; the summary covers them too.
 *
 * <p><b>Stopping.</b> Cancellation is cooperative: the supplier given to {@code evaluate} is polled by the workers
 * before each point (and interrupting the calling thread has the same effect); the points in flight complete and
 * are written, then {@code evaluate} throws {@link CancellationException}, leaving the partial result resumable.
 * A point whose evaluation throws (an exception; a NaN or infinite loss is a value and is recorded) stops the
 * slice the same way and {@code evaluate} throws {@link SliceEvaluationException} naming the point and the cause.
 */
public final class SliceEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(SliceEvaluator.class);

    /** Receives evaluated points; calls are serialized by the evaluator (never concurrent). */
    public interface Sink {
        /** Takes one evaluated point. */
        void accept(SlicePoint point) throws IOException;

        /** Makes the points taken so far durable; called by the evaluator regularly and at the end. */
        default void flush() throws IOException {
        }
    }

    private final ObjectiveFactory factory;
    private final int workers;
    private final long flushNanos;
    private final long progressNanos;
    private final SliceProgress progress;
    private final ThreadFactory threads;
    private final boolean sharedWork;

    private SliceEvaluator(Builder builder) {
        this.factory = builder.factory;
        this.workers = builder.workers;
        this.flushNanos = builder.flushInterval.toNanos();
        this.progressNanos = builder.progressInterval.toNanos();
        this.progress = builder.progress;
        this.threads = builder.threads;
        this.sharedWork = builder.sharedWork;
    }

    /** @return a builder of an evaluator whose workers' objectives come from {@code factory} */
    public static Builder builder(ObjectiveFactory factory) {
        return new Builder(factory);
    }

    /** @return the number of workers (fewer are started when fewer points remain) */
    public int workers() {
        return workers;
    }

    /** Evaluates, never cancelled; see {@link #evaluate(Slice, GridSpec, PendingResult, BooleanSupplier)}. */
    public SliceSummary evaluate(Slice slice, GridSpec grid, PendingResult result) throws IOException {
        return evaluate(slice, grid, result, () -> false);
    }

    /**
     * Evaluates every point of the slice's domain on the grid that {@code result} does not already hold, appending
     * a row of {@link SliceTable#TABLE} per point. The caller commits the result after a normal return.
     *
     * @param result    a pending result of {@link SliceTable#TABLE}, started with the slice's provenance
     *                  ({@link SliceTable#provenance}); its resumed rows are skipped
     * @param cancelled polled by every worker before each point; must be thread-safe (e.g.
     *                  {@code AtomicBoolean::get})
     * @return the summary over every point of the grid, resumed ones included
     * @throws IllegalArgumentException  if the grid does not fit the slice ({@link Slice#checkGrid})
     * @throws IllegalStateException     if the resumed rows do not belong to this grid (a damaged partial file)
     * @throws SliceEvaluationException  if a point's evaluation threw, or a worker could not create its objective
     * @throws CancellationException     if cancelled (or the calling thread interrupted) before the end
     * @throws IOException               if writing the result failed
     */
    public SliceSummary evaluate(Slice slice, GridSpec grid, PendingResult result, BooleanSupplier cancelled)
            throws IOException {
        Objects.requireNonNull(result, "result");
        slice.checkGrid(grid);
        int[] domain = slice.domainPoints(grid);
        List<SlicePoint> resumed = resumedPoints(result, slice, grid);
        BitSet done = new BitSet(grid.points());
        for (SlicePoint point : resumed) {
            done.set(grid.index(point.i(), point.j()));
        }
        int[] todo = new int[domain.length - resumed.size()];
        int n = 0;
        for (int k : domain) {
            if (!done.get(k)) {
                todo[n++] = k;
            }
        }
        Sink sink = new Sink() {
            @Override
            public void accept(SlicePoint point) throws IOException {
                result.append(SliceTable.cells(point));
            }

            @Override
            public void flush() throws IOException {
                result.flush();
            }
        };
        String resume = " The completed points are kept in " + result.partialFile()
                + "; running the same computation again resumes it.";
        return run(slice, grid, todo, resumed, domain.length, sink, cancelled, resume);
    }

    /**
     * Evaluates the given points of the grid (the path of a {@link SliceTask}: a share of a grid), handing each to
     * {@code sink} as it completes.
     *
     * @param points    point numbers k = j·nx + i, each in the slice's domain, none twice
     * @param cancelled polled by every worker before each point; thread-safe
     * @return the summary over these points
     * @throws IllegalArgumentException if a point is outside the grid or the domain, or repeated
     */
    public SliceSummary evaluate(Slice slice, GridSpec grid, int[] points, Sink sink, BooleanSupplier cancelled)
            throws IOException {
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
        return run(slice, grid, points.clone(), List.of(), points.length, sink, cancelled, "");
    }

    private static List<SlicePoint> resumedPoints(PendingResult result, Slice slice, GridSpec grid) {
        List<SlicePoint> points = new ArrayList<>(result.resumedRows().size());
        BitSet seen = new BitSet(grid.points());
        for (ScalarRow row : result.resumedRows()) {
            SlicePoint point = SliceTable.point(row);
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

    private SliceSummary run(Slice slice, GridSpec grid, int[] todo, List<SlicePoint> resumed, long total, Sink sink,
                             BooleanSupplier cancelled, String resumeNote) throws IOException {
        Objects.requireNonNull(cancelled, "cancelled");
        long start = System.nanoTime();
        Slice typed = slice.castTo(factory.precision().toNd4j());
        Run run = new Run(typed, grid, todo, sink, cancelled, new SliceSummary.Builder(grid));
        for (SlicePoint point : resumed) {
            run.summary.add(point);
        }
        int count = Math.min(workers, todo.length);
        if (count > 0) {
            factory.prepareForWorkers(count);
            run.execute(count, total, resumed.size(), start);
        }
        if (run.interrupted) {
            Thread.currentThread().interrupt(); // passed on, whatever happens next
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        run.report(new SliceProgress.Progress(resumed.size() + run.completed.get(), total, resumed.size(), seconds));
        Failure failure = run.failure.get();
        if (failure != null) {
            failure.rethrow(run.completed.get(), resumeNote);
        }
        if (run.completed.get() < todo.length) {
            String why = run.interrupted ? "the calling thread was interrupted" : "cancelled";
            throw new CancellationException(String.format(Locale.ROOT, "the slice stopped (%s) after %d of %d points"
                    + " (%d of them in this run).%s", why, resumed.size() + run.completed.get(), total,
                    run.completed.get(), resumeNote));
        }
        return run.summary.build(total, todo.length, resumed.size(), seconds, count);
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
        final Sink sink;
        final BooleanSupplier cancelled;
        final SliceSummary.Builder summary;
        final AtomicInteger next = new AtomicInteger();
        final AtomicLong completed = new AtomicLong();
        final AtomicReference<Failure> failure = new AtomicReference<>();
        final Object lock = new Object();
        volatile boolean stop;
        boolean interrupted;
        private boolean progressBroken;

        Run(Slice slice, GridSpec grid, int[] todo, Sink sink, BooleanSupplier cancelled, SliceSummary.Builder summary) {
            this.slice = slice;
            this.grid = grid;
            this.todo = todo;
            this.sink = sink;
            this.cancelled = cancelled;
            this.summary = summary;
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
                LOG.warn("landscape4j: the slice's progress callback threw; it is not called again", e);
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
                    fail(new Failure("writing the slice's result failed", -1, -1, Double.NaN, Double.NaN, e));
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
                    // keep waiting: the workers finish their points in flight and stop
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
            CombinationEvaluator shortcut = null;
            try (objective) {
                INDArray buffer = objective.parameters();
                if (objective.parameterCount() != slice.parameterCount()) {
                    throw new IllegalArgumentException("the objective's model has " + objective.parameterCount()
                            + " parameters but the slice's vectors have " + slice.parameterCount()
                            + ": slice the model the vectors were made for");
                }
                shortcut = sharedWork ? objective.combinations(slice.vectors()).orElse(null) : null;
                if (shortcut != null && worker == 0) {
                    LOG.debug("landscape4j: the slice's points share {}", shortcut.description());
                }
                double[] weights = new double[slice.vectors().size()];
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
                    PointResult result;
                    try {
                        if (shortcut != null) {
                            slice.weights(alpha, beta, weights);
                            result = shortcut.evaluate(weights);
                        } else {
                            slice.point(alpha, beta, buffer);
                            result = objective.evaluate();
                        }
                    } catch (RuntimeException | Error e) {
                        fail(new Failure(String.format(Locale.ROOT, "evaluating point (i = %d, j = %d; α = %s, β = %s)"
                                + " failed", i, j, alpha, beta), i, j, alpha, beta, e));
                        break;
                    }
                    SlicePoint point = SlicePoint.of(i, j, alpha, beta, result);
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
                        summary.add(point);
                        completed.incrementAndGet();
                    }
                }
            } catch (RuntimeException | Error e) {
                fail(new Failure("worker " + worker + " failed", -1, -1, Double.NaN, Double.NaN, e));
            } finally {
                if (shortcut != null) {
                    shortcut.close();
                }
            }
        }
    }

    /** Collects the settings of an evaluator. */
    public static final class Builder {
        private final ObjectiveFactory factory;
        private int workers = 1;
        private Duration flushInterval = Duration.ofSeconds(1);
        private Duration progressInterval = Duration.ofMillis(250);
        private SliceProgress progress;
        private boolean sharedWork = true;
        private ThreadFactory threads = new ThreadFactory() {
            private final AtomicInteger number = new AtomicInteger();

            @Override
            public Thread newThread(Runnable task) {
                return new Thread(task, "landscape4j-slice-" + number.getAndIncrement());
            }
        };

        private Builder(ObjectiveFactory factory) {
            this.factory = Objects.requireNonNull(factory, "factory");
        }

        /**
         * Whether workers share the work that is linear in θ between the points of a slice (default true): where
         * the objective offers it ({@link Objective#combinations}, e.g. the first layer's products for a DL4J
         * network whose first layer is dense or convolutional), each point costs less than a forward pass; the
         * values equal the plain evaluation's to float rounding. False evaluates every point from scratch.
         */
        public Builder sharedWork(boolean sharedWork) {
            this.sharedWork = sharedWork;
            return this;
        }

        /**
         * The number of workers, each with its own objective (a network copy) and thread; default 1. On ND4J's CPU
         * backend the fastest is one worker per core with one BLAS thread each (DESIGN.md).
         */
        public Builder workers(int workers) {
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
        public Builder flushInterval(Duration interval) {
            if (Objects.requireNonNull(interval, "interval").isNegative()) {
                throw new IllegalArgumentException("flush interval " + interval + " is negative");
            }
            this.flushInterval = interval;
            return this;
        }

        /** The callback of progress reports and how often it is called (at least every 1 ms; default 250 ms). */
        public Builder progress(SliceProgress progress, Duration interval) {
            this.progress = Objects.requireNonNull(progress, "progress");
            if (Objects.requireNonNull(interval, "interval").isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("progress interval " + interval + " must be positive");
            }
            this.progressInterval = interval;
            return this;
        }

        /** The callback of progress reports, about every 250 ms. */
        public Builder progress(SliceProgress progress) {
            return progress(progress, Duration.ofMillis(250));
        }

        /** Where the worker threads come from (default: plain threads named {@code landscape4j-slice-N}). */
        public Builder threadFactory(ThreadFactory threads) {
            this.threads = Objects.requireNonNull(threads, "threads");
            return this;
        }

        /** @return the evaluator */
        public SliceEvaluator build() {
            return new SliceEvaluator(this);
        }
    }
}
