package org.backprop4j.schedule;

/**
 * Step decay: the rate is multiplied by γ every {@code stepSize} epochs,
 * rate = base · γ^⌊(epoch − 1)/stepSize⌋ (epochs are 1-based, so epochs 1..stepSize run at the
 * base rate). The same numbers as PyTorch's {@code StepLR(step_size, gamma)} stepped once per
 * epoch. Token: {@code step:size=10,gamma=0.5}.
 *
 * @param stepSize epochs between two decays, ≥ 1
 * @param gamma    the factor, 0 &lt; γ ≤ 1
 */
public record StepDecay(int stepSize, double gamma) implements LearningRateSchedule {

    /** Checks the arguments. */
    public StepDecay {
        if (stepSize < 1) throw new IllegalArgumentException("step decay: size must be >= 1 epoch, got " + stepSize);
        Schedules.checkFactor("step decay", "gamma", gamma);
    }

    @Override
    public double rate(double base, int epoch, long step, long stepsPerEpoch) {
        return base * Math.pow(gamma, (epoch - 1) / stepSize);
    }

    @Override
    public String toString() {
        return "step:size=" + stepSize + ",gamma=" + Schedules.num(gamma);
    }
}
