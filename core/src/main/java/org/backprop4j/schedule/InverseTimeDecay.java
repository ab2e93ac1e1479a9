package org.backprop4j.schedule;

/**
 * Inverse-time decay: rate = base / (1 + k·t)^power.
 * <ul>
 * <li>Per epoch ({@code decaySteps} = 0): t = epoch − 1, so the first epoch runs at the base rate.
 *     Token {@code inverse_time:k=0.5}.
 * <li>Per update ({@code decaySteps} > 0): t = step/decaySteps with the 0-based update count
 *     (⌊step/decaySteps⌋ when {@code staircase}); with power 1 this is Keras'
 *     {@code InverseTimeDecay(decay_rate=k, decay_steps)}. Token
 *     {@code inverse_time:k=0.5,steps=100[,staircase=true]}.
 * </ul>
 * With power ≠ 1 and k = 1 it is scikit-learn's {@code 'invscaling'} rule base / t'^power with
 * t' = t + 1: {@code inverse_time:k=1,power=0.25,steps=1} at batch size 1 is
 * {@code SGDRegressor(learning_rate='invscaling', power_t=0.25)} (t' = samples seen, from 1).
 *
 * @param k          the decay rate, finite and > 0
 * @param power      the exponent, finite and > 0 (1 for the classic 1/t form)
 * @param decaySteps 0 to count t in epochs, else the number of updates that make one unit of t
 * @param staircase  per-update decay only: t in whole units (false for per-epoch decay)
 */
public record InverseTimeDecay(double k, double power, long decaySteps, boolean staircase)
        implements LearningRateSchedule {

    /** Checks the arguments. */
    public InverseTimeDecay {
        if (!(k > 0) || Double.isInfinite(k))
            throw new IllegalArgumentException("inverse-time decay: k must be finite and > 0, got " + k);
        if (!(power > 0) || Double.isInfinite(power))
            throw new IllegalArgumentException("inverse-time decay: power must be finite and > 0, got " + power);
        if (decaySteps < 0)
            throw new IllegalArgumentException("inverse-time decay: steps must be >= 1 (or 0 for per-epoch decay), got "
                    + decaySteps);
        if (decaySteps == 0 && staircase)
            throw new IllegalArgumentException("inverse-time decay: staircase needs steps=N (per-epoch decay is a staircase already)");
    }

    /** Per-epoch decay base / (1 + k·(epoch − 1)). */
    public static InverseTimeDecay perEpoch(double k) {
        return new InverseTimeDecay(k, 1, 0, false);
    }

    @Override
    public double rate(double base, int epoch, long step, long stepsPerEpoch) {
        double t = decaySteps == 0 ? epoch - 1
                : staircase ? (double) (step / decaySteps) : (double) step / decaySteps;
        double d = 1 + k * t;
        return power == 1 ? base / d : base / Math.pow(d, power);
    }

    @Override
    public String toString() {
        String s = "inverse_time:k=" + Schedules.num(k);
        if (power != 1) s += ",power=" + Schedules.num(power);
        if (decaySteps > 0) s += ",steps=" + decaySteps;
        return staircase ? s + ",staircase=true" : s;
    }
}
