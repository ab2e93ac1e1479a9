package org.backprop4j.train;

/**
 * The loss became NaN or infinite. The network keeps the weights it had before the failing batch's
 * update (no update is applied from a non-finite loss).
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int epoch;
    private final long batch;

    public TrainingDivergedException(int epoch, long batch, double loss, double learningRate) {
        super("loss became " + loss + " at epoch " + epoch + ", batch " + batch
                + "; try a smaller learningRate (now " + learningRate + ") or scale the inputs");
        this.epoch = epoch;
        this.batch = batch;
    }

    public int epoch() { return epoch; }

    public long batch() { return batch; }
}
