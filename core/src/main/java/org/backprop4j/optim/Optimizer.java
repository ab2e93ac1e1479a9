package org.backprop4j.optim;

import java.util.List;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Parameter;

/**
 * A parameter update rule, applied once per training step after the gradients are computed.
 * Gradients are ∂L/∂θ (see {@link org.backprop4j.loss.Loss} for the sign convention); an update
 * moves against them. Stateful rules keep their state per parameter position in the list, which
 * is the same on every step.
 */
public interface Optimizer {

    /** Applies one update to every parameter (modifies each {@link Parameter#value()}). */
    void step(List<Parameter> parameters, Kernels kernels);

    /** The current learning rate. */
    double learningRate();
}
