package org.backprop4j.schedule;

/**
 * How the learning rate changes during training. The trainer asks {@link #rate} before every
 * update and sets the optimizer's learning rate to the answer; after every epoch it reports the
 * monitored validation (or training) loss to {@link #epochEnded}, which only reduce-on-plateau uses.
 *
 * <p>Stateful schedules (reduce-on-plateau) expose their state for checkpoints through
 * {@link #state()} / {@link #loadState(double[])}.
 *
 * <p>Implementations: {@link #CONSTANT}, {@link StepDecay}, {@link ExponentialDecay},
 * {@link InverseTimeDecay}, {@link CosineWarmup}, {@link ReduceOnPlateau}; {@link Schedules#parse}
 * reads their tokens. {@link #rate} is called on every update and allocates nothing.
 */
public interface LearningRateSchedule {

    /**
     * The learning rate for one update.
     *
     * @param base          the optimizer's initial learning rate
     * @param epoch         1-based epoch of this update
     * @param step          0-based number of this update, counted over the whole run
     * @param stepsPerEpoch updates in one full epoch
     */
    double rate(double base, int epoch, long step, long stepsPerEpoch);

    /** Told after every epoch the monitored value (lower is better); default: ignored. */
    default void epochEnded(int epoch, double monitored) {}

    /** The schedule's mutable state (copy); empty for schedules that are pure functions of the step. */
    default double[] state() { return new double[0]; }

    /** Restores {@link #state()}; a length mismatch is an {@link IllegalArgumentException}. */
    default void loadState(double[] state) {
        if (state.length != 0)
            throw new IllegalArgumentException(this + " keeps no state, but " + state.length + " values were given");
    }

    /**
     * A token like {@code cosine:warmup=2,epochs=20,min=0}, used in logs, manifests and the CLI;
     * {@link Schedules#parse} reads it back into an equal schedule.
     */
    @Override
    String toString();

    /** The constant schedule: always the base rate. */
    LearningRateSchedule CONSTANT = new LearningRateSchedule() {
        @Override
        public double rate(double base, int epoch, long step, long stepsPerEpoch) { return base; }

        @Override
        public String toString() { return "constant"; }
    };
}
