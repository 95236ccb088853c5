package org.landscape4j.listener;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * When a recorder records, in the style of DL4J's {@code CheckpointListener}. One semantics for every recorder:
 * a schedule counts completed units, either parameter updates applied (1, 2, 3, ...: after update u the
 * iteration index DL4J reports is u − 1) or epochs completed (1, 2, ...); it is due after a unit when the
 * count is a positive multiple of {@code every}, or one of the counts listed in {@code at}. Independently,
 * {@code atStart} records when recording starts (count 0, before the first update) and {@code atEnd} when the
 * listener closes (if something changed since the last recording).
 *
 * @param every   the period in units, or 0 for none (then only {@code at}, {@code atStart}, {@code atEnd})
 * @param unit    what is counted
 * @param at      further counts at which to record, each ≥ 1
 * @param atStart record when recording starts
 * @param atEnd   record when the listener closes
 */
public record Schedule(int every, ScheduleUnit unit, SortedSet<Long> at, boolean atStart, boolean atEnd) {

    public Schedule {
        Objects.requireNonNull(unit, "unit");
        if (every < 0) {
            throw new IllegalArgumentException("a schedule needs every >= 1 " + unitName(unit) + ", got " + every);
        }
        at = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(at, "at")));
        for (long count : at) {
            if (count < 1) {
                throw new IllegalArgumentException("a schedule records after 1 or more " + unitName(unit) + ", got "
                        + count + " among " + at);
            }
        }
    }

    /**
     * @param n    the period, at least 1
     * @param unit what is counted
     * @return "every n units", without start or end
     */
    public static Schedule every(int n, ScheduleUnit unit) {
        if (n < 1) {
            throw new IllegalArgumentException("a schedule needs every >= 1 " + unitName(Objects.requireNonNull(unit,
                    "unit")) + ", got " + n);
        }
        return new Schedule(n, unit, new TreeSet<>(), false, false);
    }

    /**
     * @param unit   what is counted
     * @param counts the counts after which to record, each ≥ 1
     * @return "at these counts", without start or end
     */
    public static Schedule at(ScheduleUnit unit, long... counts) {
        SortedSet<Long> set = new TreeSet<>();
        for (long count : counts) {
            set.add(count);
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("at(...) needs at least one count of " + unitName(unit));
        }
        return new Schedule(0, unit, set, false, false);
    }

    /** @return this schedule, also recording when recording starts */
    public Schedule andAtStart(boolean enabled) {
        return new Schedule(every, unit, at, enabled, atEnd);
    }

    /** @return this schedule, also recording when the listener closes */
    public Schedule andAtEnd(boolean enabled) {
        return new Schedule(every, unit, at, atStart, enabled);
    }

    /**
     * @param count the number of units completed so far (updates applied, or epochs completed)
     * @return true if a recording is due now
     */
    public boolean isDue(long count) {
        return count > 0 && ((every > 0 && count % every == 0) || at.contains(count));
    }

    /** @return true if the schedule is due after update {@code updates} (for an iterations schedule) */
    public boolean isDueAfterUpdate(long updates) {
        return unit == ScheduleUnit.ITERATIONS && isDue(updates);
    }

    /** @return true if the schedule is due after {@code completed} epochs (for an epochs schedule) */
    public boolean isDueAfterEpoch(long completed) {
        return unit == ScheduleUnit.EPOCHS && isDue(completed);
    }

    /** @return true if the schedule can fire during training at all (not only at start and end) */
    public boolean firesDuringTraining() {
        return every > 0 || !at.isEmpty();
    }

    /** @return the schedule as the manifest's settings record it */
    java.util.Map<String, Object> toSettings() {
        java.util.Map<String, Object> settings = new java.util.LinkedHashMap<>();
        settings.put("every", every);
        settings.put("unit", unitName(unit));
        settings.put("at", java.util.List.copyOf(at));
        settings.put("at_start", atStart);
        settings.put("at_end", atEnd);
        return settings;
    }

    private static String unitName(ScheduleUnit unit) {
        return unit.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        if (every > 0) {
            text.append("every ").append(every).append(' ').append(unitName(unit));
        }
        if (!at.isEmpty()) {
            text.append(text.length() == 0 ? "" : ", ").append("after ").append(unitName(unit)).append(' ')
                    .append(Set.copyOf(at).stream().sorted().map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining(", ")));
        }
        if (atStart) {
            text.append(text.length() == 0 ? "" : ", ").append("at start");
        }
        if (atEnd) {
            text.append(text.length() == 0 ? "" : ", ").append("at end");
        }
        return text.toString();
    }
}
