package org.backprop4j.optim;

import java.util.List;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Parameter;
import org.backprop4j.tensor.Matrix;

/**
 * Plain gradient descent (Cauchy 1847; Rumelhart, Hinton and Williams 1986 for backpropagation):
 * <pre>
 *   θ ← θ − η·∂L/∂θ
 * </pre>
 * With the full batch this is batch gradient descent, with one sample per step online SGD, with
 * m samples mini-batch SGD: the trainer's batch size decides. Stateless. Computed with the kernels'
 * {@code axpy}. Default η = 0.001 (PyTorch's {@code torch.optim.SGD} default); for momentum and
 * weight decay see {@link Momentum}.
 */
public final class GradientDescent implements Optimizer {
    /** PyTorch's SGD default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;

    private double learningRate;

    /** η = 0.001. */
    public GradientDescent() {
        this(DEFAULT_LEARNING_RATE);
    }

    /**
     * @param learningRate η, finite and &gt; 0
     * @throws IllegalArgumentException naming the learning rate when it is not finite and positive
     */
    public GradientDescent(double learningRate) {
        this.learningRate = StatefulOptimizer.positive("SGD", "lr", learningRate);
    }

    @Override
    public double learningRate() { return learningRate; }

    @Override
    public void setLearningRate(double lr) {
        this.learningRate = StatefulOptimizer.nonNegative("SGD", "lr", lr);   // 0: a schedule's warm-up start
    }

    @Override
    public void step(List<Parameter> parameters, Kernels k) {
        for (int i = 0; i < parameters.size(); i++) {   // indexed: no iterator per step
            Parameter p = parameters.get(i);
            Matrix v = p.value(), g = p.gradient();
            if (v.floats() != null) k.axpy(v.size(), (float) -learningRate, g.floats(), 0, v.floats(), 0);
            else k.axpy(v.size(), -learningRate, g.doubles(), 0, v.doubles(), 0);
        }
    }

    /** {@code sgd(lr=…)}, read back by {@link Optimizers#parse}. */
    @Override
    public String toString() { return "sgd(lr=" + Optimizers.format(learningRate) + ")"; }
}
