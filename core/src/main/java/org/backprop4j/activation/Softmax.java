package org.backprop4j.activation;

import org.backprop4j.tensor.Matrix;

/**
 * Softmax over each row: a_j = e^{z_j − max z} / Σ_k e^{z_k − max z} (subtracting the row maximum
 * keeps every exponent ≤ 0, so nothing overflows). Backward multiplies by the Jacobian:
 * dL/dz_j = a_j (g_j − Σ_k g_k a_k). With categorical cross-entropy the loss uses the fused form
 * δ = a − t instead.
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
    public void forward(Matrix z, Matrix a, int m) {
        int n = z.cols();
        if (z.floats() != null) {
            float[] zf = z.floats(), af = a.floats();
            for (int r = 0; r < m; r++) {
                int o = r * n;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) max = Math.max(max, zf[o + j]);
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    float e = (float) Math.exp(zf[o + j] - max);
                    af[o + j] = e;
                    sum += e;
                }
                float inv = (float) (1.0 / sum);
                for (int j = 0; j < n; j++) af[o + j] *= inv;
            }
        } else {
            double[] zd = z.doubles(), ad = a.doubles();
            for (int r = 0; r < m; r++) {
                int o = r * n;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) max = Math.max(max, zd[o + j]);
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    double e = Math.exp(zd[o + j] - max);
                    ad[o + j] = e;
                    sum += e;
                }
                for (int j = 0; j < n; j++) ad[o + j] /= sum;
            }
        }
    }

    @Override
    public void backward(Matrix z, Matrix a, Matrix g, int m) {
        int n = z.cols();
        for (int r = 0; r < m; r++) {
            int o = r * n;
            double dot = 0;
            for (int k = 0; k < n; k++) dot += g.getFlat(o + k) * a.getFlat(o + k);
            for (int j = 0; j < n; j++) g.setFlat(o + j, a.getFlat(o + j) * (g.getFlat(o + j) - dot));
        }
    }
}
