package org.backprop4j.init;

/**
 * The library's one random number generator: SplitMix64 (Steele, Lea and Flood, "Fast splittable
 * pseudorandom number generators", OOPSLA 2014), fully specified here so that a seed gives the same
 * numbers on every JVM, run and thread count.
 *
 * <ul>
 *   <li>state += 0x9E3779B97F4A7C15; z = state; z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9;
 *       z = (z ^ (z >>> 27)) * 0x94D049BB133111EB; return z ^ (z >>> 31).</li>
 *   <li>{@link #nextDouble()}: the top 53 bits × 2⁻⁵³, in [0, 1).</li>
 *   <li>{@link #nextGaussian()}: Box–Muller with {@link StrictMath} (one value per call; the sine
 *       partner is discarded), so that no platform intrinsic changes the last bit.</li>
 *   <li>{@link #nextInt(int)}: unbiased, by rejection on the top 31 bits.</li>
 * </ul>
 * Independent streams for initialisation, shuffling and dropout come from {@link #stream(long, long)}.
 * Not thread-safe; each user owns its instance.
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    /** A generator for sub-stream {@code id} of {@code seed} (e.g. 1 = init, 2 = shuffle, 3 = dropout). */
    public static Rng stream(long seed, long id) {
        return new Rng(mix(seed ^ mix(id * GOLDEN + 0x632BE59BD9B4E019L)));
    }

    /** Sub-stream id of the weight initialisation. */
    public static final long INIT = 1;
    /** Sub-stream id of the training-set shuffling. */
    public static final long SHUFFLE = 2;
    /** Sub-stream id of dropout masks. */
    public static final long DROPOUT = 3;
    /** Sub-stream id of train/validation/test splits. */
    public static final long SPLIT = 4;

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The state's increment per draw (the golden-ratio constant above). */
    public static final long INCREMENT = GOLDEN;

    /**
     * The state after {@code draws} calls of {@link #nextLong()} from {@code state}: state + draws·
     * {@link #INCREMENT} (mod 2⁶⁴). With {@link #valueAt}, draw i of a sequence can be computed without
     * the draws before it, so that a long sequence can be cut into parts drawn on different threads.
     */
    public static long skip(long state, long draws) {
        return state + draws * GOLDEN;
    }

    /** The output function: {@link #nextLong()} adds {@link #INCREMENT} to the state and returns valueAt(state). */
    public static long valueAt(long state) {
        return mix(state);
    }

    /** The current state (for checkpoints). */
    public long state() {
        return state;
    }

    /** Restores a state returned by {@link #state()}. */
    public void setState(long state) {
        this.state = state;
    }

    public long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Standard normal N(0, 1) by Box–Muller: sqrt(-2 ln u1) · cos(2π u2), u1 in (0, 1]. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** Uniform integer in [0, bound), bound ≥ 1. */
    public int nextInt(int bound) {
        if (bound < 1) throw new IllegalArgumentException("bound must be >= 1, got " + bound);
        int r, v;
        do {
            r = (int) (nextLong() >>> 33);
            v = r % bound;
        } while (r - v + (bound - 1) < 0);
        return v;
    }

    /** Fisher–Yates shuffle of {@code a[0..n)}, from the last element down. */
    public void shuffle(int[] a, int n) {
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
