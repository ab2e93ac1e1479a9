package org.backprop4j.kernel;

import static org.backprop4j.kernel.KernelTestData.floats;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The float32 gemm's A·Bᵀ products that {@link VectorFloatGemm} computes as their transpose (Cᵀ =
 * B·Aᵀ, stored transposed into C; a layer's forward product when the layer is at least twice as wide
 * as the batch), bit for bit against the order the class documents, computed here naively: per
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
     * m × n × k, all taken by the transposed path: the smallest (4 strips of rows in A), rows of Cᵀ
     * ending in 4-, 2- and 1-row tiles (n % 4 = 0..3), a partial last strip (m % 16 ≠ 0), a k below one
     * vector, and the network's forward products at batch 64 and 128 (split over threads).
     */
    private static final int[][] SHAPES = {
            {64, 128, 5}, {64, 129, 3}, {65, 131, 17}, {70, 142, 33}, {70, 200, 1}, {100, 203, 65},
            {64, 256, 784}, {128, 256, 784}, {64, 128, 256}, {96, 1000, 40}};

    @BeforeAll
    static void vectorModule() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not readable in this JVM");
    }

    @Test
    void theseShapesTakeTheTransposedPathAndOthersDoNot() {
        for (int[] s : SHAPES) {
            assertTrue(VectorFloatGemm.transposesOutput(false, true, s[0], s[1]), s[0] + "x" + s[1]);
        }
        // the other orientations, too few rows for 4-vector tiles, more than half as many rows as B
        int lanes = VectorFloatOps.LANES;
        assertFalse(VectorFloatGemm.transposesOutput(false, false, 64, 256));
        assertFalse(VectorFloatGemm.transposesOutput(true, true, 64, 256));
        assertFalse(VectorFloatGemm.transposesOutput(true, false, 64, 256));
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 4 * lanes - 1, 1000));
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 129, 257));
        assertFalse(VectorFloatGemm.transposesOutput(false, true, 200, 256));
    }

    @Test
    void everyElementIsTheDocumentedChainForEveryThreadCount() {
        VectorKernels[] kernels = {
                new VectorKernels(1), new VectorKernels(2), new VectorKernels(3), new VectorKernels(4)};
        int caseNo = 0;
        for (int[] s : SHAPES) {
            for (float[] ab : ALPHA_BETA) {
                long seed = SEED + caseNo++;
                for (VectorKernels k : kernels) check(k, s[0], s[1], s[2], ab[0], ab[1], seed);
            }
        }
    }

    /** One product with random offsets and padded leading dimensions, against the naive chain. */
    private static void check(Kernels kernels, int m, int n, int k, float alpha, float beta, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int aOff = r.nextInt(4), bOff = r.nextInt(4), cOff = r.nextInt(4);
        int lda = k + r.nextInt(3), ldb = k + r.nextInt(3), ldc = n + r.nextInt(3);
        float[] a = floats(r, aOff + m * lda + 3), b = floats(r, bOff + n * ldb + 3);
        float[] c = floats(r, cOff + m * ldc + 3);
        if (beta == 0f) {
            // beta = 0 must overwrite, not scale: NaN where C's elements are, a marker elsewhere
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[cOff + i * ldc + j] = Float.NaN;
        }
        float[] before = c.clone();
        kernels.gemm(false, true, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        String what = String.format("gemm float32 NT m=%d n=%d k=%d alpha=%s beta=%s offsets %d/%d/%d lda=%d ldb=%d"
                + " ldc=%d on %d threads, seed %d", m, n, k, alpha, beta, aOff, bOff, cOff, lda, ldb, ldc,
                kernels.threads(), seed);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff, i = Math.floorDiv(rel, ldc), j = Math.floorMod(rel, ldc);
            boolean inside = rel >= 0 && i < m && j < n;
            if (!inside) {
                if (Float.floatToRawIntBits(c[idx]) != Float.floatToRawIntBits(before[idx]))
                    fail(what + ": wrote index " + idx + " outside C (" + before[idx] + " -> " + c[idx] + ")");
                continue;
            }
            float s = 0f;
            for (int p = 0; p < k; p++) s = Math.fma(a[aOff + i * lda + p], b[bOff + j * ldb + p], s);
            float expected = beta == 0f ? alpha * s : alpha * s + beta * before[idx];
            if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(c[idx]))
                fail(what + ": C[" + i + "][" + j + "] = " + c[idx] + ", the documented chain gives " + expected);
        }
    }
}
