package org.backprop4j.hdf5;

/**
 * numpy's legacy random generator ({@code np.random.seed(s)}, {@code np.random.rand},
 * {@code np.random.randn}), reimplemented so that Java code can start from the same numbers as a
 * numpy program, for example the initial weights of Andrew Ng's deep-learning course. Not the
 * library's generator ({@code org.backprop4j.init.Rng}); use it only to reproduce numpy.
 *
 * <ul>
 *   <li>Bits: MT19937 (Matsumoto and Nishimura 1998). An integer seed s in [0, 2³²) fills the state
 *       the way {@code init_genrand} does: mt[0] = s, mt[i] = 1812433253 · (mt[i−1] ⊕ (mt[i−1] ≫ 30)) + i
 *       (mod 2³²). This is what {@code np.random.seed(int)} and {@code RandomState(int)} do; an array
 *       seed ({@code init_by_array}) is not supported.</li>
 *   <li>{@link #nextDouble()}: a = next ≫ 5, b = next ≫ 6 (two 32-bit outputs),
 *       (a · 2²⁶ + b) / 2⁵³, in [0, 1); numpy's {@code random_sample}.</li>
 *   <li>{@link #nextGaussian()}: the Marsaglia polar method: x1 = 2u1 − 1, x2 = 2u2 − 1 until
 *       0 &lt; r² = x1² + x2² &lt; 1; f = √(−2 ln r² / r²); returns f·x2 and keeps f·x1 for the next
 *       call (numpy's {@code legacy_gauss}).</li>
 * </ul>
 * The logarithm is correctly rounded ({@link PreciseLog}), so the numbers are the same on every
 * platform. numpy on Linux uses glibc's {@code log}, which is sometimes one unit in the last place
 * off; where it is, numpy's Gaussian and this one differ by an ulp or two (377 of the first million
 * of seed 1, the first at index 2176; all others agree bit for bit). Checked against numpy 1.24 in
 * {@code NumpyLegacyRandomTest}. Not thread-safe.
 */
public final class NumpyLegacyRandom {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int pos;
    private boolean hasGauss;
    private double gauss;

    /**
     * The generator of {@code np.random.seed(seed)}.
     *
     * @throws IllegalArgumentException if seed is outside [0, 2³² − 1], as numpy refuses it
     */
    public NumpyLegacyRandom(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL)
            throw new IllegalArgumentException("numpy seed must be between 0 and 2**32 - 1, got " + seed);
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            mt[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
    }

    /** The next 32-bit output of MT19937, as an unsigned value in [0, 2³²). */
    public long nextUint32() {
        return next() & 0xFFFFFFFFL;
    }

    private int next() {
        if (pos == N) twist();
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & UPPER_MASK) | (mt[(i + 1) % N] & LOWER_MASK);
            mt[i] = mt[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        pos = 0;
    }

    /** Uniform in [0, 1) with 53 random bits: {@code np.random.random_sample()}. */
    public double nextDouble() {
        long a = (next() & 0xFFFFFFFFL) >>> 5;
        long b = (next() & 0xFFFFFFFFL) >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** A standard normal value: {@code np.random.randn()} (polar method, second value cached). */
    public double nextGaussian() {
        if (hasGauss) {
            hasGauss = false;
            double g = gauss;
            gauss = 0;
            return g;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * PreciseLog.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /**
     * {@code np.random.randn(rows, cols)}: a new [rows][cols] array filled row by row (C order).
     */
    public double[][] randn(int rows, int cols) {
        if (rows < 0 || cols < 0)
            throw new IllegalArgumentException("randn(" + rows + ", " + cols + "): dimensions must be >= 0");
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) out[r][c] = nextGaussian();
        return out;
    }
}
