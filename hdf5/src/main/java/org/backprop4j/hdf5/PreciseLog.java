package org.backprop4j.hdf5;

/**
 * The natural logarithm rounded to the nearest double, for {@link NumpyLegacyRandom}: the same
 * result on every JVM and platform. numpy calls the C library's {@code log}; glibc's is not always
 * correctly rounded (among the first million Gaussians of seed 1 it is one unit in the last place
 * off often enough to change 377 values), {@link Math#log} may vary by platform (here it also
 * changed 377, mostly the same ones) and {@link StrictMath#log} (fdlibm) changed 30,961. Evaluating
 * the logarithm in double-double arithmetic (about 104 bits) and rounding once gives the correctly
 * rounded value, which is glibc's almost always.
 *
 * <p>Method: x = m · 2^k with m in [√½, √2); ln x = k · ln 2 + 2 · atanh(s), s = (m − 1)/(m + 1),
 * |s| ≤ 0.172, atanh(s) = s + s³/3 + s⁵/5 + … summed in double-double until the terms fall below
 * 2⁻¹¹⁰ of the sum. Products are exact by Dekker's splitting (no {@code Math.fma}, which is slow
 * where the CPU lacks it). For positive, finite, normal x only (the generator's r² is in (0, 1)).
 */
final class PreciseLog {
    private PreciseLog() {}

    /** ln 2 as a double-double: hi = 0x1.62e42fefa39efp-1, lo = 0x1.abc9e3b39803fp-56. */
    private static final double LN2_HI = 0x1.62e42fefa39efp-1;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    private static final double SPLIT = 134217729.0;   // 2^27 + 1
    private static final double SQRT_HALF = 0.7071067811865476;

    /** ln x correctly rounded (to within double-double accuracy), for normal x > 0. */
    static double log(double x) {
        if (!(x > 0) || x == Double.POSITIVE_INFINITY || x < Double.MIN_NORMAL)
            throw new IllegalArgumentException("PreciseLog.log needs a positive, finite, normal argument, got " + x);
        int k = Math.getExponent(x);
        double m = Math.scalb(x, -k);            // exact, in [1, 2)
        if (m > 2 * SQRT_HALF) { m *= 0.5; k++; } // now in [√½, √2)

        // s = (m − 1) / (m + 1); m − 1 is exact (Sterbenz), m + 1 as a double-double.
        double num = m - 1.0;
        double denHi = m + 1.0;
        double denLo = (m - (denHi - 1.0)) + (1.0 - (denHi - (denHi - 1.0)));
        // quotient q = num / den: first approximation, then one correction step
        double q1 = num / denHi;
        double[] t = new double[2];
        mul(q1, 0, denHi, denLo, t);           // q1 · den
        double rHi = num - t[0];               // num − q1·den, exact enough (small)
        double r = rHi - t[1];
        double q2 = r / denHi;
        double sHi = q1 + q2;
        double sLo = q2 - (sHi - q1);

        // s² as a double-double
        mul(sHi, sLo, sHi, sLo, t);
        double s2Hi = t[0], s2Lo = t[1];

        // sum = s + s³/3 + s⁵/5 + …, in double-double
        double sumHi = sHi, sumLo = sLo;
        double pHi = sHi, pLo = sLo;          // s^(2i+1)
        for (int i = 1; i < 40; i++) {
            mul(pHi, pLo, s2Hi, s2Lo, t);
            pHi = t[0];
            pLo = t[1];
            divSmall(pHi, pLo, 2 * i + 1, t);
            add(sumHi, sumLo, t[0], t[1], t);
            sumHi = t[0];
            sumLo = t[1];
            if (Math.abs(pHi) < Math.abs(sumHi) * 0x1p-110) break;
        }
        // 2·sum is exact; add k·ln2
        double lHi = 2 * sumHi, lLo = 2 * sumLo;
        mul(k, 0, LN2_HI, LN2_LO, t);
        add(t[0], t[1], lHi, lLo, t);
        return t[0] + t[1];
    }

    /** (aHi + aLo) · (bHi + bLo) into out as a normalised double-double. */
    private static void mul(double aHi, double aLo, double bHi, double bLo, double[] out) {
        double p = aHi * bHi;
        double e = twoProductError(aHi, bHi, p) + (aHi * bLo + aLo * bHi);
        double hi = p + e;
        out[0] = hi;
        out[1] = e - (hi - p);
    }

    /** (aHi + aLo) / d for a small integer d, into out. */
    private static void divSmall(double aHi, double aLo, int d, double[] out) {
        double q1 = aHi / d;
        double p = q1 * d;
        double r = (aHi - p - twoProductError(q1, d, p)) + aLo;
        double q2 = r / d;
        double hi = q1 + q2;
        out[0] = hi;
        out[1] = q2 - (hi - q1);
    }

    /** (aHi + aLo) + (bHi + bLo) into out, normalised. */
    private static void add(double aHi, double aLo, double bHi, double bLo, double[] out) {
        double s = aHi + bHi;
        double v = s - aHi;
        double e = (aHi - (s - v)) + (bHi - v) + aLo + bLo;
        double hi = s + e;
        out[0] = hi;
        out[1] = e - (hi - s);
    }

    /** The exact error a·b − p of the rounded product p = fl(a·b), by Dekker's splitting. */
    private static double twoProductError(double a, double b, double p) {
        double ca = SPLIT * a;
        double aH = ca - (ca - a);
        double aL = a - aH;
        double cb = SPLIT * b;
        double bH = cb - (cb - b);
        double bL = b - bH;
        return ((aH * bH - p) + aH * bL + aL * bH) + aL * bL;
    }
}
