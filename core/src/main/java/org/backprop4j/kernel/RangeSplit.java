package org.backprop4j.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import org.backprop4j.internal.WorkerPool;

/**
 * {@link Kernels#forRanges} for both implementations: [0, n) cut into one contiguous part per
 * thread, the boundaries multiples of the caller's alignment, and run on a {@link WorkerPool}. One
 * caller at a time; a second caller, or a call from inside a part, runs its range whole on its own
 * thread instead of waiting. Nothing is allocated per call.
 */
final class RangeSplit implements WorkerPool.Task {
    private final WorkerPool pool;
    private final AtomicBoolean busy = new AtomicBoolean();
    private int n, align, parts;
    private Kernels.RangeTask task;

    RangeSplit(WorkerPool pool) {
        this.pool = pool;
    }

    void run(int n, int align, long work, Kernels.RangeTask task) {
        if (n <= 0) return;
        if (align < 1) throw new IllegalArgumentException("forRanges: align must be >= 1, got " + align);
        int parts = parts(n, align, work, pool.threads());
        if (parts == 1 || !busy.compareAndSet(false, true)) {
            task.run(0, n);
            return;
        }
        try {
            this.n = n;
            this.align = align;
            this.parts = parts;
            this.task = task;
            pool.run(parts, this);
        } finally {
            this.task = null;
            busy.set(false);
        }
    }

    /**
     * Parts of a call: 1 below {@link KernelConstants#RANGES_PARALLEL_MIN} elements of work, else one
     * per thread, but never more than there are aligned blocks.
     */
    static int parts(int n, int align, long work, int threads) {
        if (threads == 1 || work < KernelConstants.RANGES_PARALLEL_MIN) return 1;
        long blocks = ((long) n + align - 1) / align;
        return (int) Math.min(threads, blocks);
    }

    /** First index of a part: an equal share of the aligned blocks, rounded down; the end of the last part is n. */
    static int start(int part, int parts, int n, int align) {
        if (part == parts) return n;
        long blocks = ((long) n + align - 1) / align;
        return (int) Math.min(n, blocks * part / parts * align);
    }

    @Override
    public void run(int part, int participant) {
        int from = start(part, parts, n, align), to = start(part + 1, parts, n, align);
        if (from < to) task.run(from, to);
    }
}
