package org.backprop4j.loss;

import org.backprop4j.activation.Activation;
import org.backprop4j.tensor.Matrix;

/**
 * Binary cross-entropy on sigmoid outputs, one independent yes/no per output (binary and
 * multi-label tasks). Computed from the logits z so that it never takes log 0:
 * ℓ = Σ_j [max(z_j, 0) − z_j t_j + ln(1 + e^−|z_j|)], which equals −[t ln y + (1 − t) ln(1 − y)]
 * for y = σ(z). Fused gradient: δ = (y − t)/m.
 *
 * <p>With several sigmoid outputs (multi-label) each output is its own yes/no: the loss of a
 * sample is the sum over the outputs of their binary cross-entropies, averaged over the batch,
 * and δ_j = (y_j − t_j)/m for every output. (PyTorch's {@code BCEWithLogitsLoss} also averages
 * over the outputs, so its value is ours divided by the number of outputs.)
 */
final class BinaryCrossEntropy extends Loss {
    @Override public String token() { return "binary_cross_entropy"; }

    @Override
    public void checkOutput(Activation output, int outputs, String layerName) {
        if (!output.equals(Activation.SIGMOID))
            throw new IllegalArgumentException(layerName + ": binary_cross_entropy needs a sigmoid output, got "
                    + output.token());
    }

    @Override
    public double loss(Matrix z, Matrix y, Matrix t, int m) {
        int n = m * z.cols();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double zi = z.getFlat(i), ti = t.getFlat(i);
            s += Math.max(zi, 0) - zi * ti + Math.log1p(Math.exp(-Math.abs(zi)));
        }
        return s / m;
    }

    /** ℓ_r = Σ_j [max(z_rj, 0) − z_rj t_rj + ln(1 + e^−|z_rj|)], from the logits. */
    @Override
    public double sampleLoss(Matrix z, Matrix y, Matrix t, int r) {
        int n = z.cols(), o = r * n;
        double s = 0;
        for (int i = o; i < o + n; i++) {
            double zi = z.getFlat(i), ti = t.getFlat(i);
            s += Math.max(zi, 0) - zi * ti + Math.log1p(Math.exp(-Math.abs(zi)));
        }
        return s;
    }

    @Override
    public void outputDelta(Activation output, Matrix z, Matrix y, Matrix t, int m, Matrix delta) {
        int n = m * y.cols();
        if (y.floats() != null) {
            float[] yf = y.floats(), tf = t.floats(), df = delta.floats();
            float inv = 1f / m;
            for (int i = 0; i < n; i++) df[i] = (yf[i] - tf[i]) * inv;
        } else {
            double[] yd = y.doubles(), td = t.doubles(), dd = delta.doubles();
            for (int i = 0; i < n; i++) dd[i] = (yd[i] - td[i]) / m;
        }
    }
}
