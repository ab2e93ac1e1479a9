package org.backprop4j.optim;

import java.util.List;
import java.util.Map;

import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Parameter;

/**
 * A parameter update rule, applied once per training step after the gradients are computed.
 * Gradients are ∂L/∂θ (see {@link org.backprop4j.loss.Loss} for the sign convention); an update
 * moves against them. Stateful rules keep their state per parameter position in the list, which
 * is the same on every step; the state is created on the first step.
 *
 * <p>Checkpoints: {@link #state()} returns every number the rule needs to continue exactly
 * (moment tensors, step counters, …) as named double arrays (float32 values widen exactly), and
 * {@link #loadState} puts them back, so that a resumed run equals the uninterrupted one bit for bit.
 */
public interface Optimizer {

    /** Applies one update to every parameter (modifies each {@link Parameter#value()}). */
    void step(List<Parameter> parameters, Kernels kernels);

    /** The current learning rate. */
    double learningRate();

    /**
     * Changes the learning rate from the next step on (learning-rate schedules call this). 0 is
     * allowed here (a warm-up's first step: the rule updates its state but not the parameters),
     * though constructors ask for a positive rate.
     */
    void setLearningRate(double learningRate);

    /**
     * True for rules that are only defined on the full-batch gradient (iRPROP−, L-BFGS): the
     * trainer refuses them with a smaller batch size.
     */
    default boolean requiresFullBatch() { return false; }

    /**
     * The rule's state, keyed by name (e.g. {@code "m.0.weight"}, {@code "t"}); empty for stateless
     * rules and before the first step. The arrays are copies.
     */
    default Map<String, double[]> state() { return Map.of(); }

    /**
     * Restores a state returned by {@link #state()} of a rule of the same kind for the same
     * parameter list. Missing or extra keys, or arrays of the wrong length, are an
     * {@link IllegalArgumentException} naming the key.
     */
    default void loadState(Map<String, double[]> state, List<Parameter> parameters) {
        if (!state.isEmpty())
            throw new IllegalArgumentException(this + " keeps no state, but the checkpoint holds " + state.keySet());
    }

    /** Forgets all state (moments, step counter); the next step starts as the first. */
    default void reset() {}

    /** A token like {@code adam(lr=0.001,beta1=0.9,beta2=0.999,eps=1e-08)}, used in logs and manifests. */
    @Override
    String toString();
}
