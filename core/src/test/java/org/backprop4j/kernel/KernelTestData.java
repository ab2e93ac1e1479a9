package org.backprop4j.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** Operands for the kernel tests. */
final class KernelTestData {
    private KernelTestData() {
    }

    /** {@code size} float32 values uniform in [-1, 1) from r. */
    static float[] floats(SplittableRandom r, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    /**
     * Element [i][j] of op(A)·op(B) in the order the gemm documents, computed naively:
     * {@code s = fma(op(A)[i][p], op(B)[p][j], s)} for p = 0..k-1, from s = 0.
     */
    static float fmaChain(boolean transA, boolean transB, int k, float[] a, int aOff, int lda,
                          float[] b, int bOff, int ldb, int i, int j) {
        float s = 0f;
        for (int p = 0; p < k; p++) {
            float x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            float y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
            s = Math.fma(x, y, s);
        }
        return s;
    }

    /**
     * One float32 gemm C = alpha·op(A)·op(B) + beta·C with random operands, offsets and padded lda and
     * ldc (ldb as given), checked bit for bit against the order the gemm documents, computed naively:
     * per element {@code s = fma(op(A)[i][p], op(B)[p][j], s)} for p = 0..k-1, then alpha·s, or
     * alpha·s + beta·c with separate roundings. With beta = 0, C starts as NaN (it must be overwritten,
     * not scaled); nothing outside C's m × n elements may change.
     */
    static void assertGemmChain(Kernels kernels, boolean transA, boolean transB, int m, int n, int k, int ldb,
                                float alpha, float beta, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int aOff = r.nextInt(4), bOff = r.nextInt(4), cOff = r.nextInt(4);
        int lda = (transA ? m : k) + r.nextInt(3), ldc = n + r.nextInt(3);
        float[] a = floats(r, aOff + (transA ? k : m) * lda + 3), b = floats(r, bOff + (transB ? n : k) * ldb + 3);
        float[] c = floats(r, cOff + m * ldc + 3);
        if (beta == 0f) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c[cOff + i * ldc + j] = Float.NaN;
        float[] before = c.clone();
        kernels.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        String what = String.format("gemm float32 %s%s m=%d n=%d k=%d alpha=%s beta=%s offsets %d/%d/%d lda=%d"
                + " ldb=%d ldc=%d on %d threads, seed %d", transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha,
                beta, aOff, bOff, cOff, lda, ldb, ldc, kernels.threads(), seed);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff, i = Math.floorDiv(rel, ldc), j = Math.floorMod(rel, ldc);
            if (!(rel >= 0 && i < m && j < n)) {
                if (Float.floatToRawIntBits(c[idx]) != Float.floatToRawIntBits(before[idx]))
                    fail(what + ": wrote index " + idx + " outside C (" + before[idx] + " -> " + c[idx] + ")");
                continue;
            }
            float s = fmaChain(transA, transB, k, a, aOff, lda, b, bOff, ldb, i, j);
            float expected = beta == 0f ? alpha * s : alpha * s + beta * before[idx];
            if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(c[idx]))
                fail(what + ": C[" + i + "][" + j + "] = " + c[idx] + ", the documented chain gives " + expected);
        }
    }
}
