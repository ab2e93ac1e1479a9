package org.backprop4j.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels#forRanges} beyond the partition that KernelParityTest checks: a failing part, a call
 * from inside a part, a bad alignment, and that the split uses the threads. Both implementations.
 */
class ForRangesTest {
    private static final long BIG = KernelConstants.RANGES_PARALLEL_MIN * 4;

    private static List<Kernels> kernels(int threads) {
        List<Kernels> ks = new ArrayList<>();
        ks.add(new ScalarKernels(threads));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) ks.add(new VectorKernels(threads));
        return ks;
    }

    @Test
    void anExceptionInAPartIsRethrownAfterEveryPartHasRun() {
        for (Kernels k : kernels(3)) {
            AtomicInteger ran = new AtomicInteger();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> k.forRanges(300, 1, BIG, (from, to) -> {
                ran.incrementAndGet();
                if (from == 0) throw new IllegalStateException("part at " + from);
            }));
            assertEquals("part at 0", e.getMessage(), k.name());
            assertEquals(3, ran.get(), k.name() + ": every part ran");
            // the split is free again: the next call is split as usual
            List<Integer> starts = new ArrayList<>();
            k.forRanges(300, 1, BIG, (from, to) -> {
                synchronized (starts) {
                    starts.add(from);
                }
            });
            assertEquals(3, starts.size(), k.name() + ": parts after a failure");
        }
    }

    @Test
    void aCallFromInsideAPartRunsWholeOnItsThread() {
        for (Kernels k : kernels(2)) {
            List<String> inner = new ArrayList<>();
            k.forRanges(64, 16, BIG, (from, to) -> k.forRanges(10, 1, BIG, (a, b) -> {
                synchronized (inner) {
                    inner.add(a + "-" + b + " on " + Thread.currentThread().getName());
                }
            }));
            assertEquals(2, inner.size(), k.name() + ": " + inner);
            for (String s : inner) assertTrue(s.startsWith("0-10 on "), k.name() + ": nested call split: " + inner);
        }
    }

    @Test
    void theSplitRunsOnTheKernelsThreads() {
        for (Kernels k : kernels(2)) {
            List<String> names = new ArrayList<>();
            k.forRanges(2, 1, BIG, (from, to) -> {
                // each part waits for the other, so the two must run at once, on two threads
                synchronized (names) {
                    names.add(Thread.currentThread().getName());
                    names.notifyAll();
                    long end = System.nanoTime() + 10_000_000_000L;
                    while (names.size() < 2 && System.nanoTime() < end) {
                        try {
                            names.wait(100);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            });
            assertEquals(2, names.size(), k.name() + ": " + names);
            assertTrue(!names.get(0).equals(names.get(1)), k.name() + ": both parts on one thread: " + names);
        }
    }

    @Test
    void refusesAnAlignmentBelowOne() {
        for (Kernels k : kernels(2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.forRanges(10, 0, BIG, (from, to) -> { }));
            assertTrue(e.getMessage().contains("align must be >= 1, got 0"), e.getMessage());
        }
    }
}
