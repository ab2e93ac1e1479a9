package org.backprop4j.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.backprop4j.init.Rng;

/**
 * The float64 level-1 and level-2 kernels of {@link VectorKernels}: a vector loop, then a scalar
 * tail that does what a vector lane would (so lanes and tail agree bit for bit). Loops shorter than
 * one vector run the scalar tail only. No vector is passed to a method call: a call that the JIT
 * does not inline would box it.
 */
final class VectorDoubleOps {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorDoubleOps() {}

    /** Kernels#gemv: op(A) = A runs dot products; op(A) = Aᵀ runs an fma chain over the rows per y[j]. */
    static void gemv(boolean transA, int m, int n, double alpha, double[] a, int aOff, int lda,
                     double[] x, int xOff, double beta, double[] y, int yOff) {
        if (!transA) {
            for (int i = 0; i < m; i++) {
                double s = dot(n, a, aOff + i * lda, x, xOff);
                y[yOff + i] = beta == 0d ? alpha * s : alpha * s + beta * y[yOff + i];
            }
            return;
        }
        // y[j] = Σ_p A[p][j]·x[p]: lanes run along j, each lane an fma chain over p ascending (the two
        // cases of beta are separate methods, as in columnSums)
        if (beta == 0d) gemvTransposedOverwrite(m, n, alpha, a, aOff, lda, x, xOff, y, yOff);
        else gemvTransposedAccumulate(m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
    }

    private static void gemvTransposedOverwrite(int m, int n, double alpha, double[] a, int aOff, int lda,
                                                double[] x, int xOff, double[] y, int yOff) {
        int j = 0;
        for (; j <= n - 2 * L; j += 2 * L) {
            DoubleVector s0 = DoubleVector.zero(S), s1 = s0;
            for (int p = 0; p < m; p++) {
                DoubleVector xp = DoubleVector.broadcast(S, x[xOff + p]);
                int ai = aOff + p * lda + j;
                s0 = DoubleVector.fromArray(S, a, ai).fma(xp, s0);
                s1 = DoubleVector.fromArray(S, a, ai + L).fma(xp, s1);
            }
            s0.mul(alpha).intoArray(y, yOff + j);
            s1.mul(alpha).intoArray(y, yOff + j + L);
        }
        for (; j <= n - L; j += L) {
            DoubleVector s0 = DoubleVector.zero(S);
            for (int p = 0; p < m; p++) {
                s0 = DoubleVector.fromArray(S, a, aOff + p * lda + j).fma(DoubleVector.broadcast(S, x[xOff + p]), s0);
            }
            s0.mul(alpha).intoArray(y, yOff + j);
        }
        for (; j < n; j++) {
            double s = 0d;
            for (int p = 0; p < m; p++) s = Math.fma(a[aOff + p * lda + j], x[xOff + p], s);
            y[yOff + j] = alpha * s;
        }
    }

    private static void gemvTransposedAccumulate(int m, int n, double alpha, double[] a, int aOff, int lda,
                                                 double[] x, int xOff, double beta, double[] y, int yOff) {
        int j = 0;
        for (; j <= n - L; j += L) {
            DoubleVector s0 = DoubleVector.zero(S);
            for (int p = 0; p < m; p++) {
                s0 = DoubleVector.fromArray(S, a, aOff + p * lda + j).fma(DoubleVector.broadcast(S, x[xOff + p]), s0);
            }
            int yi = yOff + j;
            s0.mul(alpha).add(DoubleVector.fromArray(S, y, yi).mul(beta)).intoArray(y, yi);
        }
        for (; j < n; j++) {
            double s = 0d;
            for (int p = 0; p < m; p++) s = Math.fma(a[aOff + p * lda + j], x[xOff + p], s);
            y[yOff + j] = alpha * s + beta * y[yOff + j];
        }
    }

    /**
     * One row of an outer product: c[j] = alpha·fma(ai, b[j], 0) (+ beta·c[j]), separately rounded:
     * the gemm's chain for k = 1.
     */
    static void outerRow(int n, double alpha, double ai, double[] b, int bOff, double beta, double[] c, int cOff) {
        DoubleVector av = DoubleVector.broadcast(S, ai), zero = DoubleVector.zero(S);
        int j = 0;
        if (beta == 0d) {
            for (; j <= n - L; j += L)
                av.fma(DoubleVector.fromArray(S, b, bOff + j), zero).mul(alpha).intoArray(c, cOff + j);
            for (; j < n; j++) c[cOff + j] = alpha * Math.fma(ai, b[bOff + j], 0d);
        } else {
            for (; j <= n - L; j += L) {
                av.fma(DoubleVector.fromArray(S, b, bOff + j), zero).mul(alpha)
                        .add(DoubleVector.fromArray(S, c, cOff + j).mul(beta)).intoArray(c, cOff + j);
            }
            for (; j < n; j++) c[cOff + j] = alpha * Math.fma(ai, b[bOff + j], 0d) + beta * c[cOff + j];
        }
    }

    /** y += alpha·x, as the reference: a rounded product, then a rounded sum. */
    static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector.fromArray(S, y, yOff + i).add(DoubleVector.fromArray(S, x, xOff + i).mul(alpha))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    /**
     * Σ x·y: four fma chains over blocks of four vectors, one more over the remaining whole vectors,
     * the chains added as (s0 + s1) + (s2 + s3), the lanes added in lane order (not
     * {@code reduceLanes}, whose order is unspecified), then a scalar fma tail.
     */
    static double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        int i = 0;
        double s = 0d;
        if (n >= L) {
            DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (; i <= n - 4 * L; i += 4 * L) {
                int xi = xOff + i, yi = yOff + i;
                s0 = DoubleVector.fromArray(S, x, xi).fma(DoubleVector.fromArray(S, y, yi), s0);
                s1 = DoubleVector.fromArray(S, x, xi + L).fma(DoubleVector.fromArray(S, y, yi + L), s1);
                s2 = DoubleVector.fromArray(S, x, xi + 2 * L).fma(DoubleVector.fromArray(S, y, yi + 2 * L), s2);
                s3 = DoubleVector.fromArray(S, x, xi + 3 * L).fma(DoubleVector.fromArray(S, y, yi + 3 * L), s3);
            }
            for (; i <= n - L; i += L) {
                s0 = DoubleVector.fromArray(S, x, xOff + i).fma(DoubleVector.fromArray(S, y, yOff + i), s0);
            }
            DoubleVector v = s0.add(s1).add(s2.add(s3));
            for (int l = 0; l < L; l++) s += v.lane(l);
        }
        for (; i < n; i++) s = Math.fma(x[xOff + i], y[yOff + i], s);
        return s;
    }

    /** Σ x: as {@link #dot}, with additions. */
    static double sum(int n, double[] x, int xOff) {
        int i = 0;
        double s = 0d;
        if (n >= L) {
            DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
            for (; i <= n - 4 * L; i += 4 * L) {
                int xi = xOff + i;
                s0 = s0.add(DoubleVector.fromArray(S, x, xi));
                s1 = s1.add(DoubleVector.fromArray(S, x, xi + L));
                s2 = s2.add(DoubleVector.fromArray(S, x, xi + 2 * L));
                s3 = s3.add(DoubleVector.fromArray(S, x, xi + 3 * L));
            }
            for (; i <= n - L; i += L) s0 = s0.add(DoubleVector.fromArray(S, x, xOff + i));
            DoubleVector v = s0.add(s1).add(s2.add(s3));
            for (int l = 0; l < L; l++) s += v.lane(l);
        }
        for (; i < n; i++) s += x[xOff + i];
        return s;
    }

    /** x *= alpha. */
    static void scale(int n, double alpha, double[] x, int xOff) {
        int i = 0;
        for (; i <= n - L; i += L) DoubleVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
        for (; i < n; i++) x[xOff + i] *= alpha;
    }

    /** C[i][j] += v[j]. */
    static void addRowVector(int m, int n, double[] v, int vOff, double[] c, int cOff, int ldc) {
        for (int r = 0; r < m; r++) {
            int co = cOff + r * ldc, j = 0;
            for (; j <= n - L; j += L) {
                DoubleVector.fromArray(S, c, co + j).add(DoubleVector.fromArray(S, v, vOff + j))
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
    static void columnSums(int m, int n, double alpha, double[] a, int aOff, int lda,
                           double beta, double[] out, int outOff) {
        if (beta == 0d) columnSumsOverwrite(m, n, alpha, a, aOff, lda, out, outOff);
        else columnSumsAccumulate(m, n, alpha, a, aOff, lda, beta, out, outOff);
    }

    private static void columnSumsOverwrite(int m, int n, double alpha, double[] a, int aOff, int lda,
                                            double[] out, int outOff) {
        int j = 0;
        for (; j <= n - 2 * L; j += 2 * L) {
            DoubleVector s0 = DoubleVector.zero(S), s1 = s0;
            for (int i = 0; i < m; i++) {
                int ai = aOff + i * lda + j;
                s0 = s0.add(DoubleVector.fromArray(S, a, ai));
                s1 = s1.add(DoubleVector.fromArray(S, a, ai + L));
            }
            s0.mul(alpha).intoArray(out, outOff + j);
            s1.mul(alpha).intoArray(out, outOff + j + L);
        }
        for (; j <= n - L; j += L) {
            DoubleVector s0 = DoubleVector.zero(S);
            for (int i = 0; i < m; i++) s0 = s0.add(DoubleVector.fromArray(S, a, aOff + i * lda + j));
            s0.mul(alpha).intoArray(out, outOff + j);
        }
        for (; j < n; j++) {
            double s = 0d;
            for (int i = 0; i < m; i++) s += a[aOff + i * lda + j];
            out[outOff + j] = alpha * s;
        }
    }

    private static void columnSumsAccumulate(int m, int n, double alpha, double[] a, int aOff, int lda,
                                             double beta, double[] out, int outOff) {
        int j = 0;
        for (; j <= n - L; j += L) {
            DoubleVector s0 = DoubleVector.zero(S);
            for (int i = 0; i < m; i++) s0 = s0.add(DoubleVector.fromArray(S, a, aOff + i * lda + j));
            int oi = outOff + j;
            s0.mul(alpha).add(DoubleVector.fromArray(S, out, oi).mul(beta)).intoArray(out, oi);
        }
        for (; j < n; j++) {
            double s = 0d;
            for (int i = 0; i < m; i++) s += a[aOff + i * lda + j];
            out[outOff + j] = alpha * s + beta * out[outOff + j];
        }
    }

    /** z = x·y element-wise; z may be x or y. */
    static void multiply(int n, double[] x, int xOff, double[] y, int yOff, double[] z, int zOff) {
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector.fromArray(S, x, xOff + i).mul(DoubleVector.fromArray(S, y, yOff + i)).intoArray(z, zOff + i);
        }
        for (; i < n; i++) z[zOff + i] = x[xOff + i] * y[yOff + i];
    }

    /** Longs per vector: as many lanes as a double vector. */
    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    private static final long[] DRAW_OFFSETS = VectorFloatOps.drawOffsets(LS.length(), 1, 1);

    /**
     * Kernels#dropoutMask, float64: as VectorFloatOps#dropoutMask, one long lane per element, the
     * lanes turned into the bits of scale or +0 and reinterpreted as doubles.
     */
    static void dropoutMask(int n, long state, long threshold, double scale, double[] mask, int maskOff) {
        int i = 0;
        if (LS.length() == L) {
            LongVector offsets = LongVector.fromArray(LS, DRAW_OFFSETS, 0);
            long bits = Double.doubleToRawLongBits(scale);
            for (; i <= n - L; i += L) {
                LongVector z = offsets.add(state + i * Rng.INCREMENT);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
                z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
                LongVector k = z.lanewise(VectorOperators.LSHR, 11).sub(threshold).lanewise(VectorOperators.LSHR, 63)
                        .sub(1).and(bits);
                ((DoubleVector) k.reinterpretAsDoubles()).intoArray(mask, maskOff + i);
            }
        }
        long s = state + i * Rng.INCREMENT;
        for (; i < n; i++) {
            s += Rng.INCREMENT;
            long v = Rng.valueAt(s) >>> 11;
            mask[maskOff + i] = scale * (double) (1 - ((v - threshold) >>> 63));
        }
    }
}
