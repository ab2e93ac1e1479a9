package org.backprop4j.optim;

import java.util.List;

import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Parameter;

/**
 * AdaGrad (Duchi, Hazan and Singer, "Adaptive subgradient methods for online learning and
 * stochastic optimization", JMLR 12, 2011), in PyTorch's {@code torch.optim.Adagrad} form: each
 * element's step is divided by the root of its accumulated squared gradients,
 * <pre>
 *   G ← G + g²                     (G starts at 0)
 *   θ ← θ − η · g / (√G + ε)
 * </pre>
 * Defaults (PyTorch's): η = 0.01, ε = 1e-10 (PyTorch's lr_decay, weight_decay and
 * initial_accumulator_value are 0 and not offered here).
 *
 * <p>State: {@code sum.<name>} per parameter (PyTorch's name), in the parameter's precision.
 */
public final class AdaGrad extends StatefulOptimizer {
    /** PyTorch's default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    /** PyTorch's default ε. */
    public static final double DEFAULT_EPS = 1e-10;

    private final double eps;

    /** Defaults: η = 0.01, ε = 1e-10. */
    public AdaGrad() {
        this(DEFAULT_LEARNING_RATE, DEFAULT_EPS);
    }

    /** ε = 1e-10. */
    public AdaGrad(double learningRate) {
        this(learningRate, DEFAULT_EPS);
    }

    /**
     * @param learningRate η, finite and &gt; 0
     * @param eps          ε, finite and &gt; 0 (keeps the first step of a zero gradient finite)
     * @throws IllegalArgumentException naming the bad hyperparameter and its value
     */
    public AdaGrad(double learningRate, double eps) {
        super("AdaGrad", learningRate, false, "sum");
        this.eps = positive("AdaGrad", "eps", eps);
    }

    /** ε. */
    public double eps() { return eps; }

    @Override
    public void step(List<Parameter> parameters, Kernels kernels) {
        prepare(parameters);
        double lr = learningRate();
        for (int i = 0; i < parameters.size(); i++) {   // indexed: no iterator per step
            Parameter p = parameters.get(i);
            if (p.value().floats() != null)
                update(p.value().floats(), p.gradient().floats(), floats(0, i), (float) lr, (float) eps);
            else update(p.value().doubles(), p.gradient().doubles(), doubles(0, i), lr, eps);
        }
    }

    private static void update(float[] w, float[] g, float[] sum, float lr, float eps) {
        for (int j = 0; j < w.length; j++) {
            float gj = g[j];
            float s = sum[j] + gj * gj;
            sum[j] = s;
            w[j] -= lr * (gj / ((float) Math.sqrt(s) + eps));
        }
    }

    private static void update(double[] w, double[] g, double[] sum, double lr, double eps) {
        for (int j = 0; j < w.length; j++) {
            double gj = g[j];
            double s = sum[j] + gj * gj;
            sum[j] = s;
            w[j] -= lr * (gj / (Math.sqrt(s) + eps));
        }
    }

    /** {@code adagrad(lr=…,eps=…)}, read back by {@link Optimizers#parse}. */
    @Override
    public String toString() {
        return "adagrad(lr=" + Optimizers.format(learningRate()) + ",eps=" + Optimizers.format(eps) + ")";
    }
}
