package org.backprop4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.incubator.vector.FloatVector;
import org.backprop4j.activation.Activation;
import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.loss.Loss;
import org.backprop4j.network.Network;
import org.backprop4j.optim.Adam;
import org.backprop4j.optim.Optimizer;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training with the vector kernels does not box its vectors after other code in the JVM has used
 * another float species. On JDK 17, once anything had run {@code FloatVector.SPECIES_256} code
 * before the kernels were compiled, C2 inlined the Vector API calls made on the gemm micro-kernels'
 * and Adam's vectors by type profiles that named both classes, and boxed the vectors: a step of
 * 784-256-128-10 at batch 128 allocated 6.1-33.5 MB and took 1.4-10.6 ms instead of 0.9-1.1 ms
 * (docs/benchmarks.md). The float32 kernels now start from vectors of the exact class
 * ({@code ExactVectors}).
 *
 * <p>Measured in a JVM of its own ({@link #main}), which uses the 256-bit species first and then
 * trains, counting the bytes that every thread allocates per step once the JIT has settled. With
 * the exact typing removed, every run of this measurement allocated megabytes per step. With only
 * the gemm and Adam typed, 6-14 kB; with every float32 kernel typed, 0 bytes (569 in a similar
 * harness without the other species). Float64 is not covered: its kernels are not typed, and after
 * 256-bit double code a float64 step allocated 783 MB (docs/benchmarks.md).
 * On JDK 25 the JIT was not affected, and the test passes either way.
 */
class SecondSpeciesTest {

    /**
     * Most bytes per training step, all threads, once warm: 1 % of the smallest failure seen (6.1 MB),
     * and 4.5 times the most seen with the gemm and Adam typed (14.1 kB).
     */
    static final long PER_STEP_LIMIT = 64 * 1024;

    /** Fresh JVMs tried before the test fails (a JVM's JIT may be slow to settle; see AllocationTest). */
    static final int ATTEMPTS = 2;

    @Test
    void anotherSpeciesUsedFirstDoesNotMakeTrainingBox(@TempDir Path tmp) throws Exception {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "needs the Vector API (the vector kernels' test run)");
        StringBuilder failures = new StringBuilder();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Path log = tmp.resolve("child-" + attempt + ".log");
            List<String> cmd = ChildJvm.command(SecondSpeciesTest.class);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the measuring JVM timed out");
            String out = Files.readString(log);
            assertEquals(0, p.exitValue(), () -> "the measuring JVM failed:\n" + out);
            assumeFalse(out.contains("SKIP "), () -> "the measuring JVM: " + out);
            Matcher m = Pattern.compile("RESULT perStep=(\\d+)").matcher(out);
            assertTrue(m.find(), () -> "no RESULT line from the measuring JVM:\n" + out);
            long perStep = Long.parseLong(m.group(1));
            if (perStep <= PER_STEP_LIMIT) return;
            failures.append("attempt ").append(attempt).append(": ").append(perStep)
                    .append(" bytes per step\n").append(out).append('\n');
        }
        fail(ATTEMPTS + " measuring JVMs in a row boxed vectors in training after a second species:\n" + failures);
    }

    /**
     * The measurement. First 20,000 rounds of 256-bit float vector code, then 784-256-128-10 (ReLU,
     * ReLU, softmax), Adam, batch 128 of random data, 2 threads: rounds of 250 steps until a round
     * allocates at most {@link #PER_STEP_LIMIT} per step over all threads, for at most 16 rounds.
     * Prints {@code RESULT perStep=B} for the last round, or {@code SKIP reason}.
     */
    public static void main(String[] args) {
        var bean = ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean mx) || !mx.isThreadAllocatedMemorySupported()) {
            System.out.println("SKIP this JVM cannot count allocated bytes");
            return;
        }
        if (!KernelProvider.choice().name().equals("vector")) {
            System.out.println("SKIP the vector kernels are not in use: " + KernelProvider.choice().reason());
            return;
        }
        float sink = OtherLibrary.run();

        int batch = 128;
        Network net = Network.builder(784).dense(256, Activation.RELU).dense(128, Activation.RELU)
                .dense(10, Activation.SOFTMAX).loss(Loss.CATEGORICAL_CROSS_ENTROPY).seed(1).threads(2).build();
        Optimizer adam = new Adam(1e-3);
        SplittableRandom r = new SplittableRandom(5);
        Matrix in = Matrix.zeros(batch, 784, Precision.FLOAT32), target = Matrix.zeros(batch, 10, Precision.FLOAT32);
        for (int i = 0; i < in.floats().length; i++) in.floats()[i] = (float) r.nextDouble();
        for (int i = 0; i < batch; i++) target.floats()[i * 10 + r.nextInt(10)] = 1f;
        var parameters = net.parameters();

        long perStep = Long.MAX_VALUE;
        int round = 0, steps = 250;
        for (; round < 16 && perStep > PER_STEP_LIMIT; round++) {
            long a0 = allocated(mx);
            for (int s = 0; s < steps; s++) {
                net.computeGradients(in, target, batch);
                adam.step(parameters, net.kernels());
            }
            perStep = (allocated(mx) - a0) / steps;
        }
        System.out.printf(Locale.ROOT, "RESULT perStep=%d (after %d rounds of %d steps, kernels %s, %s; %s)%n",
                perStep, round, steps, net.kernels().name(), Runtime.version(), sink != 0 ? "warmed" : "warmed.");
    }

    /**
     * Another library's vector code, run before training: 20,000 rounds on the 256-bit float species.
     * A class of its own, so that the test class loads where the Vector API is absent.
     */
    static final class OtherLibrary {
        static float run() {
            float[] x = new float[64];
            float sink = 0;
            for (int i = 0; i < 20_000; i++) {
                FloatVector.fromArray(FloatVector.SPECIES_256, x, i & 31).mul(1.0001f).add(1f).intoArray(x, 32 - (i & 31));
                sink += x[i & 63];
            }
            return sink;
        }
    }

    /** Bytes allocated so far by every live thread of this JVM (the pool's workers included). */
    private static long allocated(com.sun.management.ThreadMXBean mx) {
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            long b = mx.getThreadAllocatedBytes(id);
            if (b > 0) sum += b;
        }
        return sum;
    }
}
