package org.backprop4j.cli.data;

import java.util.List;
import org.backprop4j.data.Dataset;
import org.backprop4j.init.Rng;
import org.backprop4j.tensor.Matrix;
import org.backprop4j.tensor.Precision;

/**
 * The embedded data set of {@code bp4j demo}: K spirals that wind into each other in the plane,
 * made from a seed, no file needed. Point i of class k (i = 0..n−1) lies at radius
 * r = i/n + 0.05 and angle θ = 2πk/K + 4r + σ·g (g standard normal), i.e. at (r cos θ, r sin θ).
 * The same seed gives the same points as {@code org.backprop4j.examples.Spirals}. No straight line
 * separates the classes, so a network needs a hidden layer to learn them.
 */
public final class Spirals {
    private Spirals() {}

    /** Generates perClass points for each of classes spirals, with angular noise σ = noise, from seed. */
    public static Dataset generate(int perClass, int classes, double noise, long seed) {
        if (perClass < 2 || classes < 2 || classes > 26)
            throw new IllegalArgumentException("spirals need 2..26 classes and >= 2 points per class, got "
                    + classes + " classes and " + perClass + " points");
        if (!(noise >= 0) || Double.isInfinite(noise))
            throw new IllegalArgumentException("spiral noise must be finite and >= 0, got " + noise);
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(perClass * classes, 2, Precision.FLOAT32);
        int[] labels = new int[perClass * classes];
        for (int k = 0; k < classes; k++) {
            for (int i = 0; i < perClass; i++) {
                int row = k * perClass + i;
                double r = (double) i / perClass + 0.05;
                double theta = 2 * Math.PI * k / classes + 4 * r + noise * rng.nextGaussian();
                x.set(row, 0, r * Math.cos(theta));
                x.set(row, 1, r * Math.sin(theta));
                labels[row] = k;
            }
        }
        return Dataset.classification(x, labels, classes).withClassNames(names(classes)).withFeatureNames(List.of("x1", "x2"));
    }

    /** "spiral A", "spiral B", ... */
    static List<String> names(int classes) {
        String[] n = new String[classes];
        for (int k = 0; k < classes; k++) n[k] = "spiral " + (char) ('A' + k);
        return List.of(n);
    }
}
