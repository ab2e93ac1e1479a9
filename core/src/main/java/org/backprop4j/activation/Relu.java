package org.backprop4j.activation;

import org.backprop4j.kernel.Pointwise;

/** f(z) = max(0, z); f'(z) = 1 for z > 0, else 0 (the value 0 is taken at the kink z = 0). */
final class Relu extends Activation {
    @Override public String token() { return "relu"; }

    @Override public double apply(double z) { return z > 0 ? z : 0.0; }

    @Override public double derivative(double z, double a) { return z > 0 ? 1.0 : 0.0; }

    @Override Pointwise pointwise() { return Pointwise.RELU; }
}
