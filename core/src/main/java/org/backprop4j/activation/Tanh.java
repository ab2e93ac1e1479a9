package org.backprop4j.activation;

import org.backprop4j.kernel.Pointwise;

/** f(z) = tanh z, f'(z) = 1 − a². */
final class Tanh extends Activation {
    @Override public String token() { return "tanh"; }

    @Override public double apply(double z) { return Math.tanh(z); }

    @Override public double derivative(double z, double a) { return 1.0 - a * a; }

    @Override Pointwise pointwise() { return Pointwise.TANH; }
}
