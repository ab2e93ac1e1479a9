package org.backprop4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.kernel.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmark of the float32 gemm kernel at the products that training and running the
 * 784-256-128-10 network performs, and those of a wide 4096-4096 layer. For a layer in → out at batch m:
 * <ul>
 *   <li>{@code fwd} (A·Bᵀ): Z[m×out] = X[m×in] · W[out×in]ᵀ, so (m, n, k) = (m, out, in);</li>
 *   <li>{@code dW} (Aᵀ·B): G[out×in] = Δ[m×out]ᵀ · X[m×in], so (m, n, k) = (out, in, m);</li>
 *   <li>{@code dX} (A·B): D[m×in] = Δ[m×out] · W[out×in], so (m, n, k) = (m, in, out) — training
 *       skips it for the first layer; it is measured anyway.</li>
 * </ul>
 * The kernels come from {@link KernelProvider#kernels(int)}, so the implementation is the one the
 * forked JVM chooses ({@code -Dbackprop4j.kernels}, default {@code auto}: the Vector API kernels when
 * {@code jdk.incubator.vector} is readable, which the fork's {@code --add-modules} flag makes it).
 *
 * <p>The score is calls per second; one call is 2·m·n·k floating-point operations, which
 * {@code benchmarks/compare.sh} turns into GFLOP/s. Run it with {@code benchmarks/compare.sh}, or by hand:
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) org.openjdk.jmh.Main GemmJmh \
 *      -p batch=128 -p threads=1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx1g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmJmh {

    /** Rows in the mini-batch (m). */
    @Param({"128", "1"})
    public int batch;

    /**
     * The layer, inputs-outputs: those of 784-256-128-10, and a wide layer (4096-4096) that compare.sh
     * measures at batch 128 only ({@code -p} lists).
     */
    @Param({"784-256", "256-128", "128-10", "4096-4096"})
    public String layer;

    /** The product: {@code fwd} (A·Bᵀ), {@code dW} (Aᵀ·B) or {@code dX} (A·B). */
    @Param({"fwd", "dW", "dX"})
    public String product;

    /** Threads of the kernels (the benchmark itself calls from one thread). */
    @Param({"1", "2"})
    public int threads;

    private Kernels kernels;
    private boolean transA, transB;
    private int m, n, k, lda, ldb, ldc;
    private float[] a, b, c;

    /** Creates the operands (seeded) and picks the kernels. */
    @Setup
    public void setUp() {
        String[] io = layer.split("-");
        if (io.length != 2)
            throw new IllegalArgumentException("layer must be inputs-outputs, e.g. 784-256, got '" + layer + "'");
        int in = Integer.parseInt(io[0]), out = Integer.parseInt(io[1]);
        SplittableRandom random = new SplittableRandom(42);
        float[] x = random(random, batch * in);
        float[] w = random(random, out * in);
        float[] delta = random(random, batch * out);
        switch (product) {
            case "fwd":   // Z = X · Wᵀ
                set(false, true, batch, out, in, x, in, w, in);
                break;
            case "dW":    // G = Δᵀ · X
                set(true, false, out, in, batch, delta, out, x, in);
                break;
            case "dX":    // D = Δ · W
                set(false, false, batch, in, out, delta, out, w, in);
                break;
            default:
                throw new IllegalArgumentException("product must be fwd, dW or dX, got '" + product + "'");
        }
        c = new float[m * n];
        ldc = n;
        kernels = KernelProvider.kernels(threads);
    }

    private void set(boolean ta, boolean tb, int mm, int nn, int kk, float[] aa, int la, float[] bb, int lb) {
        transA = ta;
        transB = tb;
        m = mm;
        n = nn;
        k = kk;
        a = aa;
        lda = la;
        b = bb;
        ldb = lb;
    }

    private static float[] random(SplittableRandom random, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) (random.nextDouble() * 2 - 1);
        return v;
    }

    /** One product C = op(A)·op(B); returns C so that the work cannot be eliminated. */
    @Benchmark
    public float[] gemm() {
        kernels.gemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, ldc);
        return c;
    }
}
