package org.backprop4j.bench;

import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * Where the two CPUs that a two-thread run gets lie relative to each other, measured in about 0.1 s
 * just before the run: the round trip of a value bounced between two spinning threads, and how long
 * two threads take for a register-only multiply-add loop each, against one thread alone.
 *
 * <p>On the virtual machine these benchmarks were written on (docs/benchmarks.md, "Where the slow JVMs
 * come from"), the hypervisor moves the two virtual CPUs: two cores sharing an L3 bounce a value in
 * about 70 ns, two hardware threads of one core in about 30 ns (and then share one core's arithmetic
 * units, so the two-thread loop takes up to twice as long), cores on different dies in 300 ns or more.
 * The comparison prints both figures next to each run. The placement can change within seconds, so
 * they describe the moment before the run, not the whole run (in run AL of docs/benchmarks.md they
 * did not sort the slow runs from the fast ones).
 *
 * <p>Output: one human-readable line, then {@code RESULT {"round_trip_ns": …, "fma_two_thread_ratio": …}}.
 */
public final class CoreProbe {

    private CoreProbe() {
    }

    /** The median round trip in ns and the ratio two threads' time ÷ one thread's (about 1 on two cores). */
    record Result(double roundTripNanos, double twoThreadRatio) {
        String json() {
            return String.format(Locale.ROOT, "{\"round_trip_ns\":%.1f,\"fma_two_thread_ratio\":%.3f}",
                    roundTripNanos, twoThreadRatio);
        }
    }

    private static volatile int ping, pong;
    /** Where the loops' results go, so that the JIT keeps them. */
    private static volatile double sink;

    /**
     * Measures: {@code batches} batches of {@code perBatch} round trips (the median batch's ns per
     * round trip), then {@code reps} times the multiply-add loop of {@code steps} steps on one thread
     * and on two at once (medians of each, after one untimed run of both).
     */
    static Result measure(int batches, int perBatch, long steps, int reps) throws InterruptedException {
        if (batches < 1 || perBatch < 1 || steps < 1 || reps < 1)
            throw new IllegalArgumentException("batches, perBatch, steps and reps must be >= 1");
        double[] nanos = new double[batches];
        int total = batches * perBatch;
        ping = 0;
        pong = 0;
        Thread responder = new Thread(() -> {
            for (int i = 1; i <= total; i++) {
                waitFor(() -> ping, i);
                pong = i;
            }
        }, "core-probe-responder");
        responder.setDaemon(true);
        responder.start();
        int i = 0;
        for (int b = 0; b < batches; b++) {
            long t0 = System.nanoTime();
            for (int q = 0; q < perBatch; q++) {
                ping = ++i;
                waitFor(() -> pong, i);
            }
            nanos[b] = (System.nanoTime() - t0) / (double) perBatch;
        }
        responder.join();

        one(steps);
        two(steps);
        double[] ones = new double[reps], twos = new double[reps];
        for (int r = 0; r < reps; r++) {
            ones[r] = one(steps);
            twos[r] = two(steps);
        }
        return new Result(EpochBench.median(nanos), EpochBench.median(twos) / EpochBench.median(ones));
    }

    /**
     * Spins until the field reads {@code value}; after 1,000 spins (tens of µs, far beyond any round
     * trip between two running CPUs) it yields between spins, so that two threads on one CPU still
     * take turns instead of each spinning out its time slice.
     */
    private static void waitFor(java.util.function.IntSupplier field, int value) {
        int spins = 0;
        while (field.getAsInt() != value) {
            if (++spins < 1_000) Thread.onSpinWait();
            else Thread.yield();
        }
    }

    /** ns for the loop on the calling thread. */
    private static double one(long steps) {
        long t0 = System.nanoTime();
        sink = fmas(steps);
        return System.nanoTime() - t0;
    }

    /**
     * ns from the first of two threads released together starting the loop to the last finishing it
     * (on one CPU they run one after the other: about twice one thread's time).
     */
    private static double two(long steps) throws InterruptedException {
        CyclicBarrier release = new CyclicBarrier(2);
        long[] start = new long[2], end = new long[2];
        Thread[] threads = new Thread[2];
        for (int k = 0; k < 2; k++) {
            int id = k;
            threads[k] = new Thread(() -> {
                await(release);
                start[id] = System.nanoTime();
                sink = fmas(steps);
                end[id] = System.nanoTime();
            }, "core-probe-" + k);
            threads[k].start();
        }
        for (Thread t : threads) t.join();
        return Math.max(end[0], end[1]) - Math.min(start[0], start[1]);
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (InterruptedException | BrokenBarrierException e) {
            throw new IllegalStateException("core probe: a thread was interrupted", e);
        }
    }

    /** Eight independent multiply-add chains on registers: bound by the core's arithmetic units. */
    private static double fmas(long steps) {
        double a0 = 1, a1 = 2, a2 = 3, a3 = 4, a4 = 5, a5 = 6, a6 = 7, a7 = 8, m = 0.999, c = 0.001;
        for (long s = 0; s < steps; s++) {
            a0 = Math.fma(a0, m, c); a1 = Math.fma(a1, m, c); a2 = Math.fma(a2, m, c); a3 = Math.fma(a3, m, c);
            a4 = Math.fma(a4, m, c); a5 = Math.fma(a5, m, c); a6 = Math.fma(a6, m, c); a7 = Math.fma(a7, m, c);
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0) {
            System.err.println("usage: CoreProbe (no arguments)");
            System.exit(2);
        }
        Result r = measure(5, 20_000, 2_000_000, 3);
        System.out.printf(Locale.ROOT, "core probe: round trip %.0f ns | two threads' multiply-add loop %.2f × one thread's%n",
                r.roundTripNanos(), r.twoThreadRatio());
        System.out.println("RESULT " + r.json());
    }
}
