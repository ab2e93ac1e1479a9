package org.backprop4j.activation;

import org.backprop4j.kernel.Pointwise;

/** f(z) = z for z > 0, else α·z; f'(z) = 1 for z > 0, else α. */
final class LeakyRelu extends Activation {
    static final double DEFAULT_ALPHA = 0.01;
    private final double alpha;

    LeakyRelu(double alpha) {
        if (!(alpha >= 0) || Double.isInfinite(alpha))
            throw new IllegalArgumentException("leaky_relu alpha must be finite and >= 0, got " + alpha);
        this.alpha = alpha;
    }

    /** The slope for negative inputs. */
    public double alpha() { return alpha; }

    @Override public String token() { return alpha == DEFAULT_ALPHA ? "leaky_relu" : "leaky_relu:" + alpha; }

    @Override public double apply(double z) { return z > 0 ? z : alpha * z; }

    @Override public double derivative(double z, double a) { return z > 0 ? 1.0 : alpha; }

    @Override Pointwise pointwise() { return Pointwise.LEAKY_RELU; }

    @Override double pointwiseParam() { return alpha; }
}
