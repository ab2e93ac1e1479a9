package org.backprop4j.kernel;

import static org.backprop4j.kernel.KernelTestData.assertGemmChain;
import static org.backprop4j.kernel.KernelTestData.floats;
import static org.backprop4j.kernel.KernelTestData.fmaChain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The float32 gemm with every micro-kernel call cut into pieces of
 * {@link KernelConstants#GEMM_SPLIT_STEPS} steps of k, as it does while a kernel is new to the JVM:
 * each piece continues the chains from the sums the piece before stored (in C or a scratch tile), so
 * every element must still be the documented chain ({@link KernelTestData#assertGemmChain}: per
 * element {@code s = fma(op(A)[i][p], op(B)[p][j], s)}, p ascending from zero). The shapes reach every
 * kernel kind (4 rows, 8 rows × 1 vector, the 2- and 1-row edge kernels), widths 1-6 vectors, A and Aᵀ,
 * k a multiple of the piece length or not, C computed as its transpose, the fused epilogue, and the
 * tiles stored straight into a C whose rows lie back to back with a partial last strip.
 */
class GemmSplitOverKTest {
    private static final long SEED = 4_242L;

    @BeforeEach
    void splitEveryCall() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not readable in this JVM");
        VectorFloatGemm.splitForTests(true);
    }

    @AfterEach
    void backToTheRule() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) VectorFloatGemm.splitForTests(null);
    }

    /** {m, n, k}: rows 4·q + 0..3 (edge kernels), n from one vector (8 × 1 kernel) to 6 and more. */
    private static final int[][] SHAPES = {
            {13, 96, 37},    // 3 × 4 rows + 1, six vectors, k = 4 pieces of 8 + 5
            {14, 80, 40},    // + 2 rows, five vectors, k = 5 whole pieces
            {11, 64, 9},     // + 2 + 1, four vectors, one piece and one step
            {8, 48, 100},
            {7, 32, 25},
            {6, 16, 33},     // one vector: 8-row kernel not reached (6 rows), 4 + 2
            {21, 10, 50},    // n < one vector: 8 rows × 1, then 4 + 1
            {17, 100, 64},   // partial last strip
            {5, 200, 19},    // two panels
            {40, 256, 130},  // more rows per block
    };

    @Test
    void everyKernelKindAndWidthGivesTheDocumentedChain() {
        long before = VectorFloatGemm.splitPieces();
        int caseNo = 0;
        for (int threads : new int[] {1, 2}) {
            for (int maxStrips : new int[] {6, 3}) {
                VectorKernels kernels = new VectorKernels(threads, maxStrips);
                for (int[] s : SHAPES) {
                    for (int form = 0; form < 4; form++) {
                        boolean transA = (form & 1) != 0, transB = (form & 2) != 0;
                        long seed = SEED + caseNo++;
                        int ldb = (transB ? s[2] : s[1]) + (int) (seed % 3);
                        assertGemmChain(kernels, transA, transB, s[0], s[1], s[2], ldb, 1f, 0f, seed);
                        assertGemmChain(kernels, transA, transB, s[0], s[1], s[2], ldb, -0.75f, 0.5f, seed + 1000);
                    }
                }
            }
        }
        assertTrue(VectorFloatGemm.splitPieces() > before, "no call was split: the test checked nothing new");
    }

    @Test
    void productsComputedAsTheirTransposeAndWithOwnedPanels() {
        // A·Bᵀ with 2m ≤ n is computed as its transpose (scratch tiles of Cᵀ); 200×256 takes owned panels
        for (int threads : new int[] {1, 2, 3}) {
            VectorKernels kernels = new VectorKernels(threads);
            assertGemmChain(kernels, false, true, 32, 256, 100, 100, 1f, 0f, SEED + threads);
            assertGemmChain(kernels, false, true, 12, 40, 77, 77, 1f, 0f, SEED + 10 + threads);
            assertGemmChain(kernels, false, true, 200, 256, 300, 300, 1f, 0f, SEED + 20 + threads);
        }
    }

    @Test
    void tilesStoredStraightIntoBackToBackRows() {
        // ldc = n with a partial last strip and one panel: a row's padding lanes land on the next row,
        // which a later store overwrites; with pieces, every piece does so again
        for (int[] s : new int[][] {{24, 40, 35}, {9, 20, 17}, {64, 90, 64}}) {
            for (int threads : new int[] {1, 2}) {
                VectorKernels kernels = new VectorKernels(threads);
                int m = s[0], n = s[1], k = s[2];
                SplittableRandom r = new SplittableRandom(SEED + m + threads);
                float[] a = floats(r, m * k), b = floats(r, k * n), c = new float[m * n];
                java.util.Arrays.fill(c, Float.NaN);
                kernels.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float expected = fmaChain(false, false, k, a, 0, k, b, 0, n, i, j);
                        if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(c[i * n + j]))
                            fail(m + "x" + n + "x" + k + " on " + threads + " threads: C[" + i + "][" + j + "] = "
                                    + c[i * n + j] + ", the documented chain gives " + expected);
                    }
                }
            }
        }
    }

    @Test
    void theFusedEpilogueSeesTheSameProduct() {
        // bias + ReLU, and bias + softmax, applied block by block after the last piece: the same
        // bits as the call made whole (itself checked against gemm + addBiasActivate in GemmBiasActivateTest)
        for (int threads : new int[] {1, 2}) {
            VectorKernels kernels = new VectorKernels(threads);
            SplittableRandom r = new SplittableRandom(SEED + 77 + threads);
            for (int[] s : new int[][] {{90, 96, 128}, {200, 256, 100}, {64, 10, 52}}) {
                int m = s[0], n = s[1], k = s[2];
                float[] a = floats(r, m * k), b = floats(r, n * k), bias = floats(r, n);
                for (Pointwise f : new Pointwise[] {Pointwise.RELU, null}) {
                    float[] z1 = new float[m * n], o1 = new float[m * n], z2 = new float[m * n], o2 = new float[m * n];
                    kernels.gemmBiasActivate(false, true, m, n, k, a, 0, k, b, 0, k, bias, 0, f, 0, z1, 0, n, o1, 0, n);
                    VectorFloatGemm.splitForTests(false);
                    kernels.gemmBiasActivate(false, true, m, n, k, a, 0, k, b, 0, k, bias, 0, f, 0, z2, 0, n, o2, 0, n);
                    VectorFloatGemm.splitForTests(true);
                    String what = m + "x" + n + "x" + k + " " + (f == null ? "softmax" : f) + " on " + threads + " threads";
                    assertArrayEquals(z2, z1, what + ": Z");
                    assertArrayEquals(o2, o1, what + ": output");
                }
            }
        }
    }
}
