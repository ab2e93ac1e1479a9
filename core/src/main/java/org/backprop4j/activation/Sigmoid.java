package org.backprop4j.activation;

import org.backprop4j.kernel.Pointwise;

/**
 * The logistic function f(z) = 1 / (1 + e^−z), f'(z) = a(1 − a). Evaluated as e^z / (1 + e^z) for
 * negative z so that e^−z never overflows.
 */
final class Sigmoid extends Activation {
    @Override public String token() { return "sigmoid"; }

    @Override
    public double apply(double z) {
        if (z >= 0) return 1.0 / (1.0 + Math.exp(-z));
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    @Override public double derivative(double z, double a) { return a * (1.0 - a); }

    @Override Pointwise pointwise() { return Pointwise.SIGMOID; }
}
