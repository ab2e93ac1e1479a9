package org.backprop4j.kernel;

import static org.backprop4j.kernel.KernelTestData.assertGemmChain;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The float32 gemm's products with k = 1 (outer products: a layer's weight gradient for one sample),
 * which {@link VectorKernels} computes row by row outside the tiled gemm, split over the threads by
 * rows from 2¹⁶ elements of C, bit for bit
 * against the chain the gemm documents, computed naively ({@link KernelTestData#assertGemmChain}):
 * s = fma(a, b, 0), then alpha·s, or alpha·s + beta·c. Zero and negative operands make products of
 * −0, which the fma with +0 turns into +0; the naive chain does the same. On 1 to 4 threads, with
 * offsets and padded leading dimensions, nothing written outside C.
 */
class GemmOuterProductTest {
    private static final long SEED = 7_777L;
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {-0.75f, 0.5f}, {2f, 0f}};
    /**
     * m × n: the weight gradient of 784→256 for one sample (Aᵀ·B), a product whose rows do not split
     * evenly (a 3-thread split of 257 rows, n not a multiple of 16), the smallest split size, one just
     * below it (on the calling thread), the output layer's 128→10 gradient, and products narrower than
     * a vector (only the scalar tail of each row) and smaller than the tiled gemm's scalar bound.
     */
    private static final int[][] SHAPES = {{256, 784}, {257, 301}, {256, 256}, {255, 256}, {1, 70_000},
            {10, 128}, {3, 7}, {1, 1}};

    @BeforeAll
    static void vectorModule() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not readable in this JVM");
    }

    @Test
    void everyElementIsTheDocumentedChainForEveryThreadCount() {
        VectorKernels[] kernels = {
                new VectorKernels(1), new VectorKernels(2), new VectorKernels(3), new VectorKernels(4)};
        int caseNo = 0;
        for (int[] s : SHAPES) {
            for (boolean transA : new boolean[] {true, false}) {
                for (float[] ab : ALPHA_BETA) {
                    long seed = SEED + caseNo++;
                    for (VectorKernels k : kernels)
                        assertGemmChain(k, transA, false, s[0], s[1], 1, s[1] + (int) (seed % 3), ab[0], ab[1], seed);
                }
            }
        }
    }

    /**
     * k = 2 to 16 (the weight gradient of a small batch, Aᵀ·B), split by rows like k = 1 while k·m·n
     * stays below {@link KernelConstants#VECTOR_PARALLEL_MIN_FLOPS}, and on any thread count for up to
     * {@link KernelConstants#OUTER_WIDE_MAX_STEPS} steps once C has {@link KernelConstants#OUTER_WIDE_MIN}
     * elements (a wide layer): every element the documented chain over the k steps, on 1 to 4 threads,
     * B's rows padded; the same shapes as A·B (the tiled gemm), and the first k past each bound, for
     * contrast.
     */
    @Test
    void aFewStepsGiveTheDocumentedChainForEveryThreadCount() {
        VectorKernels[] kernels = {
                new VectorKernels(1), new VectorKernels(2), new VectorKernels(3), new VectorKernels(4)};
        // m, n, k, and 1 where Aᵀ·B on several threads takes the split (m·n ≥ 2^16 and k·m·n < 2^20, or
        // k ≤ 8 and m·n ≥ 2^19, the latter on one thread too), 0 where the tiled gemm
        int[][] shapes = {{256, 784, 2, 1}, {256, 784, 3, 1}, {256, 784, 5, 1}, {256, 784, 6, 0}, {257, 301, 7, 1},
                {300, 250, 13, 1}, {256, 256, 15, 1}, {256, 256, 16, 0}, {1, 70_000, 4, 1}, {1024, 512, 2, 1},
                {1024, 512, 8, 1}, {1024, 512, 9, 0}, {701, 760, 3, 1}};
        int caseNo = 0;
        for (int[] s : shapes) {
            long mn = (long) s[0] * s[1];
            boolean split = mn >= KernelConstants.AXPY_PARALLEL_MIN && mn * s[2] < KernelConstants.VECTOR_PARALLEL_MIN_FLOPS
                    || s[2] <= KernelConstants.OUTER_WIDE_MAX_STEPS && mn >= KernelConstants.OUTER_WIDE_MIN;
            if (split != (s[3] == 1))
                throw new AssertionError("shape " + java.util.Arrays.toString(s) + " no longer takes the path it was chosen for");
            for (boolean transA : new boolean[] {true, false}) {
                for (float[] ab : ALPHA_BETA) {   // every alpha and beta: the vector columns and the n % 16 tail apply beta apart
                    long seed = SEED * 3 + caseNo++;
                    for (VectorKernels k : kernels)
                        assertGemmChain(k, transA, false, s[0], s[1], s[2], s[1] + (int) (seed % 3), ab[0], ab[1], seed);
                }
            }
        }
    }

    /** Zeros of both signs in a (a ReLU layer's δ or input): each product's sign of zero as fma(a, b, 0) gives it. */
    @Test
    void zeroProductsHaveTheChainsSign() {
        int m = 256, n = 300;
        SplittableRandom r = new SplittableRandom(SEED);
        float[] a = KernelTestData.floats(r, m), b = KernelTestData.floats(r, n);
        for (int i = 0; i < m; i += 3) a[i] = i % 2 == 0 ? 0f : -0f;
        for (VectorKernels k : new VectorKernels[] {new VectorKernels(1), new VectorKernels(2)}) {
            float[] c = new float[m * n];
            k.gemm(true, false, m, n, 1, 1f, a, 0, m, b, 0, n, 0f, c, 0, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float expected = Math.fma(a[i], b[j], 0f);   // +0 for every zero product
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(c[i * n + j]),
                            "C[" + i + "][" + j + "] on " + k.threads() + " threads: a " + a[i] + ", b " + b[j]);
                }
            }
        }
    }

    /**
     * float64 with k = 1 (the weight gradient of a float64 layer for one sample), row by row on the
     * calling thread: every element is fma(a, b, 0), then alpha·s or alpha·s + beta·c with separate
     * roundings, computed naively here; with beta = 0 C starts as NaN; nothing outside C written.
     */
    @Test
    void float64OuterProductsAreTheDocumentedChain() {
        int caseNo = 0;
        for (int[] s : SHAPES) {
            for (boolean transA : new boolean[] {true, false}) {
                for (float[] ab : ALPHA_BETA) {
                    SplittableRandom r = new SplittableRandom(SEED * 5 + caseNo++);
                    int m = s[0], n = s[1], aOff = r.nextInt(4), bOff = r.nextInt(4), cOff = r.nextInt(4);
                    int lda = (transA ? m : 1) + r.nextInt(3), ldc = n + r.nextInt(3);
                    double alpha = ab[0], beta = ab[1];
                    double[] a = doubles(r, aOff + (transA ? 1 : m) * lda + 3), b = doubles(r, bOff + n + 3);
                    double[] c0 = doubles(r, cOff + m * ldc + 3);
                    if (beta == 0d) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c0[cOff + i * ldc + j] = Double.NaN;
                    for (VectorKernels k : new VectorKernels[] {new VectorKernels(1), new VectorKernels(2)}) {
                        double[] c = c0.clone();
                        k.gemm(transA, false, m, n, 1, alpha, a, aOff, lda, b, bOff, n, beta, c, cOff, ldc);
                        for (int idx = 0; idx < c.length; idx++) {
                            int rel = idx - cOff, i = Math.floorDiv(rel, ldc), j = Math.floorMod(rel, ldc);
                            double expected;
                            if (rel >= 0 && i < m && j < n) {
                                double p = Math.fma(transA ? a[aOff + i] : a[aOff + i * lda], b[bOff + j], 0d);
                                expected = beta == 0d ? alpha * p : alpha * p + beta * c0[idx];
                            } else {
                                expected = c0[idx];
                            }
                            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(c[idx]),
                                    "float64 " + (transA ? "T" : "N") + " " + m + "x" + n + " alpha " + alpha + " beta "
                                            + beta + " on " + k.threads() + " threads, index " + idx + " (C[" + i + "]["
                                            + j + "] if inside)");
                        }
                    }
                }
            }
        }
    }

    private static double[] doubles(SplittableRandom r, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) v[i] = r.nextDouble() * 2 - 1;
        return v;
    }
}
