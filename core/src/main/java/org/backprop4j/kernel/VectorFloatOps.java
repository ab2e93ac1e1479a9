package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.init.Rng;

/**
 * The float32 level-1 and level-2 kernels of {@link VectorKernels}: a vector loop, then a scalar
 * tail that does what a vector lane would (so lanes and tail agree bit for bit). Loops shorter than
 * one vector run the scalar tail only. No vector is passed to a method call: a call that the JIT
 * does not inline would box it.
 */
final class VectorFloatOps {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Lanes per vector (for callers that split work on vector boundaries). */
    static final int LANES = L;

    private VectorFloatOps() {}

    /**
     * Kernels#gemv: op(A) = A runs {@link #rowDots} over all rows; op(A) = Aᵀ runs an fma chain over
     * the rows per y[j].
     */
    static void gemv(boolean transA, int m, int n, float alpha, float[] a, int aOff, int lda,
                     float[] x, int xOff, float beta, float[] y, int yOff) {
        if (!transA) {
            rowDots(0, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
            return;
        }
        // y[j] = Σ_p A[p][j]·x[p]: lanes run along j, each lane an fma chain over p ascending (the two
        // cases of beta are separate methods, as in columnSums)
        if (beta == 0f) gemvTransposedOverwrite(m, n, alpha, a, aOff, lda, x, xOff, y, yOff);
        else gemvTransposedAccumulate(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    private static void gemvTransposedOverwrite(int m, int n, float alpha, float[] a, int aOff, int lda,
                                                float[] x, int xOff, float[] y, int yOff) {
        int j = 0;
        for (; j <= n - 2 * L; j += 2 * L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0;
            for (int p = 0; p < m; p++) {
                FloatVector xp = FloatVector.broadcast(S, x[xOff + p]);
                int ai = aOff + p * lda + j;
                s0 = FloatVector.fromArray(S, a, ai).fma(xp, s0);
                s1 = FloatVector.fromArray(S, a, ai + L).fma(xp, s1);
            }
            s0.mul(alpha).intoArray(y, yOff + j);
            s1.mul(alpha).intoArray(y, yOff + j + L);
        }
        for (; j <= n - L; j += L) {
            FloatVector s0 = FloatVector.zero(S);
            for (int p = 0; p < m; p++) {
                s0 = FloatVector.fromArray(S, a, aOff + p * lda + j).fma(FloatVector.broadcast(S, x[xOff + p]), s0);
            }
            s0.mul(alpha).intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            float s = 0f;
            for (int p = 0; p < m; p++) s = Math.fma(a[aOff + p * lda + j], x[xOff + p], s);
            y[yOff + j] = alpha * s;
        }
    }

    private static void gemvTransposedAccumulate(int m, int n, float alpha, float[] a, int aOff, int lda,
                                                 float[] x, int xOff, float beta, float[] y, int yOff) {
        int j = 0;
        for (; j <= n - L; j += L) {
            FloatVector s0 = FloatVector.zero(S);
            for (int p = 0; p < m; p++) {
                s0 = FloatVector.fromArray(S, a, aOff + p * lda + j).fma(FloatVector.broadcast(S, x[xOff + p]), s0);
            }
            int yi = yOff + j;
            s0.mul(alpha).add(FloatVector.fromArray(S, y, yi).mul(beta)).intoArray(y, yi);
        }
        for (; j < n; j++) {
            float s = 0f;
            for (int p = 0; p < m; p++) s = Math.fma(a[aOff + p * lda + j], x[xOff + p], s);
            y[yOff + j] = alpha * s + beta * y[yOff + j];
        }
    }

    /**
     * The shuffles of the lane fold in {@link #rowDots}: FOLD[i] moves lane (l + L/2^(i+1)) mod L onto
     * lane l, so that {@code v = v.add(v.rearrange(FOLD[i]))} for i = 0, 1, … leaves the sum of all lanes
     * in lane 0, in an order fixed here.
     */
    private static final VectorShuffle<Float>[] FOLD = folds();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] f = new VectorShuffle[steps];
        for (int i = 0, h = L / 2; i < steps; i++, h /= 2) {
            final int half = h;
            f[i] = VectorShuffle.fromOp(S, l -> (l + half) % L);
        }
        return f;
    }

    /**
     * y[i] = alpha·(A_i · x) (+ beta·y[i]) for rows [r0, r1) of the m×n matrix A (op(A) = A of gemv),
     * four rows at a time so that each vector of x is loaded once for four rows. Order of operations
     * for one row (the same for every row, whichever of the four-row or one-row loops computes it):
     * two fma chains over the row's whole vectors, the even-numbered ones and the odd-numbered ones,
     * added lane by lane; the lanes folded pairwise, the widest fold first (lane l + L/2 onto lane l,
     * then l + L/4, …, an order fixed by shuffles, unlike {@code reduceLanes}); then an fma chain over
     * the n % L last columns from that sum. Rows never depend on one another, so any split of the rows
     * (over threads) gives the same bits.
     */
    static void rowDots(int r0, int r1, int n, float alpha, float[] a, int aOff, int lda,
                        float[] x, int xOff, float beta, float[] y, int yOff) {
        int whole = n / L * L, pairs = n / (2 * L) * (2 * L);
        VectorShuffle<Float>[] fold = FOLD;
        int i = r0;
        for (; i + 4 <= r1; i += 4) {
            int a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
            FloatVector e0 = FloatVector.zero(S), e1 = e0, e2 = e0, e3 = e0, o0 = e0, o1 = e0, o2 = e0, o3 = e0;
            int p = 0;
            for (; p < pairs; p += 2 * L) {
                FloatVector xe = FloatVector.fromArray(S, x, xOff + p), xo = FloatVector.fromArray(S, x, xOff + p + L);
                e0 = FloatVector.fromArray(S, a, a0 + p).fma(xe, e0);
                o0 = FloatVector.fromArray(S, a, a0 + p + L).fma(xo, o0);
                e1 = FloatVector.fromArray(S, a, a1 + p).fma(xe, e1);
                o1 = FloatVector.fromArray(S, a, a1 + p + L).fma(xo, o1);
                e2 = FloatVector.fromArray(S, a, a2 + p).fma(xe, e2);
                o2 = FloatVector.fromArray(S, a, a2 + p + L).fma(xo, o2);
                e3 = FloatVector.fromArray(S, a, a3 + p).fma(xe, e3);
                o3 = FloatVector.fromArray(S, a, a3 + p + L).fma(xo, o3);
            }
            if (p < whole) {
                FloatVector xe = FloatVector.fromArray(S, x, xOff + p);
                e0 = FloatVector.fromArray(S, a, a0 + p).fma(xe, e0);
                e1 = FloatVector.fromArray(S, a, a1 + p).fma(xe, e1);
                e2 = FloatVector.fromArray(S, a, a2 + p).fma(xe, e2);
                e3 = FloatVector.fromArray(S, a, a3 + p).fma(xe, e3);
            }
            e0 = e0.add(o0); e1 = e1.add(o1); e2 = e2.add(o2); e3 = e3.add(o3);
            for (VectorShuffle<Float> f : fold) {
                e0 = e0.add(e0.rearrange(f)); e1 = e1.add(e1.rearrange(f));
                e2 = e2.add(e2.rearrange(f)); e3 = e3.add(e3.rearrange(f));
            }
            float s0 = e0.lane(0), s1 = e1.lane(0), s2 = e2.lane(0), s3 = e3.lane(0);
            for (int q = whole; q < n; q++) {
                float xq = x[xOff + q];
                s0 = Math.fma(a[a0 + q], xq, s0); s1 = Math.fma(a[a1 + q], xq, s1);
                s2 = Math.fma(a[a2 + q], xq, s2); s3 = Math.fma(a[a3 + q], xq, s3);
            }
            store(alpha, beta, y, yOff + i, s0);
            store(alpha, beta, y, yOff + i + 1, s1);
            store(alpha, beta, y, yOff + i + 2, s2);
            store(alpha, beta, y, yOff + i + 3, s3);
        }
        for (; i < r1; i++) {
            int a0 = aOff + i * lda;
            FloatVector e0 = FloatVector.zero(S), o0 = e0;
            int p = 0;
            for (; p < pairs; p += 2 * L) {
                e0 = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, x, xOff + p), e0);
                o0 = FloatVector.fromArray(S, a, a0 + p + L).fma(FloatVector.fromArray(S, x, xOff + p + L), o0);
            }
            if (p < whole) e0 = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, x, xOff + p), e0);
            e0 = e0.add(o0);
            for (VectorShuffle<Float> f : fold) e0 = e0.add(e0.rearrange(f));
            float s0 = e0.lane(0);
            for (int q = whole; q < n; q++) s0 = Math.fma(a[a0 + q], x[xOff + q], s0);
            store(alpha, beta, y, yOff + i, s0);
        }
    }

    /**
     * {@link #rowDots} for several vectors x at once: for each of the {@code count} vectors x_v (at
     * xOff + v·ldx), y_v[i] = alpha·(A_i · x_v) (+ beta·y_v[i]) for rows [r0, r1) of A, y_v at
     * yOff + v·ldy. Every element is computed in {@link #rowDots}' order (the same two chains, fold
     * and tail), so y_v is bit for bit what {@code rowDots} gives for x_v alone. The vectors are taken
     * four at a time ({@link #rowDots4}, two rows of A per step), then two ({@link #rowDots2}, four
     * rows), then one, so that A, which is streamed from L2 or memory, is read once for up to four
     * vectors instead of once per vector. When there are more than four vectors and rows [r0, r1) of A
     * hold at least {@link KernelConstants#GEMV_ROWS_BLOCK_MIN_FLOATS} values, the groups run block by
     * block of rows ({@link KernelConstants#GEMV_ROWS_BLOCK_FLOATS}), so that A comes from memory once.
     * Neither changes a bit.
     */
    static void rowDotsMany(int r0, int r1, int n, float alpha, float[] a, int aOff, int lda,
                            float[] x, int xOff, int ldx, int count, float beta, float[] y, int yOff, int ldy) {
        rowDotsMany(r0, r1, n, alpha, a, aOff, lda, x, xOff, ldx, count, beta, y, yOff, ldy,
                KernelConstants.GEMV_ROWS_BLOCK_MIN_FLOATS, KernelConstants.GEMV_ROWS_BLOCK_FLOATS);
    }

    /** {@link #rowDotsMany} with the blocking bounds as arguments (tests block small products). */
    static void rowDotsMany(int r0, int r1, int n, float alpha, float[] a, int aOff, int lda,
                            float[] x, int xOff, int ldx, int count, float beta, float[] y, int yOff, int ldy,
                            long blockMinFloats, int blockFloats) {
        if (count > 4 && (long) (r1 - r0) * n >= blockMinFloats) {
            int block = Math.max(4, blockFloats / Math.max(1, n) / 4 * 4);
            for (int b0 = r0; b0 < r1; b0 += block)
                rowDotsGroups(b0, Math.min(r1, b0 + block), n, alpha, a, aOff, lda, x, xOff, ldx, count, beta, y, yOff, ldy);
        } else {
            rowDotsGroups(r0, r1, n, alpha, a, aOff, lda, x, xOff, ldx, count, beta, y, yOff, ldy);
        }
    }

    /** Rows [r0, r1) of {@link #rowDotsMany}, one group of vectors after another. */
    private static void rowDotsGroups(int r0, int r1, int n, float alpha, float[] a, int aOff, int lda,
                                      float[] x, int xOff, int ldx, int count, float beta, float[] y, int yOff, int ldy) {
        int v = 0;
        for (; v + 4 <= count; v += 4) rowDots4(r0, r1, n, alpha, a, aOff, lda, x, xOff + v * ldx, ldx, beta, y, yOff + v * ldy, ldy);
        for (; v + 2 <= count; v += 2) rowDots2(r0, r1, n, alpha, a, aOff, lda, x, xOff + v * ldx, ldx, beta, y, yOff + v * ldy, ldy);
        for (; v < count; v++) rowDots(r0, r1, n, alpha, a, aOff, lda, x, xOff + v * ldx, beta, y, yOff + v * ldy);
    }

    /** Four vectors x (rows ldx apart), two rows of A per step; an odd last row goes to {@link #rowDots}. */
    private static void rowDots4(int r0, int r1, int n, float alpha, float[] a, int aOff, int lda,
                                 float[] x, int x0, int ldx, float beta, float[] y, int y0, int ldy) {
        int whole = n / L * L, pairs = n / (2 * L) * (2 * L);
        VectorShuffle<Float>[] fold = FOLD;
        int x1 = x0 + ldx, x2 = x1 + ldx, x3 = x2 + ldx;
        int i = r0;
        for (; i + 2 <= r1; i += 2) {
            int a0 = aOff + i * lda, a1 = a0 + lda;
            // accumulators: e/o (even/odd chain), then row of A (0, 1), then vector x (0..3)
            FloatVector e00 = FloatVector.zero(S), e01 = e00, e02 = e00, e03 = e00, e10 = e00, e11 = e00, e12 = e00, e13 = e00;
            FloatVector o00 = e00, o01 = e00, o02 = e00, o03 = e00, o10 = e00, o11 = e00, o12 = e00, o13 = e00;
            int p = 0;
            for (; p < pairs; p += 2 * L) {
                FloatVector xe0 = FloatVector.fromArray(S, x, x0 + p), xe1 = FloatVector.fromArray(S, x, x1 + p);
                FloatVector xe2 = FloatVector.fromArray(S, x, x2 + p), xe3 = FloatVector.fromArray(S, x, x3 + p);
                FloatVector w = FloatVector.fromArray(S, a, a0 + p);
                e00 = w.fma(xe0, e00); e01 = w.fma(xe1, e01); e02 = w.fma(xe2, e02); e03 = w.fma(xe3, e03);
                w = FloatVector.fromArray(S, a, a1 + p);
                e10 = w.fma(xe0, e10); e11 = w.fma(xe1, e11); e12 = w.fma(xe2, e12); e13 = w.fma(xe3, e13);
                FloatVector xo0 = FloatVector.fromArray(S, x, x0 + p + L), xo1 = FloatVector.fromArray(S, x, x1 + p + L);
                FloatVector xo2 = FloatVector.fromArray(S, x, x2 + p + L), xo3 = FloatVector.fromArray(S, x, x3 + p + L);
                w = FloatVector.fromArray(S, a, a0 + p + L);
                o00 = w.fma(xo0, o00); o01 = w.fma(xo1, o01); o02 = w.fma(xo2, o02); o03 = w.fma(xo3, o03);
                w = FloatVector.fromArray(S, a, a1 + p + L);
                o10 = w.fma(xo0, o10); o11 = w.fma(xo1, o11); o12 = w.fma(xo2, o12); o13 = w.fma(xo3, o13);
            }
            if (p < whole) {
                FloatVector xe0 = FloatVector.fromArray(S, x, x0 + p), xe1 = FloatVector.fromArray(S, x, x1 + p);
                FloatVector xe2 = FloatVector.fromArray(S, x, x2 + p), xe3 = FloatVector.fromArray(S, x, x3 + p);
                FloatVector w = FloatVector.fromArray(S, a, a0 + p);
                e00 = w.fma(xe0, e00); e01 = w.fma(xe1, e01); e02 = w.fma(xe2, e02); e03 = w.fma(xe3, e03);
                w = FloatVector.fromArray(S, a, a1 + p);
                e10 = w.fma(xe0, e10); e11 = w.fma(xe1, e11); e12 = w.fma(xe2, e12); e13 = w.fma(xe3, e13);
            }
            e00 = e00.add(o00); e01 = e01.add(o01); e02 = e02.add(o02); e03 = e03.add(o03);
            e10 = e10.add(o10); e11 = e11.add(o11); e12 = e12.add(o12); e13 = e13.add(o13);
            for (VectorShuffle<Float> f : fold) {
                e00 = e00.add(e00.rearrange(f)); e01 = e01.add(e01.rearrange(f));
                e02 = e02.add(e02.rearrange(f)); e03 = e03.add(e03.rearrange(f));
                e10 = e10.add(e10.rearrange(f)); e11 = e11.add(e11.rearrange(f));
                e12 = e12.add(e12.rearrange(f)); e13 = e13.add(e13.rearrange(f));
            }
            float s00 = e00.lane(0), s01 = e01.lane(0), s02 = e02.lane(0), s03 = e03.lane(0);
            float s10 = e10.lane(0), s11 = e11.lane(0), s12 = e12.lane(0), s13 = e13.lane(0);
            for (int q = whole; q < n; q++) {
                float w0 = a[a0 + q], w1 = a[a1 + q];
                float v0 = x[x0 + q], v1 = x[x1 + q], v2 = x[x2 + q], v3 = x[x3 + q];
                s00 = Math.fma(w0, v0, s00); s01 = Math.fma(w0, v1, s01); s02 = Math.fma(w0, v2, s02); s03 = Math.fma(w0, v3, s03);
                s10 = Math.fma(w1, v0, s10); s11 = Math.fma(w1, v1, s11); s12 = Math.fma(w1, v2, s12); s13 = Math.fma(w1, v3, s13);
            }
            store(alpha, beta, y, y0 + i, s00); store(alpha, beta, y, y0 + ldy + i, s01);
            store(alpha, beta, y, y0 + 2 * ldy + i, s02); store(alpha, beta, y, y0 + 3 * ldy + i, s03);
            store(alpha, beta, y, y0 + i + 1, s10); store(alpha, beta, y, y0 + ldy + i + 1, s11);
            store(alpha, beta, y, y0 + 2 * ldy + i + 1, s12); store(alpha, beta, y, y0 + 3 * ldy + i + 1, s13);
        }
        if (i < r1) {
            for (int v = 0; v < 4; v++) rowDots(i, r1, n, alpha, a, aOff, lda, x, x0 + v * ldx, beta, y, y0 + v * ldy);
        }
    }

    /** Two vectors x (rows ldx apart), four rows of A per step; the r1 - r0 mod 4 last rows go to {@link #rowDots}. */
    private static void rowDots2(int r0, int r1, int n, float alpha, float[] a, int aOff, int lda,
                                 float[] x, int x0, int ldx, float beta, float[] y, int y0, int ldy) {
        int whole = n / L * L, pairs = n / (2 * L) * (2 * L);
        VectorShuffle<Float>[] fold = FOLD;
        int x1 = x0 + ldx, y1 = y0 + ldy;
        int i = r0;
        for (; i + 4 <= r1; i += 4) {
            int a0 = aOff + i * lda, a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
            // accumulators: e/o (even/odd chain), then row of A (0..3), then vector x (0, 1)
            FloatVector e00 = FloatVector.zero(S), e01 = e00, e10 = e00, e11 = e00, e20 = e00, e21 = e00, e30 = e00, e31 = e00;
            FloatVector o00 = e00, o01 = e00, o10 = e00, o11 = e00, o20 = e00, o21 = e00, o30 = e00, o31 = e00;
            int p = 0;
            for (; p < pairs; p += 2 * L) {
                FloatVector xe0 = FloatVector.fromArray(S, x, x0 + p), xe1 = FloatVector.fromArray(S, x, x1 + p);
                FloatVector xo0 = FloatVector.fromArray(S, x, x0 + p + L), xo1 = FloatVector.fromArray(S, x, x1 + p + L);
                FloatVector w = FloatVector.fromArray(S, a, a0 + p);
                e00 = w.fma(xe0, e00); e01 = w.fma(xe1, e01);
                w = FloatVector.fromArray(S, a, a0 + p + L);
                o00 = w.fma(xo0, o00); o01 = w.fma(xo1, o01);
                w = FloatVector.fromArray(S, a, a1 + p);
                e10 = w.fma(xe0, e10); e11 = w.fma(xe1, e11);
                w = FloatVector.fromArray(S, a, a1 + p + L);
                o10 = w.fma(xo0, o10); o11 = w.fma(xo1, o11);
                w = FloatVector.fromArray(S, a, a2 + p);
                e20 = w.fma(xe0, e20); e21 = w.fma(xe1, e21);
                w = FloatVector.fromArray(S, a, a2 + p + L);
                o20 = w.fma(xo0, o20); o21 = w.fma(xo1, o21);
                w = FloatVector.fromArray(S, a, a3 + p);
                e30 = w.fma(xe0, e30); e31 = w.fma(xe1, e31);
                w = FloatVector.fromArray(S, a, a3 + p + L);
                o30 = w.fma(xo0, o30); o31 = w.fma(xo1, o31);
            }
            if (p < whole) {
                FloatVector xe0 = FloatVector.fromArray(S, x, x0 + p), xe1 = FloatVector.fromArray(S, x, x1 + p);
                FloatVector w = FloatVector.fromArray(S, a, a0 + p);
                e00 = w.fma(xe0, e00); e01 = w.fma(xe1, e01);
                w = FloatVector.fromArray(S, a, a1 + p);
                e10 = w.fma(xe0, e10); e11 = w.fma(xe1, e11);
                w = FloatVector.fromArray(S, a, a2 + p);
                e20 = w.fma(xe0, e20); e21 = w.fma(xe1, e21);
                w = FloatVector.fromArray(S, a, a3 + p);
                e30 = w.fma(xe0, e30); e31 = w.fma(xe1, e31);
            }
            e00 = e00.add(o00); e01 = e01.add(o01); e10 = e10.add(o10); e11 = e11.add(o11);
            e20 = e20.add(o20); e21 = e21.add(o21); e30 = e30.add(o30); e31 = e31.add(o31);
            for (VectorShuffle<Float> f : fold) {
                e00 = e00.add(e00.rearrange(f)); e01 = e01.add(e01.rearrange(f));
                e10 = e10.add(e10.rearrange(f)); e11 = e11.add(e11.rearrange(f));
                e20 = e20.add(e20.rearrange(f)); e21 = e21.add(e21.rearrange(f));
                e30 = e30.add(e30.rearrange(f)); e31 = e31.add(e31.rearrange(f));
            }
            float s00 = e00.lane(0), s01 = e01.lane(0), s10 = e10.lane(0), s11 = e11.lane(0);
            float s20 = e20.lane(0), s21 = e21.lane(0), s30 = e30.lane(0), s31 = e31.lane(0);
            for (int q = whole; q < n; q++) {
                float v0 = x[x0 + q], v1 = x[x1 + q];
                s00 = Math.fma(a[a0 + q], v0, s00); s01 = Math.fma(a[a0 + q], v1, s01);
                s10 = Math.fma(a[a1 + q], v0, s10); s11 = Math.fma(a[a1 + q], v1, s11);
                s20 = Math.fma(a[a2 + q], v0, s20); s21 = Math.fma(a[a2 + q], v1, s21);
                s30 = Math.fma(a[a3 + q], v0, s30); s31 = Math.fma(a[a3 + q], v1, s31);
            }
            store(alpha, beta, y, y0 + i, s00); store(alpha, beta, y, y1 + i, s01);
            store(alpha, beta, y, y0 + i + 1, s10); store(alpha, beta, y, y1 + i + 1, s11);
            store(alpha, beta, y, y0 + i + 2, s20); store(alpha, beta, y, y1 + i + 2, s21);
            store(alpha, beta, y, y0 + i + 3, s30); store(alpha, beta, y, y1 + i + 3, s31);
        }
        if (i < r1) {
            rowDots(i, r1, n, alpha, a, aOff, lda, x, x0, beta, y, y0);
            rowDots(i, r1, n, alpha, a, aOff, lda, x, x1, beta, y, y1);
        }
    }

    private static void store(float alpha, float beta, float[] y, int i, float s) {
        y[i] = beta == 0f ? alpha * s : alpha * s + beta * y[i];
    }

    /** y += alpha·x, as the reference: a rounded product, then a rounded sum. */
    static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector.fromArray(S, y, yOff + i).add(FloatVector.fromArray(S, x, xOff + i).mul(alpha))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    /**
     * Σ x·y: four fma chains over blocks of four vectors, one more over the remaining whole vectors,
     * the chains added as (s0 + s1) + (s2 + s3), the lanes added in lane order (not
     * {@code reduceLanes}, whose order is unspecified), then a scalar fma tail.
     */
    static float dot(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        float s = 0f;
        if (n >= L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (; i <= n - 4 * L; i += 4 * L) {
                int xi = xOff + i, yi = yOff + i;
                s0 = FloatVector.fromArray(S, x, xi).fma(FloatVector.fromArray(S, y, yi), s0);
                s1 = FloatVector.fromArray(S, x, xi + L).fma(FloatVector.fromArray(S, y, yi + L), s1);
                s2 = FloatVector.fromArray(S, x, xi + 2 * L).fma(FloatVector.fromArray(S, y, yi + 2 * L), s2);
                s3 = FloatVector.fromArray(S, x, xi + 3 * L).fma(FloatVector.fromArray(S, y, yi + 3 * L), s3);
            }
            for (; i <= n - L; i += L) {
                s0 = FloatVector.fromArray(S, x, xOff + i).fma(FloatVector.fromArray(S, y, yOff + i), s0);
            }
            FloatVector v = s0.add(s1).add(s2.add(s3));
            for (int l = 0; l < L; l++) s += v.lane(l);
        }
        for (; i < n; i++) s = Math.fma(x[xOff + i], y[yOff + i], s);
        return s;
    }

    /** Σ x: as {@link #dot}, with additions. */
    static float sum(int n, float[] x, int xOff) {
        int i = 0;
        float s = 0f;
        if (n >= L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (; i <= n - 4 * L; i += 4 * L) {
                int xi = xOff + i;
                s0 = s0.add(FloatVector.fromArray(S, x, xi));
                s1 = s1.add(FloatVector.fromArray(S, x, xi + L));
                s2 = s2.add(FloatVector.fromArray(S, x, xi + 2 * L));
                s3 = s3.add(FloatVector.fromArray(S, x, xi + 3 * L));
            }
            for (; i <= n - L; i += L) s0 = s0.add(FloatVector.fromArray(S, x, xOff + i));
            FloatVector v = s0.add(s1).add(s2.add(s3));
            for (int l = 0; l < L; l++) s += v.lane(l);
        }
        for (; i < n; i++) s += x[xOff + i];
        return s;
    }

    /** x *= alpha. */
    static void scale(int n, float alpha, float[] x, int xOff) {
        int i = 0;
        for (; i <= n - L; i += L) FloatVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
        for (; i < n; i++) x[xOff + i] *= alpha;
    }

    /**
     * Rows [r0, r1) of a gemm C = op(A)·B with k = 1 ({@link #outerRow} per row): op(A)[i][0] lies at
     * aOff + i when transA, else at aOff + i·lda.
     */
    static void outerProductRows(int r0, int r1, boolean transA, int n, float alpha, float[] a, int aOff, int lda,
                                 float[] b, int bOff, float beta, float[] c, int cOff, int ldc) {
        for (int i = r0; i < r1; i++)
            outerRow(n, alpha, transA ? a[aOff + i] : a[aOff + i * lda], b, bOff, beta, c, cOff + i * ldc);
    }

    /**
     * One row of an outer product: c[j] = alpha·fma(ai, b[j], 0) (+ beta·c[j]), separately rounded:
     * the gemm's chain for k = 1.
     */
    static void outerRow(int n, float alpha, float ai, float[] b, int bOff, float beta, float[] c, int cOff) {
        FloatVector av = FloatVector.broadcast(S, ai), zero = FloatVector.zero(S);
        int j = 0;
        if (beta == 0f) {
            for (; j <= n - L; j += L)
                av.fma(FloatVector.fromArray(S, b, bOff + j), zero).mul(alpha).intoArray(c, cOff + j);
            for (; j < n; j++) c[cOff + j] = alpha * Math.fma(ai, b[bOff + j], 0f);
        } else {
            for (; j <= n - L; j += L) {
                av.fma(FloatVector.fromArray(S, b, bOff + j), zero).mul(alpha)
                        .add(FloatVector.fromArray(S, c, cOff + j).mul(beta)).intoArray(c, cOff + j);
            }
            for (; j < n; j++) c[cOff + j] = alpha * Math.fma(ai, b[bOff + j], 0f) + beta * c[cOff + j];
        }
    }

    /**
     * Steps p in [p0, p1) of four rows of a gemm C = op(A)·B over the columns [j0, j1), each element the
     * gemm's chain carried in memory between calls: s starts at 0 when {@code first}, else at the value
     * stored by the call for the previous steps, and s = fma(op(A)[r][p], B[p][j], s) for p ascending is
     * stored back (unscaled). Row r takes op(A)[r][p] from a[ar + p·aStep] and keeps its sums at
     * sr[cr + j]; a row past the product's last may repeat a real row of A with its sums in a scratch
     * array. Two vectors of columns at a time, then one, then the scalar tail (j1 - j0 need not be a
     * multiple of the vector length). {@link VectorKernels}' row-blocked product calls it a few steps at
     * a time over every column, so that each row of B is read from start to end while it is in cache;
     * its outer-product split calls it once with every step (the weight gradient of a small batch).
     * Each row of B is loaded once for the four rows: 256 rows × 784 at k = 2 took 18.3 µs (Aᵀ·B, one
     * thread) against 43.6 row by row and 24.0 with one vector of columns at a time (Zen 4, JDK 17, 25
     * Nov 2026).
     */
    static void kBlockRows4(int p0, int p1, int j0, int j1, boolean first, float[] a, int a0, int a1, int a2, int a3,
                            int aStep, float[] b, int bOff, int ldb, float[] s0a, int c0, float[] s1a, int c1,
                            float[] s2a, int c2, float[] s3a, int c3) {
        int j = j0;
        for (; j <= j1 - 2 * L; j += 2 * L) {
            FloatVector s0, s1, s2, s3, t0, t1, t2, t3;
            if (first) {
                s0 = FloatVector.zero(S);
                s1 = s0;
                s2 = s0;
                s3 = s0;
                t0 = s0;
                t1 = s0;
                t2 = s0;
                t3 = s0;
            } else {
                s0 = FloatVector.fromArray(S, s0a, c0 + j);
                t0 = FloatVector.fromArray(S, s0a, c0 + j + L);
                s1 = FloatVector.fromArray(S, s1a, c1 + j);
                t1 = FloatVector.fromArray(S, s1a, c1 + j + L);
                s2 = FloatVector.fromArray(S, s2a, c2 + j);
                t2 = FloatVector.fromArray(S, s2a, c2 + j + L);
                s3 = FloatVector.fromArray(S, s3a, c3 + j);
                t3 = FloatVector.fromArray(S, s3a, c3 + j + L);
            }
            for (int p = p0; p < p1; p++) {
                int bo = bOff + p * ldb + j, q = p * aStep;
                FloatVector bv = FloatVector.fromArray(S, b, bo), bw = FloatVector.fromArray(S, b, bo + L);
                FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]), x1 = FloatVector.broadcast(S, a[a1 + q]);
                FloatVector x2 = FloatVector.broadcast(S, a[a2 + q]), x3 = FloatVector.broadcast(S, a[a3 + q]);
                s0 = x0.fma(bv, s0);
                t0 = x0.fma(bw, t0);
                s1 = x1.fma(bv, s1);
                t1 = x1.fma(bw, t1);
                s2 = x2.fma(bv, s2);
                t2 = x2.fma(bw, t2);
                s3 = x3.fma(bv, s3);
                t3 = x3.fma(bw, t3);
            }
            s0.intoArray(s0a, c0 + j);
            t0.intoArray(s0a, c0 + j + L);
            s1.intoArray(s1a, c1 + j);
            t1.intoArray(s1a, c1 + j + L);
            s2.intoArray(s2a, c2 + j);
            t2.intoArray(s2a, c2 + j + L);
            s3.intoArray(s3a, c3 + j);
            t3.intoArray(s3a, c3 + j + L);
        }
        for (; j <= j1 - L; j += L) {
            FloatVector s0, s1, s2, s3;
            if (first) {
                s0 = FloatVector.zero(S);
                s1 = s0;
                s2 = s0;
                s3 = s0;
            } else {
                s0 = FloatVector.fromArray(S, s0a, c0 + j);
                s1 = FloatVector.fromArray(S, s1a, c1 + j);
                s2 = FloatVector.fromArray(S, s2a, c2 + j);
                s3 = FloatVector.fromArray(S, s3a, c3 + j);
            }
            for (int p = p0; p < p1; p++) {
                FloatVector bv = FloatVector.fromArray(S, b, bOff + p * ldb + j);
                int q = p * aStep;
                s0 = FloatVector.broadcast(S, a[a0 + q]).fma(bv, s0);
                s1 = FloatVector.broadcast(S, a[a1 + q]).fma(bv, s1);
                s2 = FloatVector.broadcast(S, a[a2 + q]).fma(bv, s2);
                s3 = FloatVector.broadcast(S, a[a3 + q]).fma(bv, s3);
            }
            s0.intoArray(s0a, c0 + j);
            s1.intoArray(s1a, c1 + j);
            s2.intoArray(s2a, c2 + j);
            s3.intoArray(s3a, c3 + j);
        }
        for (; j < j1; j++) {
            float u0 = first ? 0f : s0a[c0 + j], u1 = first ? 0f : s1a[c1 + j];
            float u2 = first ? 0f : s2a[c2 + j], u3 = first ? 0f : s3a[c3 + j];
            for (int p = p0; p < p1; p++) {
                float bv = b[bOff + p * ldb + j];
                int q = p * aStep;
                u0 = Math.fma(a[a0 + q], bv, u0);
                u1 = Math.fma(a[a1 + q], bv, u1);
                u2 = Math.fma(a[a2 + q], bv, u2);
                u3 = Math.fma(a[a3 + q], bv, u3);
            }
            s0a[c0 + j] = u0;
            s1a[c1 + j] = u1;
            s2a[c2 + j] = u2;
            s3a[c3 + j] = u3;
        }
    }

    /** c[j] = alpha·s[j] (+ beta·c[j] when beta ≠ 0), separately rounded: a gemm's last step. */
    static void scaleInto(int n, float alpha, float[] s, int sOff, float beta, float[] c, int cOff) {
        int j = 0;
        if (beta == 0f) {
            for (; j <= n - L; j += L) FloatVector.fromArray(S, s, sOff + j).mul(alpha).intoArray(c, cOff + j);
            for (; j < n; j++) c[cOff + j] = alpha * s[sOff + j];
        } else {
            for (; j <= n - L; j += L) {
                FloatVector.fromArray(S, s, sOff + j).mul(alpha).add(FloatVector.fromArray(S, c, cOff + j).mul(beta))
                        .intoArray(c, cOff + j);
            }
            for (; j < n; j++) c[cOff + j] = alpha * s[sOff + j] + beta * c[cOff + j];
        }
    }

    /** C[i][j] += v[j]. */
    static void addRowVector(int m, int n, float[] v, int vOff, float[] c, int cOff, int ldc) {
        for (int r = 0; r < m; r++) {
            int co = cOff + r * ldc, j = 0;
            for (; j <= n - L; j += L) {
                FloatVector.fromArray(S, c, co + j).add(FloatVector.fromArray(S, v, vOff + j))
                        .intoArray(c, co + j);
            }
            for (; j < n; j++) c[co + j] += v[vOff + j];
        }
    }

    /**
     * out[j] = alpha·Σ_i A[i][j] (+ beta·out[j]): lanes run along columns, rows added in ascending order.
     * The two cases of beta are separate methods: one method with both grows past what the JIT inlines
     * fully once both are hot, and then boxes its vectors.
     */
    static void columnSums(int m, int n, float alpha, float[] a, int aOff, int lda,
                           float beta, float[] out, int outOff) {
        if (beta == 0f) columnSumsOverwrite(m, n, alpha, a, aOff, lda, out, outOff);
        else columnSumsAccumulate(m, n, alpha, a, aOff, lda, beta, out, outOff);
    }

    private static void columnSumsOverwrite(int m, int n, float alpha, float[] a, int aOff, int lda,
                                            float[] out, int outOff) {
        int j = 0;
        for (; j <= n - 2 * L; j += 2 * L) {
            FloatVector s0 = FloatVector.zero(S), s1 = s0;
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * lda + j;
                s0 = s0.add(FloatVector.fromArray(S, a, ai));
                s1 = s1.add(FloatVector.fromArray(S, a, ai + L));
            }
            s0.mul(alpha).intoArray(out, outOff + j);
            s1.mul(alpha).intoArray(out, outOff + j + L);
        }
        for (; j <= n - L; j += L) {
            FloatVector s0 = FloatVector.zero(S);
            for (int i = 0; i < m; i++) s0 = s0.add(FloatVector.fromArray(S, a, aOff + i * lda + j));
            s0.mul(alpha).intoArray(out, outOff + j);
        }
        for (; j < n; j++) {
            float s = 0f;
            for (int i = 0; i < m; i++) s += a[aOff + i * lda + j];
            out[outOff + j] = alpha * s;
        }
    }

    private static void columnSumsAccumulate(int m, int n, float alpha, float[] a, int aOff, int lda,
                                             float beta, float[] out, int outOff) {
        int j = 0;
        for (; j <= n - L; j += L) {
            FloatVector s0 = FloatVector.zero(S);
            for (int i = 0; i < m; i++) s0 = s0.add(FloatVector.fromArray(S, a, aOff + i * lda + j));
            int oi = outOff + j;
            s0.mul(alpha).add(FloatVector.fromArray(S, out, oi).mul(beta)).intoArray(out, oi);
        }
        for (; j < n; j++) {
            float s = 0f;
            for (int i = 0; i < m; i++) s += a[aOff + i * lda + j];
            out[outOff + j] = alpha * s + beta * out[outOff + j];
        }
    }

    /** z = x·y element-wise; z may be x or y. */
    static void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] z, int zOff) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(FloatVector.fromArray(S, y, yOff + i)).intoArray(z, zOff + i);
        }
        for (; i < n; i++) z[zOff + i] = x[xOff + i] * y[yOff + i];
    }

    /** Longs per vector: half as many lanes as a float vector. */
    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    private static final int LL = LS.length();
    /** State offsets of the draws of a float vector's even lanes, (2l + 1)·INCREMENT, and of its odd lanes, (2l + 2)·INCREMENT. */
    private static final long[] EVEN_DRAWS = drawOffsets(LL, 2, 1), ODD_DRAWS = drawOffsets(LL, 2, 2);

    /** (step·l + first)·Rng.INCREMENT for l in [0, lanes): the state offsets of one vector of draws. */
    static long[] drawOffsets(int lanes, int step, int first) {
        long[] o = new long[lanes];
        for (int l = 0; l < lanes; l++) o[l] = (step * l + first) * Rng.INCREMENT;
        return o;
    }

    /**
     * Kernels#dropoutMask. A float vector of draws is two long vectors: the SplitMix64 output
     * function lane by lane on 64-bit lanes (Rng's constants) for its even elements and for its odd
     * ones, each draw turned into the bits of scale or of +0 by integer operations (d = (v − threshold)
     * &gt;&gt;&gt; 63 is 1 for a dropped element; (d − 1) &amp; bits(scale)), the odd ones shifted into
     * the upper halves, and the whole reinterpreted as floats: lane 2l is the low half of long lane l.
     * No vector species other than the preferred float, int and long ones is touched: on JDK 17 a
     * second float species warmed up anywhere in the JVM (even in another library) made C2 give up the
     * intrinsics of the gemm's micro-kernels (its stores saw both species in their type profile), and
     * a training step ran 6-7 × slower. The tail draws as ScalarKernels does.
     */
    static void dropoutMask(int n, long state, long threshold, float scale, float[] mask, int maskOff) {
        int i = 0;
        if (2 * LL == L) {
            LongVector even = LongVector.fromArray(LS, EVEN_DRAWS, 0), odd = LongVector.fromArray(LS, ODD_DRAWS, 0);
            long bits = Float.floatToRawIntBits(scale) & 0xFFFF_FFFFL;
            for (; i <= n - L; i += L) {
                long base = state + i * Rng.INCREMENT;
                LongVector ze = even.add(base), zo = odd.add(base);
                ze = ze.lanewise(VectorOperators.XOR, ze.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
                zo = zo.lanewise(VectorOperators.XOR, zo.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
                ze = ze.lanewise(VectorOperators.XOR, ze.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
                zo = zo.lanewise(VectorOperators.XOR, zo.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
                ze = ze.lanewise(VectorOperators.XOR, ze.lanewise(VectorOperators.LSHR, 31));
                zo = zo.lanewise(VectorOperators.XOR, zo.lanewise(VectorOperators.LSHR, 31));
                LongVector ke = ze.lanewise(VectorOperators.LSHR, 11).sub(threshold).lanewise(VectorOperators.LSHR, 63)
                        .sub(1).and(bits);
                LongVector ko = zo.lanewise(VectorOperators.LSHR, 11).sub(threshold).lanewise(VectorOperators.LSHR, 63)
                        .sub(1).and(bits);
                ((FloatVector) ke.or(ko.lanewise(VectorOperators.LSHL, 32)).reinterpretAsFloats()).intoArray(mask, maskOff + i);
            }
        }
        long s = state + i * Rng.INCREMENT;
        for (; i < n; i++) {
            s += Rng.INCREMENT;
            long v = Rng.valueAt(s) >>> 11;
            mask[maskOff + i] = scale * (float) (1 - ((v - threshold) >>> 63));   // v ≥ threshold: scale·1, else +0
        }
    }

    /** Kernels#adam: the reference's operations lane by lane (sqrt is exactly rounded in both), then its tail. */
    static void adam(int n, float[] w, int wo, float[] g, int go, float[] m, int mo, float[] v, int vo,
                     float b1, float c1, float b2, float c2, float eps, float stepSize, float invRootBc2,
                     float l2, float shrink) {
        int j = 0;
        for (; j <= n - L; j += L) {
            FloatVector wj = FloatVector.fromArray(S, w, wo + j).mul(shrink);
            FloatVector gj = FloatVector.fromArray(S, g, go + j).add(wj.mul(l2));
            FloatVector mj = FloatVector.fromArray(S, m, mo + j).mul(b1).add(gj.mul(c1));
            FloatVector vj = FloatVector.fromArray(S, v, vo + j).mul(b2).add(gj.mul(gj).mul(c2));
            mj.intoArray(m, mo + j);
            vj.intoArray(v, vo + j);
            FloatVector den = vj.lanewise(VectorOperators.SQRT).mul(invRootBc2).add(eps);
            wj.sub(mj.div(den).mul(stepSize)).intoArray(w, wo + j);
        }
        ScalarOptimizers.adam(n - j, w, wo + j, g, go + j, m, mo + j, v, vo + j, b1, c1, b2, c2, eps, stepSize,
                invRootBc2, l2, shrink);
    }
}
