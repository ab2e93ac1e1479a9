package org.backprop4j.train;

import java.util.List;

/**
 * How a training run ended.
 *
 * @param history       one entry per epoch of the whole run (a resumed run includes the epochs
 *                      before the interruption)
 * @param bestEpoch     the epoch whose weights the network holds at the end when {@code restored},
 *                      the best epoch by the monitored value otherwise; 0 when nothing was monitored
 * @param bestValue     the monitored value of that epoch (NaN when nothing was monitored)
 * @param stopReason    why training ended
 * @param restored      true when the network's weights were reset to those of {@code bestEpoch}
 */
public record TrainingResult(List<EpochStats> history, int bestEpoch, double bestValue, StopReason stopReason,
                             boolean restored) {

    /** Why training ended. */
    public enum StopReason {
        /** All epochs ran. */
        COMPLETED,
        /** The iteration limit was reached. */
        MAX_ITERATIONS,
        /** Early stopping fired. */
        EARLY_STOPPING
    }

    public TrainingResult {
        history = List.copyOf(history);
    }

    /** The last epoch that ran. */
    public int epochs() { return history.isEmpty() ? 0 : history.get(history.size() - 1).epoch(); }
}
