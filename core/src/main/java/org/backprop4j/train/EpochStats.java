package org.backprop4j.train;

/**
 * What one epoch did.
 *
 * <p>{@code loss} is the mean of the batch losses weighted by batch size (by sample weight when the
 * data is weighted), each measured in the forward pass before that batch's update, so it lags the
 * weights by up to one epoch (as in Keras' progress bar); it includes the L1/L2 penalty and is
 * measured in training mode (with dropout). {@code accuracy} is measured the same way (NaN for
 * regression). {@code validationLoss} and {@code validationAccuracy} are measured after the epoch's
 * last update, in inference mode, on the validation data (NaN without validation data);
 * the validation loss includes the penalty too (as Keras' val_loss). {@code learningRate} is the rate
 * of the epoch's last update, {@code iterations} the updates so far in the run, {@code seconds} the
 * epoch's wall time including validation.
 */
public record EpochStats(int epoch, double loss, double accuracy, double validationLoss, double validationAccuracy,
                         double learningRate, long iterations, double seconds) {

    /** True when the epoch was measured on validation data. */
    public boolean hasValidation() { return !Double.isNaN(validationLoss); }
}
