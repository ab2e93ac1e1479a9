package org.backprop4j.examples;

import org.backprop4j.data.Dataset;
import org.backprop4j.init.Rng;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * The embedded default dataset: K interleaved spirals in the plane, generated from a seed (no file
 * needed). Class k's point i: radius r = i/n, angle θ = k·2π/K + 4r·(1 + noise), point (r cos θ,
 * r sin θ) with Gaussian jitter. No straight line separates the classes, so it needs a hidden layer.
 */
public final class Spirals {
    private Spirals() {}

    /** n points per class, K classes, noise standard deviation (radians, relative), seed. */
    public static Dataset generate(int perClass, int classes, double noise, long seed) {
        if (perClass < 2 || classes < 2)
            throw new IllegalArgumentException("spirals need >= 2 classes and >= 2 points per class, got "
                    + classes + " and " + perClass);
        Rng rng = new Rng(seed);
        int n = perClass * classes;
        Matrix x = Matrix.zeros(n, 2, Precision.FLOAT32);
        int[] labels = new int[n];
        for (int k = 0; k < classes; k++)
            for (int i = 0; i < perClass; i++) {
                int row = k * perClass + i;
                double r = (double) i / perClass + 0.05;
                double theta = k * 2 * Math.PI / classes + 4 * r + noise * rng.nextGaussian();
                x.set(row, 0, r * Math.cos(theta));
                x.set(row, 1, r * Math.sin(theta));
                labels[row] = k;
            }
        return Dataset.classification(x, labels, classes);
    }
}
