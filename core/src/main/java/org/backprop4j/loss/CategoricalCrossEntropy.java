package org.backprop4j.loss;

import org.backprop4j.activation.Activation;
import org.backprop4j.tensor.Matrix;

/**
 * Categorical cross-entropy on softmax outputs: ℓ = −Σ_j t_j ln y_j, summed in float64 arithmetic.
 * For a float64 network it is computed from the logits with the log-sum-exp trick as
 * ℓ = Σ_j t_j (lse(z) − z_j), lse(z) = max z + ln Σ_k e^{z_k − max z}. For a float32 network it is
 * taken from the softmax outputs, one logarithm per non-zero target (one per row for one-hot
 * targets) instead of an exponential per output; a row where an output with a non-zero target is
 * below 2⁻⁶⁴ (a loss of about 44), zero, or not a number falls back to the logits. The two routes
 * agree to within a few parts in 10⁷ of the loss (the float32 rounding of y; see
 * {@link #fromOutputs}).
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

    /** Smallest float32 output with a non-zero target that the outputs' route takes: 2⁻⁶⁴. */
    static final float FROM_OUTPUTS_MIN = 0x1p-64f;

    @Override
    public double loss(Matrix z, Matrix y, Matrix t, int m) {
        double s = 0;
        for (int r = 0; r < m; r++) s += sampleLoss(z, y, t, r);
        return s / m;
    }

    /**
     * ℓ = −Σ_j t_j ln y_j over the row of n values at o, in float64 from float32 outputs; NaN when an
     * output with a non-zero target is below {@link #FROM_OUTPUTS_MIN} or not a number (the caller
     * then takes the logits' route). Above ½, −ln y_j is taken as ln(1 + Σ_{k≠j} y_k / y_j) (the
     * quotients keep the relative precision of the small outputs), so a small loss keeps its relative
     * precision.
     */
    private static double fromOutputs(float[] y, float[] t, int o, int n) {
        double s = 0;
        for (int j = o; j < o + n; j++) {
            float tj = t[j];
            if (tj == 0) continue;
            float yj = y[j];
            if (!(yj >= FROM_OUTPUTS_MIN)) return Double.NaN;
            double minusLn;
            if (yj > 0.5f) {   // near 1, ln y_j would keep only y_j's absolute precision: ln(1 + Σ_{k≠j} y_k / y_j)
                double rest = 0;
                for (int k = o; k < o + n; k++) if (k != j) rest += y[k];
                minusLn = Math.log1p(rest / yj);
            } else {
                minusLn = -Math.log(yj);
            }
            s += tj * minusLn;
        }
        return s;
    }

    /** ℓ_r, the summand of {@link #loss}: from the outputs in float32 where it can, else from the logits. */
    @Override
    public double sampleLoss(Matrix z, Matrix y, Matrix t, int r) {
        int n = z.cols(), o = r * n;
        if (y.floats() != null && t.floats() != null) {
            double fromOutputs = fromOutputs(y.floats(), t.floats(), o, n);
            if (fromOutputs == fromOutputs) return fromOutputs;
        }
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
