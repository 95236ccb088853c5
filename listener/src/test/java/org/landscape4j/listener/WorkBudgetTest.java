package org.landscape4j.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** The pacing arithmetic on a fake clock: waits are computed, never slept. */
class WorkBudgetTest {

    /** A clock that only moves when work is "done" or a sleep is asked for; sleeps are recorded. */
    private static final class FakeClock {
        long now = 1_000;
        final List<Long> sleeps = new ArrayList<>();

        void work(long nanos) {
            now += nanos;
        }

        void sleep(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    private static final long MS = 1_000_000;

    @Test
    void theWorkerStaysWithinItsShareOfTheElapsedTime() {
        FakeClock clock = new FakeClock();
        WorkBudget budget = new WorkBudget(0.05, () -> clock.now, clock::sleep);
        budget.begin();
        budget.checkpoint();                                // nothing spent: the first pass runs at once
        assertEquals(List.of(), clock.sleeps);
        clock.work(10 * MS);                                // a 10 ms pass
        budget.checkpoint();                                // busy 10 ms: due at t0 + 200 ms, now t0 + 10 ms
        long slept = clock.sleeps.stream().mapToLong(Long::longValue).sum();
        assertEquals(190 * MS, slept, "waits until 10 ms is 5 % of the time elapsed");
        assertTrue(clock.sleeps.stream().allMatch(n -> n <= WorkBudget.POLL_MILLIS * MS), "in short naps");
        clock.work(10 * MS);                                // busy 20 ms, t0 + 210 ms: due at 400 ms
        budget.end();
        clock.sleeps.clear();
        clock.work(500 * MS);                               // training goes on without curvature work
        budget.begin();
        budget.checkpoint();                                // busy 20 ms ≤ 5 % of 710 ms: no wait
        assertEquals(List.of(), clock.sleeps);
        assertEquals(20 * MS, budget.busyNanos());
        assertEquals(190 * MS, budget.waitedNanos(), "waits are not busy time");
    }

    @Test
    void liftingEndsTheWaitAndAShareOfOneNeverWaits() throws Exception {
        FakeClock clock = new FakeClock();
        WorkBudget budget = new WorkBudget(1e-9, () -> clock.now, nanos -> {
            clock.sleep(nanos);
            if (clock.sleeps.size() == 3) {
                throw new IllegalStateException("should have stopped waiting");
            }
        });
        budget.begin();
        clock.work(MS);
        budget.lift();
        budget.checkpoint();                                // lifted: no wait however far over the share
        assertEquals(List.of(), clock.sleeps);

        FakeClock other = new FakeClock();
        WorkBudget unpaced = new WorkBudget(1.0, () -> other.now, other::sleep);
        unpaced.begin();
        other.work(1000 * MS);
        unpaced.checkpoint();
        assertEquals(List.of(), other.sleeps);
    }

    @Test
    void anInterruptedWaitIsACancellation() {
        FakeClock clock = new FakeClock();
        WorkBudget budget = new WorkBudget(0.01, () -> clock.now, nanos -> {
            throw new InterruptedException();
        });
        budget.begin();
        clock.work(MS);
        assertThrows(CancellationException.class, budget::checkpoint);
        assertTrue(Thread.interrupted(), "the interrupt flag is set again (and cleared here)");
    }

    @Test
    void refusesSharesOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new WorkBudget(0));
        assertThrows(IllegalArgumentException.class, () -> new WorkBudget(1.01));
        assertThrows(IllegalArgumentException.class, () -> new WorkBudget(Double.NaN));
    }
}
