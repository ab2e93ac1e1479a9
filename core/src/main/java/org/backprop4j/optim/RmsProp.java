package org.backprop4j.optim;

import java.util.List;

import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Parameter;

/**
 * RMSprop (Tieleman and Hinton, COURSERA "Neural Networks for Machine Learning", lecture 6.5,
 * 2012), in PyTorch's {@code torch.optim.RMSprop} form (not centered): each element's step is
 * divided by a running root mean square of its gradients,
 * <pre>
 *   s ← α·s + (1 − α)·g²           (s starts at 0)
 *   θ ← θ − η · g / (√s + ε)       (momentum μ = 0)
 *   b ← μ·b + g / (√s + ε);  θ ← θ − η·b     (μ &gt; 0; b starts at 0)
 * </pre>
 * Defaults (PyTorch's): η = 0.01, α = 0.99, ε = 1e-8, μ = 0.
 *
 * <p>State: {@code square_avg.<name>} and, when μ &gt; 0, {@code momentum_buffer.<name>} per
 * parameter (PyTorch's names), in the parameter's precision.
 */
public final class RmsProp extends StatefulOptimizer {
    /** PyTorch's default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    /** PyTorch's default smoothing constant α. */
    public static final double DEFAULT_ALPHA = 0.99;
    /** PyTorch's default ε. */
    public static final double DEFAULT_EPS = 1e-8;

    private final double alpha;
    private final double eps;
    private final double momentum;

    /** Defaults: η = 0.01, α = 0.99, ε = 1e-8, no momentum. */
    public RmsProp() {
        this(DEFAULT_LEARNING_RATE);
    }

    /** α = 0.99, ε = 1e-8, no momentum. */
    public RmsProp(double learningRate) {
        this(learningRate, DEFAULT_ALPHA, DEFAULT_EPS, 0);
    }

    /**
     * @param learningRate η, finite and &gt; 0
     * @param alpha        α in [0, 1), the decay of the squared-gradient average
     * @param eps          ε, finite and &gt; 0
     * @param momentum     μ in [0, 1)
     * @throws IllegalArgumentException naming the first bad hyperparameter and its value
     */
    public RmsProp(double learningRate, double alpha, double eps, double momentum) {
        super("RMSprop", learningRate, false, fraction("RMSprop", "momentum", momentum) > 0
                ? new String[] {"square_avg", "momentum_buffer"} : new String[] {"square_avg"});
        this.alpha = fraction("RMSprop", "alpha", alpha);
        this.eps = positive("RMSprop", "eps", eps);
        this.momentum = momentum;
    }

    /** α. */
    public double alpha() { return alpha; }

    /** ε. */
    public double eps() { return eps; }

    /** μ. */
    public double momentum() { return momentum; }

    @Override
    public void step(List<Parameter> parameters, Kernels kernels) {
        prepare(parameters);
        double lr = learningRate();
        for (int i = 0; i < parameters.size(); i++) {   // indexed: no iterator per step
            Parameter p = parameters.get(i);
            if (p.value().floats() != null) {
                float[] w = p.value().floats(), g = p.gradient().floats();
                if (momentum == 0) plain(w, g, floats(0, i), (float) lr, (float) alpha, (float) (1 - alpha), (float) eps);
                else withMomentum(w, g, floats(0, i), floats(1, i), (float) lr, (float) alpha, (float) (1 - alpha),
                        (float) eps, (float) momentum);
            } else {
                double[] w = p.value().doubles(), g = p.gradient().doubles();
                if (momentum == 0) plain(w, g, doubles(0, i), lr, alpha, 1 - alpha, eps);
                else withMomentum(w, g, doubles(0, i), doubles(1, i), lr, alpha, 1 - alpha, eps, momentum);
            }
        }
    }

    private static void plain(float[] w, float[] g, float[] s, float lr, float a, float oneMinusA, float eps) {
        for (int j = 0; j < w.length; j++) {
            float gj = g[j];
            float sj = a * s[j] + oneMinusA * (gj * gj);
            s[j] = sj;
            w[j] -= lr * (gj / ((float) Math.sqrt(sj) + eps));
        }
    }

    private static void plain(double[] w, double[] g, double[] s, double lr, double a, double oneMinusA, double eps) {
        for (int j = 0; j < w.length; j++) {
            double gj = g[j];
            double sj = a * s[j] + oneMinusA * (gj * gj);
            s[j] = sj;
            w[j] -= lr * (gj / (Math.sqrt(sj) + eps));
        }
    }

    private static void withMomentum(float[] w, float[] g, float[] s, float[] b, float lr, float a, float oneMinusA,
                                     float eps, float mu) {
        for (int j = 0; j < w.length; j++) {
            float gj = g[j];
            float sj = a * s[j] + oneMinusA * (gj * gj);
            s[j] = sj;
            float bj = mu * b[j] + gj / ((float) Math.sqrt(sj) + eps);
            b[j] = bj;
            w[j] -= lr * bj;
        }
    }

    private static void withMomentum(double[] w, double[] g, double[] s, double[] b, double lr, double a,
                                     double oneMinusA, double eps, double mu) {
        for (int j = 0; j < w.length; j++) {
            double gj = g[j];
            double sj = a * s[j] + oneMinusA * (gj * gj);
            s[j] = sj;
            double bj = mu * b[j] + gj / (Math.sqrt(sj) + eps);
            b[j] = bj;
            w[j] -= lr * bj;
        }
    }

    /** {@code rmsprop(lr=…,alpha=…,eps=…,momentum=…)}, read back by {@link Optimizers#parse}. */
    @Override
    public String toString() {
        return "rmsprop(lr=" + Optimizers.format(learningRate()) + ",alpha=" + Optimizers.format(alpha)
                + ",eps=" + Optimizers.format(eps) + ",momentum=" + Optimizers.format(momentum) + ")";
    }
}
