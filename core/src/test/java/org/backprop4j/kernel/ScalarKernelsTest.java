package org.backprop4j.kernel;

import static org.backprop4j.kernel.KernelTestData.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The reference against the formulas of {@link Kernels}, written out naively here in the order that
 * {@link ScalarKernels} documents ({@code s += x * y}, unfused, ascending), so that equality is exact.
 * Runs without the Vector API, so the reference is checked in every surefire execution. Seeded
 * (base seed {@value #SEED}); failure messages name the case.
 */
class ScalarKernelsTest {
    private static final long SEED = 77_001L;
    private static final int[] SIZES = {0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65};
    private final Kernels kernels = new ScalarKernels(2);

    @Test
    void gemmFollowsTheDocumentedOrder() {
        SplittableRandom r = new SplittableRandom(SEED);
        for (int m : new int[] {1, 3, 17, 65}) {
            for (int n : new int[] {1, 2, 16, 33}) {
                for (int k : new int[] {0, 1, 9, 64}) {
                    for (int t = 0; t < 4; t++) {
                        boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                        float alpha = t == 3 ? -0.5f : 1f, beta = t == 0 ? 0f : 0.25f;
                        int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 1, off = 3;
                        float[] a = floats(r, off + (ta ? k : m) * lda), b = floats(r, off + (tb ? n : k) * ldb);
                        float[] c = floats(r, off + m * ldc);
                        if (beta == 0f) Arrays.fill(c, Float.NaN);
                        float[] expected = c.clone();
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                float s = 0f;
                                for (int p = 0; p < k; p++) {
                                    float x = ta ? a[off + p * lda + i] : a[off + i * lda + p];
                                    float y = tb ? b[off + j * ldb + p] : b[off + p * ldb + j];
                                    s += x * y;
                                }
                                int q = off + i * ldc + j;
                                expected[q] = beta == 0f ? alpha * s : alpha * s + beta * c[q];
                            }
                        }
                        kernels.gemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, c, off, ldc);
                        assertBits(expected, c, "gemm " + (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n
                                + " k=" + k + " seed=" + SEED);
                    }
                }
            }
        }
    }

    /**
     * The copy of op(B) into row arrays ({@link ScalarKernels#copiesRows}: four rows of C at a time, then
     * one) gives the same bits as the naive order, float32 and float64, at shapes on both sides of its
     * bounds: 1-7, 9 and 130 rows (every remainder of four, split over 1-3 threads), 7-9 and 64 columns,
     * products around the multiply-add bound; every orientation, alpha and beta; offsets and padded
     * leading dimensions, whose values must stay as they were; one kernels object for all, so that its
     * row arrays are reused at other shapes. Some values are 0, -0, infinite or NaN (NaNs compare
     * equal whatever their bits: Java leaves the payload of a NaN result open, and the JIT may swap the
     * operands of a product).
     */
    @Test
    void gemmOverRowArraysFollowsTheDocumentedOrder() {
        SplittableRandom r = new SplittableRandom(SEED + 3);
        int copied = 0, notCopied = 0;
        for (int threads = 1; threads <= 3; threads++) {
            Kernels kernels = new ScalarKernels(threads);
            for (int m : new int[] {1, 2, 3, 4, 5, 6, 7, 9, 130}) {
                for (int n : new int[] {7, 8, 9, 64}) {
                    for (int k : new int[] {1, 101, 300}) {
                        if (ScalarKernels.copiesRows(m, n, k)) copied++;
                        else notCopied++;
                        for (int t = 0; t < 4; t++) {
                            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                            String what = (ta ? "T" : "N") + (tb ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                                    + " threads=" + threads + " seed=" + (SEED + 3);
                            checkFloatGemm(kernels, r, ta, tb, m, n, k, t == 3 ? -0.5f : 1f, t == 0 ? 0f : 0.25f,
                                    what);
                            checkDoubleGemm(kernels, r, ta, tb, m, n, k, t == 3 ? -0.5 : 1.0, t == 0 ? 0.0 : 0.25,
                                    what);
                        }
                    }
                }
            }
        }
        if (copied == 0 || notCopied == 0) fail("the shapes no longer reach both paths: " + copied + " copied, "
                + notCopied + " not");
    }

    /**
     * axpy and adam over enough elements to be split over the threads
     * ({@link KernelConstants#AXPY_PARALLEL_MIN}, {@link KernelConstants#ADAM_PARALLEL_MIN}, and one
     * element either side): every element as the one-thread loop computes it, written out here,
     * float32 and float64, at offsets, nothing outside the range touched.
     */
    @Test
    void largeUpdatesSplitOverTheThreadsChangeNoBit() {
        SplittableRandom r = new SplittableRandom(SEED + 4);
        for (int threads = 2; threads <= 3; threads++) {
            Kernels kernels = new ScalarKernels(threads);
            for (int n : new int[] {KernelConstants.ADAM_PARALLEL_MIN - 1, KernelConstants.ADAM_PARALLEL_MIN + 1,
                    KernelConstants.AXPY_PARALLEL_MIN - 1, KernelConstants.AXPY_PARALLEL_MIN + 1}) {
                String what = " n=" + n + " threads=" + threads + " seed=" + (SEED + 4);
                float[] x = floats(r, n + 3), y = floats(r, n + 5), want = y.clone();
                for (int i = 0; i < n; i++) want[2 + i] += 0.75f * x[1 + i];
                kernels.axpy(n, 0.75f, x, 1, y, 2);
                assertBits(want, y, "axpy" + what);
                double[] dx = doubles(r, n + 3), dy = doubles(r, n + 5), dwant = dy.clone();
                for (int i = 0; i < n; i++) dwant[2 + i] += -1.5 * dx[1 + i];
                kernels.axpy(n, -1.5, dx, 1, dy, 2);
                for (int i = 0; i < dy.length; i++) assertEquals(dwant[i], dy[i], 0.0, "float64 axpy, index " + i + what);

                float[] w = floats(r, n + 1), g = floats(r, n + 2), m = floats(r, n + 3), v = floats(r, n + 4);
                for (int i = 0; i < v.length; i++) v[i] = Math.abs(v[i]);
                float[] ww = w.clone(), mw = m.clone(), vw = v.clone();
                float b1 = 0.9f, c1 = 0.1f, b2 = 0.999f, c2 = 1e-3f, eps = 1e-8f, step = 1e-3f, root = 1.5f, l2 = 1e-4f,
                        shrink = 0.999f;
                for (int i = 0; i < n; i++) {
                    float wj = ww[1 + i] * shrink;
                    float gj = g[2 + i] + l2 * wj;
                    float mj = b1 * mw[3 + i] + c1 * gj;
                    float vj = b2 * vw[4 + i] + c2 * (gj * gj);
                    mw[3 + i] = mj;
                    vw[4 + i] = vj;
                    ww[1 + i] = wj - step * (mj / ((float) Math.sqrt(vj) * root + eps));
                }
                kernels.adam(n, w, 1, g, 2, m, 3, v, 4, b1, c1, b2, c2, eps, step, root, l2, shrink);
                assertBits(ww, w, "adam w" + what);
                assertBits(mw, m, "adam m" + what);
                assertBits(vw, v, "adam v" + what);

                double[] dw = doubles(r, n + 1), dg = doubles(r, n + 2), dm = doubles(r, n + 3), dv = doubles(r, n + 4);
                for (int i = 0; i < dv.length; i++) dv[i] = Math.abs(dv[i]);
                double[] dww = dw.clone(), dmw = dm.clone(), dvw = dv.clone();
                for (int i = 0; i < n; i++) {
                    double wj = dww[1 + i] * 0.999;
                    double gj = dg[2 + i] + 1e-4 * wj;
                    double mj = 0.9 * dmw[3 + i] + 0.1 * gj;
                    double vj = 0.999 * dvw[4 + i] + 1e-3 * (gj * gj);
                    dmw[3 + i] = mj;
                    dvw[4 + i] = vj;
                    dww[1 + i] = wj - 1e-3 * (mj / (Math.sqrt(vj) * 1.5 + 1e-8));
                }
                kernels.adam(n, dw, 1, dg, 2, dm, 3, dv, 4, 0.9, 0.1, 0.999, 1e-3, 1e-8, 1e-3, 1.5, 1e-4, 0.999);
                for (int i = 0; i < dw.length; i++) {
                    assertEquals(dww[i], dw[i], 0.0, "float64 adam w, index " + i + what);
                    assertEquals(dmw[i], dm[i], 0.0, "float64 adam m, index " + i + what);
                    assertEquals(dvw[i], dv[i], 0.0, "float64 adam v, index " + i + what);
                }
            }
        }
    }

    /**
     * float64 gemv, both orientations, four elements of y at a time and the rest one by one (1-9 and 33
     * rows and columns), against the naive order: s += a·x, p ascending, then alpha·s (+ beta·y); at
     * offsets, padding untouched.
     */
    @Test
    void float64GemvFollowsTheDocumentedOrder() {
        SplittableRandom r = new SplittableRandom(SEED + 5);
        for (int m : new int[] {1, 3, 4, 5, 8, 9, 33}) {
            for (int n : new int[] {0, 1, 4, 7, 33}) {
                for (boolean transA : new boolean[] {false, true}) {
                    int lda = n + 2, rows = transA ? n : m, inner = transA ? m : n;
                    double alpha = transA ? -0.5 : 2.0, beta = m % 2 == 0 ? 0.0 : 0.25;
                    double[] a = doubles(r, 1 + m * lda), x = doubles(r, 2 + inner), y = doubles(r, 3 + rows + 1);
                    double[] want = y.clone();
                    for (int i = 0; i < rows; i++) {
                        double s = 0d;
                        for (int p = 0; p < inner; p++) s += (transA ? a[1 + p * lda + i] : a[1 + i * lda + p]) * x[2 + p];
                        want[3 + i] = beta == 0d ? alpha * s : alpha * s + beta * y[3 + i];
                    }
                    kernels.gemv(transA, m, n, alpha, a, 1, lda, x, 2, beta, y, 3);
                    for (int q = 0; q < y.length; q++) {
                        assertEquals(Double.doubleToLongBits(want[q]), Double.doubleToLongBits(y[q]),
                                "float64 gemv " + (transA ? "T" : "N") + " m=" + m + " n=" + n + " index " + q
                                        + " seed=" + (SEED + 5));
                    }
                }
            }
        }
    }

    /**
     * A gemm that throws while copying op(B) (here: B shorter than its shape says) leaves the kernels
     * usable: the next products, with and without the copy, are right.
     */
    @Test
    void aGemmThatFailsInItsCopyLeavesTheKernelsUsable() {
        for (int threads = 1; threads <= 2; threads++) {
            Kernels kernels = new ScalarKernels(threads);
            float[] a = new float[8 * 600], shortB = new float[10], c = new float[8 * 64];
            assertThrows(IndexOutOfBoundsException.class,
                    () -> kernels.gemm(false, true, 8, 64, 600, 1f, a, 0, 600, shortB, 0, 600, 0f, c, 0, 64));
            float[] x = {2f}, y = {3f}, z = {0f};
            kernels.gemm(false, false, 1, 1, 1, 1f, x, 0, 1, y, 0, 1, 0f, z, 0, 1);
            assertEquals(6f, z[0], "1×1×1 after the failed call, threads=" + threads);
            double[] dx = {2}, dy = {-4}, dz = {0};
            kernels.gemm(false, false, 1, 1, 1, 1.0, dx, 0, 1, dy, 0, 1, 0.0, dz, 0, 1);
            assertEquals(-8.0, dz[0], "float64 1×1×1 after the failed call, threads=" + threads);
            float[] a2 = new float[4 * 3], b2 = new float[3 * 8], c2 = new float[4 * 8];
            java.util.Arrays.fill(a2, 1f);
            java.util.Arrays.fill(b2, 0.5f);
            kernels.gemm(false, false, 4, 8, 3, 1f, a2, 0, 3, b2, 0, 8, 0f, c2, 0, 8);
            for (float v : c2) assertEquals(1.5f, v, "4×8×3 after the failed call, threads=" + threads);
        }
    }

    private static final float[] SPECIAL = {0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};

    private static void checkFloatGemm(Kernels kernels, SplittableRandom r, boolean ta, boolean tb, int m, int n,
                                       int k, float alpha, float beta, String what) {
        int lda = (ta ? m : k) + 1, ldb = (tb ? k : n) + 2, ldc = n + 3, off = 2;
        float[] a = floats(r, off + (ta ? k : m) * lda + 1), b = floats(r, off + (tb ? n : k) * ldb + 1);
        float[] c = floats(r, off + m * ldc + 1);
        for (int q = 0; q < 3; q++) {
            a[r.nextInt(a.length)] = SPECIAL[r.nextInt(SPECIAL.length)];
            b[r.nextInt(b.length)] = SPECIAL[r.nextInt(SPECIAL.length)];
        }
        float[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += (ta ? a[off + p * lda + i] : a[off + i * lda + p]) * (tb ? b[off + j * ldb + p] : b[off + p * ldb + j]);
                }
                int q = off + i * ldc + j;
                expected[q] = beta == 0f ? alpha * s : alpha * s + beta * c[q];
            }
        }
        kernels.gemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, c, off, ldc);
        for (int q = 0; q < expected.length; q++) {
            if (Float.floatToIntBits(expected[q]) != Float.floatToIntBits(c[q]))
                fail("gemm " + what + ": index " + q + ": got " + c[q] + ", expected " + expected[q]);
        }
    }

    private static void checkDoubleGemm(Kernels kernels, SplittableRandom r, boolean ta, boolean tb, int m, int n,
                                        int k, double alpha, double beta, String what) {
        int lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 1, ldc = n + 2, off = 1;
        double[] a = doubles(r, off + (ta ? k : m) * lda + 1), b = doubles(r, off + (tb ? n : k) * ldb + 1);
        double[] c = doubles(r, off + m * ldc + 1);
        for (int q = 0; q < 3; q++) {
            a[r.nextInt(a.length)] = SPECIAL[r.nextInt(SPECIAL.length)];
            b[r.nextInt(b.length)] = SPECIAL[r.nextInt(SPECIAL.length)];
        }
        double[] expected = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0d;
                for (int p = 0; p < k; p++) {
                    s += (ta ? a[off + p * lda + i] : a[off + i * lda + p]) * (tb ? b[off + j * ldb + p] : b[off + p * ldb + j]);
                }
                int q = off + i * ldc + j;
                expected[q] = beta == 0d ? alpha * s : alpha * s + beta * c[q];
            }
        }
        kernels.gemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, c, off, ldc);
        for (int q = 0; q < expected.length; q++) {
            if (Double.doubleToLongBits(expected[q]) != Double.doubleToLongBits(c[q]))
                fail("float64 gemm " + what + ": index " + q + ": got " + c[q] + ", expected " + expected[q]);
        }
    }

    private static double[] doubles(SplittableRandom r, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) v[i] = r.nextDouble() * 2 - 1;
        return v;
    }

    @Test
    void float64GemmMatchesTheExactProductClosely() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        int m = 33, n = 17, k = 65;
        double[] a = new double[m * k], b = new double[k * n], c = new double[m * n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextDouble() - 0.5;
        for (int i = 0; i < b.length; i++) b[i] = r.nextDouble() - 0.5;
        kernels.gemm(false, false, m, n, k, 2.0, a, 0, k, b, 0, n, 0.0, c, 0, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                BigDecimal exact = BigDecimal.ZERO;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    exact = exact.add(new BigDecimal(a[i * k + p]).multiply(new BigDecimal(b[p * n + j])));
                    magnitude += Math.abs(a[i * k + p] * b[p * n + j]);
                }
                double want = 2 * exact.doubleValue();
                assertEquals(want, c[i * n + j], 2 * (k + 1) * 0x1p-53 * magnitude,
                        "C[" + i + "][" + j + "] seed=" + (SEED + 1));
            }
        }
    }

    @Test
    void levelOneAndTwoFollowTheirFormulas() {
        SplittableRandom r = new SplittableRandom(SEED + 2);
        for (int n : SIZES) {
            float[] x = floats(r, n + 2), y = floats(r, n + 3), z = floats(r, n + 1);
            String what = " n=" + n + " seed=" + (SEED + 2);
            float dot = 0f, sum = 0f;
            for (int i = 0; i < n; i++) {
                dot += x[i + 2] * y[i + 3];
                sum += x[i + 2];
            }
            assertEquals(Float.floatToIntBits(dot), Float.floatToIntBits(kernels.dot(n, x, 2, y, 3)), "dot" + what);
            assertEquals(Float.floatToIntBits(sum), Float.floatToIntBits(kernels.sum(n, x, 2)), "sum" + what);

            float[] want = y.clone(), got = y.clone();
            for (int i = 0; i < n; i++) want[i + 3] += 0.5f * x[i + 2];
            kernels.axpy(n, 0.5f, x, 2, got, 3);
            assertBits(want, got, "axpy" + what);

            want = x.clone(); got = x.clone();
            for (int i = 0; i < n; i++) want[i + 2] *= -3f;
            kernels.scale(n, -3f, got, 2);
            assertBits(want, got, "scale" + what);

            want = z.clone(); got = z.clone();
            for (int i = 0; i < n; i++) want[i + 1] = x[i + 2] * y[i + 3];
            kernels.multiply(n, x, 2, y, 3, got, 1);
            assertBits(want, got, "multiply" + what);

            int m = 5, lda = n + 1;
            float[] a = floats(r, 1 + m * lda), v = floats(r, n + 1);
            float[] gemvWant = floats(r, 1 + Math.max(m, n)), gemvGot = gemvWant.clone();
            for (int i = 0; i < m; i++) {
                float s = 0f;
                for (int p = 0; p < n; p++) s += a[1 + i * lda + p] * v[1 + p];
                gemvWant[1 + i] = 2f * s + 0.5f * gemvWant[1 + i];
            }
            kernels.gemv(false, m, n, 2f, a, 1, lda, v, 1, 0.5f, gemvGot, 1);
            assertBits(gemvWant, gemvGot, "gemv N" + what);

            float[] w = floats(r, 1 + m), colWant = floats(r, 1 + n), colGot = colWant.clone();
            float[] tWant = floats(r, 1 + n), tGot = tWant.clone();
            for (int j = 0; j < n; j++) {
                float s = 0f, cs = 0f;
                for (int i = 0; i < m; i++) {
                    s += a[1 + i * lda + j] * w[1 + i];
                    cs += a[1 + i * lda + j];
                }
                tWant[1 + j] = -1f * s;
                colWant[1 + j] = 0.5f * cs + 2f * colWant[1 + j];
            }
            kernels.gemv(true, m, n, -1f, a, 1, lda, w, 1, 0f, tGot, 1);
            assertBits(tWant, tGot, "gemv T" + what);
            kernels.columnSums(m, n, 0.5f, a, 1, lda, 2f, colGot, 1);
            assertBits(colWant, colGot, "columnSums" + what);

            float[] rowWant = a.clone(), rowGot = a.clone();
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) rowWant[1 + i * lda + j] += v[1 + j];
            kernels.addRowVector(m, n, v, 1, rowGot, 1, lda);
            assertBits(rowWant, rowGot, "addRowVector" + what);
        }
    }

    /**
     * Adam by hand: on the first step (m = v = 0, t = 1) the bias-corrected m̂/√v̂ is g/|g|, so every
     * weight moves by the learning rate against the sign of its gradient (eps aside); AdamW's decoupled
     * decay first shrinks the weight by 1 − η·λ. Then a second step, computed here in float64 from the
     * update rule: m = β₁m + (1−β₁)g, v = β₂v + (1−β₂)g², w −= η/(1−β₁²) · m / (√v/√(1−β₂²) + ε).
     */
    @Test
    void adamMovesTheFirstStepByTheLearningRate() {
        float lr = 1e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
        float[] w = {0.5f, -2f, 3f, 0f}, g = {0.25f, -1e-3f, 7f, -4f}, m = new float[4], v = new float[4];
        float step1 = lr / (1 - b1), root1 = (float) (1 / Math.sqrt(1 - b2));
        kernels.adam(4, w, 0, g, 0, m, 0, v, 0, b1, 1 - b1, b2, 1 - b2, eps, step1, root1, 0f, 1f);
        float[] expected = {0.5f - lr, -2f + lr, 3f - lr, 0f + lr};
        for (int i = 0; i < 4; i++) assertEquals(expected[i], w[i], 1e-6, "adam step 1, weight " + i);
        // second step with the gradients again, in float64 by hand (with the float32 constants passed)
        double c1 = 1 - b1, c2 = 1 - b2;
        double[] mm = new double[4], vv = new double[4];
        for (int i = 0; i < 4; i++) {
            mm[i] = b1 * (c1 * g[i]) + c1 * g[i];
            vv[i] = b2 * (c2 * g[i] * g[i]) + c2 * g[i] * g[i];
        }
        double step2 = 1e-3 / (1 - 0.9 * 0.9), root2 = 1 / Math.sqrt(1 - 0.999 * 0.999);
        float[] before = w.clone();
        kernels.adam(4, w, 0, g, 0, m, 0, v, 0, b1, 1 - b1, b2, 1 - b2, eps, (float) step2, (float) root2,
                0f, 1f);
        for (int i = 0; i < 4; i++) {
            assertEquals(mm[i], m[i], 1e-6 * Math.abs(mm[i]), "m after step 2, weight " + i);
            assertEquals(vv[i], v[i], 1e-5 * Math.abs(vv[i]), "v after step 2, weight " + i);
            double want = before[i] - step2 * mm[i] / (Math.sqrt(vv[i]) * root2 + 1e-8);
            assertEquals(want, w[i], 1e-6, "w after step 2, weight " + i);
        }
        // AdamW: decoupled decay shrinks the weight before the step
        float[] wd = {1f}, gd = {0.5f}, md = {0f}, vd = {0f};
        kernels.adam(1, wd, 0, gd, 0, md, 0, vd, 0, b1, 1 - b1, b2, 1 - b2, eps, step1, root1, 0f, 1 - lr * 0.1f);
        assertEquals(1f * (1 - lr * 0.1f) - lr, wd[0], 1e-6, "adamw step 1");
    }


    private static void assertBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i]))
                fail(what + ": index " + i + ": got " + actual[i] + ", expected " + expected[i]);
        }
    }
}
