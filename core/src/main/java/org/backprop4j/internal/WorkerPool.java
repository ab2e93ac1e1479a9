package org.backprop4j.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon threads that run the indices of one task at a time, without allocating per
 * call. The calling thread takes part: with P = workers + 1 participants, participant p runs the
 * indices i with {@code i % P == p}. Every worker takes part in every call, and the caller waits for
 * all of them, so no worker can still be busy with an earlier call when the next one starts.
 *
 * <p>Which thread runs which index never changes the result of a well-written task: kernels give
 * each index a disjoint slice of the output and sum every element in a fixed order.
 *
 * <p>Not for concurrent use by several callers: {@link #run} is serialised by a lock.
 */
public final class WorkerPool {

    /** One unit of work; index is in [0, count). */
    @FunctionalInterface
    public interface Task {
        void run(int index);
    }

    private static final int SPINS = 2_000;

    private final Thread[] workers;
    private final Object callLock = new Object();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Task task;
    private volatile int count;
    private volatile long generation;
    private volatile Thread caller;
    private volatile Throwable failure;

    /** A pool for {@code threads} participants in total (threads - 1 background workers). */
    public WorkerPool(int threads, String name) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        workers = new Thread[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            final int participant = w + 1;
            Thread t = new Thread(() -> loop(participant), name + "-" + participant);
            t.setDaemon(true);
            workers[w] = t;
            t.start();
        }
    }

    /** Number of participants, the calling thread included. */
    public int threads() {
        return workers.length + 1;
    }

    /** Runs {@code task.run(i)} for every i in [0, n), spread over the participants; returns when all are done. */
    public void run(int n, Task t) {
        if (workers.length == 0 || n <= 1) {
            for (int i = 0; i < n; i++) t.run(i);
            return;
        }
        synchronized (callLock) {
            failure = null;
            task = t;
            count = n;
            caller = Thread.currentThread();
            pending.set(workers.length);
            generation = generation + 1;           // publishes task and count
            for (Thread w : workers) LockSupport.unpark(w);
            runShare(0, t, n);
            int spins = 0;
            while (pending.get() != 0) {
                if (spins < SPINS) { spins++; Thread.onSpinWait(); } else LockSupport.park(this);
            }
            task = null;
            Throwable f = failure;
            if (f != null) {
                if (f instanceof RuntimeException) throw (RuntimeException) f;
                if (f instanceof Error) throw (Error) f;
                throw new IllegalStateException(f);
            }
        }
    }

    private void runShare(int participant, Task t, int n) {
        int step = workers.length + 1;
        for (int i = participant; i < n; i += step) t.run(i);
    }

    private void loop(int participant) {
        long seen = 0;
        while (true) {
            long g;
            int spins = 0;
            while ((g = generation) == seen) {
                if (spins < SPINS) { spins++; Thread.onSpinWait(); } else LockSupport.park(this);
            }
            seen = g;
            try {
                runShare(participant, task, count);
            } catch (Throwable e) {
                if (failure == null) failure = e;
            }
            if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
        }
    }
}
