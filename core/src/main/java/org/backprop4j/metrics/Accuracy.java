package org.backprop4j.metrics;

import org.backprop4j.data.Dataset;
import org.backprop4j.network.Network;

/**
 * The fraction of samples whose predicted class ({@link Network#predictClasses}) is the true one.
 * The other classification metrics are in {@link ClassificationMetrics}.
 */
public final class Accuracy {
    private Accuracy() {}

    /**
     * Accuracy of the network on a labelled dataset (or one whose targets encode the class),
     * unweighted even when the dataset carries sample weights; NaN for an empty dataset.
     */
    public static double of(Network net, Dataset data) {
        int[] predicted = net.predictClasses(data.features());
        int[] truth = new int[predicted.length];
        for (int r = 0; r < truth.length; r++) truth[r] = data.trueClass(r);
        return ClassificationMetrics.accuracy(truth, predicted);
    }
}
