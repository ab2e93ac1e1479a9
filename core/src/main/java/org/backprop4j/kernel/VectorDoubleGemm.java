package org.backprop4j.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.internal.WorkerPool;

/**
 * Float64 gemm on the Vector API: register-blocked micro-kernels of up to 4 rows × 6 vectors
 * (24 accumulators, 8 lanes each on AVX-512), each element summed as a fused multiply-add chain
 * over p ascending, the same order as {@link VectorFloatGemm} (which is tuned further). The tiling,
 * the packing of Bᵀ and the thread split are described in {@link VectorGemm}.
 *
 * <p>Products with fewer than {@link KernelConstants#VECTOR_GEMM_MIN_FLOPS} multiply-adds run a
 * scalar loop with {@link Math#fma(double, double, double)} in the same order instead, which gives the
 * same bits without the set-up.
 */
final class VectorDoubleGemm extends VectorGemm {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private double[] packed = new double[0];
    private double[][] scratch = new double[0][];

    private boolean transA, transB;
    /**
     * Every strip of op(B) is read from the pack buffer: always for Bᵀ, and for B by the float32 gemm's
     * span rule ({@link VectorFloatGemm#copiesB(int, int)}; measured here too, one thread: 128×4096×4096 A·B 8.8 against
     * 21.7 GFLOP/s, Aᵀ·B 4096×4096×512 14.0 against 27.5).
     */
    private boolean packAll;
    private int aOff, lda, bOff, ldb, cOff, ldc;
    private double alpha, beta;
    private double[] a, b, c;

    VectorDoubleGemm(WorkerPool pool, int maxStrips) {
        super(pool, L, maxStrips);
    }

    /** C = alpha·op(A)·op(B) + beta·C, {@link Kernels#gemm} semantics. */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
              double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if ((long) m * n * k < KernelConstants.VECTOR_GEMM_MIN_FLOPS) {
            smallProduct(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        this.transA = transA; this.transB = transB; this.m = m; this.n = n; this.k = k;
        this.alpha = alpha; this.a = a; this.aOff = aOff; this.lda = lda;
        this.b = b; this.bOff = bOff; this.ldb = ldb; this.beta = beta; this.c = c; this.cOff = cOff; this.ldc = ldc;
        this.packAll = transB || VectorFloatGemm.copiesB(k, ldb);
        try {
            execute();
        } finally {
            this.a = this.b = this.c = null;
        }
    }

    /** The micro-kernels' fma chain, element by element, for products too small to tile. */
    private static void smallProduct(boolean transA, boolean transB, int m, int n, int k,
                                     double alpha, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                                     double beta, double[] c, int cOff, int ldc) {
        int aRow = transA ? 1 : lda, aStep = transA ? lda : 1;
        int bCol = transB ? ldb : 1, bStep = transB ? 1 : ldb;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0d;
                int ai = aOff + i * aRow, bi = bOff + j * bCol;
                for (int p = 0; p < k; p++) s = Math.fma(a[ai + p * aStep], b[bi + p * bStep], s);
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0d ? alpha * s : alpha * s + beta * c[ci];
            }
        }
    }

    @Override
    boolean packsAllStrips() {
        return packAll;
    }

    @Override
    void reserve(int parts, int strips) {
        long size = (long) (packAll ? strips : 1) * L * k;
        if (size > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException("gemm operand too large to pack: n=" + n + ", k=" + k);
        if (packed.length < size) packed = new double[(int) size];
        if (scratch.length < parts) {
            double[][] grown = new double[parts][];
            System.arraycopy(scratch, 0, grown, 0, scratch.length);
            for (int i = scratch.length; i < parts; i++) grown[i] = new double[TILE_ROWS * maxStrips * L];
            scratch = grown;
        }
    }

    /** Where strip s lies in the pack buffer: every strip when Bᵀ is packed, else only the edge strip, at 0. */
    private int packedOffset(int s) {
        return packAll ? s * L * k : 0;
    }

    @Override
    void packStrip(int s) {
        double[] b = this.b, bp = this.packed;
        int k = this.k, j0 = s * L, width = Math.min(L, n - j0), base = packedOffset(s);
        if (!transB) {
            // op(B)[p][j] = B[p][j]: the edge strip, or every strip when B is copied
            for (int p = 0; p < k; p++) {
                int src = bOff + p * ldb + j0, dst = base + p * L;
                for (int l = 0; l < width; l++) bp[dst + l] = b[src + l];
                for (int l = width; l < L; l++) bp[dst + l] = 0d;
            }
            return;
        }
        // op(B)[p][j] = B[j][p]: a transpose, in blocks of steps so that the strip being written stays in
        // L1, four source rows at a time (measured fastest of the plain loops; Vector API shuffles were slower)
        int block = KernelConstants.PACK_TRANSPOSE_BLOCK;
        for (int p0 = 0; p0 < k; p0 += block) {
            int p1 = Math.min(k, p0 + block), l = 0;
            for (; l + 4 <= width; l += 4) {
                int s0 = bOff + (j0 + l) * ldb, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb, dst = base + l;
                for (int p = p0; p < p1; p++) {
                    int d = dst + p * L;
                    bp[d] = b[s0 + p]; bp[d + 1] = b[s1 + p]; bp[d + 2] = b[s2 + p]; bp[d + 3] = b[s3 + p];
                }
            }
            for (; l < width; l++) {
                int src = bOff + (j0 + l) * ldb, dst = base + l;
                for (int p = p0; p < p1; p++) bp[dst + p * L] = b[src + p];
            }
            for (; l < L; l++) {
                for (int p = p0; p < p1; p++) bp[base + p * L + l] = 0d;
            }
        }
    }

    @Override
    void tile(int i0, int rows, int s, int width, int part) {
        // op(A)[i0 + r][p] = a[ao + p·as + r·ar]
        int ao = transA ? aOff + i0 : aOff + i0 * lda, as = transA ? lda : 1, ar = transA ? 1 : lda;
        double[] t = scratch[part];
        int j0 = s * L;
        if (s == full) kernel(rows, 1, ao, as, ar, packed, packedOffset(s), L, L * k, t);   // the edge strip
        else if (packAll) kernel(rows, width, ao, as, ar, packed, packedOffset(s), L, L * k, t);
        else kernel(rows, width, ao, as, ar, b, bOff + j0, ldb, L, t);
        finish(t, rows, width, Math.min(width * L, n - j0), cOff + i0 * ldc + j0);
    }

    private void kernel(int rows, int width, int ao, int as, int ar, double[] b, int bo, int bt, int bs, double[] t) {
        double[] a = this.a;
        int k = this.k;
        if (rows == TILE_ROWS) {
            if (width == 6) kernel4x6(a, ao, as, ar, b, bo, bt, bs, k, t);
            else if (width == 3) kernel4x3(a, ao, as, ar, b, bo, bt, bs, k, t);
            else if (width == 2) kernel4x2(a, ao, as, ar, b, bo, bt, bs, k, t);
            else kernel4x1(a, ao, as, ar, b, bo, bt, bs, k, t);
        } else {
            if (width == 6) kernel1x6(a, ao, as, ar, b, bo, bt, bs, k, t);
            else if (width == 3) kernel1x3(a, ao, as, ar, b, bo, bt, bs, k, t);
            else if (width == 2) kernel1x2(a, ao, as, ar, b, bo, bt, bs, k, t);
            else kernel1x1(a, ao, as, ar, b, bo, bt, bs, k, t);
        }
    }

    /**
     * C[r][j] = alpha·t[r][j] (+ beta·C[r][j] unless beta is 0) for the tile's {@code cols} valid
     * columns, with separate roundings; the scalar tail does what a vector lane does, bit for bit.
     */
    private void finish(double[] t, int rows, int width, int cols, int co) {
        double[] c = this.c;
        double alpha = this.alpha, beta = this.beta;
        int ldt = width * L, ldc = this.ldc;
        for (int r = 0; r < rows; r++) {
            int ti = r * ldt, ci = co + r * ldc, j = 0;
            if (beta == 0d) {
                for (; j + L <= cols; j += L) DoubleVector.fromArray(S, t, ti + j).mul(alpha).intoArray(c, ci + j);
                for (; j < cols; j++) c[ci + j] = alpha * t[ti + j];
            } else {
                for (; j + L <= cols; j += L) {
                    DoubleVector.fromArray(S, t, ti + j).mul(alpha)
                            .add(DoubleVector.fromArray(S, c, ci + j).mul(beta)).intoArray(c, ci + j);
                }
                for (; j < cols; j++) c[ci + j] = alpha * t[ti + j] + beta * c[ci + j];
            }
        }
    }

    // ---------------------------------------------------------------- micro-kernels
    // kernelRxW: R rows × W strips. op(A)[r][p] = a[ao + p·as + r·ar]; strip w of op(B) row p starts
    // at b[bo + p·bt + w·bs]. Every accumulator is an fma chain over p ascending from zero, stored raw
    // to t (row r, strip w at (r·W + w)·L). Small on purpose: no masks, no edges, no alpha/beta, no
    // calls that could fail to inline, so that both JIT tiers compile it.

    private static void kernel4x6(double[] a, int ao, int as, int ar,
                                  double[] b, int bo, int bt, int bs, int k, double[] t) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00,
                c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00,
                c20 = c00, c21 = c00, c22 = c00, c23 = c00, c24 = c00, c25 = c00,
                c30 = c00, c31 = c00, c32 = c00, c33 = c00, c34 = c00, c35 = c00;
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bt;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + bs);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bi + 2 * bs);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bi + 3 * bs);
            DoubleVector b4 = DoubleVector.fromArray(S, b, bi + 4 * bs);
            DoubleVector b5 = DoubleVector.fromArray(S, b, bi + 5 * bs);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03); c04 = x.fma(b4, c04); c05 = x.fma(b5, c05);
            x = DoubleVector.broadcast(S, a[ai + ar]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13); c14 = x.fma(b4, c14); c15 = x.fma(b5, c15);
            x = DoubleVector.broadcast(S, a[ai + 2 * ar]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23); c24 = x.fma(b4, c24); c25 = x.fma(b5, c25);
            x = DoubleVector.broadcast(S, a[ai + 3 * ar]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33); c34 = x.fma(b4, c34); c35 = x.fma(b5, c35);
        }
        c00.intoArray(t, 0); c01.intoArray(t, L); c02.intoArray(t, 2 * L);
        c03.intoArray(t, 3 * L); c04.intoArray(t, 4 * L); c05.intoArray(t, 5 * L);
        c10.intoArray(t, 6 * L); c11.intoArray(t, 7 * L); c12.intoArray(t, 8 * L);
        c13.intoArray(t, 9 * L); c14.intoArray(t, 10 * L); c15.intoArray(t, 11 * L);
        c20.intoArray(t, 12 * L); c21.intoArray(t, 13 * L); c22.intoArray(t, 14 * L);
        c23.intoArray(t, 15 * L); c24.intoArray(t, 16 * L); c25.intoArray(t, 17 * L);
        c30.intoArray(t, 18 * L); c31.intoArray(t, 19 * L); c32.intoArray(t, 20 * L);
        c33.intoArray(t, 21 * L); c34.intoArray(t, 22 * L); c35.intoArray(t, 23 * L);
    }

    private static void kernel4x3(double[] a, int ao, int as, int ar,
                                  double[] b, int bo, int bt, int bs, int k, double[] t) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00,
                c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bt;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + bs);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bi + 2 * bs);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            x = DoubleVector.broadcast(S, a[ai + ar]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
            x = DoubleVector.broadcast(S, a[ai + 2 * ar]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21); c22 = x.fma(b2, c22);
            x = DoubleVector.broadcast(S, a[ai + 3 * ar]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31); c32 = x.fma(b2, c32);
        }
        c00.intoArray(t, 0); c01.intoArray(t, L); c02.intoArray(t, 2 * L);
        c10.intoArray(t, 3 * L); c11.intoArray(t, 4 * L); c12.intoArray(t, 5 * L);
        c20.intoArray(t, 6 * L); c21.intoArray(t, 7 * L); c22.intoArray(t, 8 * L);
        c30.intoArray(t, 9 * L); c31.intoArray(t, 10 * L); c32.intoArray(t, 11 * L);
    }

    private static void kernel4x2(double[] a, int ao, int as, int ar,
                                  double[] b, int bo, int bt, int bs, int k, double[] t) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00,
                c30 = c00, c31 = c00;
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bt;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + bs);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(S, a[ai + ar]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(S, a[ai + 2 * ar]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(S, a[ai + 3 * ar]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
        }
        c00.intoArray(t, 0); c01.intoArray(t, L);
        c10.intoArray(t, 2 * L); c11.intoArray(t, 3 * L);
        c20.intoArray(t, 4 * L); c21.intoArray(t, 5 * L);
        c30.intoArray(t, 6 * L); c31.intoArray(t, 7 * L);
    }

    private static void kernel4x1(double[] a, int ao, int as, int ar,
                                  double[] b, int bo, int bt, int bs, int k, double[] t) {
        DoubleVector c00 = DoubleVector.zero(S), c10 = c00, c20 = c00, c30 = c00;
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bt;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            x = DoubleVector.broadcast(S, a[ai + ar]);
            c10 = x.fma(b0, c10);
            x = DoubleVector.broadcast(S, a[ai + 2 * ar]);
            c20 = x.fma(b0, c20);
            x = DoubleVector.broadcast(S, a[ai + 3 * ar]);
            c30 = x.fma(b0, c30);
        }
        c00.intoArray(t, 0);
        c10.intoArray(t, L);
        c20.intoArray(t, 2 * L);
        c30.intoArray(t, 3 * L);
    }

    private static void kernel1x6(double[] a, int ao, int as, int ar,
                                  double[] b, int bo, int bt, int bs, int k, double[] t) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bt;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + bs);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bi + 2 * bs);
            DoubleVector b3 = DoubleVector.fromArray(S, b, bi + 3 * bs);
            DoubleVector b4 = DoubleVector.fromArray(S, b, bi + 4 * bs);
            DoubleVector b5 = DoubleVector.fromArray(S, b, bi + 5 * bs);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03); c04 = x.fma(b4, c04); c05 = x.fma(b5, c05);
        }
        c00.intoArray(t, 0); c01.intoArray(t, L); c02.intoArray(t, 2 * L);
        c03.intoArray(t, 3 * L); c04.intoArray(t, 4 * L); c05.intoArray(t, 5 * L);
    }

    private static void kernel1x3(double[] a, int ao, int as, int ar,
                                  double[] b, int bo, int bt, int bs, int k, double[] t) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00, c02 = c00;
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bt;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + bs);
            DoubleVector b2 = DoubleVector.fromArray(S, b, bi + 2 * bs);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
        }
        c00.intoArray(t, 0); c01.intoArray(t, L); c02.intoArray(t, 2 * L);
    }

    private static void kernel1x2(double[] a, int ao, int as, int ar,
                                  double[] b, int bo, int bt, int bs, int k, double[] t) {
        DoubleVector c00 = DoubleVector.zero(S), c01 = c00;
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bt;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector b1 = DoubleVector.fromArray(S, b, bi + bs);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
        }
        c00.intoArray(t, 0); c01.intoArray(t, L);
    }

    private static void kernel1x1(double[] a, int ao, int as, int ar,
                                  double[] b, int bo, int bt, int bs, int k, double[] t) {
        DoubleVector c00 = DoubleVector.zero(S);
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bt;
            DoubleVector b0 = DoubleVector.fromArray(S, b, bi);
            DoubleVector x = DoubleVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
        }
        c00.intoArray(t, 0);
    }
}
