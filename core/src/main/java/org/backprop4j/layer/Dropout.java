package org.backprop4j.layer;

import java.math.BigDecimal;
import org.backprop4j.init.Rng;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.kernel.ScalarKernels;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * Inverted dropout (Srivastava et al., 2014) of a batch of activations with rate p: in a training
 * pass each element is kept with probability 1 − p and then scaled by 1/(1 − p), or set to 0, so
 * that its expected value is unchanged; at inference nothing is dropped or scaled (the caller does
 * not call this class at all).
 *
 * <p>The mask holds, per element, 1/(1 − p) (kept; rounded to float for a float32 network) or 0
 * (dropped). {@link #draw} fills the first m rows from a generator with one
 * {@link Rng#nextDouble()} per element, row by row and within a row column by column; the element is
 * kept when the draw is ≥ p, which happens with probability exactly 1 − p. Forward: out = a ⊙ mask;
 * backward: g ← g ⊙ mask. The mask and output buffers grow with the batch (keeping the masks already
 * drawn) and are not allocated otherwise. Not thread-safe (a split draw runs on the kernels' threads and
 * returns when they are done).
 */
public final class Dropout {
    private final double rate;
    private final int cols;
    private final Precision precision;
    private final double scale;
    private Matrix mask;
    private Matrix out;
    private int maskRows;

    /**
     * Dropout of rate p over rows of {@code cols} elements.
     *
     * @throws IllegalArgumentException unless 0 ≤ p &lt; 1
     */
    public Dropout(double rate, int cols, Precision precision) {
        checkRate(rate, "dropout");
        if (cols < 1) throw new IllegalArgumentException("dropout needs at least 1 column, got " + cols);
        this.rate = rate;
        this.cols = cols;
        this.precision = precision;
        this.scale = 1.0 / (1.0 - rate);
        ensureCapacity(1);
    }

    /**
     * Refuses a rate outside [0, 1) ({@code what} names the setting in the message); 0 is allowed
     * here because builders treat it as "no dropout".
     */
    public static void checkRate(double p, String what) {
        if (!(p >= 0 && p < 1))
            throw new IllegalArgumentException(what + " rate must be in [0, 1), got " + p
                    + (p == 1 ? " (1 would drop everything)" : ""));
    }

    /** The rate p as written in names and messages: {@code 0.2}, {@code 0.05} (no exponent, no trailing zeros). */
    public static String format(double p) {
        return BigDecimal.valueOf(p).stripTrailingZeros().toPlainString();
    }

    /** The drop probability p. */
    public double rate() { return rate; }

    /** The factor 1/(1 − p) of a kept element. */
    public double scale() { return scale; }

    /** Number of columns. */
    public int cols() { return cols; }

    /** The mask [≥ rows × cols], live; the first {@link #maskRows()} rows hold the last draw. */
    public Matrix mask() { return mask; }

    /** Rows of the last {@link #draw} (0 before the first). */
    public int maskRows() { return maskRows; }

    /** Grows the buffers to m rows, keeping the masks already drawn (allocates only when m exceeds the capacity). */
    public void ensureCapacity(int m) {
        if (mask != null && mask.rows() >= m) return;
        Matrix bigger = Matrix.zeros(m, cols, precision);
        if (mask != null) Matrix.copyRows(mask, 0, bigger, 0, maskRows);
        mask = bigger;
        out = Matrix.zeros(m, cols, precision);
    }

    /**
     * Draws the masks of the first m rows from rng on the calling thread: the same masks as
     * {@link #draw(Kernels, Rng, int)}. Modifies the mask and rng.
     */
    public void draw(Rng rng, int m) {
        draw(null, rng, m);
    }

    /**
     * Draws the masks of the first m rows from rng: m × cols draws, row by row; with kernels given,
     * split over their threads. Modifies the mask and rng.
     *
     * <p>Each draw is {@link Rng#nextDouble()} = v·2⁻⁵³ with v the top 53 bits of
     * {@link Rng#nextLong()}, and v·2⁻⁵³ ≥ p exactly when v ≥ ⌈p·2⁵³⌉ (p·2⁵³ is exact in double), so
     * the loop compares v with that integer and selects without a branch: the same masks as
     * {@code rng.nextDouble() >= p ? scale : 0}, without a branch that the random draws make
     * unpredictable (a 512-unit layer at batch 128, one thread: 296-319 µs with the branch, 97-126 µs
     * without; the vector kernels' {@link Kernels#dropoutMask} on 64-bit lanes: 21.0-21.4 µs on one
     * thread, 11.4-12.0 µs on two). Draw i is computed from the starting state alone
     * ({@link Rng#skip}), so the elements are cut into one part per thread ({@link Kernels#forRanges})
     * and every split gives the same masks; rng ends m × cols draws further on, as if drawn one by one.
     */
    public void draw(Kernels k, Rng rng, int m) {
        ensureCapacity(m);
        int len = m * cols;
        DrawTask t = drawTask;
        t.kernels = k == null ? SERIAL : k;
        t.state = rng.state();
        t.threshold = keepThreshold(rate);
        t.kernels.forRanges(len, DRAW_ALIGN, len, t);
        t.kernels = null;
        rng.setState(Rng.skip(t.state, len));
        maskRows = m;
    }

    /** Part boundaries of a split draw: 16 elements, a 64-byte line of float32 masks. */
    private static final int DRAW_ALIGN = 16;

    private final DrawTask drawTask = new DrawTask();

    /** The kernels of a draw without kernels given: the reference loop on the calling thread. */
    private static final Kernels SERIAL = new ScalarKernels();

    /** Draws elements [from, to) of the mask from the state before the first draw. */
    private final class DrawTask implements Kernels.RangeTask {
        Kernels kernels;
        long state;
        long threshold;

        @Override
        public void run(int from, int to) {
            long s = Rng.skip(state, from);
            if (precision == Precision.FLOAT32) kernels.dropoutMask(to - from, s, threshold, (float) scale, mask.floats(), from);
            else kernels.dropoutMask(to - from, s, threshold, scale, mask.doubles(), from);
        }
    }

    /** ⌈p·2⁵³⌉: a draw v (the top 53 bits of a random long) keeps its element when v ≥ this. */
    static long keepThreshold(double p) {
        return (long) Math.ceil(p * 0x1.0p53);
    }

    /**
     * Refuses to reuse masks that do not cover m rows (frozen masks, see
     * {@code Network.freezeDropoutMasks}); {@code owner} names the layer in the message.
     */
    public void requireMasks(int m, String owner) {
        if (maskRows < m)
            throw new IllegalStateException(owner + ": dropout masks are frozen, but the last masks cover " + maskRows
                    + " rows and this pass has " + m + "; make a training pass with at least " + m
                    + " rows before freezing");
    }

    /** out = a ⊙ mask for the first m rows; returns the output buffer (live). Reads a, modifies the output buffer. */
    public Matrix apply(Kernels k, Matrix a, int m) {
        ensureCapacity(m);
        int len = m * cols;
        if (precision == Precision.FLOAT32) k.multiply(len, a.floats(), 0, mask.floats(), 0, out.floats(), 0);
        else k.multiply(len, a.doubles(), 0, mask.doubles(), 0, out.doubles(), 0);
        return out;
    }

    /** The output of the last {@link #apply} (live; the first m rows of that pass are valid). */
    public Matrix output() { return out; }

    /** g ← g ⊙ mask for the first m rows (the chain rule through the mask). Modifies g. */
    public void backward(Kernels k, Matrix g, int m) {
        int len = m * cols;
        if (precision == Precision.FLOAT32) k.multiply(len, g.floats(), 0, mask.floats(), 0, g.floats(), 0);
        else k.multiply(len, g.doubles(), 0, mask.doubles(), 0, g.doubles(), 0);
    }
}
