package org.backprop4j.kernel;

/**
 * The element-wise functions that the activation kernels apply, f(z), with their derivatives
 * f'(z, a) where a = f(z). {@link #LEAKY_RELU} takes a parameter, its slope α for z ≤ 0; the others
 * ignore it. How each is computed, in float32 and float64, is stated on {@link Kernels#activate}.
 */
public enum Pointwise {
    /** f(z) = z; f' = 1. */
    IDENTITY,
    /** f(z) = 1 if z ≥ 0 else 0; no derivative (the kernels refuse it). */
    STEP,
    /** f(z) = 1 / (1 + e^−z); f' = a(1 − a). */
    SIGMOID,
    /** f(z) = tanh z; f' = 1 − a². */
    TANH,
    /** f(z) = z if z &gt; 0 else 0; f' = 1 if z &gt; 0 else 0. */
    RELU,
    /** f(z) = z if z &gt; 0 else α·z; f' = 1 if z &gt; 0 else α. */
    LEAKY_RELU
}
