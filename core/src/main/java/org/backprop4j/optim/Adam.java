package org.backprop4j.optim;

import org.backprop4j.network.Parameter;

/**
 * Adam (Kingma and Ba, "Adam: A method for stochastic optimization", ICLR 2015), in PyTorch's
 * {@code torch.optim.Adam} form (amsgrad off). Per element, at step t = 1, 2, …:
 * <pre>
 *   g ← g + λ·θ                    (coupled weight decay = L2 penalty, when λ &gt; 0)
 *   m ← β₁·m + (1 − β₁)·g          (m, v start at 0)
 *   v ← β₂·v + (1 − β₂)·g²
 *   m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ − η · m̂ / (√v̂ + ε)
 * </pre>
 * computed as PyTorch does: θ ← θ − (η/(1 − β₁ᵗ)) · m / (√v/√(1 − β₂ᵗ) + ε). For decoupled weight
 * decay use {@link AdamW}.
 *
 * <p>Defaults (PyTorch's): η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, λ = 0. Weight decay applies to
 * {@link Parameter.Kind#WEIGHT} tensors only unless {@code decayBiases} is set (the library's
 * convention for penalties; {@code decayBiases = true} is PyTorch's behaviour).
 *
 * <p>State: {@code exp_avg.<name>}, {@code exp_avg_sq.<name>} per parameter (PyTorch's names), in
 * the parameter's precision, and {@code step} = t.
 */
public final class Adam extends AdamRule {
    /** PyTorch's default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** PyTorch's default β₁. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** PyTorch's default β₂. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** PyTorch's default ε. */
    public static final double DEFAULT_EPS = 1e-8;

    /** Defaults: η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay. */
    public Adam() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay. */
    public Adam(double learningRate) {
        this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, 0, false);
    }

    /**
     * @param learningRate η, finite and &gt; 0
     * @param beta1        β₁ in [0, 1)
     * @param beta2        β₂ in [0, 1)
     * @param eps          ε, finite and &gt; 0
     * @param weightDecay  λ ≥ 0, added to the gradient as λ·θ
     * @param decayBiases  whether λ also applies to biases, scales and shifts
     * @throws IllegalArgumentException naming the first bad hyperparameter and its value
     */
    public Adam(double learningRate, double beta1, double beta2, double eps, double weightDecay, boolean decayBiases) {
        super("Adam", "adam", false, learningRate, beta1, beta2, eps, weightDecay, decayBiases);
    }
}
