package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** When collected rows are handed over: full batches, epoch ends at most once a second (fake clock), close. */
class PendingRowsTest {

    private long now = 5_000_000_000L;

    @Test
    void fullBatchesAndEpochEndsAtMostOnceASecond() {
        PendingRows<Integer> rows = new PendingRows<>(3, () -> now);
        assertFalse(rows.dueAtEpochEnd(), "nothing gathered");
        assertFalse(rows.add(1));
        now += 999_000_000L;
        assertFalse(rows.dueAtEpochEnd(), "under a second since the start");
        now += 1_000_000L;
        assertTrue(rows.dueAtEpochEnd(), "a second: rows reach the file");
        assertEquals(List.of(1), rows.take());
        assertFalse(rows.add(2));
        assertFalse(rows.add(3));
        assertTrue(rows.add(4), "three rows: a full batch");
        assertEquals(List.of(2, 3, 4), rows.take());
        now += 2_000_000_000L;
        assertFalse(rows.dueAtEpochEnd(), "late, but nothing to hand over");
        assertEquals(List.of(), rows.take(), "close with nothing gathered hands over nothing");
    }
}
