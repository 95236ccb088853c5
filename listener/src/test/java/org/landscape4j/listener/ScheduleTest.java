package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One schedule semantics for every recorder: counts of completed units, multiples of every, listed counts. */
class ScheduleTest {

    @Test
    void everyNIsDueOnPositiveMultiplesOnly() {
        Schedule every3 = Schedule.every(3, ScheduleUnit.ITERATIONS);
        for (long count = 0; count <= 9; count++) {
            assertEquals(count > 0 && count % 3 == 0, every3.isDue(count), "count " + count);
        }
        assertTrue(every3.isDueAfterUpdate(6));
        assertFalse(every3.isDueAfterEpoch(6), "an iterations schedule never fires after an epoch");
        assertEquals("every 3 iterations", every3.toString());
    }

    @Test
    void listedCountsAndTheirCombinationWithEvery() {
        Schedule at = Schedule.at(ScheduleUnit.EPOCHS, 7, 2, 2, 30);
        assertEquals(List.of(2L, 7L, 30L), List.copyOf(at.at()));
        assertTrue(at.isDueAfterEpoch(2));
        assertTrue(at.isDueAfterEpoch(30));
        assertFalse(at.isDueAfterEpoch(4));
        Schedule both = new Schedule(5, ScheduleUnit.EPOCHS, at.at(), true, true);
        assertTrue(both.isDue(5) && both.isDue(7) && both.isDue(10));
        assertFalse(both.isDue(0), "start is atStart's business, not a count");
        assertEquals("every 5 epochs, after epochs 2, 7, 30, at start, at end", both.toString());
    }

    @Test
    void refusesSchedulesThatCannotFire() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Schedule.every(0, ScheduleUnit.ITERATIONS));
        assertTrue(zero.getMessage().contains("got 0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Schedule.at(ScheduleUnit.EPOCHS));
        assertThrows(IllegalArgumentException.class, () -> Schedule.at(ScheduleUnit.EPOCHS, 0));
        assertThrows(NullPointerException.class, () -> Schedule.every(1, null));
    }

    @Test
    void settingsUseLowerCaseNamesWhateverTheDefaultLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));   // "ITERATIONS" → "ıterations"
            Map<String, Object> settings = Schedule.every(2, ScheduleUnit.ITERATIONS).andAtStart(true).toSettings();
            assertEquals("iterations", settings.get("unit"));
            assertEquals(Map.of("every", 2, "unit", "iterations", "at", List.of(), "at_start", true, "at_end", false),
                    settings);
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
