package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 gemm micro-kernels for the m % 4 last rows of op(A): {@code twoN} (2 rows) and
 * {@code oneN} (1 row) × N vectors, op(A)[r][p] at {@code a[ao + p·as + r·ar]} for any strides, so one
 * kernel serves A and Aᵀ. Two rows halve the traffic of op(B), which bounds one row's speed. Otherwise
 * as {@link VectorFloatMicroKernels}: fma chains over p ascending from zero (or, with {@code acc}, from
 * the sums already at c), stored raw row by row.
 */
final class VectorFloatEdgeKernels {
    private static final VectorSpecies<Float> S = VectorFloatMicroKernels.S;
    private static final int L = VectorFloatMicroKernels.L;

    private VectorFloatEdgeKernels() {}

    static void two6(float[] a, int ao, int as, int ar,
            float[] b, int bo, int bs, int k, float[] c, int co, int ldc, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00,
                c10 = c00, c11 = c00, c12 = c00, c13 = c00, c14 = c00, c15 = c00;
        if (acc) {   // the chains go on from the sums at c (a product split over k)
            int q1 = co + ldc;
            c00 = FloatVector.fromArray(S, c, co); c01 = FloatVector.fromArray(S, c, co + L);
            c02 = FloatVector.fromArray(S, c, co + 2 * L); c03 = FloatVector.fromArray(S, c, co + 3 * L);
            c04 = FloatVector.fromArray(S, c, co + 4 * L); c05 = FloatVector.fromArray(S, c, co + 5 * L);
            c10 = FloatVector.fromArray(S, c, q1); c11 = FloatVector.fromArray(S, c, q1 + L);
            c12 = FloatVector.fromArray(S, c, q1 + 2 * L); c13 = FloatVector.fromArray(S, c, q1 + 3 * L);
            c14 = FloatVector.fromArray(S, c, q1 + 4 * L); c15 = FloatVector.fromArray(S, c, q1 + 5 * L);
        }
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector b4 = FloatVector.fromArray(S, b, bi + 4 * L);
            FloatVector b5 = FloatVector.fromArray(S, b, bi + 5 * L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03); c04 = x.fma(b4, c04); c05 = x.fma(b5, c05);
            x = FloatVector.broadcast(S, a[ai + ar]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13); c14 = x.fma(b4, c14); c15 = x.fma(b5, c15);
        }
        int o0 = co;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L); c02.intoArray(c, o0 + 2 * L);
        c03.intoArray(c, o0 + 3 * L); c04.intoArray(c, o0 + 4 * L); c05.intoArray(c, o0 + 5 * L);
        int o1 = co + ldc;
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L); c12.intoArray(c, o1 + 2 * L);
        c13.intoArray(c, o1 + 3 * L); c14.intoArray(c, o1 + 4 * L); c15.intoArray(c, o1 + 5 * L);
    }

    static void two5(float[] a, int ao, int as, int ar,
            float[] b, int bo, int bs, int k, float[] c, int co, int ldc, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c10 = c00,
                c11 = c00, c12 = c00, c13 = c00, c14 = c00;
        if (acc) {   // the chains go on from the sums at c (a product split over k)
            int q1 = co + ldc;
            c00 = FloatVector.fromArray(S, c, co); c01 = FloatVector.fromArray(S, c, co + L);
            c02 = FloatVector.fromArray(S, c, co + 2 * L); c03 = FloatVector.fromArray(S, c, co + 3 * L);
            c04 = FloatVector.fromArray(S, c, co + 4 * L);
            c10 = FloatVector.fromArray(S, c, q1); c11 = FloatVector.fromArray(S, c, q1 + L);
            c12 = FloatVector.fromArray(S, c, q1 + 2 * L); c13 = FloatVector.fromArray(S, c, q1 + 3 * L);
            c14 = FloatVector.fromArray(S, c, q1 + 4 * L);
        }
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector b4 = FloatVector.fromArray(S, b, bi + 4 * L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03); c04 = x.fma(b4, c04);
            x = FloatVector.broadcast(S, a[ai + ar]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13); c14 = x.fma(b4, c14);
        }
        int o0 = co;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L); c02.intoArray(c, o0 + 2 * L);
        c03.intoArray(c, o0 + 3 * L); c04.intoArray(c, o0 + 4 * L);
        int o1 = co + ldc;
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L); c12.intoArray(c, o1 + 2 * L);
        c13.intoArray(c, o1 + 3 * L); c14.intoArray(c, o1 + 4 * L);
    }

    static void two4(float[] a, int ao, int as, int ar,
            float[] b, int bo, int bs, int k, float[] c, int co, int ldc, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00,
                c12 = c00, c13 = c00;
        if (acc) {   // the chains go on from the sums at c (a product split over k)
            int q1 = co + ldc;
            c00 = FloatVector.fromArray(S, c, co); c01 = FloatVector.fromArray(S, c, co + L);
            c02 = FloatVector.fromArray(S, c, co + 2 * L); c03 = FloatVector.fromArray(S, c, co + 3 * L);
            c10 = FloatVector.fromArray(S, c, q1); c11 = FloatVector.fromArray(S, c, q1 + L);
            c12 = FloatVector.fromArray(S, c, q1 + 2 * L); c13 = FloatVector.fromArray(S, c, q1 + 3 * L);
        }
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[ai + ar]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
        }
        int o0 = co;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L); c02.intoArray(c, o0 + 2 * L);
        c03.intoArray(c, o0 + 3 * L);
        int o1 = co + ldc;
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L); c12.intoArray(c, o1 + 2 * L);
        c13.intoArray(c, o1 + 3 * L);
    }

    static void two3(float[] a, int ao, int as, int ar,
            float[] b, int bo, int bs, int k, float[] c, int co, int ldc, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        if (acc) {   // the chains go on from the sums at c (a product split over k)
            int q1 = co + ldc;
            c00 = FloatVector.fromArray(S, c, co); c01 = FloatVector.fromArray(S, c, co + L);
            c02 = FloatVector.fromArray(S, c, co + 2 * L);
            c10 = FloatVector.fromArray(S, c, q1); c11 = FloatVector.fromArray(S, c, q1 + L);
            c12 = FloatVector.fromArray(S, c, q1 + 2 * L);
        }
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(S, a[ai + ar]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11); c12 = x.fma(b2, c12);
        }
        int o0 = co;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L); c02.intoArray(c, o0 + 2 * L);
        int o1 = co + ldc;
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L); c12.intoArray(c, o1 + 2 * L);
    }

    static void two2(float[] a, int ao, int as, int ar,
            float[] b, int bo, int bs, int k, float[] c, int co, int ldc, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00;
        if (acc) {   // the chains go on from the sums at c (a product split over k)
            int q1 = co + ldc;
            c00 = FloatVector.fromArray(S, c, co); c01 = FloatVector.fromArray(S, c, co + L);
            c10 = FloatVector.fromArray(S, c, q1); c11 = FloatVector.fromArray(S, c, q1 + L);
        }
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + ar]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
        }
        int o0 = co;
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L);
        int o1 = co + ldc;
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L);
    }

    static void two1(float[] a, int ao, int as, int ar,
            float[] b, int bo, int bs, int k, float[] c, int co, int ldc, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c10 = c00;
        if (acc) {   // the chains go on from the sums at c (a product split over k)
            int q1 = co + ldc;
            c00 = FloatVector.fromArray(S, c, co);
            c10 = FloatVector.fromArray(S, c, q1);
        }
        for (int p = 0; p < k; p++) {
            int ai = ao + p * as, bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            x = FloatVector.broadcast(S, a[ai + ar]);
            c10 = x.fma(b0, c10);
        }
        c00.intoArray(c, co);
        c10.intoArray(c, co + ldc);
    }

    static void one6(float[] a, int ao, int as, float[] b, int bo, int bs, int k, float[] c, int co, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c04 = c00, c05 = c00;
        if (acc) {   // the chains go on from the sums at c (a product split over k)
            c00 = FloatVector.fromArray(S, c, co); c01 = FloatVector.fromArray(S, c, co + L);
            c02 = FloatVector.fromArray(S, c, co + 2 * L); c03 = FloatVector.fromArray(S, c, co + 3 * L);
            c04 = FloatVector.fromArray(S, c, co + 4 * L); c05 = FloatVector.fromArray(S, c, co + 5 * L);
        }
        for (int p = 0; p < k; p++) {
            int bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector b4 = FloatVector.fromArray(S, b, bi + 4 * L);
            FloatVector b5 = FloatVector.fromArray(S, b, bi + 5 * L);
            FloatVector x = FloatVector.broadcast(S, a[ao + p * as]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03); c04 = x.fma(b4, c04); c05 = x.fma(b5, c05);
        }
        c00.intoArray(c, co); c01.intoArray(c, co + L); c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L); c04.intoArray(c, co + 4 * L); c05.intoArray(c, co + 5 * L);
    }

    static void one5(float[] a, int ao, int as, float[] b, int bo, int bs, int k, float[] c, int co, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c04 = c00;
        if (acc) {   // the chains go on from the sums at c (a product split over k)
            c00 = FloatVector.fromArray(S, c, co); c01 = FloatVector.fromArray(S, c, co + L);
            c02 = FloatVector.fromArray(S, c, co + 2 * L); c03 = FloatVector.fromArray(S, c, co + 3 * L);
            c04 = FloatVector.fromArray(S, c, co + 4 * L);
        }
        for (int p = 0; p < k; p++) {
            int bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector b4 = FloatVector.fromArray(S, b, bi + 4 * L);
            FloatVector x = FloatVector.broadcast(S, a[ao + p * as]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03); c04 = x.fma(b4, c04);
        }
        c00.intoArray(c, co); c01.intoArray(c, co + L); c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L); c04.intoArray(c, co + 4 * L);
    }

    static void one4(float[] a, int ao, int as, float[] b, int bo, int bs, int k, float[] c, int co, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        if (acc) {   // the chains go on from the sums at c (a product split over k)
            c00 = FloatVector.fromArray(S, c, co); c01 = FloatVector.fromArray(S, c, co + L);
            c02 = FloatVector.fromArray(S, c, co + 2 * L); c03 = FloatVector.fromArray(S, c, co + 3 * L);
        }
        for (int p = 0; p < k; p++) {
            int bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[ao + p * as]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
        }
        c00.intoArray(c, co); c01.intoArray(c, co + L); c02.intoArray(c, co + 2 * L);
        c03.intoArray(c, co + 3 * L);
    }

    static void one3(float[] a, int ao, int as, float[] b, int bo, int bs, int k, float[] c, int co, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        if (acc) {   // the chains go on from the sums at c (a product split over k)
            c00 = FloatVector.fromArray(S, c, co); c01 = FloatVector.fromArray(S, c, co + L);
            c02 = FloatVector.fromArray(S, c, co + 2 * L);
        }
        for (int p = 0; p < k; p++) {
            int bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a[ao + p * as]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01); c02 = x.fma(b2, c02);
        }
        c00.intoArray(c, co); c01.intoArray(c, co + L); c02.intoArray(c, co + 2 * L);
    }

    static void one2(float[] a, int ao, int as, float[] b, int bo, int bs, int k, float[] c, int co, boolean acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00;
        if (acc) {   // the chains go on from the sums at c (a product split over k)
            c00 = FloatVector.fromArray(S, c, co); c01 = FloatVector.fromArray(S, c, co + L);
        }
        for (int p = 0; p < k; p++) {
            int bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[ao + p * as]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
        }
        c00.intoArray(c, co); c01.intoArray(c, co + L);
    }

    static void one1(float[] a, int ao, int as, float[] b, int bo, int bs, int k, float[] c, int co, boolean acc) {
        FloatVector c00 = FloatVector.zero(S);
        if (acc) {   // the chains go on from the sums at c (a product split over k)
            c00 = FloatVector.fromArray(S, c, co);
        }
        for (int p = 0; p < k; p++) {
            int bi = bo + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector x = FloatVector.broadcast(S, a[ao + p * as]);
            c00 = x.fma(b0, c00);
        }
        c00.intoArray(c, co);
    }
}
