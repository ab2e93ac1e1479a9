package org.backprop4j.kernel;

import static org.backprop4j.kernel.KernelTestData.floats;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The float32 gemv with op(A) = A of {@link VectorKernels} (a layer's forward pass for one sample)
 * bit for bit against the order {@link VectorFloatOps#rowDots} documents, computed here naively lane
 * by lane: per row, an even and an odd fma chain over the whole vectors, added lane by lane, the
 * lanes folded pairwise (lane l + L/2 onto lane l, then l + L/4, …), an fma chain over the last n % L
 * columns, then alpha·s (+ beta·y). And the same bits for 1 to 4 threads, where large products are
 * split by rows; and gemvRows, several vectors at once, each with gemv's bits. (KernelParityTest
 * compares them with the scalar kernels within the rounding bound.)
 */
class GemvOrderTest {
    private static final long SEED = 4_242L;
    private static final float[][] ALPHA_BETA = {{1f, 0f}, {1f, 1f}, {-0.75f, 0.5f}};

    @BeforeAll
    static void vectorModule() {
        Assumptions.assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "jdk.incubator.vector is not readable in this JVM");
    }

    @Test
    void everyRowIsTheDocumentedChainAndFold() {
        int lanes = VectorFloatOps.LANES;
        // rows: below, at and past the 4-row blocks; columns: below one vector, whole even/odd numbers of
        // vectors, with and without a tail, and a layer's width
        int[] ms = {1, 3, 4, 5, 8, 11, 64, 257};
        int[] ns = {1, lanes - 1, lanes, lanes + 1, 2 * lanes, 3 * lanes, 3 * lanes + 5, 4 * lanes + 1, 784};
        VectorKernels kernels = new VectorKernels(2);
        int caseNo = 0;
        for (int m : ms) {
            for (int n : ns) {
                for (float[] ab : ALPHA_BETA) check(kernels, m, n, ab[0], ab[1], SEED + caseNo++, lanes);
            }
        }
    }

    @Test
    void bitIdenticalForEveryThreadCountWhenSplitByRows() {
        int lanes = VectorFloatOps.LANES;
        VectorKernels[] kernels = {new VectorKernels(1), new VectorKernels(2), new VectorKernels(3), new VectorKernels(4)};
        int[][] shapes = {{256, 784}, {128, 256}, {33, 1000}, {1003, 33}, {9, 4096}};
        int caseNo = 0;
        for (int[] s : shapes) {
            if ((long) s[0] * s[1] < VectorKernels.GEMV_PARALLEL_MIN) fail(s[0] + "x" + s[1] + " would not be split");
            for (VectorKernels k : kernels) check(k, s[0], s[1], 1.25f, caseNo % 2 == 0 ? 0f : 0.5f, SEED * 7 + caseNo, lanes);
            caseNo++;
        }
    }

    /**
     * Callers sharing one instance: the one that finds the row split busy computes alone, so every
     * caller gets its own product's bits, whoever splits.
     */
    @Test
    void concurrentCallersEachGetTheirOwnProduct() throws Exception {
        int lanes = VectorFloatOps.LANES;
        VectorKernels shared = new VectorKernels(2);
        int callers = 4;
        Thread[] threads = new Thread[callers];
        Throwable[] failures = new Throwable[callers];
        for (int c = 0; c < callers; c++) {
            final int caller = c;
            threads[c] = new Thread(() -> {
                try {
                    for (int i = 0; i < 40; i++) check(shared, 64 + caller, 600, 1f, 0f, SEED * 13 + caller * 1000 + i, lanes);
                } catch (Throwable e) {
                    failures[caller] = e;
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) t.join();
        for (Throwable f : failures) if (f != null) throw new AssertionError("a concurrent caller failed: " + f, f);
    }

    /**
     * gemvRows (a dense layer's forward product for a few rows): every vector's result is the
     * documented gemv order bit for bit, for 1 to 8 vectors (taken four, two and one at a time), rows of
     * A below, at and past the blocks of two and four, on 1 to 3 threads, with gaps between the
     * vectors and between the results that must stay untouched.
     */
    @Test
    void gemvRowsGivesEveryVectorTheDocumentedBits() {
        int lanes = VectorFloatOps.LANES;
        VectorKernels[] kernels = {new VectorKernels(1), new VectorKernels(2), new VectorKernels(3)};
        int[] ms = {1, 2, 3, 5, 8, 11, 64, 257};
        int[] ns = {1, lanes - 1, lanes + 1, 2 * lanes, 3 * lanes + 5, 784};
        int caseNo = 0;
        for (int count = 1; count <= 8; count++) {
            for (int m : ms) {
                for (int n : ns) {
                    float[] ab = ALPHA_BETA[caseNo % ALPHA_BETA.length];
                    checkRows(kernels[caseNo % kernels.length], count, m, n, ab[0], ab[1], SEED * 5 + caseNo, lanes);
                    caseNo++;
                }
            }
        }
        // large enough to be split over the threads (count·m·n ≥ 2^15), with 4 + 2 + 1 vectors
        for (VectorKernels k : kernels) {
            checkRows(k, 7, 256, 784, 1f, 0f, SEED * 11, lanes);
            checkRows(k, 3, 130, 300, -0.75f, 0.5f, SEED * 11 + 1, lanes);
        }
    }

    /**
     * More than four vectors over blocks of rows of A: every vector still has the documented bits, for
     * blocks of 4 to 12 rows cutting A at and off its two- and four-row steps (the bounds passed in,
     * so that small products are blocked), and for a product past the real bound
     * ({@link KernelConstants#GEMV_ROWS_BLOCK_MIN_FLOATS} values on one thread).
     */
    @Test
    void gemvRowsOverBlocksOfRowsGivesEveryVectorTheDocumentedBits() {
        int lanes = VectorFloatOps.LANES;
        int[] ms = {3, 4, 9, 30, 257};
        int[][] blocks = {{1, 4}, {3 * lanes + 5, 4}, {lanes, 8 * lanes}, {100, 1300}};   // {n, block floats}
        int caseNo = 0;
        for (int count = 5; count <= 8; count++) {
            for (int m : ms) {
                for (int[] nb : blocks) {
                    float[] ab = ALPHA_BETA[caseNo % ALPHA_BETA.length];
                    int blockFloats = nb[1];
                    checkRows("rowDotsMany, blocks of " + Math.max(4, blockFloats / nb[0] / 4 * 4) + " rows",
                            (c, mm, n, alpha, a, aOff, lda, x, xOff, ldx, beta, y, yOff, ldy) ->
                                    VectorFloatOps.rowDotsMany(0, mm, n, alpha, a, aOff, lda, x, xOff, ldx, c, beta,
                                            y, yOff, ldy, 0, blockFloats),
                            count, m, nb[0], ab[0], ab[1], SEED * 17 + caseNo, lanes);
                    caseNo++;
                }
            }
        }
        int m = 1030, n = 4099;   // 1030 · 4099 ≥ 2^22: blocks of 4 rows; the last block 2 rows
        if ((long) m * n < KernelConstants.GEMV_ROWS_BLOCK_MIN_FLOATS) fail(m + "x" + n + " would not be blocked");
        checkRows(new VectorKernels(1), 5, m, n, 1f, 0f, SEED * 19, lanes);
    }

    /** A product of several vectors, as {@link Kernels#gemvRows} takes them. */
    @FunctionalInterface
    private interface RowsProduct {
        void run(int count, int m, int n, float alpha, float[] a, int aOff, int lda, float[] x, int xOff, int ldx,
                 float beta, float[] y, int yOff, int ldy);
    }

    private static void checkRows(Kernels k, int count, int m, int n, float alpha, float beta, long seed, int lanes) {
        checkRows("gemvRows on " + k.threads() + " thread(s)", k::gemvRows, count, m, n, alpha, beta, seed, lanes);
    }

    private static void checkRows(String who, RowsProduct k, int count, int m, int n, float alpha, float beta,
                                  long seed, int lanes) {
        SplittableRandom r = new SplittableRandom(seed);
        int lda = n + r.nextInt(3), ldx = n + r.nextInt(4), ldy = m + r.nextInt(4);
        int aOff = r.nextInt(5), xOff = r.nextInt(5), yOff = r.nextInt(5);
        float[] a = floats(r, aOff + m * lda + 2), x = floats(r, xOff + count * ldx + 2);
        float[] y0 = floats(r, yOff + count * ldy + 2);
        if (beta == 0f) for (int v = 0; v < count; v++) Arrays.fill(y0, yOff + v * ldy, yOff + v * ldy + m, Float.NaN);
        float[] y = y0.clone();
        k.run(count, m, n, alpha, a, aOff, lda, x, xOff, ldx, beta, y, yOff, ldy);
        String what = String.format("%s: count=%d m=%d n=%d alpha=%s beta=%s ldx=%d ldy=%d, seed %d",
                who, count, m, n, alpha, beta, ldx, ldy, seed);
        for (int q = 0; q < y.length; q++) {
            int v = q < yOff ? -1 : (q - yOff) / ldy, i = q < yOff ? -1 : (q - yOff) % ldy;
            float expected;
            boolean inside = v >= 0 && v < count && i < m;
            if (!inside) {
                expected = y0[q];
            } else {
                float s = documentedDot(a, aOff + i * lda, x, xOff + v * ldx, n, lanes);
                expected = beta == 0f ? alpha * s : alpha * s + beta * y0[q];
            }
            if (Float.floatToRawIntBits(y[q]) != Float.floatToRawIntBits(expected))
                fail(what + ": y[" + q + "] (vector " + v + ", row " + i + ") = " + y[q] + ", expected " + expected
                        + (inside ? "" : " (outside the results: must be untouched)"));
        }
    }

    /** One product with random offsets and a wider row stride, against the naive documented order. */
    private static void check(Kernels k, int m, int n, float alpha, float beta, long seed, int lanes) {
        SplittableRandom r = new SplittableRandom(seed);
        int lda = n + r.nextInt(3), aOff = r.nextInt(5), xOff = r.nextInt(5), yOff = r.nextInt(5);
        float[] a = floats(r, aOff + m * lda + 2), x = floats(r, xOff + n + 2), y0 = floats(r, yOff + m + 2);
        if (beta == 0f) Arrays.fill(y0, Float.NaN);   // must be overwritten, not scaled
        float[] y = y0.clone();
        k.gemv(false, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        String what = String.format("gemv N m=%d n=%d alpha=%s beta=%s on %d thread(s), seed %d", m, n, alpha, beta,
                k.threads(), seed);
        for (int q = 0; q < y.length; q++) {
            int i = q - yOff;
            float expected;
            if (i < 0 || i >= m) {
                expected = y0[q];
            } else {
                float s = documentedDot(a, aOff + i * lda, x, xOff, n, lanes);
                expected = beta == 0f ? alpha * s : alpha * s + beta * y0[q];
            }
            if (Float.floatToRawIntBits(y[q]) != Float.floatToRawIntBits(expected))
                fail(what + ": y[" + i + "] = " + y[q] + ", expected " + expected
                        + (i < 0 || i >= m ? " (outside y: must be untouched)" : ""));
        }
    }

    /** The order of VectorFloatOps.rowDots for one row, lane by lane in scalar code. */
    static float documentedDot(float[] a, int ao, float[] x, int xo, int n, int lanes) {
        int whole = n / lanes * lanes, pairs = n / (2 * lanes) * (2 * lanes);
        float[] even = new float[lanes], odd = new float[lanes];
        int p = 0;
        for (; p < pairs; p += 2 * lanes) {
            for (int l = 0; l < lanes; l++) {
                even[l] = Math.fma(a[ao + p + l], x[xo + p + l], even[l]);
                odd[l] = Math.fma(a[ao + p + lanes + l], x[xo + p + lanes + l], odd[l]);
            }
        }
        if (p < whole) for (int l = 0; l < lanes; l++) even[l] = Math.fma(a[ao + p + l], x[xo + p + l], even[l]);
        float[] v = new float[lanes];
        for (int l = 0; l < lanes; l++) v[l] = even[l] + odd[l];
        for (int h = lanes / 2; h >= 1; h /= 2) {
            float[] w = new float[lanes];
            for (int l = 0; l < lanes; l++) w[l] = v[l] + v[(l + h) % lanes];
            v = w;
        }
        float s = v[0];
        for (int q = whole; q < n; q++) s = Math.fma(a[ao + q], x[xo + q], s);
        return s;
    }
}
