package org.backprop4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 activation kernels of {@link VectorKernels}: a vector loop over whole vectors, then
 * scalar code for the elements past the last one that computes exactly what a lane does.
 * Selections and products (identity, step, ReLU, leaky ReLU, every derivative) give the
 * reference's bits ({@link ScalarActivations}); tanh is the reference itself.
 *
 * <p>Sigmoid and softmax need e^x, and the Vector API's {@code EXP} will not do: compiled code uses
 * one approximation (Intel's SVML) and the interpreter another ({@link Math#exp} per lane), so the
 * same call could give different bits before and after the JIT has compiled it, and training would
 * no longer be reproducible. {@link #exp(FloatVector)} is built from exactly rounded operations only
 * (fma, add, multiply, integer add and shift), so it gives the same bits in every tier, and
 * {@link #exp(float)} is its scalar twin: within 1 ulp of e^x wherever e^x is a normal float; below
 * that (x &lt; −87.34) it returns 0 where e^x is subnormal. No vector is passed to or returned from a
 * method call in the kernels: a call that the JIT does not inline would box it (an allocation).
 */
final class VectorFloatActivations {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    // e^x = 2^k · e^r, k = round(x·log2 e), r = x − k·ln 2 (ln 2 in two parts: k·LN2_HI is exact)
    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5·2^23: adding it rounds to an integer, which then sits in the low bits of the sum. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = 0x4B400000;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    // minimax polynomial for (e^r − 1 − r)/r² on |r| ≤ ln2/2 (the coefficients of the Cephes library's expf)
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;
    /** Above: e^x overflows to +∞. Below: e^x is subnormal or zero; 0 is returned. */
    private static final float EXP_MAX = 88.72283f;
    private static final float EXP_MIN = -87.33654f;

    private VectorFloatActivations() {}

    /**
     * e^x in every lane, as {@link #exp(float)} computes it. Only for tests and cold paths: a vector
     * returned from a call that the JIT does not inline is boxed, so the kernels below repeat this body
     * inside their loops ({@link #expInPlace}, the sigmoid loop).
     */
    static FloatVector exp(FloatVector x) {
        FloatVector t = x.fma(LOG2E, ROUND), k = t.sub(ROUND);
        FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(S, P2)).fma(r, FloatVector.broadcast(S, P3))
                .fma(r, FloatVector.broadcast(S, P4)).fma(r, FloatVector.broadcast(S, P5));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector scale = ((IntVector) t.reinterpretAsInts()).sub(ROUND_BITS).lanewise(VectorOperators.LSHL, 23);
        FloatVector e = ((IntVector) y.reinterpretAsInts()).add(scale).reinterpretAsFloats();
        e = e.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX))
                .blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
        return e.blend(x, x.test(VectorOperators.IS_NAN));
    }

    /** e^x, bit for bit as one lane of {@link #exp(FloatVector)}. */
    static float exp(float x) {
        float t = Math.fma(x, LOG2E, ROUND), k = t - ROUND;
        float r = Math.fma(k, -LN2_LO, Math.fma(k, -LN2_HI, x));
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(r, P0, P1), r, P2), r, P3), r, P4), r, P5);
        float y = Math.fma(p, r * r, r) + 1f;
        float e = Float.intBitsToFloat(Float.floatToRawIntBits(y) + ((Float.floatToRawIntBits(t) - ROUND_BITS) << 23));
        if (x > EXP_MAX) e = Float.POSITIVE_INFINITY;
        if (x < EXP_MIN) e = 0f;
        return x != x ? x : e;
    }

    /** The sigmoid of one lane: 1 / (1 + e) for z ≥ 0, e / (1 + e) below, e = e^−|z|. */
    static float sigmoid(float z) {
        float e = exp(-Math.abs(z));
        return (z < 0f ? e : 1f) / (e + 1f);
    }

    /**
     * Dispatches to one small method per function: a method holding every function's vector loop
     * grows past what the JIT compiles well, and then boxes its vectors (allocating on every call).
     */
    static void activate(Pointwise f, double param, int n, float[] z, int zo, float[] a, int ao) {
        switch (f) {
            case STEP: step(n, z, zo, a, ao); break;
            case RELU: relu(n, z, zo, a, ao); break;
            case LEAKY_RELU: leakyRelu((float) param, n, z, zo, a, ao); break;
            case SIGMOID: sigmoid(n, z, zo, a, ao); break;
            default: ScalarActivations.activate(f, param, n, z, zo, a, ao); break;
        }
    }

    private static void step(int n, float[] z, int zo, float[] a, int ao) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector x = FloatVector.fromArray(S, z, zo + i);
            zero.blend(one, x.compare(VectorOperators.GE, 0f)).intoArray(a, ao + i);
        }
        ScalarActivations.activate(Pointwise.STEP, 0, n - i, z, zo + i, a, ao + i);
    }

    private static void relu(int n, float[] z, int zo, float[] a, int ao) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector x = FloatVector.fromArray(S, z, zo + i);
            zero.blend(x, x.compare(VectorOperators.GT, 0f)).intoArray(a, ao + i);
        }
        ScalarActivations.activate(Pointwise.RELU, 0, n - i, z, zo + i, a, ao + i);
    }

    private static void leakyRelu(float s, int n, float[] z, int zo, float[] a, int ao) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector x = FloatVector.fromArray(S, z, zo + i);
            x.mul(s).blend(x, x.compare(VectorOperators.GT, 0f)).intoArray(a, ao + i);
        }
        for (; i < n; i++) {
            float x = z[zo + i];
            a[ao + i] = x > 0f ? x : s * x;
        }
    }

    /** 1 / (1 + e) for z ≥ 0 and e / (1 + e) below, e = e^−|z| (the body of exp inline), then the twin. */
    private static void sigmoid(int n, float[] z, int zo, float[] a, int ao) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector x = FloatVector.fromArray(S, z, zo + i), d = x.abs().neg();
            FloatVector t = d.fma(LOG2E, ROUND), k = t.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), d);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(P0, P1).fma(r, FloatVector.broadcast(S, P2))
                    .fma(r, FloatVector.broadcast(S, P3)).fma(r, FloatVector.broadcast(S, P4))
                    .fma(r, FloatVector.broadcast(S, P5));
            FloatVector y = p.fma(r.mul(r), r).add(1f);
            IntVector scale = ((IntVector) t.reinterpretAsInts()).sub(ROUND_BITS)
                    .lanewise(VectorOperators.LSHL, 23);
            FloatVector e = ((IntVector) y.reinterpretAsInts()).add(scale).reinterpretAsFloats()
                    .blend(0f, d.compare(VectorOperators.LT, EXP_MIN));   // d <= 0: never above EXP_MAX
            e = e.blend(d, d.test(VectorOperators.IS_NAN));
            one.blend(e, x.compare(VectorOperators.LT, 0f)).div(e.add(one)).intoArray(a, ao + i);
        }
        for (; i < n; i++) a[ao + i] = sigmoid(z[zo + i]);
    }

    /** As {@link #activate}: one small method per function. */
    static void activateBackward(Pointwise f, double param, int n, float[] z, int zo, float[] a, int ao,
                                 float[] g, int go) {
        switch (f) {
            case RELU: reluBackward(n, z, zo, g, go); break;
            case LEAKY_RELU: leakyReluBackward((float) param, n, z, zo, g, go); break;
            case SIGMOID: sigmoidBackward(n, a, ao, g, go); break;
            case TANH: tanhBackward(n, a, ao, g, go); break;
            default: ScalarActivations.activateBackward(f, param, n, z, zo, a, ao, g, go); break;
        }
    }

    private static void reluBackward(int n, float[] z, int zo, float[] g, int go) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i <= n - L; i += L) {
            VectorMask<Float> on = FloatVector.fromArray(S, z, zo + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, go + i), on).intoArray(g, go + i);
        }
        for (; i < n; i++) if (!(z[zo + i] > 0f)) g[go + i] = 0f;
    }

    private static void leakyReluBackward(float s, int n, float[] z, int zo, float[] g, int go) {
        int i = 0;
        for (; i <= n - L; i += L) {
            VectorMask<Float> on = FloatVector.fromArray(S, z, zo + i).compare(VectorOperators.GT, 0f);
            FloatVector d = FloatVector.fromArray(S, g, go + i);
            d.mul(s).blend(d, on).intoArray(g, go + i);
        }
        for (; i < n; i++) if (!(z[zo + i] > 0f)) g[go + i] *= s;
    }

    private static void sigmoidBackward(int n, float[] a, int ao, float[] g, int go) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector y = FloatVector.fromArray(S, a, ao + i);
            FloatVector.fromArray(S, g, go + i).mul(y.mul(one.sub(y))).intoArray(g, go + i);
        }
        for (; i < n; i++) {
            float y = a[ao + i];
            g[go + i] *= y * (1f - y);
        }
    }

    private static void tanhBackward(int n, float[] a, int ao, float[] g, int go) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector y = FloatVector.fromArray(S, a, ao + i);
            FloatVector.fromArray(S, g, go + i).mul(one.sub(y.mul(y))).intoArray(g, go + i);
        }
        for (; i < n; i++) {
            float y = a[ao + i];
            g[go + i] *= 1f - y * y;
        }
    }

    static void addBiasActivate(Pointwise f, double param, int m, int n, float[] bias, int bo,
                                float[] z, int zOff, int ldz, float[] a, int aOff, int lda) {
        for (int r = 0; r < m; r++) {
            int zo = zOff + r * ldz, j = 0;
            for (; j <= n - L; j += L) {
                FloatVector.fromArray(S, z, zo + j).add(FloatVector.fromArray(S, bias, bo + j)).intoArray(z, zo + j);
            }
            for (; j < n; j++) z[zo + j] += bias[bo + j];
            activate(f, param, n, z, zo, a, aOff + r * lda);
        }
    }

    /**
     * Per row: the maximum, d = z − max, e = {@link #exp} of d, the sum of the e in float64 in column
     * order, then e · (float) (1 / sum), as the reference does with {@link Math#exp}. Rows shorter than
     * a vector, when Z and A are contiguous: the maxima and differences row by row, the exponentials
     * over the whole block at once, then the sums and scaling row by row.
     */
    static void softmax(int m, int n, float[] z, int zOff, int ldz, float[] a, int aOff, int lda) {
        if (n < L && ldz == n && lda == n) {
            for (int r = 0; r < m; r++) {
                int zo = zOff + r * n, ao = aOff + r * n;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) max = Math.max(max, z[zo + j]);
                for (int j = 0; j < n; j++) a[ao + j] = z[zo + j] - max;
            }
            expInPlace(m * n, a, aOff);
            for (int r = 0; r < m; r++) {
                int ao = aOff + r * n;
                double sum = 0;
                for (int j = 0; j < n; j++) sum += a[ao + j];
                ScalarActivations.scaleRow(n, sum, a, ao);
            }
            return;
        }
        for (int r = 0; r < m; r++) {
            int zo = zOff + r * ldz, ao = aOff + r * lda;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) max = Math.max(max, z[zo + j]);
            for (int j = 0; j < n; j++) a[ao + j] = z[zo + j] - max;
            expInPlace(n, a, ao);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += a[ao + j];
            float inv = (float) (1.0 / sum);
            int j = 0;
            for (; j <= n - L; j += L) FloatVector.fromArray(S, a, ao + j).mul(inv).intoArray(a, ao + j);
            for (; j < n; j++) a[ao + j] *= inv;
        }
    }

    /** a[i] = e^a[i] for i in [0, n): the body of {@link #exp(FloatVector)}, then its scalar twin. */
    static void expInPlace(int n, float[] a, int ao) {
        int i = 0;
        FloatVector p0 = FloatVector.broadcast(S, P0), p1 = FloatVector.broadcast(S, P1);
        for (; i <= n - L; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, ao + i);
            FloatVector t = x.fma(LOG2E, ROUND), k = t.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), x);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(p0, p1).fma(r, FloatVector.broadcast(S, P2)).fma(r, FloatVector.broadcast(S, P3))
                    .fma(r, FloatVector.broadcast(S, P4)).fma(r, FloatVector.broadcast(S, P5));
            FloatVector y = p.fma(r.mul(r), r).add(1f);
            IntVector scale = ((IntVector) t.reinterpretAsInts()).sub(ROUND_BITS).lanewise(VectorOperators.LSHL, 23);
            FloatVector e = ((IntVector) y.reinterpretAsInts()).add(scale).reinterpretAsFloats();
            e = e.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX))
                    .blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
            e.blend(x, x.test(VectorOperators.IS_NAN)).intoArray(a, ao + i);
        }
        for (; i < n; i++) a[ao + i] = exp(a[ao + i]);
    }
}
