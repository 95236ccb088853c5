package org.landscape4j.listener;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.landscape4j.direction.DirectionSettings;
import org.landscape4j.direction.Normalization;
import org.landscape4j.slice.GridSpec;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What the listener's slice recorder evaluates, and when: a plane (or line) through θ at each scheduled moment,
 * along two seeded random directions drawn once for the whole run (so slices over training are comparable),
 * normalized at each centre, on a fixed evaluation set.
 *
 * <pre>{@code
 * LandscapeListener.builder(dir).snapshotEveryEpoch()
 *         .slices(SliceSettings.builder(evalData).every(10, ScheduleUnit.EPOCHS).atEnd().grid(21).build())
 *         .build();
 * }</pre>
 *
 * @param schedule      when to take a slice
 * @param data          the evaluation set the loss averages over (in memory; copied into the recorder's batches)
 * @param batchSize     examples per forward pass
 * @param grid          the grid (a line has ny = 1)
 * @param directions    how the directions are normalized
 * @param seed          the seed of direction i: seed + i
 * @param workers       parallel workers evaluating the grid, one network copy each
 * @param cancelOnClose whether {@code close()} cancels a slice still being evaluated (its partial result stays
 *                      and is logged) instead of waiting for it
 */
public record SliceSettings(Schedule schedule, DataSet data, int batchSize, GridSpec grid,
                            DirectionSettings directions, long seed, int workers, boolean cancelOnClose) {

    public SliceSettings {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(directions, "directions");
        if (!schedule.firesDuringTraining() && !schedule.atStart() && !schedule.atEnd()) {
            throw new IllegalArgumentException("this slice schedule never fires: give every(n, unit), at(unit, ...),"
                    + " atStart() or atEnd()");
        }
        if (batchSize < 1 || workers < 1) {
            throw new IllegalArgumentException("batch size " + batchSize + " and workers " + workers
                    + " must be at least 1");
        }
    }

    /** @return a builder for slices on this evaluation set */
    public static Builder builder(DataSet evaluationData) {
        return new Builder(evaluationData);
    }

    /** @return the settings as the manifest records them */
    Map<String, Object> toManifest() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("schedule", schedule.toSettings());
        settings.put("examples", data.numExamples());
        settings.put("batch_size", batchSize);
        settings.put("grid", grid.settings());
        settings.put("normalization", directions.normalization().jsonName());
        settings.put("include_one_dimensional", directions.includeOneDimensional());
        settings.put("seed", seed);
        settings.put("workers", workers);
        settings.put("cancel_on_close", cancelOnClose);
        return settings;
    }

    /** Configures {@link SliceSettings}; {@link #build()} refuses a schedule that never fires. */
    public static final class Builder {
        private final DataSet data;
        private Schedule schedule = Schedule.every(1, ScheduleUnit.EPOCHS);
        private boolean atStart;
        private boolean atEnd;
        private int batchSize = 1000;
        private GridSpec grid = GridSpec.square(21, -1, 1);
        private DirectionSettings directions = DirectionSettings.DEFAULT;
        private long seed;
        private int workers = Runtime.getRuntime().availableProcessors();
        private boolean cancelOnClose;

        private Builder(DataSet data) {
            this.data = Objects.requireNonNull(data, "the evaluation data must not be null");
            if (data.numExamples() == 0) {
                throw new IllegalArgumentException("the evaluation data set has no examples");
            }
        }

        /** Take a slice after every {@code n} updates or epochs (default: every epoch). */
        public Builder every(int n, ScheduleUnit unit) {
            this.schedule = Schedule.every(n, unit);
            return this;
        }

        /** Take a slice after exactly these counts of {@code unit}. */
        public Builder at(ScheduleUnit unit, long... counts) {
            this.schedule = Schedule.at(unit, counts);
            return this;
        }

        /** Also take a slice when recording starts (at the initial parameters). */
        public Builder atStart() {
            this.atStart = true;
            return this;
        }

        /** Also take a slice when the listener closes, at the final parameters. */
        public Builder atEnd() {
            this.atEnd = true;
            return this;
        }

        /** Only at the end (and at start if asked): no slice during training. */
        public Builder onlyAtEnd() {
            this.schedule = new Schedule(0, ScheduleUnit.EPOCHS, new java.util.TreeSet<>(), false, false);
            this.atEnd = true;
            return this;
        }

        /** A square plane of n×n points over [-1, 1]² (default 21). */
        public Builder grid(int n) {
            return grid(GridSpec.square(n, -1, 1));
        }

        /** Any grid: a plane, or a line ({@link GridSpec#line}). */
        public Builder grid(GridSpec grid) {
            this.grid = Objects.requireNonNull(grid, "grid");
            return this;
        }

        /** Normalization of the directions (default filter-wise, biases and norms not moved). */
        public Builder normalization(Normalization normalization, boolean includeBiasesAndNorms) {
            this.directions = new DirectionSettings(normalization, includeBiasesAndNorms);
            return this;
        }

        /** Seed of the random directions (direction i uses seed + i; default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Examples per forward pass (default 1000; bounds memory, not the loss). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Parallel workers (default: the number of cores). */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** Let {@code close()} cancel a slice in progress instead of waiting for it. */
        public Builder cancelOnClose(boolean cancel) {
            this.cancelOnClose = cancel;
            return this;
        }

        public SliceSettings build() {
            return new SliceSettings(schedule.andAtStart(atStart).andAtEnd(atEnd), data, batchSize, grid, directions,
                    seed, workers, cancelOnClose);
        }
    }
}
