package org.backprop4j.kernel;

import static org.backprop4j.kernel.KernelTestData.floats;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
