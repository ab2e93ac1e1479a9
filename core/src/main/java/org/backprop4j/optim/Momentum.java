package org.backprop4j.optim;

import java.util.List;

import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Parameter;

/**
 * Stochastic gradient descent with momentum (Polyak's heavy ball; Nesterov's accelerated gradient
 * as the {@code nesterov} flag), in PyTorch's {@code torch.optim.SGD} formulation (Sutskever,
 * Martens, Dahl and Hinton, "On the importance of initialization and momentum in deep learning",
 * ICML 2013). For every parameter θ with gradient g, per element:
 * <pre>
 *   g ← g + λ·θ                    (coupled weight decay, when λ &gt; 0 and the parameter decays)
 *   v ← μ·v + g                    (v starts at 0, so the first step sets v = g)
 *   θ ← θ − η·v                    (classical)
 *   θ ← θ − η·(g + μ·v)            (nesterov = true, with the new v)
 * </pre>
 * Unlike the textbook form v ← μv − ηg, the learning rate multiplies the velocity when it is
 * used, so that changing η (a schedule) scales the whole step at once, as in PyTorch. With μ = 0
 * the rule is plain gradient descent and keeps no state.
 *
 * <p>Defaults: η = 0.001 (PyTorch's SGD default), μ = 0.9 (the usual choice; PyTorch's own default
 * is 0), λ = 0. Weight decay applies to {@link Parameter.Kind#WEIGHT} tensors only unless
 * {@code decayBiases} is set — the library's convention for penalties (biases, batch-norm scales
 * and shifts are not shrunk); {@code decayBiases = true} decays every tensor, as PyTorch does.
 *
 * <p>State: {@code momentum_buffer.<name>} per parameter, in the parameter's precision.
 */
public final class Momentum extends StatefulOptimizer {
    /** PyTorch's SGD default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** The conventional momentum coefficient. */
    public static final double DEFAULT_MOMENTUM = 0.9;

    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final boolean decayBiases;

    /** Defaults: η = 0.001, μ = 0.9, classical momentum, no weight decay. */
    public Momentum() {
        this(DEFAULT_LEARNING_RATE, DEFAULT_MOMENTUM);
    }

    /** Classical momentum without weight decay. */
    public Momentum(double learningRate, double momentum) {
        this(learningRate, momentum, false, 0, false);
    }

    /**
     * @param learningRate η, finite and &gt; 0
     * @param momentum     μ in [0, 1)
     * @param nesterov     Nesterov's look-ahead form (needs μ &gt; 0)
     * @param weightDecay  λ ≥ 0, the L2 coefficient added to the gradient
     * @param decayBiases  whether λ also applies to biases, scales and shifts
     * @throws IllegalArgumentException naming the first bad hyperparameter and its value
     */
    public Momentum(double learningRate, double momentum, boolean nesterov, double weightDecay, boolean decayBiases) {
        super("Momentum", learningRate, false, fraction("Momentum", "momentum", momentum) > 0
                ? new String[] {"momentum_buffer"} : new String[0]);
        if (nesterov && momentum == 0)
            throw new IllegalArgumentException("Momentum: nesterov = true needs momentum > 0, got 0");
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = nonNegative("Momentum", "weight_decay", weightDecay);
        this.decayBiases = decayBiases;
    }

    /** μ. */
    public double momentum() { return momentum; }

    /** Whether the Nesterov form is used. */
    public boolean nesterov() { return nesterov; }

    /** λ, the coupled weight decay. */
    public double weightDecay() { return weightDecay; }

    /** Whether weight decay applies to every tensor rather than to weights only. */
    public boolean decayBiases() { return decayBiases; }

    @Override
    public void step(List<Parameter> parameters, Kernels kernels) {
        prepare(parameters);
        double lr = learningRate();
        for (int i = 0; i < parameters.size(); i++) {   // indexed: no iterator per step
            Parameter p = parameters.get(i);
            double wd = decayBiases || p.kind() == Parameter.Kind.WEIGHT ? weightDecay : 0;
            if (p.value().floats() != null) {
                float[] w = p.value().floats(), g = p.gradient().floats();
                if (momentum == 0) plain(w, g, (float) lr, (float) wd);
                else if (nesterov) nesterov(w, g, floats(0, i), (float) lr, (float) momentum, (float) wd);
                else classical(w, g, floats(0, i), (float) lr, (float) momentum, (float) wd);
            } else {
                double[] w = p.value().doubles(), g = p.gradient().doubles();
                if (momentum == 0) plain(w, g, lr, wd);
                else if (nesterov) nesterov(w, g, doubles(0, i), lr, momentum, wd);
                else classical(w, g, doubles(0, i), lr, momentum, wd);
            }
        }
    }

    private static void plain(float[] w, float[] g, float lr, float wd) {
        for (int j = 0; j < w.length; j++) w[j] -= lr * (g[j] + wd * w[j]);
    }

    private static void plain(double[] w, double[] g, double lr, double wd) {
        for (int j = 0; j < w.length; j++) w[j] -= lr * (g[j] + wd * w[j]);
    }

    private static void classical(float[] w, float[] g, float[] v, float lr, float mu, float wd) {
        for (int j = 0; j < w.length; j++) {
            float vj = mu * v[j] + (g[j] + wd * w[j]);
            v[j] = vj;
            w[j] -= lr * vj;
        }
    }

    private static void classical(double[] w, double[] g, double[] v, double lr, double mu, double wd) {
        for (int j = 0; j < w.length; j++) {
            double vj = mu * v[j] + (g[j] + wd * w[j]);
            v[j] = vj;
            w[j] -= lr * vj;
        }
    }

    private static void nesterov(float[] w, float[] g, float[] v, float lr, float mu, float wd) {
        for (int j = 0; j < w.length; j++) {
            float gj = g[j] + wd * w[j];
            float vj = mu * v[j] + gj;
            v[j] = vj;
            w[j] -= lr * (gj + mu * vj);
        }
    }

    private static void nesterov(double[] w, double[] g, double[] v, double lr, double mu, double wd) {
        for (int j = 0; j < w.length; j++) {
            double gj = g[j] + wd * w[j];
            double vj = mu * v[j] + gj;
            v[j] = vj;
            w[j] -= lr * (gj + mu * vj);
        }
    }

    /** {@code momentum(lr=…,momentum=…,nesterov=…,weight_decay=…,decay_biases=…)}, read back by {@link Optimizers#parse}. */
    @Override
    public String toString() {
        return "momentum(lr=" + Optimizers.format(learningRate()) + ",momentum=" + Optimizers.format(momentum)
                + ",nesterov=" + nesterov + ",weight_decay=" + Optimizers.format(weightDecay)
                + ",decay_biases=" + decayBiases + ")";
    }
}
