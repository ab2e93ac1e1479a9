/**
 * The reports of {@code bp4j evaluate} and {@code bp4j train}: text and JSON of the metrics that
 * core's {@link org.backprop4j.metrics} computes — the confusion matrix, per-class precision, recall,
 * F1 and support with micro, macro and weighted averages, accuracy, top-5 accuracy, log-loss and
 * ROC-AUC for classification; MSE, MAE, RMSE, R² and explained variance, per output and averaged,
 * for regression; per-label accuracy, precision, recall, F1, support and ROC-AUC with micro and macro
 * averages, exact-match accuracy and Hamming loss for multi-label models. No metric is computed here:
 * the multi-label report only pools and averages what core measures on each label.
 */
package org.backprop4j.cli.eval;
