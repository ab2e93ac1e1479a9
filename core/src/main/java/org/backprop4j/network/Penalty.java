package org.backprop4j.network;

import java.util.List;
import org.backprop4j.layer.DenseLayer;
import org.backprop4j.tensor.Precision;

/**
 * The L1/L2 penalty of a network's weight matrices (kind {@link Parameter.Kind#WEIGHT}; not biases,
 * not batch norm's γ and β): P = λ₁·Σ|w| + (λ₂/2)·Σw², and its gradient λ₁·sign(w) + λ₂·w
 * (sign(0) = 0). Sums in double, layer by layer in row-major order; allocates nothing.
 */
final class Penalty {
    private Penalty() {}

    /**
     * P of the layers' current weights; when {@code addGradient}, also adds λ₁·sign(w) + λ₂·w to
     * every weight gradient (computed in double, rounded once for float32). Modifies the weight
     * gradients only when asked.
     */
    static double apply(List<DenseLayer> layers, double l1, double l2, boolean addGradient) {
        double abs = 0, sq = 0;
        for (int i = 0; i < layers.size(); i++) {
            DenseLayer l = layers.get(i);
            if (l.precision() == Precision.FLOAT32) {
                float[] w = l.weights().floats(), g = l.weightGradient().floats();
                for (int e = 0; e < w.length; e++) {
                    double v = w[e];
                    abs += Math.abs(v);
                    sq += v * v;
                    if (addGradient) g[e] = (float) (g[e] + (l1 * Math.signum(v) + l2 * v));
                }
            } else {
                double[] w = l.weights().doubles(), g = l.weightGradient().doubles();
                for (int e = 0; e < w.length; e++) {
                    double v = w[e];
                    abs += Math.abs(v);
                    sq += v * v;
                    if (addGradient) g[e] = g[e] + (l1 * Math.signum(v) + l2 * v);
                }
            }
        }
        return l1 * abs + 0.5 * l2 * sq;
    }
}
