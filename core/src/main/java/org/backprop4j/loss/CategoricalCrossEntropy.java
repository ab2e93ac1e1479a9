package org.backprop4j.loss;

import org.backprop4j.activation.Activation;
import org.backprop4j.tensor.Matrix;

/**
 * Categorical cross-entropy on softmax outputs: ℓ = −Σ_j t_j ln y_j, computed from the logits with
 * the log-sum-exp trick as ℓ = Σ_j t_j (lse(z) − z_j), lse(z) = max z + ln Σ_k e^{z_k − max z}.
 * Fused gradient: δ_j = (y_j Σ_k t_k − t_j)/m, which is (y − t)/m for one-hot targets.
 */
final class CategoricalCrossEntropy extends Loss {
    @Override public String token() { return "categorical_cross_entropy"; }

    @Override
    public void checkOutput(Activation output, int outputs, String layerName) {
        if (!output.equals(Activation.SOFTMAX))
            throw new IllegalArgumentException(layerName + ": categorical_cross_entropy needs a softmax output, got "
                    + output.token());
    }

    @Override
    public double loss(Matrix z, Matrix y, Matrix t, int m) {
        int n = z.cols();
        double s = 0;
        for (int r = 0; r < m; r++) {
            int o = r * n;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) max = Math.max(max, z.getFlat(o + j));
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.exp(z.getFlat(o + j) - max);
            double lse = max + Math.log(sum);
            for (int j = 0; j < n; j++) {
                double tj = t.getFlat(o + j);
                if (tj != 0) s += tj * (lse - z.getFlat(o + j));
            }
        }
        return s / m;
    }

    /** ℓ_r = Σ_j t_rj (lse(z_r) − z_rj), from the logits. */
    @Override
    public double sampleLoss(Matrix z, Matrix y, Matrix t, int r) {
        int n = z.cols(), o = r * n;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, z.getFlat(o + j));
        double sum = 0;
        for (int j = 0; j < n; j++) sum += Math.exp(z.getFlat(o + j) - max);
        double lse = max + Math.log(sum), s = 0;
        for (int j = 0; j < n; j++) {
            double tj = t.getFlat(o + j);
            if (tj != 0) s += tj * (lse - z.getFlat(o + j));
        }
        return s;
    }

    @Override
    public void outputDelta(Activation output, Matrix z, Matrix y, Matrix t, int m, Matrix delta) {
        int n = y.cols();
        for (int r = 0; r < m; r++) {
            int o = r * n;
            double tsum = 0;
            for (int j = 0; j < n; j++) tsum += t.getFlat(o + j);
            if (y.floats() != null) {
                float[] yf = y.floats(), tf = t.floats(), df = delta.floats();
                float ts = (float) tsum, inv = 1f / m;
                for (int j = 0; j < n; j++) df[o + j] = (yf[o + j] * ts - tf[o + j]) * inv;
            } else {
                double[] yd = y.doubles(), td = t.doubles(), dd = delta.doubles();
                for (int j = 0; j < n; j++) dd[o + j] = (yd[o + j] * tsum - td[o + j]) / m;
            }
        }
    }
}
