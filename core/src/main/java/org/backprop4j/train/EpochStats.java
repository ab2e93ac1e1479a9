package org.backprop4j.train;

/**
 * What one epoch did. {@code loss} is the mean of the batch losses weighted by batch size, each
 * measured in the forward pass before that batch's update (so it lags the weights by up to one
 * epoch, as in Keras' progress bar); {@code accuracy} is measured the same way (NaN for regression).
 */
public record EpochStats(int epoch, double loss, double accuracy, long iterations, double seconds) {}
