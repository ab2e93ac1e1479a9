package org.backprop4j.loss;

import org.backprop4j.activation.Activation;
import org.backprop4j.tensor.Matrix;

/**
 * L = (1/m) Σ_i ½ Σ_j (y_ij − t_ij)²; ∂L/∂y = (y − t)/m, then the chain rule through the output
 * activation: δ = (y − t)/m ⊙ f'(z).
 */
final class MeanSquaredError extends Loss {
    @Override public String token() { return "mse"; }

    @Override
    public void checkOutput(Activation output, int outputs, String layerName) {
        if (output.equals(Activation.SOFTMAX))
            throw new IllegalArgumentException(layerName + ": softmax output needs categorical_cross_entropy, got mse");
    }

    @Override
    public double loss(Matrix z, Matrix y, Matrix t, int m) {
        int n = m * y.cols();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = y.getFlat(i) - t.getFlat(i);
            s += d * d;
        }
        return 0.5 * s / m;
    }

    /** ℓ_r = ½ Σ_j (y_rj − t_rj)². */
    @Override
    public double sampleLoss(Matrix z, Matrix y, Matrix t, int r) {
        int n = y.cols(), o = r * n;
        double s = 0;
        for (int j = o; j < o + n; j++) {
            double d = y.getFlat(j) - t.getFlat(j);
            s += d * d;
        }
        return 0.5 * s;
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
        output.backward(z, y, delta, m);
    }
}
