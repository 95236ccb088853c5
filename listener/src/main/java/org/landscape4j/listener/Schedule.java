package org.landscape4j.listener;

import java.util.Objects;

/**
 * "Every {@code every} {@code unit}s", in the style of DL4J's {@code CheckpointListener}.
 *
 * @param every how many units between two recordings, at least 1
 * @param unit  what is counted
 */
public record Schedule(int every, ScheduleUnit unit) {

    public Schedule {
        Objects.requireNonNull(unit, "unit");
        if (every < 1) {
            throw new IllegalArgumentException("a schedule needs every >= 1 " + unit.name().toLowerCase()
                    + ", got " + every);
        }
    }

    /**
     * @param count the number of units completed so far (updates applied, or epochs completed)
     * @return true if a recording is due now
     */
    public boolean isDue(long count) {
        return count > 0 && count % every == 0;
    }

    @Override
    public String toString() {
        return "every " + every + " " + unit.name().toLowerCase();
    }
}
