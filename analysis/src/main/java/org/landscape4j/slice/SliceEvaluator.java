package org.landscape4j.slice;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadFactory;
import java.util.function.BooleanSupplier;
import org.landscape4j.objective.Objective;
import org.landscape4j.objective.ObjectiveFactory;
import org.landscape4j.run.PendingResult;

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
 * <p><b>How.</b> The loss at each point ({@link LossWork}) evaluated by the worker pool that every grid evaluation
 * shares ({@link GridEvaluator}): the slice is cast once to the factory's precision,
 * {@link ObjectiveFactory#prepareForWorkers} is called, then each worker thread creates its objective and takes point
 * numbers k = j·nx + i from one atomic counter; for each it writes θ(α, β) into its objective's own buffer
 * ({@link Slice#point}, BLAS in place) and evaluates. Nothing P-sized is allocated per point: a point costs one BLAS
 * combination, one {@link Objective#evaluate()} and a row of eight boxed cells. Rows are handed to the sink (the
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

    /** Receives evaluated points; calls are serialized by the evaluator (never concurrent). */
    public interface Sink extends GridEvaluator.Sink<SlicePoint> {
        /** Takes one evaluated point. */
        @Override
        void accept(SlicePoint point) throws IOException;
    }

    private final GridEvaluator<SlicePoint> pool;

    private SliceEvaluator(Builder builder) {
        GridEvaluator.Builder<SlicePoint> pool = GridEvaluator.builder(builder.factory, new LossWork(builder.sharedWork))
                .workers(builder.workers).flushInterval(builder.flushInterval).threadFactory(builder.threads);
        if (builder.progress != null) {
            pool.progress(builder.progress, builder.progressInterval);
        }
        this.pool = pool.build();
    }

    /** @return a builder of an evaluator whose workers' objectives come from {@code factory} */
    public static Builder builder(ObjectiveFactory factory) {
        return new Builder(factory);
    }

    /** @return the number of workers (fewer are started when fewer points remain) */
    public int workers() {
        return pool.workers();
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
        SliceSummary.Builder summary = new SliceSummary.Builder(grid);
        GridEvaluator.Outcome outcome = pool.evaluate(slice, grid, result, summary::add, cancelled);
        return summary(summary, outcome);
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
        SliceSummary.Builder summary = new SliceSummary.Builder(grid);
        GridEvaluator.Outcome outcome = pool.evaluate(slice, grid, points, new Sink() {
            @Override
            public void accept(SlicePoint point) throws IOException {
                sink.accept(point);
                summary.add(point);
            }

            @Override
            public void flush() throws IOException {
                sink.flush();
            }
        }, cancelled);
        return summary(summary, outcome);
    }

    private static SliceSummary summary(SliceSummary.Builder summary, GridEvaluator.Outcome outcome) {
        return summary.build(outcome.points(), outcome.evaluated(), outcome.resumed(), outcome.seconds(),
                outcome.workers());
    }

    /** Collects the settings of an evaluator. */
    public static final class Builder {
        private final ObjectiveFactory factory;
        private int workers = 1;
        private Duration flushInterval = Duration.ofSeconds(1);
        private Duration progressInterval = Duration.ofMillis(250);
        private SliceProgress progress;
        private boolean sharedWork = true;
        private ThreadFactory threads = GridEvaluator.Builder.named("landscape4j-slice");

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
