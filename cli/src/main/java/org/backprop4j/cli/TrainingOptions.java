package org.backprop4j.cli;

import org.backprop4j.kernel.KernelProvider;
import org.backprop4j.train.TrainingConfig;
import picocli.CommandLine.Option;

/** How to train: epochs, batches, learning rate, iteration limit, threads. */
final class TrainingOptions {

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", order = 30,
            description = "Passes over the training data.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", order = 31,
            description = "Samples per gradient step: 1 is per-sample (online) SGD, N mini-batch SGD.")
    int batchSize;

    @Option(names = "--full-batch", order = 32,
            description = "One gradient step per epoch over the whole training set (overrides --batch-size).")
    boolean fullBatch;

    @Option(names = "--learning-rate", defaultValue = "0.1", paramLabel = "ETA", order = 33,
            description = "Step size of gradient descent: w <- w - ETA * dL/dw.")
    double learningRate;

    @Option(names = "--iterations", defaultValue = "0", paramLabel = "N", order = 34,
            description = "Stop after N gradient steps in all (0: no limit; with --full-batch, steps = epochs).")
    long iterations;

    @Option(names = "--threads", paramLabel = "N", order = 35,
            description = "Threads for the matrix products (default: the number of processors); results do not"
                    + " depend on it.")
    Integer threads;

    /** --threads, or the available processors. */
    int threads(BaseCommand cmd) {
        int t = threads != null ? threads : KernelProvider.defaultThreads();
        if (t < 1) throw cmd.usage("--threads must be >= 1, got " + t);
        return t;
    }

    /** The trainer's configuration, or a usage error naming the bad option. */
    TrainingConfig config(BaseCommand cmd, long seed) {
        if (epochs < 1) throw cmd.usage("--epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw cmd.usage("--batch-size must be >= 1, got " + batchSize);
        if (!(learningRate > 0) || Double.isInfinite(learningRate))
            throw cmd.usage("--learning-rate must be finite and > 0, got " + learningRate);
        if (iterations < 0) throw cmd.usage("--iterations must be >= 0, got " + iterations);
        return new TrainingConfig(epochs, fullBatch ? TrainingConfig.FULL_BATCH : batchSize, learningRate, true, seed,
                iterations);
    }
}
