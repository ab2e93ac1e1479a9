package org.backprop4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The pool's contract: every item of a call runs exactly once, on a participant numbered below
 * {@link WorkerPool#threads()}, before {@link WorkerPool#run} returns; an item's exception comes back
 * from run; and a worker that wakes late never runs an item of a call that has ended (claims are
 * tagged with the call's generation).
 */
class WorkerPoolTest {

    @Test
    void everyItemRunsExactlyOnceOnAValidParticipant() {
        for (int threads = 1; threads <= 4; threads++) {
            WorkerPool pool = new WorkerPool(threads, "test-pool");
            assertEquals(threads, pool.threads());
            for (int n : new int[] {0, 1, 2, 3, 17, 1000}) {
                for (int repeat = 0; repeat < 20; repeat++) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(1, n));
                    AtomicInteger badParticipant = new AtomicInteger(-1);
                    int t = threads;
                    pool.run(n, (i, p) -> {
                        runs.incrementAndGet(i);
                        if (p < 0 || p >= t) badParticipant.set(p);
                    });
                    for (int i = 0; i < n; i++) {
                        assertEquals(1, runs.get(i), "threads=" + threads + " n=" + n + ": item " + i + " ran "
                                + runs.get(i) + " times");
                    }
                    assertEquals(-1, badParticipant.get(), "participant number out of range");
                }
            }
        }
    }

    /** Thousands of short calls, each checking that none of its items runs after it has returned. */
    @Test
    void noItemRunsAfterItsCallHasReturned() {
        WorkerPool pool = new WorkerPool(3, "test-pool");
        AtomicInteger late = new AtomicInteger();
        for (int call = 0; call < 20_000; call++) {
            AtomicBoolean returned = new AtomicBoolean();
            AtomicInteger ran = new AtomicInteger();
            int n = 1 + call % 5;
            pool.run(n, (i, p) -> {
                if (returned.get()) late.incrementAndGet();
                ran.incrementAndGet();
            });
            returned.set(true);
            assertEquals(n, ran.get(), "call " + call + ": items run");
        }
        assertEquals(0, late.get(), "items ran after their call had returned");
    }

    @Test
    void anItemsExceptionIsRethrownAfterTheOtherItemsRanAndThePoolStaysUsable() {
        WorkerPool pool = new WorkerPool(2, "test-pool");
        for (int failing : new int[] {0, 5, 9}) {
            AtomicInteger ran = new AtomicInteger();
            IllegalStateException boom = new IllegalStateException("item " + failing + " failed");
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.run(10, (i, p) -> {
                ran.incrementAndGet();
                if (i == failing) throw boom;
            }));
            assertSame(boom, thrown);
            assertEquals(10, ran.get(), "every item still runs when one fails");
        }
        AtomicInteger after = new AtomicInteger();
        pool.run(7, (i, p) -> after.incrementAndGet());
        assertEquals(7, after.get());
    }

    @Test
    void errorsAndCheckedThrowablesComeBackToo() {
        WorkerPool pool = new WorkerPool(2, "test-pool");
        AssertionError error = new AssertionError("an error");
        assertSame(error, assertThrows(AssertionError.class, () -> pool.run(4, (i, p) -> {
            if (i == 3) throw error;
        })));
    }

    @Test
    void refusesBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0, "x"));
        assertTrue(e.getMessage().contains("threads must be >= 1, got 0"), e.getMessage());
        WorkerPool pool = new WorkerPool(2, "test-pool");
        e = assertThrows(IllegalArgumentException.class,
                () -> pool.run(WorkerPool.MAX_ITEMS + 1, (i, p) -> fail("ran")));
        assertTrue(e.getMessage().contains("at most " + WorkerPool.MAX_ITEMS + " items"), e.getMessage());
    }
}
