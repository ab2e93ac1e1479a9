package org.backprop4j.metrics;

/**
 * How per-class scores become one number (scikit-learn's {@code average=} values). Only the
 * classes that occur, in the truth or in the predictions, take part (scikit-learn's default
 * {@code labels=None}); a class that occurs nowhere does not dilute the average.
 */
public enum Average {
    /** The plain mean of the per-class scores. */
    MACRO,
    /**
     * The score of the pooled counts: Σ TP over Σ (TP + FP) for precision, Σ TP over Σ (TP + FN) for
     * recall. With one label per sample all three equal the accuracy.
     */
    MICRO,
    /** The per-class scores weighted by their (weighted) support, the number of true samples of each class. */
    WEIGHTED
}
