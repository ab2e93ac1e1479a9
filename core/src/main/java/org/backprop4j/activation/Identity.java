package org.backprop4j.activation;

import org.backprop4j.kernel.Pointwise;

/** f(z) = z, f'(z) = 1: regression outputs and the linear unit. */
final class Identity extends Activation {
    @Override public String token() { return "identity"; }

    @Override public double apply(double z) { return z; }

    @Override public double derivative(double z, double a) { return 1.0; }

    @Override Pointwise pointwise() { return Pointwise.IDENTITY; }
}
