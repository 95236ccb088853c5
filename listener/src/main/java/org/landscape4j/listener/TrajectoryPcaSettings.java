package org.landscape4j.listener;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the listener's incremental-PCA recorder does, and when: at each scheduled moment the θ copy of the event
 * (the one the snapshot recorder shares) is fed to an {@link org.landscape4j.trajectory.IncrementalPca} with k
 * components, one snapshot at a time, on the writer thread; the running model (mean, components, singular values,
 * explained variance and its ratio) is written to {@code results/}{@value #RESULT_NAME}{@code .arrows} after every
 * {@code writeEvery}-th snapshot fed and when the listener closes. Memory O(kP), whatever the number of snapshots.
 *
 * <pre>{@code
 * LandscapeListener.builder(dir).snapshotEveryEpoch()
 *         .trajectoryPca(TrajectoryPcaSettings.builder().components(10).every(1, ScheduleUnit.EPOCHS)
 *                 .writeEvery(10).build())
 *         .build();
 * }</pre>
 *
 * @param schedule   when θ is fed to the PCA (by default: at start, every epoch, at the end)
 * @param components k, the most principal components kept
 * @param writeEvery write the model after every this many snapshots fed (0: only when the listener closes)
 */
public record TrajectoryPcaSettings(Schedule schedule, int components, int writeEvery) {

    /** The name of the result the recorder writes in the run's {@code results/}. */
    public static final String RESULT_NAME = "ipca";

    /** k when none is given: as many as the DESIGN's W4 workload. */
    public static final int DEFAULT_COMPONENTS = 10;

    /** {@code writeEvery} when none is given. */
    public static final int DEFAULT_WRITE_EVERY = 10;

    public TrajectoryPcaSettings {
        Objects.requireNonNull(schedule, "schedule");
        if (!schedule.firesDuringTraining() && !schedule.atStart() && !schedule.atEnd()) {
            throw new IllegalArgumentException("this trajectory-PCA schedule never fires: give every(n, unit),"
                    + " at(unit, ...), atStart(true) or atEnd(true)");
        }
        if (components < 1) {
            throw new IllegalArgumentException("an incremental PCA needs at least 1 component, got " + components);
        }
        if (writeEvery < 0) {
            throw new IllegalArgumentException("writeEvery needs n >= 1 snapshots (or 0: only at the end), got "
                    + writeEvery);
        }
    }

    /** @return a builder with the defaults: k = 10, at start, every epoch and at the end, written every 10 */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the settings as the manifest records them */
    Map<String, Object> toManifest() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("schedule", schedule.toSettings());
        settings.put("components", components);
        settings.put("write_every", writeEvery);
        settings.put("result", "results/" + RESULT_NAME + ".arrows");
        return settings;
    }

    /** Configures {@link TrajectoryPcaSettings}; {@link #build()} refuses a schedule that never fires. */
    public static final class Builder {
        private Schedule schedule = Schedule.every(1, ScheduleUnit.EPOCHS);
        private boolean atStart = true;
        private boolean atEnd = true;
        private int components = DEFAULT_COMPONENTS;
        private int writeEvery = DEFAULT_WRITE_EVERY;

        private Builder() {
        }

        /**
         * k, the most principal components kept (default 10); memory is about (k + 12)·P doubles: the incremental PCA's
         * basis of k + 10 rows off the heap and its mean (twice) on it (see IncrementalPca).
         */
        public Builder components(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("components needs k >= 1, got " + k);
            }
            this.components = k;
            return this;
        }

        /** Feed θ after every {@code n} updates or epochs (default: every epoch). */
        public Builder every(int n, ScheduleUnit unit) {
            this.schedule = Schedule.every(n, unit);
            return this;
        }

        /** Feed θ after exactly these counts of {@code unit}. */
        public Builder at(ScheduleUnit unit, long... counts) {
            this.schedule = Schedule.at(unit, counts);
            return this;
        }

        /** Whether to feed θ when recording starts, at the initial parameters (default true). */
        public Builder atStart(boolean enabled) {
            this.atStart = enabled;
            return this;
        }

        /** Whether to feed θ when the listener closes, if it changed since the last (default true). */
        public Builder atEnd(boolean enabled) {
            this.atEnd = enabled;
            return this;
        }

        /** Write the model to {@code results/} after every {@code n} snapshots fed (default 10); 0: only at the end. */
        public Builder writeEvery(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("writeEvery needs n >= 1 snapshots (or 0: only at the end), got "
                        + n);
            }
            this.writeEvery = n;
            return this;
        }

        public TrajectoryPcaSettings build() {
            return new TrajectoryPcaSettings(schedule.andAtStart(atStart).andAtEnd(atEnd), components, writeEvery);
        }
    }
}
