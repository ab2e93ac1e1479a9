package org.backprop4j.optim;

import java.util.List;

import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Parameter;

/**
 * The Adam update shared by {@link Adam} (weight decay added to the gradient) and {@link AdamW}
 * (weight decay applied to the weights, decoupled). Per element, at step t = 1, 2, …:
 * <pre>
 *   θ ← θ·(1 − η·λ)                          (AdamW only, first, as PyTorch)
 *   g ← g + λ·θ                              (Adam only)
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * The last line is PyTorch's arrangement of θ ← θ − η·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ) and
 * v̂ = v/(1 − β₂ᵗ): the bias corrections are two scalars per step.
 */
abstract class AdamRule extends StatefulOptimizer {
    private final String token;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decayBiases;
    private final boolean decoupled;

    AdamRule(String rule, String token, boolean decoupled, double learningRate, double beta1, double beta2,
             double eps, double weightDecay, boolean decayBiases) {
        super(rule, learningRate, true, "exp_avg", "exp_avg_sq");
        this.token = token;
        this.decoupled = decoupled;
        this.beta1 = fraction(rule, "beta1", beta1);
        this.beta2 = fraction(rule, "beta2", beta2);
        this.eps = positive(rule, "eps", eps);
        this.weightDecay = nonNegative(rule, "weight_decay", weightDecay);
        this.decayBiases = decayBiases;
    }

    /** β₁, the decay of the gradient average. */
    public final double beta1() { return beta1; }

    /** β₂, the decay of the squared-gradient average. */
    public final double beta2() { return beta2; }

    /** ε. */
    public final double eps() { return eps; }

    /** λ. */
    public final double weightDecay() { return weightDecay; }

    /** Whether weight decay applies to every tensor rather than to {@link Parameter.Kind#WEIGHT} only. */
    public final boolean decayBiases() { return decayBiases; }

    @Override
    public final void step(List<Parameter> parameters, Kernels kernels) {
        prepare(parameters);
        long t = ++step;
        double lr = learningRate();
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double invRootBc2 = 1 / Math.sqrt(1 - Math.pow(beta2, t));
        for (int i = 0; i < parameters.size(); i++) {   // indexed: no iterator per step
            Parameter p = parameters.get(i);
            double wd = decayBiases || p.kind() == Parameter.Kind.WEIGHT ? weightDecay : 0;
            double shrink = decoupled ? 1 - lr * wd : 1;   // multiplying by 1 is exact
            double l2 = decoupled ? 0 : wd;                // adding 0·θ is exact for finite θ
            if (p.value().floats() != null) {
                float[] w = p.value().floats();
                kernels.adam(w.length, w, 0, p.gradient().floats(), 0, floats(0, i), 0, floats(1, i), 0, (float) beta1,
                        (float) (1 - beta1), (float) beta2, (float) (1 - beta2), (float) eps, (float) stepSize,
                        (float) invRootBc2, (float) l2, (float) shrink);
            } else {
                double[] w = p.value().doubles();
                kernels.adam(w.length, w, 0, p.gradient().doubles(), 0, doubles(0, i), 0, doubles(1, i), 0, beta1,
                        1 - beta1, beta2, 1 - beta2, eps, stepSize, invRootBc2, l2, shrink);
            }
        }
    }

    /** {@code adam(lr=…,beta1=…,beta2=…,eps=…,weight_decay=…,decay_biases=…)} (or {@code adamw(…)}). */
    @Override
    public final String toString() {
        return token + "(lr=" + Optimizers.format(learningRate()) + ",beta1=" + Optimizers.format(beta1)
                + ",beta2=" + Optimizers.format(beta2) + ",eps=" + Optimizers.format(eps)
                + ",weight_decay=" + Optimizers.format(weightDecay) + ",decay_biases=" + decayBiases + ")";
    }
}
