/**
 * The reports of {@code bp4j evaluate} and {@code bp4j train}: text and JSON of the metrics that
 * core's {@link org.backprop4j.metrics} computes — the confusion matrix, per-class precision, recall,
 * F1 and support with micro, macro and weighted averages, accuracy, top-5 accuracy, log-loss and
 * ROC-AUC for classification; MSE, MAE, RMSE, R² and explained variance, per output and averaged,
 * for regression. No metric is computed here.
 */
package org.backprop4j.cli.eval;
