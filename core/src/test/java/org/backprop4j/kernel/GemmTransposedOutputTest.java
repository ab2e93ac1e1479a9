package org.backprop4j.kernel;

import static org.backprop4j.kernel.KernelTestData.assertGemmChain;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The float32 gemm's A·Bᵀ products that {@link VectorFloatGemm} computes as their transpose (Cᵀ =
 * B·Aᵀ, stored transposed into C; a layer's forward product when the layer is at least twice as wide
 * as the batch), bit for bit against the order the class documents, computed naively ({@link KernelTestData#assertGemmChain}): per
 * element, {@code s = fma(A[i][p], B[j][p], s)} for p = 0..k-1, then alpha·s, or alpha·s + beta·c
 * with separate roundings. Also: the same bits for 1 to 4 threads, and nothing written outside the
 * m × n elements of C (offsets, padded leading dimensions). KernelParityTest compares every shape
 * with the scalar kernels within the rounding bound; this test pins the exact order on the
 * transposed path.
 */
class GemmTransposedOutputTest {
    private static final long SEED = 90_210L;
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {-0.75f, 0.5f}, {2f, 0f}};
    /**
     * m × n × k, all taken by the transposed path on one thread: rows of Cᵀ ending in 4-, 2- and 1-row tiles
     * (n % 4 = 0..3), a partial last strip (m % 16 ≠ 0), a k below one vector, and the network's
     * forward products at batch 64 and 128 (split over threads; on several threads 128×256×784,
     * 64×128×256, 100×203×65 and 96×1000×40 run over owned panels instead, and so does 128×512×520 on
     * 3 and 4 threads, while on 2 its B is just too large: see the test below; 64×256×784 stays
     * transposed on every thread count); and small batches, whose tiles of Cᵀ
     * are one to three vectors wide: the fewest rows (8, half a vector), 12, 16, 33 and 48 rows, the
     * network's forward product at batch 8 and 16, and a 1024-wide layer at batch 16.
     */
    private static final int[][] SHAPES = {
            {64, 128, 5}, {64, 129, 3}, {65, 131, 17}, {70, 142, 33}, {70, 200, 1}, {100, 203, 65},
            {64, 256, 784}, {128, 256, 784}, {64, 128, 256}, {96, 1000, 40}, {128, 512, 520},
            {8, 16, 3}, {8, 37, 19}, {12, 30, 7}, {16, 33, 70}, {33, 101, 50}, {48, 98, 20},
            {8, 256, 784}, {16, 256, 784}, {16, 1024, 300}};

    @BeforeAll
    static void vectorModule() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not readable in this JVM");
    }

    @Test
    void theseShapesTakeTheTransposedPathAndOthersDoNot() {
        for (int[] s : SHAPES) {
            assertTrue(VectorFloatGemm.transposesOutput(false, true, s[0], s[1], s[2], 1, 6), s[0] + "x" + s[1]);
        }
        // the other orientations, fewer than 8 rows, more than half as many rows as B
        assertFalse(VectorFloatGemm.transposesOutput(false, false, 64, 256, 30, 1, 6));
        assertFalse(VectorFloatGemm.transposesOutput(true, true, 64, 256, 30, 1, 6));
        assertFalse(VectorFloatGemm.transposesOutput(true, false, 64, 256, 30, 1, 6));
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 7, 1000, 30, 1, 6));
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 1, 1000, 30, 1, 6));
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 8, 15, 30, 1, 6));
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 129, 257, 30, 1, 6));
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 200, 256, 30, 1, 6));
    }

    /**
     * On several threads, an A·Bᵀ with at least 32 rows, at most 2¹⁷ values of B per thread and
     * k·(n − m) &lt; 6·m·n runs over owned panels instead (VectorFloatGemm#ownsInsteadOfTransposing);
     * worked out by hand from that rule (16 lanes: n = 256 is 16 strips, at least 3 panels of at most
     * 6 strips; n = 512 is 32 strips, at least 6 panels).
     */
    @Test
    void onSeveralThreadsAProductWithEnoughRowsAndASmallBIsNotTransposed() {
        Assumptions.assumeTrue(VectorFloatMicroKernels.L == 16, "worked out for 16 float lanes");
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 128, 256, 784, 2, 6));   // n·k = 200,704 <= 262,144
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 128, 256, 1024, 2, 6));  // n·k = 262,144, the limit
        assertTrue(VectorFloatGemm.transposesOutput(false, true, 128, 256, 1025, 2, 6));   // one step of k past it
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 128, 256, 1025, 3, 6));  // 3 threads: 393,216
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 127, 256, 784, 2, 6));   // 784·129 = 101,136 < 6·127·256 = 195,072
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 87, 256, 784, 2, 6));    // 784·169 = 132,496 < 133,632
        assertTrue(VectorFloatGemm.transposesOutput(false, true, 86, 256, 784, 2, 6));     // 784·170 = 133,280 >= 132,096
        assertTrue(VectorFloatGemm.transposesOutput(false, true, 64, 256, 784, 2, 6));     // 784·192 = 150,528 >= 98,304
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 64, 128, 256, 2, 6));    // 256·64 = 16,384 < 49,152
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 32, 256, 219, 2, 6));    // 219·224 = 49,056 < 49,152
        assertTrue(VectorFloatGemm.transposesOutput(false, true, 32, 256, 220, 2, 6));     // 220·224 = 49,280 >= 49,152
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 32, 512, 128, 2, 6));    // 128·480 = 61,440 < 98,304
        assertTrue(VectorFloatGemm.transposesOutput(false, true, 31, 512, 128, 2, 6));     // fewer than 32 rows
        assertTrue(VectorFloatGemm.transposesOutput(false, true, 128, 256, 1536, 4, 6));   // n·k within 4 · 2¹⁷, but 1536·128 = 6·128·256
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 128, 256, 1535, 4, 6));  // 1535·128 = 196,480 < 196,608
        assertTrue(VectorFloatGemm.transposesOutput(false, true, 128, 512, 784, 2, 6));    // n·k = 401,408
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 256, 512, 256, 2, 6));   // 256 rows, n·k = 131,072
        assertTrue(VectorFloatGemm.transposesOutput(false, true, 128, 256, 784, 1, 6));    // one thread
        assertTrue(VectorFloatGemm.transposesOutput(false, true, 128, 256, 784, 32, 6));   // 32 panels from 16 strips: none owned
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 128, 256, 784, 16, 6));  // 16 panels of one strip
    }

    @Test
    void everyElementIsTheDocumentedChainForEveryThreadCount() {
        VectorKernels[] kernels = {
                new VectorKernels(1), new VectorKernels(2), new VectorKernels(3), new VectorKernels(4)};
        int caseNo = 0;
        for (int[] s : SHAPES) {
            for (float[] ab : ALPHA_BETA) {
                long seed = SEED + caseNo++;
                for (VectorKernels k : kernels)
                    assertGemmChain(k, false, true, s[0], s[1], s[2], s[2] + (int) (seed % 3), ab[0], ab[1], seed);
            }
        }
    }
}
