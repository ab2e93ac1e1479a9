package org.backprop4j.schedule;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reduce-on-plateau: multiplies the rate by {@code factor} when the monitored value (validation
 * or training loss; lower is better) has not improved for more than {@code patience} epochs. The
 * rules are PyTorch's {@code ReduceLROnPlateau(mode='min')}; after every epoch
 * ({@link #epochEnded}):
 * <ol>
 * <li>the value v improves on the best so far when v &lt; best·(1 − threshold) (relative mode,
 *     the default) or v &lt; best − threshold (absolute mode, Keras' min_delta); then best = v and the
 *     bad-epoch count is reset, else it grows by one (NaN and +∞ never improve);
 * <li>during a cooldown the cooldown counter falls by one and the bad-epoch count is reset;
 * <li>when the bad-epoch count exceeds patience, the scale is multiplied by factor, the cooldown
 *     starts ({@code cooldown} epochs) and the count is reset.
 * </ol>
 * {@link #rate} returns base·scale, but never less than minRate (and never more than base: a base
 * already below minRate stays as it is, as in PyTorch).
 *
 * <p>Differences: PyTorch skips a reduction smaller than eps = 1e-8 in absolute rate; here every
 * reduction counts (the two differ only at rates below about 1e-7). Keras reduces after
 * {@code patience} bad epochs, PyTorch and this class after patience + 1; Keras' min_delta is an
 * absolute threshold ({@code threshold_mode=abs}).
 *
 * <p>Token: {@code plateau:factor=0.1,patience=10,threshold=0.0001,threshold_mode=rel,cooldown=0,min=0}
 * (the defaults; any key may be left out). State for checkpoints: {best, bad epochs, cooldown
 * counter, scale}. Two instances are equal when their settings and their state are equal.
 */
public final class ReduceOnPlateau implements LearningRateSchedule {
    private final double factor;
    private final int patience;
    private final double threshold;
    private final boolean relative;
    private final int cooldown;
    private final double minRate;

    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs;
    private int cooldownCounter;
    private double scale = 1;

    /** PyTorch's and Keras' defaults: factor 0.1, patience 10, threshold 1e-4 (relative), cooldown 0, minRate 0. */
    public ReduceOnPlateau() {
        this(0.1, 10, 1e-4, true, 0, 0);
    }

    /**
     * @param factor    multiplies the rate at each reduction, 0 &lt; factor &lt; 1
     * @param patience  bad epochs tolerated; the rate falls on the next one; ≥ 0
     * @param threshold least improvement that counts, ≥ 0 (and &lt; 1 when relative)
     * @param relative  true: improvement means v &lt; best·(1 − threshold); false: v &lt; best − threshold
     * @param cooldown  epochs after a reduction during which bad epochs are not counted, ≥ 0
     * @param minRate   the rate never falls below this, finite and ≥ 0
     */
    public ReduceOnPlateau(double factor, int patience, double threshold, boolean relative, int cooldown, double minRate) {
        if (!(factor > 0 && factor < 1))
            throw new IllegalArgumentException("plateau: factor must be in (0, 1), got " + factor);
        if (patience < 0) throw new IllegalArgumentException("plateau: patience must be >= 0, got " + patience);
        if (!(threshold >= 0) || Double.isInfinite(threshold) || (relative && threshold >= 1))
            throw new IllegalArgumentException("plateau: threshold must be finite, >= 0"
                    + (relative ? " and < 1 in relative mode" : "") + ", got " + threshold);
        if (cooldown < 0) throw new IllegalArgumentException("plateau: cooldown must be >= 0, got " + cooldown);
        if (!(minRate >= 0) || Double.isInfinite(minRate))
            throw new IllegalArgumentException("plateau: min must be finite and >= 0, got " + minRate);
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold + 0.0;   // -0.0 becomes 0.0
        this.relative = relative;
        this.cooldown = cooldown;
        this.minRate = minRate + 0.0;
    }

    /** The factor applied at each reduction. */
    public double factor() { return factor; }

    /** Bad epochs tolerated before a reduction. */
    public int patience() { return patience; }

    /** The least improvement that counts (relative or absolute, see {@link #relative()}). */
    public double threshold() { return threshold; }

    /** True for the relative threshold (PyTorch's 'rel'), false for the absolute one. */
    public boolean relative() { return relative; }

    /** Epochs after a reduction during which bad epochs are not counted. */
    public int cooldown() { return cooldown; }

    /** The floor of the rate. */
    public double minRate() { return minRate; }

    /** The product of the reductions so far (1 before the first). */
    public double scale() { return scale; }

    /** The best monitored value so far (+∞ before the first epoch). */
    public double best() { return best; }

    /** Epochs since the last improvement, not counting cooldown epochs. */
    public int badEpochs() { return badEpochs; }

    /** Epochs of cooldown left. */
    public int cooldownCounter() { return cooldownCounter; }

    @Override
    public double rate(double base, int epoch, long step, long stepsPerEpoch) {
        return Math.min(base, Math.max(base * scale, minRate));
    }

    /** Applies the three rules of the class comment to the epoch's monitored value. */
    @Override
    public void epochEnded(int epoch, double monitored) {
        boolean better = relative ? monitored < best * (1 - threshold) : monitored < best - threshold;
        if (better) {
            best = monitored;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            scale *= factor;
            cooldownCounter = cooldown;
            badEpochs = 0;
        }
    }

    /** {best, bad epochs, cooldown counter, scale}. */
    @Override
    public double[] state() {
        return new double[] {best, badEpochs, cooldownCounter, scale};
    }

    /**
     * Restores {@link #state()}.
     *
     * @throws IllegalArgumentException unless it holds 4 values: best (not NaN), bad epochs and
     *                                  cooldown counter (whole numbers ≥ 0), scale in [0, 1]
     */
    @Override
    public void loadState(double[] state) {
        if (state.length != 4)
            throw new IllegalArgumentException("plateau state: expected 4 values {best, bad epochs, cooldown counter, scale},"
                    + " got " + state.length);
        if (Double.isNaN(state[0])) throw new IllegalArgumentException("plateau state: best (value 0) is NaN");
        int bad = count(state[1], "bad epochs (value 1)");
        int cool = count(state[2], "cooldown counter (value 2)");
        if (!(state[3] >= 0 && state[3] <= 1))
            throw new IllegalArgumentException("plateau state: scale (value 3) must be in [0, 1], got " + state[3]);
        best = state[0];
        badEpochs = bad;
        cooldownCounter = cool;
        scale = state[3];
    }

    private static int count(double v, String what) {
        if (!(v >= 0 && v <= Integer.MAX_VALUE && v == Math.rint(v)))
            throw new IllegalArgumentException("plateau state: " + what + " must be a whole number >= 0, got " + v);
        return (int) v;
    }

    @Override
    public String toString() {
        return "plateau:factor=" + Schedules.num(factor) + ",patience=" + patience + ",threshold="
                + Schedules.num(threshold) + ",threshold_mode=" + (relative ? "rel" : "abs") + ",cooldown=" + cooldown
                + ",min=" + Schedules.num(minRate);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReduceOnPlateau && toString().equals(o.toString())
                && Arrays.equals(state(), ((ReduceOnPlateau) o).state());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString(), Arrays.hashCode(state()));
    }
}
