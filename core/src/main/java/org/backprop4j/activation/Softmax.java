package org.backprop4j.activation;

import org.backprop4j.kernel.Kernels;
import org.backprop4j.tensor.Matrix;

/**
 * Softmax over each row: a_j = e^{z_j − max z} / Σ_k e^{z_k − max z} (subtracting the row maximum
 * keeps every exponent ≤ 0, so nothing overflows). Backward multiplies by the Jacobian:
 * dL/dz_j = a_j (g_j − Σ_k g_k a_k). With categorical cross-entropy the loss uses the fused form
 * δ = a − t instead. Both run on the kernels ({@link Kernels#softmax}, {@link Kernels#softmaxBackward}).
 */
final class Softmax extends Activation {
    @Override public String token() { return "softmax"; }

    @Override public boolean elementwise() { return false; }

    @Override
    public double apply(double z) {
        throw new UnsupportedOperationException("softmax acts on a whole row, not on one number");
    }

    @Override
    public double derivative(double z, double a) {
        throw new UnsupportedOperationException("softmax has a Jacobian, not an element-wise derivative");
    }

    @Override
    public void forward(Kernels k, Matrix z, Matrix a, int m) {
        int n = z.cols();
        if (z.floats() != null) k.softmax(m, n, z.floats(), 0, n, a.floats(), 0, n);
        else k.softmax(m, n, z.doubles(), 0, n, a.doubles(), 0, n);
    }

    @Override
    public void backward(Kernels k, Matrix z, Matrix a, Matrix g, int m) {
        int n = z.cols();
        if (z.floats() != null) k.softmaxBackward(m, n, a.floats(), 0, n, g.floats(), 0, n);
        else k.softmaxBackward(m, n, a.doubles(), 0, n, g.doubles(), 0, n);
    }
}
