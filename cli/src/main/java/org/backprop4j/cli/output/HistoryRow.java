package org.backprop4j.cli.output;

/**
 * One epoch of a run, as the history files and the progress display show it. {@code loss} and
 * {@code accuracy} are the trainer's running means over the epoch's batches (measured in training
 * mode, before each batch's update); the validation values are measured after the epoch in
 * inference mode (NaN without validation data; accuracy NaN for regression); {@code learningRate}
 * is the rate of the epoch's last update; {@code seconds} is the wall time of the run up to the end
 * of this epoch, {@code epochSeconds} that of this epoch alone (validation included), and
 * {@code samplesPerSecond} this epoch's training speed.
 */
public record HistoryRow(int epoch, double loss, double accuracy, double valLoss, double valAccuracy,
                         double learningRate, double seconds, double samplesPerSecond, double epochSeconds) {}
