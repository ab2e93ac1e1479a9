package org.backprop4j.kernel;

import static org.backprop4j.kernel.KernelTestData.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels#gemmBiasActivate}, a dense layer's forward pass in one call, on the vector kernels
 * (which apply bias and activation to each block of the product as soon as it is computed), and the
 * interface's default (the calls in turn) on the scalar kernels. Expected values are computed here, naively: Z by the
 * gemm's documented chain per element ({@code s = fma(op(A)[i][p], op(B)[p][j], s)}, p ascending), then
 * {@code z + bias[j]} in float32, then the function as the scalar reference writes it (selections,
 * products, {@link Math#tanh}). Sigmoid and softmax use the vector kernels' own float32 exponential (a
 * documented approximation within an ulp, tested against Math.exp in ActivationKernelParity), so for
 * those the expected output is the vector kernels' separate activation call on the expected Z: the
 * fused call must give the same bits. Every element of Z and OUT is checked, nothing outside them may
 * change, and the result must not depend on the thread count.
 */
class GemmBiasActivateTest {
    private static final long SEED = 4_242L;
    /** null = softmax. */
    private static final Pointwise[] FUNCTIONS = {
            Pointwise.IDENTITY, Pointwise.STEP, Pointwise.RELU, Pointwise.LEAKY_RELU, Pointwise.SIGMOID,
            Pointwise.TANH, null};
    private static final double LEAKY_SLOPE = 0.1;

    /**
     * m × n × k (A·Bᵀ, a layer's forward product), fused on the vector kernels: one panel with C's rows
     * back to back and a partial strip (n = 10, 37: the padding of a row's last strip lands on the next
     * row, and the last rows of each block go through scratch), several panels (n = 100, 200, 256), one
     * thread (fewer than 2²⁰ multiply-adds) and several (the network's layers at batch 1024 and 128 with
     * k cut short to keep the naive check fast), m not a multiple of 4; on several threads, whole
     * panels per thread (128×128, and 80×100 with a partial last strip: VectorFloatGemm#ownedPanels).
     */
    private static final int[][] FUSED = {
            {40, 10, 128}, {33, 37, 20}, {1024, 10, 128}, {301, 37, 97}, {100, 100, 30}, {130, 200, 33},
            {1024, 256, 40}, {128, 128, 256}, {257, 96, 50}, {80, 100, 140}};
    /**
     * Not fused (the calls in turn): the product is computed as its transpose on every thread count
     * (64×256×600: 600·192 ≥ 6·64·256; 16×1024: fewer than 32 rows), or too small to tile (2×3×4).
     */
    private static final int[][] NOT_FUSED = {{64, 256, 600}, {16, 1024, 20}, {2, 3, 4}};
    /**
     * Computed as their transpose on one thread (not fused), over owned panels on several (fused): at
     * least 32 rows, at most half as many as B, more than 2²⁰ multiply-adds, B small and its pack
     * cheaper than the transpose (VectorFloatGemm#ownsInsteadOfTransposing); 300 columns make 19
     * strips, the last partial; 64×128×256 is the 256→128 forward product at batch 64.
     */
    private static final int[][] FUSED_ON_SEVERAL_THREADS = {{128, 256, 40}, {128, 300, 33}, {64, 128, 256}};

    @BeforeAll
    static void vectorModule() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not readable in this JVM");
    }

    @Test
    void theFusedAndUnfusedShapesAreWhatTheListsSay() {
        for (int threads = 1; threads <= 3; threads++) {
            for (int[] s : FUSED) {
                assertTrue(VectorFloatGemm.fusesEpilogue(false, true, s[0], s[1], s[2], false, 6, threads), shape(s));
                assertEquals(s[1] <= 96, VectorFloatGemm.fusesEpilogue(false, true, s[0], s[1], s[2], true, 6, threads),
                        shape(s));
            }
            for (int[] s : NOT_FUSED) {
                assertFalse(VectorFloatGemm.fusesEpilogue(false, true, s[0], s[1], s[2], false, 6, threads), shape(s));
                assertFalse(VectorFloatGemm.fusesEpilogue(false, true, s[0], s[1], s[2], true, 6, threads), shape(s));
            }
            for (int[] s : FUSED_ON_SEVERAL_THREADS) {
                assertEquals(threads > 1, VectorFloatGemm.fusesEpilogue(false, true, s[0], s[1], s[2], false, 6, threads),
                        shape(s) + " on " + threads + " threads");
                assertFalse(VectorFloatGemm.fusesEpilogue(false, true, s[0], s[1], s[2], true, 6, threads), shape(s));
            }
            // softmax needs a row in one panel: 96 columns with tiles of 6 vectors, 80 with the default 5, 48 with 3
            assertTrue(VectorFloatGemm.fusesEpilogue(false, true, 64, 96, 10, true, 6, threads));
            assertFalse(VectorFloatGemm.fusesEpilogue(false, true, 64, 97, 10, true, 6, threads));
            assertTrue(VectorFloatGemm.fusesEpilogue(false, true, 64, 80, 10, true, 5, threads));
            assertFalse(VectorFloatGemm.fusesEpilogue(false, true, 64, 81, 10, true, 5, threads));
            assertTrue(VectorFloatGemm.fusesEpilogue(false, true, 64, 48, 10, true, 3, threads));
            assertFalse(VectorFloatGemm.fusesEpilogue(false, true, 64, 49, 10, true, 3, threads));
            // the other orientations are never transposed, so they fuse
            assertTrue(VectorFloatGemm.fusesEpilogue(false, false, 64, 256, 30, false, 6, threads));
            assertTrue(VectorFloatGemm.fusesEpilogue(true, false, 64, 256, 30, false, 6, threads));
        }
    }

    @Test
    void everyFunctionAndShapeGivesTheNaiveValuesOnEveryThreadCount() {
        Kernels[] kernels = {
                new VectorKernels(1), new VectorKernels(2), new VectorKernels(3), new VectorKernels(2, 3),
                new VectorKernels(2, 6)};
        int caseNo = 0;
        for (int[][] list : new int[][][] {FUSED, NOT_FUSED, FUSED_ON_SEVERAL_THREADS}) {
            for (int[] s : list) {
                for (Pointwise f : FUNCTIONS) {
                    long seed = SEED + caseNo++;
                    for (Kernels k : kernels) {
                        check(k, false, true, s[0], s[1], s[2], f, seed % 2 == 0, seed);
                    }
                }
            }
        }
    }

    /**
     * The interface's default (the scalar kernels use it): the reference gemm (its own order, checked
     * in ScalarKernelsTest), then bias and function as the scalar reference computes them.
     */
    @Test
    void theDefaultMakesTheCallsInTurn() {
        ScalarKernels k = new ScalarKernels();
        int m = 37, n = 21, kk = 19;
        SplittableRandom r = new SplittableRandom(SEED);
        float[] a = floats(r, m * kk), b = floats(r, n * kk), bias = floats(r, n);
        for (Pointwise f : FUNCTIONS) {
            float[] z = new float[m * n], out = new float[m * n], zExp = new float[m * n], outExp = new float[m * n];
            k.gemmBiasActivate(false, true, m, n, kk, a, 0, kk, b, 0, kk, bias, 0, f, LEAKY_SLOPE, z, 0, n, out, 0, n);
            k.gemm(false, true, m, n, kk, 1f, a, 0, kk, b, 0, kk, 0f, zExp, 0, n);
            for (int i = 0; i < m * n; i++) zExp[i] += bias[i % n];
            if (f == null) ScalarActivations.softmax(m, n, zExp, 0, n, outExp, 0, n);
            else ScalarActivations.activate(f, LEAKY_SLOPE, m * n, zExp, 0, outExp, 0);
            for (int i = 0; i < m * n; i++) {
                assertEquals(Float.floatToRawIntBits(zExp[i]), Float.floatToRawIntBits(z[i]), f + " Z element " + i);
                assertEquals(Float.floatToRawIntBits(outExp[i]), Float.floatToRawIntBits(out[i]), f + " OUT element " + i);
            }
        }
    }

    @Test
    void theOtherOrientationsToo() {
        Kernels[] kernels = {new VectorKernels(1), new VectorKernels(2)};
        long seed = SEED + 1000;
        for (boolean transA : new boolean[] {false, true}) {
            for (int[] s : new int[][] {{70, 150, 40}, {600, 40, 30}}) {
                for (Pointwise f : new Pointwise[] {Pointwise.RELU, null}) {
                    seed++;
                    for (Kernels k : kernels) check(k, transA, false, s[0], s[1], s[2], f, false, seed);
                }
            }
        }
    }

    private static String shape(int[] s) {
        return s[0] + "x" + s[1] + "x" + s[2];
    }

    /**
     * One call with random operands, offsets and padded leading dimensions; OUT is Z itself when
     * {@code inPlace}. Z starts as NaN (it must be overwritten), and the elements around Z and OUT hold
     * values that must not change.
     */
    private static void check(Kernels kernels, boolean transA, boolean transB, int m, int n, int k, Pointwise f,
                              boolean inPlace, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int aOff = r.nextInt(4), bOff = r.nextInt(4), zOff = r.nextInt(4), oOff = r.nextInt(4), biasOff = r.nextInt(3);
        int lda = (transA ? m : k) + r.nextInt(3), ldb = (transB ? k : n) + r.nextInt(3);
        int ldz = n + r.nextInt(3), ldo = inPlace ? ldz : n + r.nextInt(3);
        if (inPlace) oOff = zOff;
        float[] a = floats(r, aOff + (transA ? k : m) * lda + 3), b = floats(r, bOff + (transB ? n : k) * ldb + 3);
        float[] bias = floats(r, biasOff + n + 2);
        float[] z = floats(r, zOff + m * ldz + 3);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) z[zOff + i * ldz + j] = Float.NaN;
        float[] out = inPlace ? z : floats(r, oOff + m * ldo + 3);
        float[] zBefore = z.clone(), outBefore = out.clone();

        // expected Z: the documented chain, then the bias
        float[] zExp = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                zExp[i * n + j] = KernelTestData.fmaChain(transA, transB, k, a, aOff, lda, b, bOff, ldb, i, j)
                        + bias[biasOff + j];
            }
        }
        float[] outExp = new float[m * n];
        if (f == null) {
            new VectorKernels(1).softmax(m, n, zExp, 0, n, outExp, 0, n);
        } else if (f == Pointwise.SIGMOID) {
            new VectorKernels(1).activate(f, 0, m * n, zExp, 0, outExp, 0);
        } else {
            for (int i = 0; i < m * n; i++) outExp[i] = naive(f, zExp[i]);
        }

        kernels.gemmBiasActivate(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, bias, biasOff, f, LEAKY_SLOPE,
                z, zOff, ldz, out, oOff, ldo);

        String what = String.format("gemmBiasActivate %s%s m=%d n=%d k=%d f=%s %s offsets %d/%d/%d/%d lda=%d ldb=%d"
                        + " ldz=%d ldo=%d, %s on %d threads, seed %d", transA ? "T" : "N", transB ? "T" : "N", m, n, k,
                f == null ? "softmax" : f, inPlace ? "in place" : "separate out", aOff, bOff, zOff, oOff, lda, ldb, ldz,
                ldo, kernels.name(), kernels.threads(), seed);
        if (!inPlace) compare(what, "Z", z, zBefore, zOff, ldz, m, n, zExp);
        compare(what, inPlace ? "Z = OUT" : "OUT", out, outBefore, oOff, ldo, m, n, outExp);
    }

    /** The scalar reference's definition of each selection and product, and Math.tanh. */
    private static float naive(Pointwise f, float x) {
        switch (f) {
            case IDENTITY: return x;
            case STEP: return x >= 0f ? 1f : 0f;
            case RELU: return x > 0f ? x : 0f;
            case LEAKY_RELU: return x > 0f ? x : (float) LEAKY_SLOPE * x;
            case TANH: return (float) Math.tanh(x);
            default: throw new AssertionError(f);
        }
    }

    private static void compare(String what, String name, float[] v, float[] before, int off, int ld, int m, int n,
                                float[] expected) {
        for (int idx = 0; idx < v.length; idx++) {
            int rel = idx - off, i = Math.floorDiv(rel, ld), j = Math.floorMod(rel, ld);
            if (!(rel >= 0 && i < m && j < n)) {
                if (Float.floatToRawIntBits(v[idx]) != Float.floatToRawIntBits(before[idx]))
                    fail(what + ": wrote index " + idx + " outside " + name + " (" + before[idx] + " -> " + v[idx] + ")");
                continue;
            }
            float e = expected[i * n + j];
            if (Float.floatToRawIntBits(e) != Float.floatToRawIntBits(v[idx]))
                fail(what + ": " + name + "[" + i + "][" + j + "] = " + v[idx] + ", expected " + e);
        }
    }
}
