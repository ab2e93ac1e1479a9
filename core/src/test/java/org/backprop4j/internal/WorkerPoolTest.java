package org.backprop4j.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The pool's contract: every item of a call runs exactly once, on a participant numbered below
 * {@link WorkerPool#threads()}, before {@link WorkerPool#run} returns; an item's exception comes back
 * from run; a worker that wakes late never runs an item of a call that has ended (claims are
 * tagged with the call's generation); and the order of claims: each participant runs shared items,
 * then its own home range in ascending order, then the others' ranges, and a home item may wait for
 * a shared one.
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
                    int shared = new int[] {0, n / 2, n, Math.min(1, n)}[repeat % 4];
                    pool.run(n, shared, (i, p) -> {
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

    /**
     * Each participant's items, in the order it ran them: shared items first, then items of its own home
     * range, ascending, then items of the other ranges, each range ascending. Home ranges are worked out
     * here from the documented cut: [shared + r·p/T, shared + r·(p+1)/T) with r = n - shared.
     */
    @Test
    void eachParticipantRunsSharedItemsThenItsOwnRangeThenTheOthers() {
        for (int threads = 2; threads <= 4; threads++) {
            WorkerPool pool = new WorkerPool(threads, "test-pool");
            for (int[] call : new int[][] {{2, 0}, {4, 0}, {37, 0}, {37, 5}, {200, 13}, {9, 9}}) {
                int n = call[0], shared = call[1], t = threads;
                for (int repeat = 0; repeat < 50; repeat++) {
                    List<List<Integer>> order = new ArrayList<>();
                    for (int p = 0; p < threads; p++) order.add(Collections.synchronizedList(new ArrayList<>()));
                    pool.run(n, shared, (i, p) -> {
                        order.get(p).add(i);
                        if (i % 7 == 0) Thread.onSpinWait();
                    });
                    for (int p = 0; p < threads; p++) {
                        List<Integer> seq = order.get(p);
                        String what = "threads=" + t + " n=" + n + " shared=" + shared + ", participant " + p
                                + " ran " + seq;
                        int phase = 0, last = -1, lastRange = -1;   // phase 0: shared, 1: own range, 2: others
                        for (int i : seq) {
                            int range = i < shared ? -1 : rangeOf(i, n, shared, t);
                            int itemPhase = range < 0 ? 0 : range == p ? 1 : 2;
                            assertTrue(itemPhase >= phase, what + ": item " + i + " out of phase");
                            if (itemPhase == phase && range == lastRange) {
                                assertTrue(i > last, what + ": items of a range not ascending");
                            }
                            phase = itemPhase;
                            last = i;
                            lastRange = range;
                        }
                    }
                }
            }
        }
    }

    private static int rangeOf(int i, int n, int shared, int threads) {
        for (int p = 0; p < threads; p++) {
            long to = shared + (long) (n - shared) * (p + 1) / threads;
            if (i < to) return p;
        }
        throw new AssertionError(i);
    }

    /**
     * With 2 participants and 4 items, the worker's home range is {2, 3}: items 0 and 1 wait until item
     * 2 has started. The caller normally takes item 0 at once and waits in it, so only the worker can
     * start item 2, and it must take it before item 1. A single shared counter would hand the worker
     * item 1, which would wait for an item nobody starts. (Which participant runs item 0 is not
     * asserted: a caller descheduled between publishing the call and claiming its first item finds
     * item 0 taken by the worker, once the worker has run its own range, as happened once on a loaded
     * 2-core machine.)
     */
    @Test
    void aWorkerStartsWithItsOwnRange() throws InterruptedException {
        WorkerPool pool = new WorkerPool(2, "test-pool");
        for (int repeat = 0; repeat < 20; repeat++) {
            CountDownLatch twoStarted = new CountDownLatch(1);
            AtomicIntegerArray ranOn = new AtomicIntegerArray(4);
            AtomicBoolean timedOut = new AtomicBoolean();
            pool.run(4, (i, p) -> {
                ranOn.set(i, p);
                if (i == 2) twoStarted.countDown();
                if (i < 2) {
                    try {
                        if (!twoStarted.await(10, TimeUnit.SECONDS)) timedOut.set(true);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            assertFalse(timedOut.get(), "item 2 did not start while items 0 and 1 waited");
            assertEquals(1, ranOn.get(2), "item 2's participant");
        }
    }

    /** Home items that wait for a shared item: it was claimed before any home item started, so it ends. */
    @Test
    void homeItemsMayWaitForASharedItem() {
        for (int threads = 2; threads <= 4; threads++) {
            WorkerPool pool = new WorkerPool(threads, "test-pool");
            for (int repeat = 0; repeat < 20; repeat++) {
                AtomicBoolean sharedDone = new AtomicBoolean();
                AtomicInteger timedOut = new AtomicInteger();
                pool.run(9, 1, (i, p) -> {
                    if (i == 0) {
                        long end = System.nanoTime() + 2_000_000;
                        while (System.nanoTime() < end) Thread.onSpinWait();
                        sharedDone.set(true);
                    } else {
                        long deadline = System.nanoTime() + 10_000_000_000L;
                        while (!sharedDone.get()) {
                            if (System.nanoTime() > deadline) {
                                timedOut.incrementAndGet();
                                return;
                            }
                            Thread.onSpinWait();
                        }
                    }
                });
                assertEquals(0, timedOut.get(), "home items waited in vain for the shared item");
            }
        }
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
        e = assertThrows(IllegalArgumentException.class, () -> pool.run(5, 6, (i, p) -> fail("ran")));
        assertTrue(e.getMessage().contains("shared items must be in [0, 5], got 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> pool.run(5, -1, (i, p) -> fail("ran")));
        assertTrue(e.getMessage().contains("shared items must be in [0, 5], got -1"), e.getMessage());
    }
}
