package org.backprop4j.cli.eval;

import org.backprop4j.metrics.ClassificationMetrics;
import org.backprop4j.tensor.Matrix;

/**
 * Log-loss (cross-entropy of the predicted probabilities): (1/n) Σ −ln p_i, where p_i is the
 * probability the network gives sample i's true class — y[i][label] for k ≥ 2 outputs, y[i] or
 * 1 − y[i] for one sigmoid output, clipped to [1e−15, 1 − 1e−15]. Computed by core's
 * {@link ClassificationMetrics#logLoss(int[], Matrix)}.
 */
public final class LogLoss {
    private LogLoss() {}

    /** The clipping bound. */
    public static final double EPS = ClassificationMetrics.EPS;

    /** Log-loss of probabilities y [n × k] (or [n × 1]) against labels (length n). */
    public static double of(Matrix y, int[] labels) {
        return ClassificationMetrics.logLoss(labels, y);
    }
}
