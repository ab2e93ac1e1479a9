package org.backprop4j.cli.output;

/**
 * One epoch of a run, as the history files and the progress display show it. {@code loss} and
 * {@code accuracy} are the trainer's running means over the epoch's batches; the validation values
 * are measured after the epoch (NaN without validation data; accuracy NaN for regression);
 * {@code seconds} is the training time since the start of the run (validation excluded) and
 * {@code samplesPerSecond} this epoch's training speed.
 */
public record HistoryRow(int epoch, double loss, double accuracy, double valLoss, double valAccuracy,
                         double learningRate, double seconds, double samplesPerSecond) {}
