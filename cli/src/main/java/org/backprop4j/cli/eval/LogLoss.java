package org.backprop4j.cli.eval;

import org.backprop4j.tensor.Matrix;

/**
 * Log-loss (cross-entropy of the predicted probabilities): (1/n) Σ −ln p_i, where p_i is the
 * probability the network gives sample i's true class — y[i][label] for k ≥ 2 outputs, y[i] or
 * 1 − y[i] for one sigmoid output. p is clipped to [1e−15, 1 − 1e−15] so that one confident
 * mistake gives a large, finite value.
 */
public final class LogLoss {
    private LogLoss() {}

    /** The clipping bound. */
    public static final double EPS = 1e-15;

    /** Log-loss of probabilities y [n × k] (or [n × 1]) against labels (length n). */
    public static double of(Matrix y, int[] labels) {
        if (y.rows() != labels.length)
            throw new IllegalArgumentException("log-loss: " + y.rows() + " predictions but " + labels.length + " labels");
        if (labels.length == 0) return Double.NaN;
        int k = y.cols();
        double s = 0;
        for (int i = 0; i < labels.length; i++) {
            double p = k == 1 ? (labels[i] == 1 ? y.getFlat(i) : 1 - y.getFlat(i)) : y.getFlat(i * k + labels[i]);
            p = Math.min(1 - EPS, Math.max(EPS, p));
            s -= Math.log(p);
        }
        return s / labels.length;
    }
}
