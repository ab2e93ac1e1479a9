package org.backprop4j.optim;

import org.backprop4j.network.Parameter;

/**
 * AdamW: Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled weight decay
 * regularization", ICLR 2019), in PyTorch's {@code torch.optim.AdamW} form and order. Per element,
 * at step t = 1, 2, …:
 * <pre>
 *   θ ← θ − η·λ·θ                  (the decay comes first and is scaled by the learning rate)
 *   m ← β₁·m + (1 − β₁)·g          (g is the plain loss gradient)
 *   v ← β₂·v + (1 − β₂)·g²
 *   θ ← θ − η · m̂ / (√v̂ + ε),  m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)
 * </pre>
 *
 * <p>Defaults (PyTorch's): η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0.01.
 *
 * <p><b>Which tensors decay.</b> PyTorch decays every tensor in the parameter group; the usual
 * practice (and this library's convention for penalties, see {@link Parameter}) is to decay the
 * weight matrices only. By default only {@link Parameter.Kind#WEIGHT} tensors decay; biases and
 * batch-normalization scales and shifts are not shrunk towards 0. {@code decayBiases = true} decays
 * every tensor, as PyTorch's default does.
 *
 * <p>State: {@code exp_avg.<name>}, {@code exp_avg_sq.<name>} per parameter and {@code step} = t.
 */
public final class AdamW extends AdamRule {
    /** PyTorch's default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** PyTorch's default decoupled weight decay. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    /** Defaults: η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0.01 on weights only. */
    public AdamW() {
        this(DEFAULT_LEARNING_RATE, DEFAULT_WEIGHT_DECAY);
    }

    /** β₁ = 0.9, β₂ = 0.999, ε = 1e-8, decay on weights only. */
    public AdamW(double learningRate, double weightDecay) {
        this(learningRate, Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS, weightDecay, false);
    }

    /**
     * @param learningRate η, finite and &gt; 0
     * @param beta1        β₁ in [0, 1)
     * @param beta2        β₂ in [0, 1)
     * @param eps          ε, finite and &gt; 0
     * @param weightDecay  λ ≥ 0, the decoupled decay rate (θ shrinks by the factor 1 − η·λ per step)
     * @param decayBiases  whether λ also applies to biases, scales and shifts (PyTorch: yes)
     * @throws IllegalArgumentException naming the first bad hyperparameter and its value
     */
    public AdamW(double learningRate, double beta1, double beta2, double eps, double weightDecay, boolean decayBiases) {
        super("AdamW", "adamw", true, learningRate, beta1, beta2, eps, weightDecay, decayBiases);
    }
}
