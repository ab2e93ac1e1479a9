package org.backprop4j.train;

/** Sees every epoch of a {@link Trainer#fit} as it ends, and optionally every batch. */
@FunctionalInterface
public interface TrainingListener {
    /** Called once per epoch, after its last update. */
    void onEpoch(EpochStats stats);

    /**
     * Called after every parameter update (for progress bars). Primitives only, so that reporting
     * allocates nothing.
     *
     * @param epoch           1-based epoch
     * @param batch           1-based batch within the epoch
     * @param batchesPerEpoch number of batches in a full epoch
     * @param samples         rows in this batch
     * @param loss            this batch's mean loss, measured before its update
     */
    default void onBatch(int epoch, long batch, long batchesPerEpoch, int samples, double loss) {}
}
