package org.backprop4j.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The activation kernels of one implementation against the reference, for {@link KernelParityTest}
 * (which records the calls for its pairing count).
 *
 * <p>Exactness: identity, step, ReLU and leaky ReLU, every derivative, the bias additions and
 * softmax's backward pass are selections, products and sums in a stated order, so the two
 * implementations must agree bit for bit. Sigmoid, tanh and the exponentials of softmax may use the
 * Vector API's approximations: the reference rounds the float64 value once (≤ ½ ulp from the truth),
 * the approximation is documented to about 1 ulp, and sigmoid and softmax add one or two roundings
 * (a sum and a division or product) in float32: {@value #ULPS} ulp of the result bounds them all and
 * still catches a wrong formula (off by far
 * more), plus the smallest normal number (the vector exponential returns 0 where e^x is subnormal).
 * NaN must stay NaN in both.
 *
 * <p>Inputs: uniform in [−12, 12), with ±0, ±1, NaN, ±∞ and ±100 mixed in so that every branch
 * (z &gt; 0, z = 0, overflow of e^−z) is taken; sizes from {@link KernelParityTest#SIZES}; offsets
 * 0–4 and leading dimensions wider than the rows.
 */
final class ActivationKernelParity {
    static final int ULPS = 4;
    private static final double[] SPECIAL = {0.0, -0.0, 1, -1, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 100, -100, 1e-30, -1e-30};
    private static final Pointwise[] ALL = Pointwise.values();

    private final Kernels scalar, vector;
    private final long seed;

    ActivationKernelParity(Kernels scalar, Kernels vector, long seed) {
        this.scalar = scalar;
        this.vector = vector;
        this.seed = seed;
    }

    private static boolean exact(Pointwise f) {
        return f != Pointwise.SIGMOID && f != Pointwise.TANH;
    }

    private static double[] inputs(SplittableRandom r, int size) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = r.nextInt(5) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextDouble() * 24 - 12;
        }
        return v;
    }

    // ---------------------------------------------------------------- activate, activateBackward

    void activate() {
        int caseNo = 0;
        for (int n : KernelParityTest.SIZES) {
            for (Pointwise f : ALL) {
                long s = seed * 101L + caseNo++;
                SplittableRandom r = new SplittableRandom(s);
                double param = r.nextDouble() * 0.5;
                int zOff = r.nextInt(5), aOff = r.nextInt(5);
                double[] z = inputs(r, zOff + n + 2), a0 = inputs(r, aOff + n + 2);
                String what = "activate " + f + " n=" + n + " param=" + param + " offsets " + zOff + "/" + aOff
                        + " seed=" + s;
                float[] zf = KernelParityTest.toFloat(z), sf = KernelParityTest.toFloat(a0), vf = sf.clone();
                scalar.activate(f, param, n, zf, zOff, sf, aOff);
                vector.activate(f, param, n, zf, zOff, vf, aOff);
                compare(sf, vf, exact(f), what + " float32");
                float[] inPlaceS = zf.clone(), inPlaceV = zf.clone();   // a is z
                scalar.activate(f, param, n, inPlaceS, zOff, inPlaceS, zOff);
                vector.activate(f, param, n, inPlaceV, zOff, inPlaceV, zOff);
                compare(inPlaceS, inPlaceV, exact(f), what + " float32 in place");
                double[] sd = a0.clone(), vd = a0.clone();
                scalar.activate(f, param, n, z, zOff, sd, aOff);
                vector.activate(f, param, n, z, zOff, vd, aOff);
                compare(sd, vd, exact(f), what + " float64");
            }
        }
    }

    void activateBackward() {
        int caseNo = 0;
        for (int n : KernelParityTest.SIZES) {
            for (Pointwise f : ALL) {
                long s = seed * 103L + caseNo++;
                SplittableRandom r = new SplittableRandom(s);
                double param = r.nextDouble() * 0.5;
                int zOff = r.nextInt(5), aOff = r.nextInt(5), gOff = r.nextInt(5);
                double[] z = inputs(r, zOff + n + 2), g = inputs(r, gOff + n + 2), a = new double[aOff + n + 2];
                for (int i = 0; i < a.length; i++) a[i] = r.nextDouble() * 2 - 1;
                String what = "activateBackward " + f + " n=" + n + " param=" + param + " seed=" + s;
                float[] zf = KernelParityTest.toFloat(z), af = KernelParityTest.toFloat(a);
                float[] sf = KernelParityTest.toFloat(g), vf = sf.clone();
                double[] sd = g.clone(), vd = g.clone();
                if (f == Pointwise.STEP) {
                    assertThrows(UnsupportedOperationException.class,
                            () -> scalar.activateBackward(f, param, n, zf, zOff, af, aOff, sf, gOff), what);
                    assertThrows(UnsupportedOperationException.class,
                            () -> vector.activateBackward(f, param, n, zf, zOff, af, aOff, vf, gOff), what);
                    assertThrows(UnsupportedOperationException.class,
                            () -> vector.activateBackward(f, param, n, z, zOff, a, aOff, vd, gOff), what);
                    continue;
                }
                scalar.activateBackward(f, param, n, zf, zOff, af, aOff, sf, gOff);
                vector.activateBackward(f, param, n, zf, zOff, af, aOff, vf, gOff);
                compare(sf, vf, true, what + " float32");
                scalar.activateBackward(f, param, n, z, zOff, a, aOff, sd, gOff);
                vector.activateBackward(f, param, n, z, zOff, a, aOff, vd, gOff);
                compare(sd, vd, true, what + " float64");
            }
        }
    }

    // ---------------------------------------------------------------- addBiasActivate

    void addBiasActivate() {
        int caseNo = 0;
        for (int[] shape : new int[][] {{0, 5}, {1, 1}, {3, 17}, {7, 16}, {9, 33}, {17, 10}, {5, 129}, {2, 1000}}) {
            for (Pointwise f : ALL) {
                long s = seed * 107L + caseNo++;
                SplittableRandom r = new SplittableRandom(s);
                int m = shape[0], n = shape[1], ldz = n + r.nextInt(3), lda = n + r.nextInt(3);
                int zOff = r.nextInt(5), aOff = r.nextInt(5), bOff = r.nextInt(5);
                double param = r.nextDouble() * 0.5;
                double[] z = inputs(r, zOff + m * ldz + 2), bias = inputs(r, bOff + n + 2);
                double[] a = inputs(r, aOff + m * lda + 2);
                String what = "addBiasActivate " + f + " m=" + m + " n=" + n + " ld " + ldz + "/" + lda + " seed=" + s;
                float[] zs = KernelParityTest.toFloat(z), zv = zs.clone(), zt = zs.clone();
                float[] bf = KernelParityTest.toFloat(bias);
                float[] as = KernelParityTest.toFloat(a), av = as.clone(), at = as.clone();
                scalar.addBiasActivate(f, param, m, n, bf, bOff, zs, zOff, ldz, as, aOff, lda);
                vector.addBiasActivate(f, param, m, n, bf, bOff, zv, zOff, ldz, av, aOff, lda);
                compare(zs, zv, true, what + " float32 z");
                compare(as, av, exact(f), what + " float32 a");
                // the same bits as addRowVector then activate, row by row, in the implementation itself
                vector.addRowVector(m, n, bf, bOff, zt, zOff, ldz);
                for (int i = 0; i < m; i++) vector.activate(f, param, n, zt, zOff + i * ldz, at, aOff + i * lda);
                compare(zv, zt, true, what + " float32 z vs addRowVector");
                compare(av, at, true, what + " float32 a vs addRowVector + activate");
                double[] zsd = z.clone(), zvd = z.clone(), asd = a.clone(), avd = a.clone();
                scalar.addBiasActivate(f, param, m, n, bias, bOff, zsd, zOff, ldz, asd, aOff, lda);
                vector.addBiasActivate(f, param, m, n, bias, bOff, zvd, zOff, ldz, avd, aOff, lda);
                compare(zsd, zvd, true, what + " float64 z");
                compare(asd, avd, exact(f), what + " float64 a");
            }
        }
    }

    // ---------------------------------------------------------------- softmax

    void softmax() {
        int caseNo = 0;
        // short rows (contiguous and strided), rows of exactly one vector, long rows
        int[][] shapes = {{0, 4}, {1, 1}, {1, 10}, {128, 10}, {33, 3}, {7, 16}, {5, 17}, {9, 8}, {3, 100}, {2, 1000}};
        for (int[] shape : shapes) {
            for (boolean strided : new boolean[] {false, true}) {
                long s = seed * 109L + caseNo++;
                SplittableRandom r = new SplittableRandom(s);
                int m = shape[0], n = shape[1];
                int ldz = n + (strided ? 1 + r.nextInt(3) : 0), lda = n + (strided ? r.nextInt(3) : 0);
                int zOff = r.nextInt(5), aOff = r.nextInt(5);
                double[] z = new double[zOff + m * ldz + 2];
                for (int i = 0; i < z.length; i++) z[i] = r.nextDouble() * 40 - 20 + (i % 7 == 0 ? 80 : 0);
                double[] a = inputs(r, aOff + m * lda + 2);
                String what = "softmax m=" + m + " n=" + n + " ld " + ldz + "/" + lda + " seed=" + s;
                float[] zf = KernelParityTest.toFloat(z), sf = KernelParityTest.toFloat(a), vf = sf.clone();
                scalar.softmax(m, n, zf, zOff, ldz, sf, aOff, lda);
                vector.softmax(m, n, zf, zOff, ldz, vf, aOff, lda);
                compare(sf, vf, false, what + " float32");
                if (!strided) {   // in place
                    float[] ps = zf.clone(), pv = zf.clone();
                    scalar.softmax(m, n, ps, zOff, ldz, ps, zOff, ldz);
                    vector.softmax(m, n, pv, zOff, ldz, pv, zOff, ldz);
                    compare(ps, pv, false, what + " float32 in place");
                }
                double[] sd = a.clone(), vd = a.clone();
                scalar.softmax(m, n, z, zOff, ldz, sd, aOff, lda);
                vector.softmax(m, n, z, zOff, ldz, vd, aOff, lda);
                compare(sd, vd, false, what + " float64");
            }
        }
    }

    void softmaxBackward() {
        int caseNo = 0;
        for (int[] shape : new int[][] {{0, 3}, {1, 1}, {4, 10}, {9, 16}, {3, 33}, {2, 1000}}) {
            long s = seed * 113L + caseNo++;
            SplittableRandom r = new SplittableRandom(s);
            int m = shape[0], n = shape[1], lda = n + r.nextInt(3), ldg = n + r.nextInt(3);
            int aOff = r.nextInt(5), gOff = r.nextInt(5);
            double[] a = new double[aOff + m * lda + 2], g = inputs(r, gOff + m * ldg + 2);
            for (int i = 0; i < a.length; i++) a[i] = r.nextDouble();
            String what = "softmaxBackward m=" + m + " n=" + n + " seed=" + s;
            float[] af = KernelParityTest.toFloat(a), sf = KernelParityTest.toFloat(g), vf = sf.clone();
            scalar.softmaxBackward(m, n, af, aOff, lda, sf, gOff, ldg);
            vector.softmaxBackward(m, n, af, aOff, lda, vf, gOff, ldg);
            compare(sf, vf, true, what + " float32");
            double[] sd = g.clone(), vd = g.clone();
            scalar.softmaxBackward(m, n, a, aOff, lda, sd, gOff, ldg);
            vector.softmaxBackward(m, n, a, aOff, lda, vd, gOff, ldg);
            compare(sd, vd, true, what + " float64");
        }
    }

    // ---------------------------------------------------------------- comparison

    private static void compare(float[] expected, float[] actual, boolean exact, String what) {
        if (exact) {
            if (!Arrays.equals(expected, actual)) {
                for (int i = 0; i < expected.length; i++) {
                    if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i]))
                        fail(what + ": index " + i + ": vector " + actual[i] + " != reference " + expected[i]);
                }
            }
            return;
        }
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i], v = actual[i];
            if (e == v) continue;
            if (Float.isNaN(e) || Float.isNaN(v)) {
                if (Float.isNaN(e) != Float.isNaN(v))
                    fail(what + ": index " + i + ": vector " + v + " vs reference " + e);
                continue;
            }
            double tol = ULPS * Math.ulp(e) + Float.MIN_NORMAL;
            if (!(Math.abs((double) v - e) <= tol)) fail(what + ": index " + i + ": vector " + v + " vs reference " + e
                    + ", tolerance " + tol);
        }
    }

    private static void compare(double[] expected, double[] actual, boolean exact, String what) {
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], v = actual[i];
            if (exact) {
                if (Double.doubleToRawLongBits(e) != Double.doubleToRawLongBits(v))
                    fail(what + ": index " + i + ": vector " + v + " != reference " + e);
                continue;
            }
            if (e == v) continue;
            if (Double.isNaN(e) || Double.isNaN(v)) {
                if (Double.isNaN(e) != Double.isNaN(v))
                    fail(what + ": index " + i + ": vector " + v + " vs reference " + e);
                continue;
            }
            double tol = ULPS * Math.ulp(e) + Double.MIN_NORMAL;
            if (!(Math.abs(v - e) <= tol)) fail(what + ": index " + i + ": vector " + v + " vs reference " + e
                    + ", tolerance " + tol);
        }
    }
}
