package org.backprop4j.train;

/**
 * How to train: gradient descent over the training set in batches.
 *
 * <ul>
 *   <li>{@code batchSize} decides the mode: ≥ n (the dataset size) is full-batch gradient descent,
 *       1 is per-sample (online) SGD, anything between is mini-batch SGD. The last batch of an epoch
 *       may be smaller.</li>
 *   <li>{@code epochs}: passes over the data; {@code maxIterations} (0 = no limit) stops earlier,
 *       after that many parameter updates (the course's "iterations" with full batch).</li>
 *   <li>{@code shuffle}: reorder the samples before every epoch from the shuffle stream of
 *       {@code seed}; without it, samples are visited in file order.</li>
 * </ul>
 */
public record TrainingConfig(int epochs, int batchSize, double learningRate, boolean shuffle, long seed,
                             long maxIterations) {
    /** Batch size meaning "the whole training set". */
    public static final int FULL_BATCH = Integer.MAX_VALUE;

    public TrainingConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (!(learningRate > 0) || Double.isInfinite(learningRate))
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        if (maxIterations < 0) throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
    }

    /** Shuffled mini-batches, seed 42, no iteration limit. */
    public static TrainingConfig of(int epochs, int batchSize, double learningRate) {
        return new TrainingConfig(epochs, batchSize, learningRate, true, 42, 0);
    }

    public TrainingConfig withShuffle(boolean s) {
        return new TrainingConfig(epochs, batchSize, learningRate, s, seed, maxIterations);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(epochs, batchSize, learningRate, shuffle, s, maxIterations);
    }

    public TrainingConfig withMaxIterations(long it) {
        return new TrainingConfig(epochs, batchSize, learningRate, shuffle, seed, it);
    }
}
