package org.backprop4j.schedule;

/**
 * Exponential decay, per epoch or per update.
 * <ul>
 * <li>Per epoch ({@code decaySteps} = 0): rate = base · γ^(epoch − 1), constant within an epoch;
 *     PyTorch's {@code ExponentialLR(gamma)} stepped once per epoch. Token
 *     {@code exponential:gamma=0.95}.
 * <li>Per update ({@code decaySteps} > 0), as Keras' {@code ExponentialDecay}:
 *     rate = base · γ^(step/decaySteps) with the 0-based update count step, or with
 *     ⌊step/decaySteps⌋ when {@code staircase}. Token
 *     {@code exponential:gamma=0.96,steps=1000[,staircase=true]}.
 * </ul>
 *
 * @param gamma      the factor per epoch (or per {@code decaySteps} updates), 0 &lt; γ ≤ 1
 * @param decaySteps 0 for per-epoch decay, else the number of updates over which the rate falls by γ
 * @param staircase  per-update decay only: decay in whole steps of γ (false for per-epoch decay)
 */
public record ExponentialDecay(double gamma, long decaySteps, boolean staircase) implements LearningRateSchedule {

    /** Checks the arguments. */
    public ExponentialDecay {
        Schedules.checkFactor("exponential decay", "gamma", gamma);
        if (decaySteps < 0)
            throw new IllegalArgumentException("exponential decay: steps must be >= 1 (or 0 for per-epoch decay), got "
                    + decaySteps);
        if (decaySteps == 0 && staircase)
            throw new IllegalArgumentException("exponential decay: staircase needs steps=N (per-epoch decay is a staircase already)");
    }

    /** Per-epoch decay: base · γ^(epoch − 1). */
    public static ExponentialDecay perEpoch(double gamma) {
        return new ExponentialDecay(gamma, 0, false);
    }

    @Override
    public double rate(double base, int epoch, long step, long stepsPerEpoch) {
        if (decaySteps == 0) return base * Math.pow(gamma, epoch - 1);
        double t = staircase ? (double) (step / decaySteps) : (double) step / decaySteps;
        return base * Math.pow(gamma, t);
    }

    @Override
    public String toString() {
        String s = "exponential:gamma=" + Schedules.num(gamma);
        if (decaySteps > 0) s += ",steps=" + decaySteps;
        return staircase ? s + ",staircase=true" : s;
    }
}
