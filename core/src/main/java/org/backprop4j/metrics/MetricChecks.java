package org.backprop4j.metrics;

/**
 * Input checks shared by the metrics (not API): lengths, labels and sample weights, each failing
 * with an {@link IllegalArgumentException} that names the metric, what was wrong and both sizes.
 */
final class MetricChecks {
    private MetricChecks() {}

    /** Fails unless a == b: "metric: 10 true labels but 9 predictions". */
    static void sameLength(String metric, int a, String aName, int b, String bName) {
        if (a != b) throw new IllegalArgumentException(metric + ": " + a + " " + aName + " but " + b + " " + bName);
    }

    /** Fails unless every label lies in [0, classes). */
    static void labels(String metric, String what, int[] labels, int classes) {
        for (int i = 0; i < labels.length; i++)
            if (labels[i] < 0 || labels[i] >= classes)
                throw new IllegalArgumentException(metric + ": " + what + " of sample " + i + " is " + labels[i]
                        + ", outside [0, " + classes + ")");
    }

    /** Fails unless w is null or holds n finite weights ≥ 0. */
    static void weights(String metric, double[] w, int n) {
        if (w == null) return;
        sameLength(metric, n, "samples", w.length, "sample weights");
        for (int i = 0; i < w.length; i++)
            if (!(w[i] >= 0) || Double.isInfinite(w[i]))
                throw new IllegalArgumentException(metric + ": sample weight " + i + " is " + w[i]
                        + "; weights must be finite and >= 0");
    }

    /** Fails unless classes ≥ 1. */
    static void classes(String metric, int classes) {
        if (classes < 1) throw new IllegalArgumentException(metric + ": needs >= 1 class, got " + classes);
    }

    /** The weight of sample i: 1 without weights. */
    static double weight(double[] w, int i) {
        return w == null ? 1.0 : w[i];
    }
}
