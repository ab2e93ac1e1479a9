package org.backprop4j.activation;

import org.backprop4j.kernel.Pointwise;

/**
 * The threshold unit of the perceptron: f(z) = 1 if z ≥ 0, else 0. Its derivative is zero wherever
 * it exists, so gradient training through it is refused; it trains by the perceptron rule
 * ({@code org.backprop4j.train.PerceptronTrainer}).
 */
final class Step extends Activation {
    @Override public String token() { return "step"; }

    @Override public boolean differentiable() { return false; }

    @Override public double apply(double z) { return z >= 0 ? 1.0 : 0.0; }

    @Override
    public double derivative(double z, double a) {
        throw new UnsupportedOperationException("step activation has no useful derivative;"
                + " train it with PerceptronTrainer (the perceptron learning rule)");
    }

    @Override Pointwise pointwise() { return Pointwise.STEP; }
}
