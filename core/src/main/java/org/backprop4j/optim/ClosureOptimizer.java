package org.backprop4j.optim;

import java.util.List;

import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Parameter;

/**
 * An update rule that evaluates the objective itself, possibly several times per step (line
 * searches): L-BFGS. The trainer calls {@link #step(List, Kernels, Objective)} instead of
 * {@link #step(List, Kernels)}, once per iteration, always on the full batch.
 */
public interface ClosureOptimizer extends Optimizer {

    /** The full-batch objective at the current parameter values. */
    @FunctionalInterface
    interface Objective {
        /**
         * Recomputes the loss and fills every {@link Parameter#gradient()} at the parameters'
         * current values, and returns the loss.
         */
        double evaluate();
    }

    /**
     * One iteration. On entry the gradients hold ∂L/∂θ at the current values and {@code loss} is
     * L there (the trainer has just evaluated it). On return the parameters hold the new point.
     *
     * @return the loss at the new point
     */
    double step(List<Parameter> parameters, Kernels kernels, Objective objective, double loss);

    @Override
    default boolean requiresFullBatch() { return true; }

    /** Closure rules cannot step without the objective. */
    @Override
    default void step(List<Parameter> parameters, Kernels kernels) {
        throw new UnsupportedOperationException(this + " needs the objective: use step(parameters, kernels, objective, loss)");
    }
}
