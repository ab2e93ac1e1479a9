package org.backprop4j.loss;

import org.backprop4j.activation.Activation;
import org.backprop4j.tensor.Matrix;

/**
 * Mean absolute error: L = (1/m) Σ_i Σ_j |y_ij − t_ij| (summed over the outputs of a sample,
 * averaged over the batch, the same convention as {@link MeanSquaredError}; PyTorch's
 * {@code L1Loss} averages over the outputs too, so its value is ours divided by the number of
 * outputs). ∂L/∂y = sign(y − t)/m, chained through the output activation: δ = sign(y − t)/m ⊙ f'(z).
 *
 * <p>|d| has no derivative at d = 0; there the subgradient 0 is used (sign 0 = 0, as PyTorch
 * does), so an output that hits its target exactly stops moving.
 */
final class MeanAbsoluteError extends Loss {
    @Override public String token() { return "mae"; }

    @Override
    public void checkOutput(Activation output, int outputs, String layerName) {
        if (output.equals(Activation.SOFTMAX))
            throw new IllegalArgumentException(layerName + ": softmax output needs categorical_cross_entropy, got mae");
    }

    @Override
    public double loss(Matrix z, Matrix y, Matrix t, int m) {
        int n = m * y.cols();
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.abs(y.getFlat(i) - t.getFlat(i));
        return s / m;
    }

    /** ℓ_r = Σ_j |y_rj − t_rj|. */
    @Override
    public double sampleLoss(Matrix z, Matrix y, Matrix t, int r) {
        int n = y.cols(), o = r * n;
        double s = 0;
        for (int i = o; i < o + n; i++) s += Math.abs(y.getFlat(i) - t.getFlat(i));
        return s;
    }

    @Override
    public void outputDelta(Activation output, Matrix z, Matrix y, Matrix t, int m, Matrix delta) {
        int n = m * y.cols();
        if (y.floats() != null) {
            float[] yf = y.floats(), tf = t.floats(), df = delta.floats();
            float inv = 1f / m;
            for (int i = 0; i < n; i++) df[i] = Math.signum(yf[i] - tf[i]) * inv;
        } else {
            double[] yd = y.doubles(), td = t.doubles(), dd = delta.doubles();
            for (int i = 0; i < n; i++) dd[i] = Math.signum(yd[i] - td[i]) / m;
        }
        output.backward(z, y, delta, m);
    }
}
