package org.backprop4j.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon threads that run the items of one task at a time, without allocating per
 * call. The calling thread takes part. Items are claimed one at a time, so a participant that
 * finishes early, or a worker that wakes late, never leaves the others waiting: the caller returns as
 * soon as every item has been run, whether or not every worker took part. It only ever waits for an
 * item that another participant has claimed and not yet finished.
 *
 * <p>Which items a participant claims: a call may begin with <em>shared</em> items, claimed in order
 * by whoever comes first (a gemm's packing, which later items wait for). The other items are cut into
 * one contiguous <em>home range</em> per participant, [p·r/T, (p+1)·r/T) of the r remaining items for
 * participant p of T. A participant runs its share of the shared items, then its own range in
 * ascending order, then takes what is left of the others' ranges. When every participant is on
 * time, item ranges therefore land on the same thread from call to call: a kernel that cuts a weight
 * matrix's rows the same way in the forward product, the weight gradient and the update finds each
 * half of the rows in the cache of the core that wrote it last. Measured in a throwaway copy of the
 * training step (784-256-128-10, Adam, batch 128, 2 threads, JDK 17, Zen 4, 24 Nov 2026): with one
 * shared counter, the update of the first layer took 93 µs per step (721 µs while the machine was in
 * one of its slow phases); with home ranges 48 µs (122 µs), and the step 808 → 742 µs (1761 → 1038).
 *
 * <p>Which participant runs which item never changes the result of a well-written task: kernels give
 * each item a disjoint slice of the output and sum every element in a fixed order. The participant
 * number ({@code 0} for the caller, {@code 1..threads-1} for the workers) is passed so that a task can
 * keep one scratch buffer per participant.
 *
 * <p>Claims are tagged with the call's generation, so a worker that wakes up after its call has
 * ended cannot take an item of the next one with the old task. Idle workers spin for
 * {@value #SPIN_NANOS} ns (the gap between the products of a training step is shorter), after the
 * first {@value #YIELD_AFTER_NANOS} ns offering their core to other threads every 64 spins
 * ({@link Thread#yield}: on a loaded machine a worker that only spun would push the caller off its
 * core), and then park.
 *
 * <p>Not for concurrent use by several callers: {@link #run} is serialised by a lock.
 */
public final class WorkerPool {

    /** One item of work; index is in [0, count), participant in [0, threads). */
    @FunctionalInterface
    public interface Task {
        void run(int index, int participant);
    }

    /** The most items one call can have (the claim counter's width). */
    public static final int MAX_ITEMS = (1 << 20) - 1;

    /** How long an idle worker, or a caller waiting for a claimed item, spins before parking. */
    private static final long SPIN_NANOS = 200_000;
    /**
     * How long an idle worker spins before it starts offering its core ({@link Thread#yield}) between
     * spins: a call that follows within this time (the layers of a one-sample forward pass, a few µs
     * apart) finds it spinning, not in a system call.
     */
    private static final long YIELD_AFTER_NANOS = 20_000;
    private static final int INDEX_BITS = 20;
    private static final int GENERATION_SHIFT = 2 * INDEX_BITS;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;
    private static final long GENERATION_MASK = (1L << (64 - GENERATION_SHIFT)) - 1;

    private final Worker[] workers;
    private final Object callLock = new Object();
    /** The shared items: generation (24 bits) | shared item count (20 bits) | next unclaimed item (20 bits). */
    private final AtomicLong ticket = new AtomicLong();
    /** Per participant, its home range: generation | end (20 bits) | next unclaimed item (20 bits). */
    private final AtomicLong[] home;
    private final AtomicInteger done = new AtomicInteger();
    /** The item count of the current call. */
    private volatile int total;
    private volatile Task task;
    private volatile Thread caller;
    private volatile Throwable failure;

    private final class Worker {
        final Thread thread;
        volatile boolean parked;

        Worker(int participant, String name) {
            thread = new Thread(() -> loop(this, participant), name + "-" + participant);
            thread.setDaemon(true);
        }
    }

    /** A pool for {@code threads} participants in total (threads - 1 background workers). */
    public WorkerPool(int threads, String name) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        workers = new Worker[threads - 1];
        home = new AtomicLong[threads];
        for (int p = 0; p < threads; p++) home[p] = new AtomicLong();
        for (int w = 0; w < workers.length; w++) workers[w] = new Worker(w + 1, name);
        for (Worker w : workers) w.thread.start();
    }

    /** Number of participants, the calling thread included. */
    public int threads() {
        return workers.length + 1;
    }

    /**
     * Runs {@code task.run(i, participant)} once for every i in [0, n), spread over the participants
     * in home ranges (no shared items); returns when all are done. An exception thrown by an item is
     * rethrown here once every item has finished (the first one, if several fail).
     */
    public void run(int n, Task t) {
        run(n, 0, t);
    }

    /**
     * {@link #run(int, Task)} whose first {@code shared} items are claimed in order by whoever comes
     * first; the rest go to home ranges. Every shared item has been claimed before any participant
     * starts on a home range, so a later item may wait for a shared one (another participant is running
     * it); no item may wait for one that is not shared.
     */
    public void run(int n, int shared, Task t) {
        if (n <= 0) return;
        if (shared < 0 || shared > n)
            throw new IllegalArgumentException("shared items must be in [0, " + n + "], got " + shared);
        if (workers.length == 0 || n == 1) {
            for (int i = 0; i < n; i++) t.run(i, 0);
            return;
        }
        if (n > MAX_ITEMS) throw new IllegalArgumentException("at most " + MAX_ITEMS + " items per call, got " + n);
        synchronized (callLock) {
            failure = null;
            task = t;
            caller = Thread.currentThread();
            done.set(0);
            total = n;
            long generation = ((ticket.get() >>> GENERATION_SHIFT) + 1) & GENERATION_MASK;
            int participants = home.length;
            for (int p = 0; p < participants; p++) {
                long from = shared + (long) (n - shared) * p / participants;
                long to = shared + (long) (n - shared) * (p + 1) / participants;
                home[p].set(generation << GENERATION_SHIFT | to << INDEX_BITS | from);
            }
            ticket.set(generation << GENERATION_SHIFT | (long) shared << INDEX_BITS);   // publishes the fields above
            for (Worker w : workers) if (w.parked) LockSupport.unpark(w.thread);
            work(generation, 0);
            if (done.get() != n) awaitDone(n);
            task = null;
            Throwable f = failure;
            if (f != null) {
                failure = null;
                if (f instanceof RuntimeException) throw (RuntimeException) f;
                if (f instanceof Error) throw (Error) f;
                throw new IllegalStateException(f);
            }
        }
    }

    /**
     * Claims and runs items of the given generation until none is left: the shared ones, then the
     * participant's home range, then the other ranges in turn.
     */
    private void work(long generation, int participant) {
        claimAll(ticket, generation, participant);
        for (int r = 0; r < home.length; r++) claimAll(home[(participant + r) % home.length], generation, participant);
    }

    /** Claims and runs the items of one counter (generation | end | next) until it is exhausted or its call has ended. */
    private void claimAll(AtomicLong counter, long generation, int participant) {
        while (true) {
            long v = counter.get();
            if ((v >>> GENERATION_SHIFT) != generation) return;
            int end = (int) ((v >>> INDEX_BITS) & INDEX_MASK), i = (int) (v & INDEX_MASK);
            if (i >= end) return;
            if (!counter.compareAndSet(v, v + 1)) continue;
            // the claim holds the call open until done counts it, so task and total belong to this generation
            int count = total;
            try {
                task.run(i, participant);
            } catch (Throwable e) {
                if (failure == null) failure = e;
            }
            if (done.incrementAndGet() == count && participant != 0) LockSupport.unpark(caller);
        }
    }

    /** The caller's wait for items that workers have claimed: spin briefly, then park until woken. */
    private void awaitDone(int n) {
        long start = System.nanoTime();
        int spins = 0;
        while (done.get() != n) {
            if (++spins < 64 || System.nanoTime() - start < SPIN_NANOS) Thread.onSpinWait();
            else LockSupport.parkNanos(this, SPIN_NANOS);
        }
    }

    private void loop(Worker self, int participant) {
        long seen = 0;
        while (true) {
            long generation;
            long start = System.nanoTime();
            int spins = 0;
            while ((generation = ticket.get() >>> GENERATION_SHIFT) == seen) {
                long waited;
                if ((++spins & 63) != 0 || (waited = System.nanoTime() - start) <= YIELD_AFTER_NANOS) {
                    Thread.onSpinWait();
                } else if (waited <= SPIN_NANOS) {
                    // offer the core every 64 spins: with more busy threads than cores (another process,
                    // the JIT compiler), a worker that only spun would push the caller off its core
                    Thread.yield();
                } else {
                    self.parked = true;
                    if ((ticket.get() >>> GENERATION_SHIFT) == seen) LockSupport.park(this);
                    self.parked = false;
                    start = System.nanoTime();
                }
            }
            seen = generation;
            work(generation, participant);
        }
    }
}
