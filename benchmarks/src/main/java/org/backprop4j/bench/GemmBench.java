package org.backprop4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.kernel.Kernels;

/**
 * Float32 gemm throughput for the products that training the 784-256-128-10 network runs, on the
 * scalar and the vector kernels, with 1 and 2 threads. For each layer (in → out) at batch m:
 * <ul>
 *   <li>forward, NT: Z[m×out] = X[m×in] · W[out×in]ᵀ</li>
 *   <li>weight gradient, TN: G[out×in] = Δ[m×out]ᵀ · X[m×in]</li>
 *   <li>input gradient, NN: D[m×in] = Δ[m×out] · W[out×in] (training skips it for the first layer;
 *       it is measured anyway)</li>
 * </ul>
 * Each set of kernels first runs every product for two seconds (the Vector API is 50–100× slower
 * until the JIT has compiled it); each measurement then warms up again and reports the median
 * GFLOP/s (2·m·n·k / time) of several timed repetitions. A table at the end puts the kernels side
 * by side.
 *
 * <p>Run with {@code benchmarks/gemm.sh}, or {@code java --add-modules jdk.incubator.vector -cp ...
 * org.backprop4j.bench.GemmBench [warmupMillis] [repetitions]}. Without the module flag only the
 * scalar kernels are measured.
 */
public final class GemmBench {
    private static final int[] LAYERS = {784, 256, 128, 10};
    private static final int[] BATCHES = {64, 128};
    private static final long REP_NANOS = 25_000_000L;
    private static final long WARMUP_ALL_MILLIS = 2_000;

    private GemmBench() {}

    /** One product: C[m×n] = op(A)[m×k] · op(B)[k×n]. */
    private record Product(String product, int batch, String layer, boolean transA, boolean transB,
                           int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc) {
        void run(Kernels kernels) {
            kernels.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, ldc);
        }

        double flops() {
            return 2.0 * m * n * k;
        }
    }

    public static void main(String[] args) {
        long warmupMillis = args.length > 0 ? Long.parseLong(args[0]) : 300;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 7;

        System.out.printf(Locale.ROOT, "JDK %s (%s %s), %s, %d processors, %s%n", Runtime.version(),
                System.getProperty("java.vm.vendor"), System.getProperty("java.vm.name"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), cpuModel());
        List<String> kinds = new ArrayList<>(List.of("scalar"));
        if (KernelProvider.vectorModulePresent()) kinds.add("vector");
        else System.out.println("jdk.incubator.vector is not readable: vector kernels skipped"
                + " (run java with --add-modules jdk.incubator.vector)");
        System.out.printf(Locale.ROOT, "float32 gemm, 784-256-128-10 network; warm-up %d ms per measurement after"
                        + " %d ms per kernel set; median of %d repetitions of >= %d ms%n%n",
                warmupMillis, WARMUP_ALL_MILLIS, repetitions, REP_NANOS / 1_000_000);

        List<Product> products = products();
        List<String> columns = new ArrayList<>();
        double[][] results = new double[products.size()][];
        for (int i = 0; i < results.length; i++) results[i] = new double[kinds.size() * 2];
        double checksum = 0;
        for (String kind : kinds) {
            for (int threads = 1; threads <= 2; threads++) {
                int column = columns.size();
                Kernels kernels = KernelProvider.create(kind, threads);
                columns.add(kernels.name() + " " + threads + "t");
                // compile every kernel variant before timing anything (the Vector API is slow until then)
                long end = System.nanoTime() + WARMUP_ALL_MILLIS * 1_000_000L;
                while (System.nanoTime() < end) for (Product p : products) p.run(kernels);
                for (int i = 0; i < products.size(); i++) {
                    Product p = products.get(i);
                    results[i][column] = measure(kernels, p, warmupMillis, repetitions);
                    checksum += p.c()[p.c().length / 2];
                    System.out.printf(Locale.ROOT, "%-10s %-5d %-8s %-7s %-14s %7.1f GFLOP/s%n", columns.get(column),
                            p.batch(), p.layer(), p.product(), p.m() + "x" + p.n() + "x" + p.k(), results[i][column]);
                }
            }
        }

        System.out.printf(Locale.ROOT, "%nGFLOP/s (2·m·n·k / time), median of %d%n", repetitions);
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-5s %-8s %-7s %-14s", "batch", "layer",
                "product", "m x n x k"));
        for (String c : columns) header.append(String.format(Locale.ROOT, " %10s", c));
        System.out.println(header);
        for (int i = 0; i < products.size(); i++) {
            Product p = products.get(i);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-5d %-8s %-7s %-14s", p.batch(),
                    p.layer(), p.product(), p.m() + "x" + p.n() + "x" + p.k()));
            for (double r : results[i]) line.append(String.format(Locale.ROOT, " %10.1f", r));
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "(checksum %.3f)%n", checksum);
    }

    private static List<Product> products() {
        SplittableRandom random = new SplittableRandom(42);
        List<Product> list = new ArrayList<>();
        for (int batch : BATCHES) {
            for (int l = 0; l + 1 < LAYERS.length; l++) {
                int in = LAYERS[l], out = LAYERS[l + 1];
                String layer = in + "-" + out;
                float[] x = random(random, batch * in), w = random(random, out * in);
                float[] delta = random(random, batch * out);
                list.add(new Product("fwd NT", batch, layer, false, true, batch, out, in,
                        x, in, w, in, new float[batch * out], out));
                list.add(new Product("dW TN", batch, layer, true, false, out, in, batch,
                        delta, out, x, in, new float[out * in], in));
                list.add(new Product("dX NN", batch, layer, false, false, batch, in, out,
                        delta, out, w, in, new float[batch * in], in));
            }
        }
        return list;
    }

    /** The processor's model name on Linux, else "cpu model unknown". */
    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: fall through
        }
        return "cpu model unknown";
    }

    private static float[] random(SplittableRandom random, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) (random.nextDouble() * 2 - 1);
        return v;
    }

    private static double measure(Kernels kernels, Product p, long warmupMillis, int repetitions) {
        return GemmSweep.measure(() -> p.run(kernels), p.flops(), repetitions, REP_NANOS, warmupMillis * 1_000_000L)
                .median();
    }
}
