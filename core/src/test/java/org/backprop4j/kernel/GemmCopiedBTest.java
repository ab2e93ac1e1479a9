package org.backprop4j.kernel;

import static org.backprop4j.kernel.KernelTestData.assertGemmChain;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The float32 gemm's products with op(B) = B whose rows span so much memory that
 * {@link VectorFloatGemm} copies every panel of B into its pack buffer instead of reading it where it
 * lies (A·B and Aᵀ·B with k·ldb above {@link KernelConstants#GEMM_COPY_B_MIN_SPAN}: a layer of 2048
 * or more units), bit for bit against the order the class documents, computed naively ({@link KernelTestData#assertGemmChain}): per
 * element, {@code s = fma(op(A)[i][p], B[p][j], s)} for p = 0..k-1, then alpha·s, or alpha·s + beta·c
 * with separate roundings. Also: the same bits for 1 to 4 threads, and nothing written outside the
 * m × n elements of C. The float64 gemm follows the same rule and is checked the same way. The spans
 * are reached with small m and n through padded leading dimensions, so the naive check stays cheap.
 */
class GemmCopiedBTest {
    private static final long SEED = 31_337L;
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {-0.75f, 0.5f}};
    /**
     * transA (0/1), m, n, k, ldb: a partial last strip (n % 16 ≠ 0) with a padded ldb; several panels
     * with ldb = n; 4-, 2- and 1-row tails; one row; Aᵀ·B with a partial strip and split over threads.
     * In float32 the products of up to 16 rows run row-blocked, not tiled
     * ({@link KernelConstants#GEMM_ROW_BLOCKED_MAX_ROWS}; GemmRowBlockedTest): the last two cases give
     * the tiled gemm's copied panels 2- and 1-row tails with more rows.
     */
    private static final int[][] CASES = {
            {0, 9, 70, 800, 1500}, {0, 6, 1100, 1000, 1100}, {0, 33, 96, 1100, 1000}, {0, 1, 64, 2000, 600},
            {0, 43, 300, 1030, 1030}, {1, 10, 70, 900, 1200}, {1, 40, 200, 1050, 1000}, {1, 7, 33, 1500, 800},
            {0, 18, 70, 800, 1500}, {1, 19, 33, 1500, 800}};

    /**
     * transA, m, n, k, ldb copied by the float32 rule for many rows only ({@link VectorFloatGemm#copiesB(int, int, int)}):
     * spans of 2¹⁹ values with 1024 or more rows of op(A), a partial strip, 4-row tails.
     */
    private static final int[][] WIDE_CASES = {{1, 1024, 40, 128, 4096}, {0, 1030, 33, 512, 1024}, {1, 1027, 100, 256, 2048}};

    @BeforeAll
    static void vectorModule() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not readable in this JVM");
    }

    @Test
    void theseShapesCopyBAndTheNetworksDoNot() {
        for (int[] c : CASES) assertTrue(VectorFloatGemm.copiesB(c[3], c[4]), "k=" + c[3] + " ldb=" + c[4]);
        // 784-256-128-10's products at batches up to 1024 (B read in place: dX's W, dW's X), and 1024 x 1024
        assertFalse(VectorFloatGemm.copiesB(256, 784));
        assertFalse(VectorFloatGemm.copiesB(1024, 784));
        assertFalse(VectorFloatGemm.copiesB(128, 4096));
        assertFalse(VectorFloatGemm.copiesB(1024, 1024));
        assertTrue(VectorFloatGemm.copiesB(1025, 1024));
    }

    @Test
    void float32AlsoCopiesHalfThatSpanForAThousandRowsOrMore() {
        for (int[] c : WIDE_CASES) {
            assertTrue(VectorFloatGemm.copiesB(c[1], c[3], c[4]), "m=" + c[1] + " k=" + c[3] + " ldb=" + c[4]);
            assertFalse(VectorFloatGemm.copiesB(c[3], c[4]), "the span rule alone, k=" + c[3] + " ldb=" + c[4]);
        }
        // the span rule still applies with few rows
        assertTrue(VectorFloatGemm.copiesB(1, 1025, 1024));
        // not for 1023 rows, nor for a span just under 2^19, nor for 784-256-128-10 (dW's m is 256 or 128)
        assertFalse(VectorFloatGemm.copiesB(1023, 128, 4096));
        assertFalse(VectorFloatGemm.copiesB(4096, 127, 4096));
        assertFalse(VectorFloatGemm.copiesB(256, 128, 784));
        assertFalse(VectorFloatGemm.copiesB(1024, 256, 784));
        assertFalse(VectorFloatGemm.copiesB(1024, 128, 1024));
    }

    @Test
    void theWideRuleKeepsTheChainForEveryThreadCount() {
        VectorKernels[] kernels = {new VectorKernels(1), new VectorKernels(2), new VectorKernels(3)};
        int caseNo = 0;
        for (int[] c : WIDE_CASES) {
            float[] ab = ALPHA_BETA[caseNo % ALPHA_BETA.length];
            long seed = SEED + 2000 + caseNo++;
            for (VectorKernels k : kernels) assertGemmChain(k, c[0] == 1, false, c[1], c[2], c[3], c[4], ab[0], ab[1], seed);
        }
    }

    @Test
    void everyElementIsTheDocumentedChainForEveryThreadCount() {
        VectorKernels[] kernels = {
                new VectorKernels(1), new VectorKernels(2), new VectorKernels(3), new VectorKernels(4)};
        int caseNo = 0;
        for (int[] c : CASES) {
            for (float[] ab : ALPHA_BETA) {
                long seed = SEED + caseNo++;
                for (VectorKernels k : kernels) assertGemmChain(k, c[0] == 1, false, c[1], c[2], c[3], c[4], ab[0], ab[1], seed);
            }
        }
    }

    @Test
    void float64TakesTheSameRuleAndKeepsTheChain() {
        VectorKernels[] kernels = {new VectorKernels(1), new VectorKernels(2), new VectorKernels(3)};
        int caseNo = 0;
        for (int[] c : CASES) {
            long seed = SEED + 1000 + caseNo++;
            float[] ab = ALPHA_BETA[caseNo % ALPHA_BETA.length];
            for (VectorKernels k : kernels) check64(k, c[0] == 1, c[1], c[2], c[3], c[4], ab[0], ab[1], seed);
        }
    }

    /** {@link KernelTestData#assertGemmChain} in float64 (B not transposed): the same chain with {@link Math#fma(double, double, double)}. */
    private static void check64(Kernels kernels, boolean transA, int m, int n, int k, int ldb, double alpha,
                                double beta, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int aOff = r.nextInt(4), bOff = r.nextInt(4), cOff = r.nextInt(4);
        int lda = (transA ? m : k) + r.nextInt(3), ldc = n + r.nextInt(3);
        double[] a = doubles(r, aOff + (transA ? k : m) * lda + 3), b = doubles(r, bOff + k * ldb + 3);
        double[] c = doubles(r, cOff + m * ldc + 3);
        if (beta == 0d) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[cOff + i * ldc + j] = Double.NaN;
        double[] before = c.clone();
        kernels.gemm(transA, false, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        String what = String.format("gemm float64 %sN m=%d n=%d k=%d alpha=%s beta=%s ldb=%d on %d threads, seed %d",
                transA ? "T" : "N", m, n, k, alpha, beta, ldb, kernels.threads(), seed);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff, i = Math.floorDiv(rel, ldc), j = Math.floorMod(rel, ldc);
            if (!(rel >= 0 && i < m && j < n)) {
                if (Double.doubleToRawLongBits(c[idx]) != Double.doubleToRawLongBits(before[idx]))
                    fail(what + ": wrote index " + idx + " outside C");
                continue;
            }
            double s = 0d;
            for (int p = 0; p < k; p++) s = Math.fma(transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p], b[bOff + p * ldb + j], s);
            double expected = beta == 0d ? alpha * s : alpha * s + beta * before[idx];
            if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(c[idx]))
                fail(what + ": C[" + i + "][" + j + "] = " + c[idx] + ", the documented chain gives " + expected);
        }
    }

    private static double[] doubles(SplittableRandom r, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) v[i] = r.nextDouble() * 2 - 1;
        return v;
    }
}
