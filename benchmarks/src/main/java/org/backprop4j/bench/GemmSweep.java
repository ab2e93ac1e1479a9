package org.backprop4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.kernel.Kernels;

/**
 * Float32 gemm throughput of backprop4j's kernels over a sweep of batch sizes and layer widths, the
 * three products of a dense layer (in → out) at batch b:
 * <ul>
 *   <li>fwd, A·Bᵀ: Z[b×out] = X[b×in] · W[out×in]ᵀ (m, n, k = b, out, in)</li>
 *   <li>dW, Aᵀ·B: G[out×in] = Δ[b×out]ᵀ · X[b×in] (m, n, k = out, in, b)</li>
 *   <li>dX, A·B: D[b×in] = Δ[b×out] · W[out×in] (m, n, k = b, in, out)</li>
 * </ul>
 * It prints one line per product in the format of the OpenBLAS reference
 * ({@code benchmarks/reference/openblas/sgemm_bench.c} with its {@code sweep} argument), which measures
 * the same shapes the same way: a warm-up, then repetitions of as many calls as fill a set time; the
 * median and the best GFLOP/s (2·m·n·k / time) of the repetitions. {@code benchmarks/gemm-sweep.sh}
 * runs the two in turns and puts them side by side ({@code benchmarks/harness/sweep_table.py}).
 *
 * <p>{@code GemmSweep THREADS [REPS [REP_MS [WARMUP_MS [BATCHES [LAYERS]]]]]}: defaults 7, 25, 300, the
 * batches {@value #DEFAULT_BATCHES} and the layers {@value #DEFAULT_LAYERS} (comma lists; a layer is
 * in-out). The kernels are the ones {@link KernelProvider#kernels(int)} picks (vector kernels when
 * {@code --add-modules jdk.incubator.vector} is given).
 */
public final class GemmSweep {
    static final String DEFAULT_BATCHES = "1,2,4,8,16,32,64,128,256,512";
    static final String DEFAULT_LAYERS = "784-256,256-128,128-10,1024-1024,4096-4096";
    static final String[] PRODUCTS = {"fwd", "dW", "dX"};
    /** Before the first measurement, every product of the first layer runs for this long (JIT compilation). */
    private static final long WARMUP_ALL_NANOS = 2_000_000_000L;

    private GemmSweep() {}

    /** One product C[m×n] = op(A)·op(B) of a layer in → out at a batch, with its operands. */
    record Product(int batch, int in, int out, String name, boolean transA, boolean transB, int m, int n, int k,
                   int lda, int ldb, float[] a, float[] b, float[] c) {
        static Product of(int batch, int in, int out, String name, SplittableRandom random) {
            float[] x = random(random, batch * in), w = random(random, out * in), delta = random(random, batch * out);
            return switch (name) {
                case "fwd" -> new Product(batch, in, out, name, false, true, batch, out, in, in, in, x, w,
                        new float[batch * out]);
                case "dW" -> new Product(batch, in, out, name, true, false, out, in, batch, out, in, delta, x,
                        new float[out * in]);
                case "dX" -> new Product(batch, in, out, name, false, false, batch, in, out, out, in, delta, w,
                        new float[batch * in]);
                default -> throw new IllegalArgumentException("product " + name + ": expected fwd, dW or dX");
            };
        }

        void run(Kernels kernels) {
            kernels.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        }

        double flops() {
            return 2.0 * m * n * k;
        }
    }

    /** The median and the best GFLOP/s of a product's repetitions. */
    record Result(double median, double best) {}

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 6) {
            System.err.println("usage: GemmSweep THREADS [REPS [REP_MS [WARMUP_MS [BATCHES [LAYERS]]]]]");
            System.exit(2);
        }
        try {
            int threads = positive(args[0], "THREADS");
            int reps = args.length > 1 ? positive(args[1], "REPS") : 7;
            long repNanos = (args.length > 2 ? positive(args[2], "REP_MS") : 25) * 1_000_000L;
            long warmupNanos = (args.length > 3 ? nonNegative(args[3], "WARMUP_MS") : 300) * 1_000_000L;
            int[] batches = list(args.length > 4 ? args[4] : DEFAULT_BATCHES, "BATCHES");
            int[][] layers = layers(args.length > 5 ? args[5] : DEFAULT_LAYERS);
            run(threads, reps, repNanos, warmupNanos, batches, layers);
        } catch (IllegalArgumentException e) {
            System.err.println("GemmSweep: " + e.getMessage());
            System.exit(2);
        }
    }

    static void run(int threads, int reps, long repNanos, long warmupNanos, int[] batches, int[][] layers) {
        Kernels kernels = KernelProvider.kernels(threads);
        System.out.printf(Locale.ROOT, "# backprop4j %s kernels, %d thread(s), JDK %s%n", kernels.name(),
                kernels.threads(), Runtime.version());
        SplittableRandom random = new SplittableRandom(42);
        List<Product> warm = new ArrayList<>();
        for (int batch : batches) for (String name : PRODUCTS) warm.add(Product.of(batch, layers[0][0], layers[0][1], name, random));
        long end = System.nanoTime() + Math.min(WARMUP_ALL_NANOS, warmupNanos * warm.size());
        do {
            for (Product p : warm) p.run(kernels);
        } while (System.nanoTime() < end);
        for (int[] layer : layers) {
            for (int batch : batches) {
                for (String name : PRODUCTS) {
                    Product p = Product.of(batch, layer[0], layer[1], name, random);
                    Result r = measure(kernels, p, reps, repNanos, warmupNanos);
                    System.out.printf(Locale.ROOT, "RESULT threads=%d batch=%d layer=%d-%d product=%s m=%d n=%d k=%d"
                                    + " gflops=%.2f best=%.2f reps=%d checksum=%.4f%n", threads, batch, layer[0], layer[1],
                            name, p.m(), p.n(), p.k(), r.median(), r.best(), reps, p.c()[p.m() * p.n() / 2]);
                    System.out.flush();
                }
            }
        }
    }

    static Result measure(Kernels kernels, Product p, int reps, long repNanos, long warmupNanos) {
        return measure(() -> p.run(kernels), p.flops(), reps, repNanos, warmupNanos);
    }

    /**
     * Times {@code call} (of {@code flops} floating-point operations): at least 3 calls and
     * {@code warmupNanos} of warm-up, then {@code reps} repetitions of as many calls as one call's time
     * fits into {@code repNanos} (1 to 1,000,000); the median and the best GFLOP/s of the repetitions.
     * {@link GemmBench} times its products the same way.
     */
    static Result measure(Runnable call, double flops, int reps, long repNanos, long warmupNanos) {
        long end = System.nanoTime() + warmupNanos;
        int calls = 0;
        do {
            call.run();
            calls++;
        } while (System.nanoTime() < end || calls < 3);
        long t0 = System.nanoTime();
        call.run();
        long one = Math.max(1, System.nanoTime() - t0);
        long perRep = Math.max(1, Math.min(1_000_000, repNanos / one));
        double[] gflops = new double[reps];
        for (int r = 0; r < reps; r++) {
            long start = System.nanoTime();
            for (long i = 0; i < perRep; i++) call.run();
            gflops[r] = flops * perRep / (System.nanoTime() - start);
        }
        Arrays.sort(gflops);
        double median = reps % 2 == 1 ? gflops[reps / 2] : 0.5 * (gflops[reps / 2 - 1] + gflops[reps / 2]);
        return new Result(median, gflops[reps - 1]);
    }

    static int[] list(String text, String what) {
        String[] parts = text.split(",", -1);
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) values[i] = positive(parts[i].trim(), what + " item " + (i + 1));
        return values;
    }

    static int[][] layers(String text) {
        String[] parts = text.split(",", -1);
        int[][] layers = new int[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            String[] io = parts[i].trim().split("-", -1);
            if (io.length != 2) {
                throw new IllegalArgumentException("LAYERS item " + (i + 1) + " \"" + parts[i].trim()
                        + "\": expected in-out, e.g. 784-256");
            }
            layers[i] = new int[] {positive(io[0], "LAYERS item " + (i + 1) + " inputs"),
                    positive(io[1], "LAYERS item " + (i + 1) + " outputs")};
        }
        return layers;
    }

    private static int positive(String text, String what) {
        int v = nonNegative(text, what);
        if (v == 0) throw new IllegalArgumentException(what + " must be at least 1, got 0");
        return v;
    }

    private static int nonNegative(String text, String what) {
        int v;
        try {
            v = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " \"" + text + "\" is not a whole number");
        }
        if (v < 0) throw new IllegalArgumentException(what + " must not be negative, got " + v);
        return v;
    }

    private static float[] random(SplittableRandom random, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) (random.nextDouble() * 2 - 1);
        return v;
    }
}
