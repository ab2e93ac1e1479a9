/**
 * Evaluation metrics, with scikit-learn's definitions and an optional weight per sample
 * ({@code sample_weight}): {@link org.backprop4j.metrics.ConfusionMatrix},
 * {@link org.backprop4j.metrics.ClassificationMetrics} (accuracy, top-k accuracy, precision, recall,
 * F1 and support per class with macro, micro and weighted {@link org.backprop4j.metrics.Average}s,
 * log-loss), {@link org.backprop4j.metrics.RocAuc} (binary and one-vs-rest) and
 * {@link org.backprop4j.metrics.RegressionMetrics} (MSE, MAE, RMSE, R², explained variance, per
 * output and averaged). Inputs are {@link org.backprop4j.tensor.Matrix} outputs and targets of
 * either precision and {@code int[]} class labels, truth first; bad lengths, labels or weights are
 * {@link java.lang.IllegalArgumentException}s naming both sizes. Computed in double precision.
 */
package org.backprop4j.metrics;
