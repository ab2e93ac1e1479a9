package org.backprop4j.kernel;

import static org.backprop4j.kernel.KernelTestData.assertGemmChain;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The float32 gemm's row-blocked products (op(B) = B spanning more than
 * {@link KernelConstants#GEMM_COPY_B_MIN_SPAN} values, at most
 * {@link KernelConstants#GEMM_ROW_BLOCKED_MAX_ROWS} rows: the input gradient of a wide layer at a small
 * batch), bit for bit against the chain the gemm documents, computed naively
 * ({@link KernelTestData#assertGemmChain}): the sums carried in C (or in scratch when alpha ≠ 1 or
 * beta ≠ 0) between blocks of steps must give the same bits as one chain over all of k. Row counts
 * that fill the groups of four and that do not, k not a multiple of the block, column counts with and
 * without a last single vector and scalar columns, both orientations of A, every (alpha, beta), on 1
 * to 3 threads; nothing written outside C. The first row count past the bound (the tiled gemm) for
 * contrast.
 */
class GemmRowBlockedTest {
    private static final long SEED = 4_242L;
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {-0.75f, 0.5f}, {2f, 0f}};

    @BeforeAll
    static void vectorModule() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not readable in this JVM");
    }

    @Test
    void everyElementIsTheDocumentedChain() {
        VectorKernels[] kernels = {new VectorKernels(1), new VectorKernels(2), new VectorKernels(3)};
        // m, n, k: 1000 columns = 31 pairs of vectors + 8 scalar columns, 1013 = 31 pairs + 1 vector + 5;
        // k = 1100 and 1061 leave 4 and 5 steps in the last block
        int[][] shapes = {{1, 1000, 1100}, {2, 1013, 1100}, {3, 1000, 1061}, {4, 1013, 1061}, {5, 1000, 1100},
                {8, 1013, 1100}, {13, 1000, 1061}, {16, 1013, 1100}, {17, 1000, 1100}};
        int caseNo = 0;
        for (int[] s : shapes) {
            int ldbMin = s[1];
            assertTrue(VectorFloatGemm.copiesB(s[2], ldbMin), "shape no longer spans enough to be row-blocked");
            for (boolean transA : new boolean[] {false, true}) {
                for (float[] ab : ALPHA_BETA) {
                    long seed = SEED + caseNo++;
                    int ldb = s[1] + (int) (seed % 3);
                    for (VectorKernels k : kernels) {
                        if (k.threads() == 3 && ab[1] != 0.5f) continue;   // 3 threads: one (alpha, beta) is enough
                        assertGemmChain(k, transA, false, s[0], s[1], s[2], ldb, ab[0], ab[1], seed);
                    }
                }
            }
        }
    }

    /** The same kernels instance alternating between row-blocked and tiled products keeps its buffers apart. */
    @Test
    void rowBlockedAndTiledCallsInTurnOnOneInstance() {
        VectorKernels k = new VectorKernels(2);
        for (int round = 0; round < 2; round++) {
            assertGemmChain(k, false, false, 3, 1000, 1100, 1000, -0.75f, 0.5f, SEED + 100 + round);
            assertGemmChain(k, false, false, 40, 300, 200, 300, 1f, 0f, SEED + 200 + round);
            assertGemmChain(k, true, false, 2, 1013, 1061, 1013, 1f, 0f, SEED + 300 + round);
        }
    }
}
