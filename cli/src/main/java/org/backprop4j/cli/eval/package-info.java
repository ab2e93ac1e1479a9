/**
 * Evaluation metrics of {@code bp4j evaluate} and {@code bp4j train}: the confusion matrix,
 * per-class precision, recall and F1, accuracy and log-loss for classification; MSE, MAE and R² for
 * regression. Each metric is a plain computation over arrays, tested against hand-computed values.
 */
package org.backprop4j.cli.eval;
