package org.backprop4j.metrics;

import org.backprop4j.data.Dataset;
import org.backprop4j.network.Network;

/** The fraction of samples whose predicted class ({@link Network#predictClasses}) is the true one. */
public final class Accuracy {
    private Accuracy() {}

    /** Accuracy of the network on a labelled dataset (or one whose targets encode the class). */
    public static double of(Network net, Dataset data) {
        int[] predicted = net.predictClasses(data.features());
        int correct = 0;
        for (int r = 0; r < predicted.length; r++) if (predicted[r] == data.trueClass(r)) correct++;
        return (double) correct / predicted.length;
    }
}
