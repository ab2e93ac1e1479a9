package org.backprop4j.kernel;

import static org.backprop4j.kernel.KernelTestData.assertGemmChain;
import static org.backprop4j.kernel.KernelTestData.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The float32 gemm's parallel plan in which a work item is a whole panel, packed and computed by one
 * thread ({@link VectorFloatGemm#ownedPanels}): which calls take it, with how many panels, and that
 * every element is still the documented chain ({@link KernelTestData#assertGemmChain}: per element
 * {@code s = fma(op(A)[i][p], op(B)[p][j], s)}, p ascending, then alpha·s or alpha·s + beta·c), for
 * every thread count, with nothing written outside C. The panel counts below are worked out by hand
 * from the rule: strips = ⌈columns / 16⌉ (16 float lanes), at least ⌈strips / widest tile⌉ panels,
 * rounded up to a multiple of the thread count; taken if there are that many strips and the panels
 * are equal or at least two strips wide, and only when every panel is packed, C is not computed
 * as its transpose, and m ≤ n. GemmBiasActivateTest checks the fused bias and activation
 * on this plan (its 128×128 shape on 2 and 3 threads).
 */
class GemmOwnedPanelsTest {
    private static final long SEED = 31_337L;
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {-0.75f, 0.5f}};

    @BeforeAll
    static void vectorModule() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not readable in this JVM");
    }

    /** The expected panel counts are worked out for 16 float lanes (512-bit vectors). */
    private static void sixteenLanes() {
        Assumptions.assumeTrue(VectorFloatMicroKernels.L == 16, "the panel counts below assume 16 float lanes;"
                + " this JVM's preferred vectors have " + VectorFloatMicroKernels.L);
    }

    @Test
    void theRule() {
        // strips, fewest panels, threads -> panels (0: row blocks over shared packs)
        assertEquals(2, VectorFloatGemm.ownedPanels(8, 2, 2));    // 4 + 4
        assertEquals(4, VectorFloatGemm.ownedPanels(16, 3, 2));   // 4 + 4 + 4 + 4, not 6 + 5 + 5
        assertEquals(2, VectorFloatGemm.ownedPanels(4, 1, 2));    // 2 + 2
        assertEquals(2, VectorFloatGemm.ownedPanels(2, 1, 2));    // 1 + 1
        assertEquals(2, VectorFloatGemm.ownedPanels(5, 1, 2));    // 3 + 2
        assertEquals(0, VectorFloatGemm.ownedPanels(3, 1, 2));    // 2 + 1: unequal and one strip wide
        assertEquals(0, VectorFloatGemm.ownedPanels(1, 1, 2));    // one strip for two threads
        assertEquals(10, VectorFloatGemm.ownedPanels(49, 9, 2));  // 5 × 9 + 4 × 1
        assertEquals(3, VectorFloatGemm.ownedPanels(8, 2, 3));    // 3 + 3 + 2
        assertEquals(4, VectorFloatGemm.ownedPanels(8, 2, 4));    // 2 × 4
        assertEquals(0, VectorFloatGemm.ownedPanels(6, 1, 4));    // 2 + 2 + 1 + 1
        assertEquals(0, VectorFloatGemm.ownedPanels(3, 1, 4));    // fewer strips than threads
        assertEquals(6, VectorFloatGemm.ownedPanels(16, 6, 2));   // tiles of 3 vectors: 3 + 3 + 3 + 3 + 2 + 2
    }

    @Test
    void theDefaultWidestTile() {
        // float32: 5 vectors with 32 registers (512-bit vectors), not 6, whose kernels C2 sometimes
        // compiles with spills (VectorFloatGemm#defaultMaxStrips); 3 with 16; float64 keeps 6
        assertEquals(5, VectorFloatGemm.defaultMaxStrips(512));
        assertEquals(6, VectorGemm.defaultMaxStrips(512));
        if (!"aarch64".equals(System.getProperty("os.arch"))) {
            assertEquals(3, VectorFloatGemm.defaultMaxStrips(256));
            assertEquals(3, VectorGemm.defaultMaxStrips(256));
        }
        assertThrows(IllegalArgumentException.class, () -> new VectorKernels(1, 4));
        assertThrows(IllegalArgumentException.class, () -> new VectorKernels(1, 5, 5));
    }

    /** {threads, widest tile, transA (0/1), transB (0/1), m, n, k, panels expected (0: not owned)}. */
    private static final int[][] CASES = {
            {2, 6, 0, 1, 200, 256, 300, 4},   // forward at batch 200 (not transposed): Wᵀ packed, 16 strips
            {3, 6, 0, 1, 200, 256, 300, 3},   // 6 + 5 + 5
            {4, 6, 0, 1, 200, 256, 300, 4},
            {1, 6, 0, 1, 200, 256, 300, 0},   // one thread
            {2, 3, 0, 1, 200, 256, 300, 6},   // tiles of 3 vectors: at least 6 panels
            {2, 6, 0, 1, 60, 80, 256, 2},     // 5 strips: 3 + 2
            {2, 6, 0, 1, 80, 100, 140, 2},    // 7 strips: 4 + 3, the last partial
            {2, 6, 0, 1, 40, 48, 600, 0},     // 3 strips: 2 + 1, not taken
            {2, 6, 0, 1, 300, 100, 64, 0},    // more rows than columns: row blocks
            {2, 6, 0, 1, 1024, 256, 40, 0},   // likewise (inference at batch 1024)
            {2, 6, 0, 0, 17, 1100, 1024, 12}, // B copied (k·ldb > 2²⁰), 69 strips, the last partial (16 rows or fewer: row-blocked, not the tiled gemm)
            {2, 6, 0, 1, 128, 256, 784, 4},   // forward at batch 128, 2m <= n but B small (n·k <= 2 · 2¹⁷): not transposed
            {3, 6, 0, 1, 128, 256, 784, 3},   // likewise on 3 threads (n·k <= 3 · 2¹⁷): 6 + 5 + 5
            {2, 5, 0, 1, 128, 256, 784, 4},   // the default tiles of 5 vectors: at least 4 panels, 4 × 4
            {3, 5, 0, 1, 128, 256, 784, 6},   // on 3 threads: 6 panels, 3 + 3 + 3 + 3 + 2 + 2
            {2, 5, 0, 1, 60, 80, 256, 2},     // 5 strips, one tile wide: still 2 panels, 3 + 2
            {1, 6, 0, 1, 128, 256, 784, 0},   // one thread: computed as its transpose
            {2, 6, 0, 1, 128, 512, 520, 0},   // n·k > 2 · 2¹⁷: computed as its transpose, row blocks of Cᵀ (rows of W)
            {2, 6, 0, 1, 127, 256, 784, 4},   // 127 rows: 784·129 < 6·127·256, owned (16 strips, at least 3 panels)
            {2, 5, 0, 1, 96, 256, 784, 4},    // forward at batch 96: 784·160 = 125,440 < 147,456
            {2, 5, 0, 1, 64, 256, 784, 0},    // forward at batch 64: 784·192 = 150,528 >= 98,304, transposed
            {2, 5, 0, 1, 64, 128, 256, 2},    // 256→128 forward at batch 64: 256·64 < 6·64·128; 8 strips, 4 + 4
            {3, 5, 0, 1, 64, 128, 256, 3},    // on 3 threads: 3 + 3 + 2
            {2, 5, 0, 1, 32, 512, 128, 8},    // 32 rows: 128·480 < 98,304; 32 strips, at least 7 panels -> 8
            {2, 5, 0, 1, 31, 512, 128, 0},    // fewer than 32 rows: transposed
            {2, 6, 0, 1, 32, 256, 784, 0},    // 784·224 >= 6·32·256: transposed
            {2, 6, 1, 0, 256, 784, 128, 0},   // B read where it lies: row blocks
            {2, 6, 0, 0, 128, 784, 256, 0},   // likewise
    };

    @Test
    void theseCallsTakeThePlanTheRuleGivesAndComputeTheDocumentedChain() {
        sixteenLanes();
        int caseNo = 0;
        for (int[] c : CASES) {
            VectorKernels kernels = new VectorKernels(c[0], c[1]);
            boolean transA = c[2] == 1, transB = c[3] == 1;
            int m = c[4], n = c[5], k = c[6];
            for (float[] ab : ALPHA_BETA) {
                long seed = SEED + caseNo++;
                int ldb = (transB ? k : n) + (int) (seed % 2);
                assertGemmChain(kernels, transA, transB, m, n, k, ldb, ab[0], ab[1], seed);
                assertEquals(c[7], kernels.floatGemm().lastCallOwnedPanels(),
                        "panels of " + m + "x" + n + "x" + k + " on " + c[0] + " threads, tiles of " + c[1]);
            }
        }
    }

    @Test
    void aFusedSoftmaxKeepsItsRowInOnePanel() {
        sixteenLanes();
        // softmax needs a whole row in the block it finishes: one panel, so row blocks over a shared pack
        // (n = 80: 5 strips, one panel of the default widest tile)
        VectorKernels kernels = new VectorKernels(2);
        SplittableRandom r = new SplittableRandom(SEED);
        int m = 80, n = 80, k = 256;
        float[] a = floats(r, m * k), b = floats(r, n * k), bias = floats(r, n), z = new float[m * n];
        float[] out = new float[m * n];
        kernels.gemmBiasActivate(false, true, m, n, k, a, 0, k, b, 0, k, bias, 0, null, 0, z, 0, n, out, 0, n);
        assertEquals(0, kernels.floatGemm().lastCallOwnedPanels());
        kernels.gemmBiasActivate(false, true, m, n, k, a, 0, k, b, 0, k, bias, 0, Pointwise.RELU, 0, z, 0, n, out, 0, n);
        assertEquals(2, kernels.floatGemm().lastCallOwnedPanels());
    }
}
