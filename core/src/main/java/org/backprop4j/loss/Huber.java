package org.backprop4j.loss;

import org.backprop4j.activation.Activation;
import org.backprop4j.tensor.Matrix;

/**
 * The Huber loss with threshold δ > 0: per element, with d = y − t,
 * h(d) = ½d² for |d| ≤ δ and δ(|d| − ½δ) beyond, so it is quadratic near the target and linear
 * (robust to outliers) far from it. L = (1/m) Σ_i Σ_j h(y_ij − t_ij): summed over the outputs of a
 * sample and averaged over the batch, the same convention as {@link MeanSquaredError} (for
 * |d| ≤ δ everywhere, huber equals mse). PyTorch's {@code HuberLoss} (default δ = 1.0, also ours)
 * averages over all elements instead, so its value is ours divided by the number of outputs.
 *
 * <p>∂h/∂d = d clipped to [−δ, δ] (continuous, so there is no kink in the gradient at |d| = δ,
 * only in the second derivative), chained through the output activation:
 * δ_out = clip(y − t, −δ, δ)/m ⊙ f'(z).
 */
final class Huber extends Loss {
    static final double DEFAULT_DELTA = 1.0;
    private final double delta;

    Huber(double delta) {
        if (!(delta > 0) || Double.isInfinite(delta))
            throw new IllegalArgumentException("huber delta must be finite and > 0, got " + delta);
        this.delta = delta;
    }

    /** The threshold δ between the quadratic and the linear part. */
    public double delta() { return delta; }

    @Override public String token() { return delta == DEFAULT_DELTA ? "huber" : "huber:delta=" + delta; }

    @Override
    public void checkOutput(Activation output, int outputs, String layerName) {
        if (output.equals(Activation.SOFTMAX))
            throw new IllegalArgumentException(layerName + ": softmax output needs categorical_cross_entropy, got "
                    + token());
    }

    private double h(double d) {
        double a = Math.abs(d);
        return a <= delta ? 0.5 * d * d : delta * (a - 0.5 * delta);
    }

    @Override
    public double loss(Matrix z, Matrix y, Matrix t, int m) {
        int n = m * y.cols();
        double s = 0;
        for (int i = 0; i < n; i++) s += h(y.getFlat(i) - t.getFlat(i));
        return s / m;
    }

    /** ℓ_r = Σ_j h(y_rj − t_rj). */
    @Override
    public double sampleLoss(Matrix z, Matrix y, Matrix t, int r) {
        int n = y.cols(), o = r * n;
        double s = 0;
        for (int i = o; i < o + n; i++) s += h(y.getFlat(i) - t.getFlat(i));
        return s;
    }

    @Override
    public void outputDelta(Activation output, Matrix z, Matrix y, Matrix t, int m, Matrix delta) {
        int n = m * y.cols();
        if (y.floats() != null) {
            float[] yf = y.floats(), tf = t.floats(), df = delta.floats();
            float inv = 1f / m, c = (float) this.delta;
            for (int i = 0; i < n; i++) df[i] = Math.max(-c, Math.min(c, yf[i] - tf[i])) * inv;
        } else {
            double[] yd = y.doubles(), td = t.doubles(), dd = delta.doubles();
            double c = this.delta;
            for (int i = 0; i < n; i++) dd[i] = Math.max(-c, Math.min(c, yd[i] - td[i])) / m;
        }
        output.backward(z, y, delta, m);
    }
}
