package org.backprop4j.optim;

import java.util.List;
import org.backprop4j.kernel.Kernels;
import org.backprop4j.network.Parameter;
import org.backprop4j.tensor.Matrix;

/** Plain gradient descent: θ ← θ − η·∂L/∂θ. */
public final class GradientDescent implements Optimizer {
    private double learningRate;

    public GradientDescent(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate))
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        this.learningRate = learningRate;
    }

    @Override
    public double learningRate() { return learningRate; }

    @Override
    public void setLearningRate(double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) throw new IllegalArgumentException("learningRate must be finite and > 0, got " + lr);
        this.learningRate = lr;
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

    @Override
    public String toString() { return "sgd(lr=" + learningRate + ")"; }
}
