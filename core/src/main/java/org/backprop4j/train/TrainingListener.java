package org.backprop4j.train;

/** Sees every epoch of a {@link Trainer#fit} as it ends. */
@FunctionalInterface
public interface TrainingListener {
    void onEpoch(EpochStats stats);
}
