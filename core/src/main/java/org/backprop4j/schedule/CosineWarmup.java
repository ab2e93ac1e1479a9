package org.backprop4j.schedule;

/**
 * Linear warm-up, then cosine decay, changing at every update. With W warm-up updates, T updates
 * in all and s the 0-based update count:
 * <ul>
 * <li>s &lt; W: rate = base · (start + (1 − start) · s/W) — from start·base (0 by default) up to base;
 * <li>W ≤ s &lt; T: rate = min + (base − min) · ½(1 + cos(π (s − W)/(T − W))) — base at s = W,
 *     (base + min)/2 halfway, min at s = T;
 * <li>s ≥ T: rate = min.
 * </ul>
 * The warm-up is PyTorch's {@code LinearLR(start_factor, total_iters=W)} (there start &gt; 0), the
 * decay is {@code CosineAnnealingLR(T_max=T − W, eta_min=min)}, both stepped once per update.
 *
 * <p>The lengths are given in epochs or in updates ({@link Unit}). In epochs they may be
 * fractional and become W = warmup·stepsPerEpoch and T = length·stepsPerEpoch updates (not
 * rounded), with the trainer's stepsPerEpoch. Tokens: {@code cosine:warmup=1,epochs=20,min=0}
 * (warm-up epochs, epochs in all including the warm-up, the final rate) and
 * {@code cosine:warmup_steps=500,steps=10000,min=0}; {@code start=F} sets the start factor.
 *
 * @param warmup      warm-up length, ≥ 0 (0: no warm-up)
 * @param length      length of the whole schedule, warm-up included, &gt; warmup
 * @param unit        whether warmup and length count epochs or updates
 * @param minRate     the final rate (an absolute rate like PyTorch's eta_min, not a fraction of
 *                    base), finite and ≥ 0
 * @param startFactor the warm-up's first rate as a fraction of base, in [0, 1]
 */
public record CosineWarmup(double warmup, double length, Unit unit, double minRate, double startFactor)
        implements LearningRateSchedule {

    /** What {@link #warmup()} and {@link #length()} count. */
    public enum Unit {
        /** Epochs, possibly fractional; converted with the trainer's updates per epoch. */
        EPOCHS,
        /** Updates (optimizer steps), whole numbers. */
        STEPS
    }

    /** Checks the arguments. */
    public CosineWarmup {
        if (unit == null) throw new IllegalArgumentException("cosine: unit must be EPOCHS or STEPS, got null");
        String w = unit == Unit.EPOCHS ? "warmup" : "warmup_steps", l = unit == Unit.EPOCHS ? "epochs" : "steps";
        if (!(warmup >= 0) || Double.isInfinite(warmup))
            throw new IllegalArgumentException("cosine: " + w + " must be finite and >= 0, got " + warmup);
        if (!(length > warmup) || Double.isInfinite(length))
            throw new IllegalArgumentException("cosine: " + l + " (the whole schedule, warm-up included) must be finite"
                    + " and greater than " + w + " = " + Schedules.num(warmup) + ", got " + Schedules.num(length));
        if (unit == Unit.STEPS && (warmup != Math.rint(warmup) || length != Math.rint(length)))
            throw new IllegalArgumentException("cosine: warmup_steps and steps count updates and must be whole numbers, got "
                    + Schedules.num(warmup) + " and " + Schedules.num(length));
        if (!(minRate >= 0) || Double.isInfinite(minRate))
            throw new IllegalArgumentException("cosine: min must be finite and >= 0, got " + minRate);
        if (!(startFactor >= 0 && startFactor <= 1))
            throw new IllegalArgumentException("cosine: start must be in [0, 1], got " + startFactor);
        warmup += 0.0;   // -0.0 becomes 0.0, so that equal settings are equal records
        minRate += 0.0;
        startFactor += 0.0;
    }

    /** Warm-up over {@code warmupEpochs}, cosine to {@code minRate} at the end of {@code epochs} in all. */
    public static CosineWarmup epochs(double warmupEpochs, double epochs, double minRate) {
        return new CosineWarmup(warmupEpochs, epochs, Unit.EPOCHS, minRate, 0);
    }

    /** Warm-up over {@code warmupSteps} updates, cosine to {@code minRate} at update {@code totalSteps}. */
    public static CosineWarmup steps(long warmupSteps, long totalSteps, double minRate) {
        return new CosineWarmup(warmupSteps, totalSteps, Unit.STEPS, minRate, 0);
    }

    @Override
    public double rate(double base, int epoch, long step, long stepsPerEpoch) {
        double scale = unit == Unit.EPOCHS ? stepsPerEpoch : 1;
        double w = warmup * scale, total = length * scale, s = step;
        if (s < w) return base * (startFactor + (1 - startFactor) * s / w);
        if (s >= total) return minRate;
        return minRate + (base - minRate) * 0.5 * (1 + Math.cos(Math.PI * (s - w) / (total - w)));
    }

    @Override
    public String toString() {
        String s = unit == Unit.EPOCHS
                ? "cosine:warmup=" + Schedules.num(warmup) + ",epochs=" + Schedules.num(length)
                : "cosine:warmup_steps=" + Schedules.num(warmup) + ",steps=" + Schedules.num(length);
        s += ",min=" + Schedules.num(minRate);
        return startFactor == 0 ? s : s + ",start=" + Schedules.num(startFactor);
    }
}
